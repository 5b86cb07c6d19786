// A child process with pipes on its stdin, stdout and stderr, for tests that run a real node,
// on the project's one child-process helper (runner/src/child_process.h). Waits have a generous
// limit only so that a broken node fails the test instead of hanging it.
#pragma once

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "runner/src/child_process.h"

namespace glomers::testing {

class Subprocess {
 public:
  // Starts `argv` in `dir` (the current directory if empty) with `env` added to the environment,
  // as Maelstrom starts a node: SIGPIPE at its default, pipes on stdin, stdout and stderr.
  // Throws std::runtime_error if it cannot be started (a missing binary included).
  explicit Subprocess(std::vector<std::string> argv,
                      std::vector<std::pair<std::string, std::string>> env = {},
                      const std::string& dir = {}) {
    ::signal(SIGPIPE, SIG_IGN);  // a child that is gone is an error to see, not our death
    SpawnOptions o;
    o.argv = std::move(argv);
    o.env = std::move(env);
    o.dir = dir;
    o.err = SpawnOptions::Stream::Pipe();
    std::string error;
    auto child = ChildProcess::Spawn(o, &error);
    if (!child) throw std::runtime_error(error);
    child_.emplace(std::move(*child));
  }
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  ~Subprocess() = default;  // the helper kills and reaps a child still running

  pid_t pid() const { return child_->pid(); }

  bool Write(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::write(child_->stdin_fd(), data.data(), data.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  bool WriteLine(std::string_view line) { return Write(std::string(line) + "\n"); }
  void CloseStdin() { child_->CloseStdin(); }
  void CloseStdout() { child_->CloseStdout(); }
  void CloseStderr() { child_->CloseStderr(); }
  // For tests that drain the output themselves, at their own pace.
  int stdout_fd() const { return child_->stdout_fd(); }
  int stderr_fd() const { return child_->stderr_fd(); }

  // The next line of stdout (without '\n'), or nullopt at end of output or after `limit`.
  std::optional<std::string> ReadLine(std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    return ReadLineFrom(child_->stdout_fd(), out_buffer_, limit);
  }
  // Everything left on stdout until the child closes it.
  std::string ReadAllStdout(std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    return Drain(child_->stdout_fd(), out_buffer_, limit);
  }
  std::string ReadAllStderr(std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    return Drain(child_->stderr_fd(), err_buffer_, limit);
  }

  void Kill(int signal) { child_->Signal(signal); }
  // The raw wait status.
  int Wait() { return child_->Wait(); }
  // Waits up to `limit` for the child to end: its raw wait status, or nullopt if it still runs.
  std::optional<int> WaitFor(std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!child_->reaped()) {
      if (child_->TryReap()) break;
      if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return child_->Wait();
  }
  // The exit code, or -1 if the child died of a signal.
  int ExitCode() {
    int s = Wait();
    return WIFEXITED(s) ? WEXITSTATUS(s) : -1;
  }

 private:
  static bool Fill(int fd, std::string& buffer, std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() < 0 || fd < 0) return false;
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r <= 0) return false;
    char chunk[65536];
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
    return true;
  }
  static std::optional<std::string> ReadLineFrom(int fd, std::string& buffer,
                                                 std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
      std::size_t nl = buffer.find('\n');
      if (nl != std::string::npos) {
        std::string line = buffer.substr(0, nl);
        buffer.erase(0, nl + 1);
        return line;
      }
      if (!Fill(fd, buffer, deadline)) return std::nullopt;
    }
  }
  static std::string Drain(int fd, std::string& buffer, std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (Fill(fd, buffer, deadline)) {
    }
    return std::exchange(buffer, {});
  }

  std::optional<ChildProcess> child_;
  std::string out_buffer_, err_buffer_;
};

}  // namespace glomers::testing
