// Drives a Node in-process, one step at a time, with a clock that moves only when told to.
#pragma once

#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "maelstrom/clock.h"
#include "maelstrom/log.h"
#include "maelstrom/node.h"

namespace maelstrom::testing {

inline std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    EXPECT_NE(nl, std::string_view::npos) << "output does not end in a newline: " << text;
    if (nl == std::string_view::npos) nl = text.size();
    lines.emplace_back(text.substr(0, nl));
    text.remove_prefix(std::min(text.size(), nl + 1));
  }
  return lines;
}

class Harness {
 public:
  Harness() : node(NodeOptions{&clock, {}}) {}

  // Feeds one input line and returns the lines the node wrote.
  std::vector<std::string> Send(std::string_view line) {
    node.HandleLine(line);
    return Lines();
  }
  // Moves time on, fires due timers and returns the lines the node wrote.
  std::vector<std::string> Advance(Duration d) {
    clock.Advance(d);
    node.RunDueTimers();
    return Lines();
  }
  std::vector<std::string> Lines() { return SplitLines(node.TakeOutput()); }

  // Initializes the node as n0 of n0..n2 and checks the answer.
  void Init(std::string_view id = "n0") {
    std::string line = R"({"src":"c0","dest":")" + std::string(id) +
                       R"(","body":{"type":"init","node_id":")" + std::string(id) +
                       R"(","node_ids":["n0","n1","n2"],"msg_id":1}})";
    ASSERT_EQ(Send(line), std::vector<std::string>{
                              R"({"src":")" + std::string(id) +
                              R"(","dest":"c0","body":{"type":"init_ok","in_reply_to":1}})"});
  }

  ManualClock clock;
  Node node;
};

// Captures what is logged while it lives.
class LogCapture {
 public:
  LogCapture() {
    SetLogSink([this](LogLevel, std::string_view line) {
      std::lock_guard lock(mu_);
      lines_.emplace_back(line);
    });
  }
  ~LogCapture() { SetLogSink(nullptr); }
  std::vector<std::string> lines() const {
    std::lock_guard lock(mu_);
    return lines_;
  }
  bool Contains(std::string_view needle) const {
    for (const auto& l : lines()) {
      if (l.find(needle) != std::string::npos) return true;
    }
    return false;
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::string> lines_;
};

}  // namespace maelstrom::testing
