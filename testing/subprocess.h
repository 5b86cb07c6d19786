// A child process with pipes on its stdin, stdout and stderr, for tests that run a real node.
// Waits have a generous limit only so that a broken node fails the test instead of hanging it.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

extern char** environ;

namespace glomers::testing {

class Subprocess {
 public:
  // Starts `argv` in `dir` (the current directory if empty) with `env` added to the environment,
  // as Maelstrom starts a node: SIGPIPE at its default, pipes on stdin, stdout and stderr.
  explicit Subprocess(std::vector<std::string> argv,
                      std::vector<std::pair<std::string, std::string>> env = {},
                      const std::string& dir = {}) {
    ::signal(SIGPIPE, SIG_IGN);  // a child that is gone is an error to see, not our death
    // Everything the child needs is built before fork: another thread of this process may hold
    // the allocator's lock at the fork, so the child only calls what is async-signal-safe.
    std::vector<std::string> env_strings;
    for (char** e = environ; *e != nullptr; ++e) {
      std::string_view entry(*e);
      bool replaced = false;
      for (auto& [k, v] : env) replaced = replaced || entry.substr(0, k.size() + 1) == k + "=";
      if (!replaced) env_strings.emplace_back(entry);
    }
    for (auto& [k, v] : env) env_strings.push_back(k + "=" + v);
    std::vector<char*> envp, args;
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    int in[2], out[2], err[2];
    if (::pipe2(in, O_CLOEXEC) || ::pipe2(out, O_CLOEXEC) || ::pipe2(err, O_CLOEXEC)) {
      throw std::runtime_error("pipe failed");
    }
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::signal(SIGPIPE, SIG_DFL);  // an ignored signal would survive exec
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      ::dup2(err[1], 2);
      if (!dir.empty() && ::chdir(dir.c_str()) != 0) ::_exit(126);
      ::execve(args[0], args.data(), envp.data());
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);
    stdin_ = in[1];
    stdout_ = out[0];
    stderr_ = err[0];
  }
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  ~Subprocess() {
    if (!status_) {
      ::kill(pid_, SIGKILL);
      Wait();
    }
    for (int* fd : {&stdin_, &stdout_, &stderr_}) Close(*fd);
  }

  pid_t pid() const { return pid_; }

  bool Write(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::write(stdin_, data.data(), data.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  bool WriteLine(std::string_view line) { return Write(std::string(line) + "\n"); }
  void CloseStdin() { Close(stdin_); }
  void CloseStdout() { Close(stdout_); }
  void CloseStderr() { Close(stderr_); }
  // For tests that drain the output themselves, at their own pace.
  int stdout_fd() const { return stdout_; }
  int stderr_fd() const { return stderr_; }

  // The next line of stdout (without '\n'), or nullopt at end of output or after `limit`.
  std::optional<std::string> ReadLine(std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    return ReadLineFrom(stdout_, out_buffer_, limit);
  }
  // Everything left on stdout until the child closes it.
  std::string ReadAllStdout(std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    return Drain(stdout_, out_buffer_, limit);
  }
  std::string ReadAllStderr(std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    return Drain(stderr_, err_buffer_, limit);
  }

  void Kill(int signal) { ::kill(pid_, signal); }
  // The raw wait status.
  int Wait() {
    if (!status_) {
      int status = 0;
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      status_ = status;
    }
    return *status_;
  }
  // Waits up to `limit` for the child to end: its raw wait status, or nullopt if it still runs.
  std::optional<int> WaitFor(std::chrono::milliseconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!status_) {
      int status = 0;
      pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        status_ = status;
        break;
      }
      if (r < 0 && errno != EINTR) throw std::runtime_error("waitpid failed");
      if (std::chrono::steady_clock::now() > deadline) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return status_;
  }
  // The exit code, or -1 if the child died of a signal.
  int ExitCode() {
    int s = Wait();
    return WIFEXITED(s) ? WEXITSTATUS(s) : -1;
  }

 private:
  static void Close(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  static bool Fill(int fd, std::string& buffer, std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() < 0) return false;
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

  pid_t pid_ = -1;
  int stdin_ = -1, stdout_ = -1, stderr_ = -1;
  std::string out_buffer_, err_buffer_;
  std::optional<int> status_;
};

}  // namespace glomers::testing
