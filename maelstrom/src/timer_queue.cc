#include "timer_queue.h"

#include <exception>
#include <vector>

#include "log_failure.h"

namespace maelstrom::internal {

TimerId TimerQueue::Add(Duration delay, Duration period, std::function<void()> fn) {
  TimerId id = next_++;
  TimePoint deadline = clock_.Now() + delay;
  timers_.emplace(id, Timer{deadline, period, std::move(fn)});
  order_.emplace(deadline, id);
  return id;
}

bool TimerQueue::Cancel(TimerId id) {
  auto it = timers_.find(id);
  if (it == timers_.end()) return false;
  order_.erase({it->second.deadline, id});
  timers_.erase(it);
  return true;
}

std::optional<TimePoint> TimerQueue::NextDeadline() const {
  if (order_.empty()) return std::nullopt;
  return order_.begin()->first;
}

void TimerQueue::RunDue() {
  TimePoint now = clock_.Now();
  std::vector<std::pair<TimePoint, TimerId>> due;
  for (auto it = order_.begin(); it != order_.end() && it->first <= now; ++it) {
    due.push_back(*it);
  }
  for (auto [deadline, id] : due) {
    auto it = timers_.find(id);
    if (it == timers_.end()) continue;  // cancelled by a timer that fired before it
    order_.erase({deadline, id});
    std::function<void()> fn;
    if (it->second.period > Duration::zero()) {
      Timer& t = it->second;
      t.deadline = deadline + t.period;
      if (t.deadline <= now) t.deadline = now + t.period;  // after a pause, skip missed ticks
      order_.emplace(t.deadline, id);
      fn = t.fn;
    } else {
      fn = std::move(it->second.fn);
      timers_.erase(it);
    }
    try {
      fn();
    } catch (...) {
      LogFailure("timer", std::current_exception());
    }
  }
}

}  // namespace maelstrom::internal
