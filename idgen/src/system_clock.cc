// The real clocks: CLOCK_REALTIME (or its coarse variant) read on demand, or cached by a ticker
// thread.

#include <sys/prctl.h>
#include <time.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <string>
#include <thread>

#include "idgen/clock.h"
#include "ticking_clock.h"

namespace idgen {

namespace {

// Offsets are bounded so that adding one to any sane reading cannot overflow.
constexpr int64_t kMaxOffsetMs = int64_t{1} << 48;

int64_t RealtimeNs(clockid_t id = CLOCK_REALTIME) {
  timespec ts;
  clock_gettime(id, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

void SleepForMs(int64_t ms) {
  if (ms <= 0) return;
  timespec ts{static_cast<time_t>(ms / 1000), static_cast<long>((ms % 1000) * 1'000'000)};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

// Reads a kernel clock on every call: CLOCK_REALTIME, or CLOCK_REALTIME_COARSE, the time as of
// the kernel's last tick, read from memory without the time-stamp counter.
class RealtimeClock final : public Clock {
 public:
  RealtimeClock(clockid_t id, int64_t offset_ms) : id_(id), offset_ms_(offset_ms) {}
  int64_t NowMs() override { return FloorDiv(RealtimeNs(id_), 1'000'000) + offset_ms_; }
  void SleepMs(int64_t ms) override { SleepForMs(ms); }

 private:
  const clockid_t id_;
  const int64_t offset_ms_;
};

// Reading CLOCK_REALTIME costs more than the whole rest of issuing an ID, and IDs only
// need millisecond resolution, so a ticker publishes the current millisecond and callers
// read it with one relaxed load.
class TickingClock final : public Clock {
 public:
  TickingClock(int64_t offset_ms, bool run_ticker) : offset_ms_(offset_ms) {
    // Published before the thread starts, so the first reading is already valid.
    now_ms_.store(FloorDiv(RealtimeNs(), 1'000'000) + offset_ms_, std::memory_order_relaxed);
    if (run_ticker) ticker_ = std::thread([this] { Run(); });
  }
  ~TickingClock() override {
    stop_.store(true, std::memory_order_relaxed);
    if (ticker_.joinable()) ticker_.join();
  }
  int64_t NowMs() override {
    int64_t ms = now_ms_.load(std::memory_order_relaxed);
    // The ticker can be starved of CPU exactly when callers are busiest, so a busy caller
    // also reads the real clock itself every kCallsPerCheck calls (about 0.5 ns a call
    // amortized) and publishes what it saw. Sparse callers rely on the ticker alone.
    thread_local uint32_t calls = 0;
    if (++calls % kCallsPerCheck == 0) {
      const int64_t fresh = FloorDiv(RealtimeNs(), 1'000'000) + offset_ms_;
      while (fresh > ms && !now_ms_.compare_exchange_weak(ms, fresh, std::memory_order_relaxed)) {
      }
      if (fresh > ms) ms = fresh;
    }
    return ms;
  }
  void SleepMs(int64_t ms) override { SleepForMs(ms); }

 private:
  static constexpr uint32_t kCallsPerCheck = 64;

  void Run() {
    // The default 50 us timer slack would be most of a tick's lateness; this thread
    // wakes once a millisecond anyway, so ask for punctual wake-ups (best effort).
    prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
    while (!stop_.load(std::memory_order_relaxed)) {
      const int64_t ns = RealtimeNs();
      const int64_t ms = FloorDiv(ns, 1'000'000);
      now_ms_.store(ms + offset_ms_, std::memory_order_relaxed);
      // Wake just after the next millisecond boundary. Absolute time, so a late wake-up
      // does not push later ticks back; if the clock is stepped, the next tick follows.
      const int64_t wake_ns = (ms + 1) * 1'000'000;
      timespec wake{static_cast<time_t>(FloorDiv(wake_ns, 1'000'000'000)),
                    static_cast<long>(wake_ns - FloorDiv(wake_ns, 1'000'000'000) * 1'000'000'000)};
      clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &wake, nullptr);
    }
  }

  const int64_t offset_ms_;
  std::atomic<int64_t> now_ms_{0};
  std::atomic<bool> stop_{false};
  std::thread ticker_;
};

}  // namespace

Status ParseClockOffset(const char* text, int64_t* offset_ms) {
  *offset_ms = 0;
  if (text == nullptr || *text == '\0') return Status::OK();
  const std::string s(text);
  size_t i = 0;
  bool negative = false;
  if (s[0] == '-') {
    negative = true;
    i = 1;
  }
  if (i == s.size()) {
    return Status::InvalidArgument(std::string(kClockOffsetEnvVar) + "=\"" + s +
                                   "\" is not an integer number of milliseconds");
  }
  int64_t value = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') {
      return Status::InvalidArgument(std::string(kClockOffsetEnvVar) + "=\"" + s +
                                     "\" is not an integer number of milliseconds");
    }
    value = value * 10 + (s[i] - '0');
    if (value > kMaxOffsetMs) {
      return Status::InvalidArgument(std::string(kClockOffsetEnvVar) + "=\"" + s +
                                     "\" is out of range (at most 2^48 ms either way)");
    }
  }
  *offset_ms = negative ? -value : value;
  return Status::OK();
}

Status ClockOffsetFromEnv(int64_t* offset_ms) {
  return ParseClockOffset(std::getenv(kClockOffsetEnvVar), offset_ms);
}

std::unique_ptr<Clock> NewSystemClock(int64_t offset_ms) {
  return std::make_unique<RealtimeClock>(CLOCK_REALTIME, offset_ms);
}

std::unique_ptr<Clock> NewCoarseSystemClock(int64_t offset_ms) {
  return std::make_unique<RealtimeClock>(CLOCK_REALTIME_COARSE, offset_ms);
}

std::unique_ptr<Clock> NewTickingClock(int64_t offset_ms) {
  return NewTickingClockWithTicker(offset_ms, true);
}

std::unique_ptr<Clock> NewTickingClockWithTicker(int64_t offset_ms, bool run_ticker) {
  return std::make_unique<TickingClock>(offset_ms, run_ticker);
}

}  // namespace idgen
