// Time in the runner: nanoseconds, as one signed 64-bit count (of the steady clock, or since the
// test began, as each use says).
#pragma once

#include <cstdint>

namespace glomers {

using Nanos = std::int64_t;

inline constexpr Nanos kNanosPerSecond = 1'000'000'000;
inline constexpr Nanos kNanosPerMilli = 1'000'000;
inline Nanos SecondsToNanos(double s) { return static_cast<Nanos>(s * 1e9); }

}  // namespace glomers
