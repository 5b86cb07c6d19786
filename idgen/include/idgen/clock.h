// Clock: where the generator reads wall-clock time, and how it waits.
//
// The generator never trusts the clock for correctness, only for keeping IDs close to
// real time, so a Clock may jump in either direction. Tests inject a fake.

#ifndef IDGEN_CLOCK_H_
#define IDGEN_CLOCK_H_

#include <cstdint>
#include <memory>

#include "idgen/status.h"

namespace idgen {

class Clock {
 public:
  virtual ~Clock() = default;

  // Milliseconds since 1970-01-01T00:00:00Z. May go backwards or jump forwards.
  virtual int64_t NowMs() = 0;

  // Blocks for about `ms` milliseconds. Only the lead throttle calls this.
  virtual void SleepMs(int64_t ms) = 0;
};

// Testing aid: IDGEN_CLOCK_OFFSET_MS, a signed integer number of milliseconds added to
// every reading of the system clocks below, so a real process can be started "with its
// clock set back a day" (IDGEN_CLOCK_OFFSET_MS=-86400000) without touching the host.
inline constexpr const char kClockOffsetEnvVar[] = "IDGEN_CLOCK_OFFSET_MS";

// Parses an offset as found in IDGEN_CLOCK_OFFSET_MS. A null or empty text means 0.
// Anything but an optional '-' followed by decimal digits that fit in 48 bits is
// InvalidArgument, so a typo in a test setup fails loudly instead of being ignored.
Status ParseClockOffset(const char* text, int64_t* offset_ms);

// Reads IDGEN_CLOCK_OFFSET_MS from the environment with ParseClockOffset.
Status ClockOffsetFromEnv(int64_t* offset_ms);

// Reads CLOCK_REALTIME on every call (about 30 ns on the reference machine). No threads.
std::unique_ptr<Clock> NewSystemClock(int64_t offset_ms);

// Reads CLOCK_REALTIME_COARSE on every call: the time as of the kernel's last tick (every 4 ms
// on the reference machine; clock_getres tells), at about 6 ns instead of 30. Readings trail
// real time by up to one tick, so IDs are time-ordered to a tick rather than a millisecond
// (Sonyflake settles for 10 ms). No threads.
std::unique_ptr<Clock> NewCoarseSystemClock(int64_t offset_ms);

// Answers NowMs() from a value that a background thread refreshes at every millisecond
// boundary (about 1 ns per call), so readings lag real time by up to a millisecond plus
// the ticker's wake-up delay; every 64th call on a thread also reads the real clock, so
// busy callers stay close even when the ticker is starved of CPU. Costs one thread waking
// 1000 times a second for the clock's lifetime. Safe to call from any thread.
std::unique_ptr<Clock> NewTickingClock(int64_t offset_ms);

}  // namespace idgen

#endif  // IDGEN_CLOCK_H_
