#include "runner/src/poller.h"

#include <unistd.h>

#include <cerrno>
#include <ctime>

namespace glomers {

Poller::Poller() : fd_(::epoll_create1(EPOLL_CLOEXEC)), buffer_(256) {}

Poller::~Poller() {
  if (fd_ >= 0) ::close(fd_);
}

bool Poller::Add(int fd, std::uint32_t events, std::uint64_t data) {
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = data;
  return ::epoll_ctl(fd_, EPOLL_CTL_ADD, fd, &ev) == 0;
}

bool Poller::Modify(int fd, std::uint32_t events, std::uint64_t data) {
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = data;
  return ::epoll_ctl(fd_, EPOLL_CTL_MOD, fd, &ev) == 0;
}

void Poller::Remove(int fd) {
  if (fd >= 0) ::epoll_ctl(fd_, EPOLL_CTL_DEL, fd, nullptr);
}

const std::vector<epoll_event>& Poller::Wait(std::optional<Nanos> timeout) {
  int n = -1;
  int max = static_cast<int>(buffer_.size());
  if (timeout && *timeout < 0) timeout = 0;
  if (have_pwait2_) {
    timespec ts{};
    if (timeout) {
      ts.tv_sec = static_cast<time_t>(*timeout / kNanosPerSecond);
      ts.tv_nsec = static_cast<long>(*timeout % kNanosPerSecond);
    }
    n = ::epoll_pwait2(fd_, buffer_.data(), max, timeout ? &ts : nullptr, nullptr);
    if (n < 0 && errno == ENOSYS) have_pwait2_ = false;
  }
  if (!have_pwait2_) {
    // Milliseconds, rounded up so that a wait never ends before its deadline.
    int ms = timeout ? static_cast<int>((*timeout + 999'999) / 1'000'000) : -1;
    n = ::epoll_wait(fd_, buffer_.data(), max, ms);
  }
  ready_.assign(buffer_.begin(), buffer_.begin() + (n > 0 ? n : 0));
  return ready_;
}

}  // namespace glomers
