#include "maelstrom/log.h"

#include "log_failure.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <string>

namespace maelstrom {

void internal::LogFailure(std::string_view what, std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    MAELSTROM_LOG(kError, what, " failed: ", e.what());
  } catch (...) {
    MAELSTROM_LOG(kError, what, " failed with an unknown exception");
  }
}

namespace {

int LevelFromEnvironment() {
  const char* value = std::getenv("MAELSTROM_LOG");
  if (value == nullptr) return static_cast<int>(LogLevel::kInfo);
  std::string_view v(value);
  if (v == "debug") return static_cast<int>(LogLevel::kDebug);
  if (v == "info") return static_cast<int>(LogLevel::kInfo);
  if (v == "warn") return static_cast<int>(LogLevel::kWarn);
  if (v == "error") return static_cast<int>(LogLevel::kError);
  if (v == "off") return static_cast<int>(LogLevel::kOff);
  return static_cast<int>(LogLevel::kInfo);
}

std::mutex& SinkMutex() {
  static std::mutex m;
  return m;
}

LogSink& Sink() {
  static LogSink sink;
  return sink;
}

void WriteToStderr(std::string_view line) {
  const char* p = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(2, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere to log to; never let logging take the node down
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

}  // namespace

namespace internal {
std::atomic<int> log_level{LevelFromEnvironment()};

void Emit(LogLevel level, std::string_view text) {
  std::string line;
  line.reserve(text.size() + 8);
  line += LogLevelName(level);
  line += ' ';
  line += text;
  std::lock_guard lock(SinkMutex());
  if (Sink()) {
    Sink()(level, line);
    return;
  }
  line += '\n';
  WriteToStderr(line);
}
}  // namespace internal

std::string_view LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "DEBUG";
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kWarn:
      return "WARN";
    case LogLevel::kError:
      return "ERROR";
    case LogLevel::kOff:
      return "OFF";
  }
  return "?";
}

void SetLogLevel(LogLevel level) {
  internal::log_level.store(static_cast<int>(level), std::memory_order_relaxed);
}

LogLevel GetLogLevel() {
  return static_cast<LogLevel>(internal::log_level.load(std::memory_order_relaxed));
}

void SetLogSink(LogSink sink) {
  std::lock_guard lock(SinkMutex());
  Sink() = std::move(sink);
}

}  // namespace maelstrom
