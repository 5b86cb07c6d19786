// Failures explained where they are reported: which node answered the operations behind a
// finding (a duplicated id, an echo that did not come back, a malformed reply), when, and the
// fault that touched that node and explains most: one between two of its answers (a restart
// between handing out the same id twice; kills before pauses before partitions), else one in
// force at an answer, else the nearest in time. In a line such as
//
//   n2, at 3.210 s and 7.950 s; n2 was killed at 5.100 s and restarted at 5.600 s
//
// Which node: the worker of an operation's process talks to node (worker mod node count), the
// worker being (process mod concurrency), as operations.h assigns them. Times are since the test
// began: an operation's completion (its invocation when it never completed).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "runner/src/checkers.h"
#include "runner/src/fault_log.h"
#include "runner/src/history.h"

namespace glomers {

class Explainer {
 public:
  // `test_end` closes faults still in force at the end.
  Explainer(const History& history, const FaultLog& faults, std::vector<std::string> nodes,
            int concurrency, Nanos test_end);

  std::size_t NodeOf(std::int64_t process) const;
  // The line for these operations (history indices, invocations or completions); empty if
  // none is a client operation.
  std::string Explain(std::span<const std::int64_t> ops) const;
  // How a fault touched `node`: "n2 was killed at 5.100 s and restarted at 5.600 s".
  std::string Describe(const FaultEpisode& fault, std::size_t node) const;

  // The malformed replies (operations carrying an exception), the first `max`: for each, a line
  // saying what was wrong with it and the operation behind it.
  struct Finding {
    std::string what;
    std::vector<std::int64_t> ops;
  };
  std::vector<Finding> MalformedReplies(std::size_t max) const;

 private:
  const History& history_;
  const FaultLog& faults_;
  std::vector<std::string> nodes_;
  int concurrency_;
  Nanos test_end_;
};

// "3.210 s"
std::string SecondsText(Nanos t);

}  // namespace glomers
