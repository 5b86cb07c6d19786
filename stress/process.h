// What the stress tests add to testing/subprocess.h: the threads that drain a node's output at
// a chosen pace, and wait statuses in words. Waits have generous limits only so that a hung node
// fails a test instead of hanging it; nothing here asserts on speed.
#pragma once

#include "testing/subprocess.h"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace glomers::stress {

// The child process helper shared by every component's tests.
using Process = glomers::testing::Subprocess;

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
