// jepsen.log: everything a test prints on the console (its start line, progress, problems,
// --log-net-send/recv lines, the summary), also written to the test's directory, as Jepsen's
// jepsen.log holds the console's log.
//
// ConsoleLog wraps the console's two streams in streams of its own (out(), err()) that write
// through to the originals, at once, as before, and copy each line to the log as a terminal
// would end up showing it: a carriage return starts the line over (the live progress line leaves
// only its last state), terminal escape sequences are dropped. What is printed before the test's
// directory exists is kept and written when Open names the file.
#pragma once

#include <cstdio>
#include <string>

namespace glomers {

class ConsoleLog {
 public:
  ConsoleLog(std::FILE* out, std::FILE* err);
  ~ConsoleLog();  // closes its streams (not the originals) and the log, flushing both
  ConsoleLog(const ConsoleLog&) = delete;
  ConsoleLog& operator=(const ConsoleLog&) = delete;

  std::FILE* out() const { return out_.stream; }
  std::FILE* err() const { return err_.stream; }

  // From now on, lines go to `path` (what came before first). False and `error` if it cannot
  // be created; the console is unaffected either way.
  bool Open(const std::string& path, std::string* error);

 private:
  struct Tee {
    ConsoleLog* log = nullptr;
    std::FILE* target = nullptr;
    std::FILE* stream = nullptr;
    std::string line;  // the line being written, as a terminal shows it so far
    int escape = 0;    // 0: none; 1: after ESC; 2: inside an ESC [ ... sequence
  };
  static long Write(void* cookie, const char* data, unsigned long size);
  void Take(Tee& tee, const char* data, std::size_t size);
  void Emit(const std::string& line);
  void MakeStream(Tee& tee, std::FILE* target, int buffering);

  Tee out_, err_;
  std::string pending_;  // lines before Open
  std::FILE* file_ = nullptr;
};

}  // namespace glomers
