#include "maelstrom/transport.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "maelstrom/log.h"

namespace maelstrom {

namespace {
int PollTimeoutMs(std::optional<Duration> timeout) {
  if (!timeout) return -1;
  if (*timeout <= Duration::zero()) return 0;
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(*timeout).count();
  return static_cast<int>(std::min<decltype(ms)>(ms, 1 << 30));
}

// (idgen has the same function for programs without a node: the libraries stand alone.)
// A node started with stdin, stdout or stderr closed (`node <&-`) would hand that number to the
// next descriptor it opens: with stdin closed, the wake-up pipe became descriptor 0 and the node
// read its own pipe forever. Each closed one is reopened on /dev/null, read-only: stdin then
// reads as the end of input (the node exits 0), and writes to a closed stdout or stderr still
// fail (EBADF) rather than landing in a file of the node's. False if /dev/null cannot be opened.
bool ReopenClosedStdDescriptors() {
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    // The lowest free descriptor is `fd` itself, since the ones below it are open by now.
    const int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd < 0) return false;
    if (null_fd != fd) {
      const bool moved = ::dup2(null_fd, fd) == fd;
      ::close(null_fd);
      if (!moved) return false;
    }
  }
  return true;
}

}  // namespace

FdTransport FdTransport::Stdio() {
  if (!ReopenClosedStdDescriptors()) {
    MAELSTROM_LOG(
        kWarn, "cannot reopen a closed standard descriptor on /dev/null: ", std::strerror(errno));
  }
  int protocol_fd = ::fcntl(1, F_DUPFD_CLOEXEC, 3);
  if (protocol_fd < 0) {
    MAELSTROM_LOG(kWarn, "cannot move protocol output off descriptor 1: ", std::strerror(errno));
    return FdTransport(0, 1);
  }
  ::dup2(2, 1);
  FdTransport t(0, protocol_fd);
  t.owns_out_ = true;
  return t;
}

FdTransport::FdTransport(int in_fd, int out_fd) : in_fd_(in_fd), out_fd_(out_fd) {
  if (::pipe2(wake_fds_, O_CLOEXEC | O_NONBLOCK) != 0) {
    MAELSTROM_LOG(kWarn, "cannot create wake-up pipe: ", std::strerror(errno));
    wake_fds_[0] = wake_fds_[1] = -1;
  }
}

FdTransport::FdTransport(FdTransport&& other) noexcept
    : in_fd_(other.in_fd_), out_fd_(other.out_fd_), owns_out_(other.owns_out_) {
  wake_fds_[0] = std::exchange(other.wake_fds_[0], -1);
  wake_fds_[1] = std::exchange(other.wake_fds_[1], -1);
  other.owns_out_ = false;
}

FdTransport::~FdTransport() {
  for (int fd : wake_fds_) {
    if (fd >= 0) ::close(fd);
  }
  if (owns_out_) ::close(out_fd_);
}

Transport::ReadStatus FdTransport::Read(std::span<char> into, std::size_t* got,
                                        std::optional<Duration> timeout) {
  *got = 0;
  pollfd fds[2] = {{in_fd_, POLLIN, 0}, {wake_fds_[0], POLLIN, 0}};
  int nfds = wake_fds_[0] >= 0 ? 2 : 1;
  int ready = ::poll(fds, static_cast<nfds_t>(nfds), PollTimeoutMs(timeout));
  if (ready < 0) {
    if (errno == EINTR) return ReadStatus::kWoken;
    MAELSTROM_LOG(kError, "poll failed: ", std::strerror(errno));
    return ReadStatus::kEnd;
  }
  if (ready == 0) return ReadStatus::kTimeout;
  if (nfds == 2 && (fds[1].revents & POLLIN)) {
    char drain[64];
    while (::read(wake_fds_[0], drain, sizeof drain) > 0) {
    }
    if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) return ReadStatus::kWoken;
  }
  ssize_t n;
  do {
    n = ::read(in_fd_, into.data(), into.size());
  } while (n < 0 && errno == EINTR);
  if (n <= 0) {
    if (n < 0 && errno == EAGAIN) return ReadStatus::kWoken;
    if (n < 0) MAELSTROM_LOG(kError, "reading input failed: ", std::strerror(errno));
    return ReadStatus::kEnd;
  }
  *got = static_cast<std::size_t>(n);
  return ReadStatus::kData;
}

bool FdTransport::Write(std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(out_fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {
        // A non-blocking descriptor we did not set up: wait until it drains.
        pollfd p{out_fd_, POLLOUT, 0};
        ::poll(&p, 1, -1);
        continue;
      }
      MAELSTROM_LOG(kError, "writing output failed: ", std::strerror(errno));
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void FdTransport::Wake() {
  if (wake_fds_[1] >= 0) {
    char c = 1;
    // A full pipe already holds a wake-up; nothing is lost by ignoring EAGAIN.
    [[maybe_unused]] ssize_t n = ::write(wake_fds_[1], &c, 1);
  }
}

void MemoryTransport::Push(std::string_view data) {
  std::lock_guard lock(mu_);
  input_ += data;
  changed_.notify_all();
}

void MemoryTransport::Close() {
  std::lock_guard lock(mu_);
  closed_ = true;
  changed_.notify_all();
}

std::string MemoryTransport::Output() const {
  std::lock_guard lock(mu_);
  return output_;
}

std::string MemoryTransport::WaitForLines(std::size_t lines) const {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return output_lines_ >= lines; });
  return output_;
}

Transport::ReadStatus MemoryTransport::Read(std::span<char> into, std::size_t* got,
                                            std::optional<Duration> timeout) {
  *got = 0;
  std::unique_lock lock(mu_);
  auto ready = [&] { return !input_.empty() || closed_ || woken_; };
  if (!timeout) {
    changed_.wait(lock, ready);
  } else if (!changed_.wait_for(lock, *timeout, ready)) {
    return ReadStatus::kTimeout;
  }
  if (!input_.empty()) {
    *got = std::min(into.size(), input_.size());
    std::memcpy(into.data(), input_.data(), *got);
    input_.erase(0, *got);
    return ReadStatus::kData;
  }
  if (woken_) {
    woken_ = false;
    return ReadStatus::kWoken;
  }
  return ReadStatus::kEnd;
}

bool MemoryTransport::Write(std::string_view data) {
  std::lock_guard lock(mu_);
  output_ += data;
  output_lines_ += static_cast<std::size_t>(std::count(data.begin(), data.end(), '\n'));
  changed_.notify_all();
  return true;
}

void MemoryTransport::Wake() {
  std::lock_guard lock(mu_);
  woken_ = true;
  changed_.notify_all();
}

}  // namespace maelstrom
