// Shared by the stress tests: a scratch directory, a thread that feeds a node its input in
// seeded pieces, and the reporting of a seed.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "process.h"
#include "testing/temp_dir.h"

namespace glomers::stress {

using glomers::testing::TempDir;

// Writes `input` to the node on a thread of its own, in pieces of 1 byte to 64 KiB drawn from
// `seed` (so lines arrive split anywhere), then closes the node's stdin.
class Feeder {
 public:
  Feeder(Process& node, std::string input, std::uint64_t seed)
      : thread_([&node, input = std::move(input), seed, this] {
          std::uint64_t x = seed | 1;
          std::string_view rest = input;
          while (!rest.empty()) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;  // xorshift64
            std::size_t n = std::min<std::size_t>(rest.size(), 1 + x % (1 << 16));
            if (!node.Write(rest.substr(0, n))) return;  // the node is gone
            rest.remove_prefix(n);
          }
          complete_ = true;
          node.CloseStdin();
        }) {}
  ~Feeder() { Join(); }
  // Whether all of the input went in.
  bool Join() {
    if (thread_.joinable()) thread_.join();
    return complete_;
  }

 private:
  bool complete_ = false;
  std::thread thread_;
};

// Prints the seed a test runs with and keeps it in the failure messages.
inline std::string SeedNote(std::uint64_t seed) {
  std::string note =
      "seed " + std::to_string(seed) + " (replay: STRESS_SEED=" + std::to_string(seed) + ")";
  std::cout << "[ stress   ] " << note << std::endl;
  return note;
}

inline std::string JoinLines(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += "\n  " + l;
  return s;
}

}  // namespace glomers::stress
