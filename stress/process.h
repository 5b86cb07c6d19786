// A node binary as a child process with raw pipes on stdin, stdout and stderr, for tests that
// control exactly how its output is drained (slowly, not at all, or closed), and the threads that
// feed and drain it. Waits have generous limits only so that a hung node fails a test instead of
// hanging it; nothing here asserts on speed.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

extern char** environ;

namespace glomers::stress {

class Process {
 public:
  // Starts `argv` in `dir` (the current directory if empty) with `env` added to the environment.
  explicit Process(std::vector<std::string> argv,
                   std::vector<std::pair<std::string, std::string>> env = {},
                   const std::string& dir = {}) {
    ::signal(SIGPIPE, SIG_IGN);  // a node that is gone is an error to see, not a death
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
    for (auto& s : env_strings) envp.push_back(s.data());
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
      ::signal(SIGPIPE, SIG_DFL);  // the node starts as Maelstrom starts it
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
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  ~Process() {
    if (!status_) {
      ::kill(pid_, SIGKILL);
      WaitFor(std::chrono::seconds(10));
    }
    CloseStdin();
    CloseStdout();
    CloseStderr();
  }

  pid_t pid() const { return pid_; }
  int stdout_fd() const { return stdout_; }
  int stderr_fd() const { return stderr_; }

  // Writes all of `data` to the child's stdin; false once the child has stopped reading for good.
  bool Write(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::write(stdin_, data.data(), data.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  void CloseStdin() { Close(stdin_); }
  void CloseStdout() { Close(stdout_); }
  void CloseStderr() { Close(stderr_); }

  // Waits up to `limit` for the child to end; its raw wait status, or nullopt if it still runs.
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

 private:
  static void Close(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }

  pid_t pid_ = -1;
  int stdin_ = -1, stdout_ = -1, stderr_ = -1;
  std::optional<int> status_;
};

// "exited with status 0", "killed by signal 13 (SIGPIPE)": for failure messages.
inline std::string DescribeStatus(std::optional<int> status) {
  if (!status) return "still running";
  if (WIFEXITED(*status)) return "exited with status " + std::to_string(WEXITSTATUS(*status));
  if (WIFSIGNALED(*status)) {
    int sig = WTERMSIG(*status);
    return "killed by signal " + std::to_string(sig) + " (" + ::sigabbrev_np(sig) + ")";
  }
  return "status " + std::to_string(*status);
}

// Reads a descriptor to its end on a thread of its own. `pace`, if set, is called before each
// read with the bytes read so far and returns how many bytes to read next (0: stop reading for
// good); it may sleep to make a slow reader. Gives up after `idle_limit` without a byte, so a
// hung node ends the test.
class Drain {
 public:
  using Pace = std::function<std::size_t(std::size_t read_so_far)>;
  explicit Drain(int fd, Pace pace = nullptr,
                 std::chrono::milliseconds idle_limit = std::chrono::seconds(60))
      : thread_([this, fd, pace = std::move(pace), idle_limit] { Run(fd, pace, idle_limit); }) {}
  Drain(const Drain&) = delete;
  Drain& operator=(const Drain&) = delete;
  ~Drain() { Join(); }

  // Waits for the end of the stream and returns everything read.
  std::string Join() {
    if (thread_.joinable()) thread_.join();
    return data_;
  }
  bool gave_up() const { return gave_up_; }

 private:
  void Run(int fd, const Pace& pace, std::chrono::milliseconds idle_limit) {
    std::vector<char> buf(1 << 16);
    auto last = std::chrono::steady_clock::now();
    for (;;) {
      std::size_t want = buf.size();
      if (pace) {
        want = std::min(pace(data_.size()), buf.size());
        if (want == 0) return;
      }
      pollfd p{fd, POLLIN, 0};
      int r = ::poll(&p, 1, 200);
      if (r < 0 && errno == EINTR) continue;
      if (r == 0) {
        if (std::chrono::steady_clock::now() - last > idle_limit) {
          gave_up_ = true;
          return;
        }
        continue;
      }
      ssize_t n = ::read(fd, buf.data(), want);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;
      data_.append(buf.data(), static_cast<std::size_t>(n));
      last = std::chrono::steady_clock::now();
    }
  }

  std::string data_;
  std::atomic<bool> gave_up_{false};
  std::thread thread_;
};

}  // namespace glomers::stress
