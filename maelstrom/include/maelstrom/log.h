// Logging to stderr, the only place a node may write anything but protocol JSON. A disabled level
// costs one relaxed atomic load: the message is not even formatted.
//
//   MAELSTROM_LOG(kWarn, "dropping reply to ", id, " from ", src);
//
// The level comes from the environment variable MAELSTROM_LOG (debug, info, warn, error, off;
// default info) and can be changed with SetLogLevel.
#pragma once

#include <atomic>
#include <functional>
#include <sstream>
#include <string_view>

namespace maelstrom {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3, kOff = 4 };

std::string_view LogLevelName(LogLevel level);
void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();

// Where log lines go; by default one write(2) per line to stderr, so lines never interleave.
// Tests install their own sink to see what was logged. Pass nullptr to restore stderr.
using LogSink = std::function<void(LogLevel, std::string_view line)>;
void SetLogSink(LogSink sink);

namespace internal {
extern std::atomic<int> log_level;
void Emit(LogLevel level, std::string_view text);
template <class... Parts>
void Log(LogLevel level, const Parts&... parts) {
  std::ostringstream s;
  (s << ... << parts);
  Emit(level, s.view());
}
}  // namespace internal

inline bool LogEnabled(LogLevel level) {
  return static_cast<int>(level) >= internal::log_level.load(std::memory_order_relaxed);
}

}  // namespace maelstrom

#define MAELSTROM_LOG(level, ...)                                            \
  do {                                                                       \
    if (::maelstrom::LogEnabled(::maelstrom::LogLevel::level)) {             \
      ::maelstrom::internal::Log(::maelstrom::LogLevel::level, __VA_ARGS__); \
    }                                                                        \
  } while (0)
