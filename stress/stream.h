// A seeded stream of input lines for a node: valid requests interleaved with hostile lines, and
// the answers it must give (AnswerBook). The same seed gives the same bytes.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "answers.h"

namespace glomers::stress {

enum class Workload { kEcho, kUniqueIds };

struct StreamOptions {
  Workload workload = Workload::kEcho;
  std::uint64_t seed = 1;
  int valid = 3000;    // valid requests
  int hostile = 1500;  // hostile lines of the small kinds
  // One valid request of several megabytes, and lines nested 100,000 deep.
  bool huge = true;
  // One line over the node's 64 MiB limit (dropped whole, the node goes on).
  bool over_limit = false;
  // Valid requests' payload: echo values (or generate's padding) of about this many bytes.
  std::size_t payload = 0;
  std::string node = "n0";
};

struct Stream {
  std::string input;  // init first, then the rest, one line each
  AnswerBook book;
  // How many lines of each kind the stream holds, for the test's log.
  std::map<std::string, int> kinds;
};

Stream MakeStream(const StreamOptions& options);

// The seed a test runs with: STRESS_SEED from the environment if set, else `fallback`. Printed by
// the tests, so that any run can be replayed.
std::uint64_t StressSeed(std::uint64_t fallback);

}  // namespace glomers::stress
