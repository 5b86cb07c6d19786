// Where a node's lines come from and go to. Under Maelstrom that is stdin and stdout
// (FdTransport); in tests it is memory (MemoryTransport), so a node runs in-process.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "maelstrom/clock.h"

namespace maelstrom {

class Transport {
 public:
  enum class ReadStatus { kData, kTimeout, kWoken, kEnd };

  virtual ~Transport() = default;
  // Waits up to `timeout` (without limit if nullopt) for input, and puts what arrived (at most
  // into.size() bytes) at the start of `into`, its length in `*got`. kEnd: no more input will
  // ever come.
  virtual ReadStatus Read(std::span<char> into, std::size_t* got,
                          std::optional<Duration> timeout) = 0;
  // Writes all of `data`, waiting as long as the reader needs. False if the output is gone.
  virtual bool Write(std::string_view data) = 0;
  // Makes a Read that is waiting return kWoken. Safe from any thread.
  virtual void Wake() = 0;
};

// Reads a file descriptor and writes another, stdin and stdout by default. Writes survive EINTR
// and partial writes; a closed reader (EPIPE) ends the output instead of killing the process.
//
// To keep stdout for protocol JSON only, the stdout transport moves the protocol stream to a
// private descriptor and points descriptor 1 at stderr: a stray printf or std::cout in user code
// becomes a log line instead of killing the node under Maelstrom.
class FdTransport final : public Transport {
 public:
  // Takes over stdin and stdout as described above. A closed stdin, stdout or stderr is first
  // reopened on /dev/null (read-only), so the node's own descriptors never take its number: a
  // node started with stdin closed reads the end of input and exits 0.
  static FdTransport Stdio();
  FdTransport(int in_fd, int out_fd);
  FdTransport(FdTransport&& other) noexcept;
  FdTransport(const FdTransport&) = delete;
  FdTransport& operator=(const FdTransport&) = delete;
  ~FdTransport() override;

  ReadStatus Read(std::span<char> into, std::size_t* got, std::optional<Duration> timeout) override;
  bool Write(std::string_view data) override;
  void Wake() override;

 private:
  int in_fd_, out_fd_;
  bool owns_out_ = false;
  int wake_fds_[2] = {-1, -1};
};

// In-memory streams. Thread-safe: a test pushes input and reads output from its own thread while
// the node runs on another.
class MemoryTransport final : public Transport {
 public:
  void Push(std::string_view data);
  // No more input: a Read with nothing left returns kEnd.
  void Close();
  // Everything the node has written so far.
  std::string Output() const;
  // Waits until the node has written at least `lines` lines; returns the output.
  std::string WaitForLines(std::size_t lines) const;

  ReadStatus Read(std::span<char> into, std::size_t* got, std::optional<Duration> timeout) override;
  bool Write(std::string_view data) override;
  void Wake() override;

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable changed_;
  std::string input_;
  bool closed_ = false;
  bool woken_ = false;
  std::string output_;
  std::size_t output_lines_ = 0;
};

}  // namespace maelstrom
