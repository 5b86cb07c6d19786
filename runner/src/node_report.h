// What went wrong with nodes themselves during a test, beyond their answers: processes that
// exited on their own (a crash, which fails the test, as in Maelstrom), and stdout lines that
// were not valid messages (after which Maelstrom reads nothing more from that node).
#pragma once

#include <string>
#include <vector>

#include "runner/src/lint.h"
#include "runner/src/nanos.h"

namespace glomers {

class JsonWriter;

struct NodeCrash {
  std::string node;
  std::string how;  // "exited with status 3"
  Nanos time = 0;   // since the test began; 0 during init
  std::vector<std::string> stderr_tail;
};

struct BadOutput {
  std::string node;
  std::string line;
  std::string reason;
  Nanos time = 0;
};

struct NodeReport {
  std::vector<NodeCrash> crashes;
  std::vector<BadOutput> bad_output;
  Lint lint;  // what the nodes wrote that Maelstrom lets pass
};

// {"valid?":..,"crashed":[{"node":..,"how":..,"time":..,"stderr-tail":[..]}],
//  "invalid-output":[{"node":..,"line":..,"reason":..,"time":..}]}; valid unless a node crashed.
void WriteJson(JsonWriter& w, const NodeReport& report);

}  // namespace glomers
