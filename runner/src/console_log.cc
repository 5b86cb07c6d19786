#include "runner/src/console_log.h"

#include <cerrno>
#include <cstring>

namespace glomers {

ConsoleLog::ConsoleLog(std::FILE* out, std::FILE* err) {
  // The console's out is line-buffered (the summary is flushed as a whole); err, like stderr,
  // is not buffered, so that problems appear as they happen and in order with the rest.
  MakeStream(out_, out, _IOLBF);
  MakeStream(err_, err, _IONBF);
}

void ConsoleLog::MakeStream(Tee& tee, std::FILE* target, int buffering) {
  tee.log = this;
  tee.target = target;
  cookie_io_functions_t io{};
  io.write = [](void* cookie, const char* data, std::size_t size) -> ssize_t {
    return static_cast<ssize_t>(Write(cookie, data, size));
  };
  tee.stream = ::fopencookie(&tee, "w", io);
  // Without a stream of its own (out of memory), the console is written directly.
  if (tee.stream == nullptr) {
    tee.stream = target;
    return;
  }
  std::setvbuf(tee.stream, nullptr, buffering, buffering == _IONBF ? 0 : 4096);
}

ConsoleLog::~ConsoleLog() {
  for (Tee* tee : {&out_, &err_}) {
    if (tee->stream != tee->target) std::fclose(tee->stream);
    if (!tee->line.empty()) Emit(tee->line + "\n");
  }
  if (file_ != nullptr) std::fclose(file_);
}

bool ConsoleLog::Open(const std::string& path, std::string* error) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) {
    *error = path + ": " + std::strerror(errno);
    return false;
  }
  file_ = f;
  Emit(pending_);
  pending_.clear();
  std::fflush(file_);
  return true;
}

long ConsoleLog::Write(void* cookie, const char* data, unsigned long size) {
  auto* tee = static_cast<Tee*>(cookie);
  std::size_t written = std::fwrite(data, 1, size, tee->target);
  std::fflush(tee->target);
  tee->log->Take(*tee, data, size);
  // What the console took; a console that takes nothing (closed) must not stop the log.
  return static_cast<long>(written == 0 ? size : written);
}

void ConsoleLog::Take(Tee& tee, const char* data, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) {
    char c = data[i];
    if (tee.escape == 1) {
      tee.escape = c == '[' ? 2 : 0;
      continue;
    }
    if (tee.escape == 2) {
      if (c >= '@' && c <= '~') tee.escape = 0;  // the sequence's final byte
      continue;
    }
    if (c == '\033') {
      tee.escape = 1;
    } else if (c == '\r') {
      tee.line.clear();
    } else if (c == '\n') {
      // A progress line padded with spaces to cover a longer one keeps no trailing blanks.
      std::size_t end = tee.line.find_last_not_of(' ');
      tee.line.resize(end == std::string::npos ? 0 : end + 1);
      Emit(tee.line + "\n");
      tee.line.clear();
    } else {
      tee.line += c;
    }
  }
}

void ConsoleLog::Emit(const std::string& text) {
  if (file_ == nullptr) {
    pending_ += text;
    return;
  }
  std::fwrite(text.data(), 1, text.size(), file_);
  std::fflush(file_);  // a test that is killed still leaves its log
}

}  // namespace glomers
