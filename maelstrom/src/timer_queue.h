// A node's timers: one-shot and periodic, fired in deadline order by the loop. Internal to the
// library.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

#include "maelstrom/clock.h"
#include "maelstrom/node.h"

namespace maelstrom::internal {

class TimerQueue {
 public:
  explicit TimerQueue(const Clock& clock) : clock_(clock) {}

  // First after `delay`; then every `period` unless it is zero.
  TimerId Add(Duration delay, Duration period, std::function<void()> fn);
  bool Cancel(TimerId id);
  std::optional<TimePoint> NextDeadline() const;
  // Fires the timers due now, in deadline order; what one throws is logged. One that re-arms
  // itself with no delay waits for the next call, so it cannot starve the loop.
  void RunDue();

 private:
  struct Timer {
    TimePoint deadline;
    Duration period;  // zero: once
    std::function<void()> fn;
  };

  const Clock& clock_;
  TimerId next_ = 1;
  std::unordered_map<TimerId, Timer> timers_;
  std::set<std::pair<TimePoint, TimerId>> order_;
};

}  // namespace maelstrom::internal
