#include "runner/src/event_loop.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>

namespace glomers {

Nanos TestClock::Now() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

EventLoop::EventLoop() : epoll_(::epoll_create1(EPOLL_CLOEXEC)), events_(256) {}

EventLoop::~EventLoop() {
  if (epoll_ >= 0) ::close(epoll_);
}

EventLoop::Watch EventLoop::Add(int fd, std::uint32_t events, Handler* handler, std::uint64_t tag) {
  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(registrations_.size());
    registrations_.emplace_back();
  }
  Registration& r = registrations_[slot];
  r.handler = handler;
  r.tag = tag;
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = (static_cast<std::uint64_t>(r.generation) << 32) | slot;
  ::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
  return Watch{slot, r.generation, fd};
}

void EventLoop::Remove(Watch& watch) {
  if (watch.fd < 0) return;
  ::epoll_ctl(epoll_, EPOLL_CTL_DEL, watch.fd, nullptr);
  Registration& r = registrations_[watch.slot];
  if (r.generation == watch.generation) {
    ++r.generation;  // events already reported for it are now stale
    r.handler = nullptr;
    free_slots_.push_back(watch.slot);
  }
  watch.fd = -1;
}

void EventLoop::Abort(std::string message) {
  if (abort_message_.empty()) abort_message_ = std::move(message);
}

void EventLoop::RunTasks(Nanos now) {
  bool progress = true;
  while (progress && !aborted()) {
    progress = false;
    for (Task* task : tasks_) {
      progress = task->RunDue(now) || progress;
      if (aborted()) return;
    }
  }
  for (Task* task : tasks_) task->Settle();
}

std::optional<Nanos> EventLoop::NextWake(Nanos now) const {
  std::optional<Nanos> wake;
  for (const Task* task : tasks_) {
    auto due = task->NextDue(now);
    if (due && (!wake || *due < *wake)) wake = due;
  }
  return wake;
}

int EventLoop::Wait(std::optional<Nanos> timeout) {
  int max = static_cast<int>(events_.size());
  if (timeout && *timeout < 0) timeout = 0;
  if (have_pwait2_) {
    timespec ts{};
    if (timeout) {
      ts.tv_sec = static_cast<time_t>(*timeout / kNanosPerSecond);
      ts.tv_nsec = static_cast<long>(*timeout % kNanosPerSecond);
    }
    int n = ::epoll_pwait2(epoll_, events_.data(), max, timeout ? &ts : nullptr, nullptr);
    if (n >= 0 || errno != ENOSYS) return n;
    have_pwait2_ = false;
  }
  // Milliseconds, rounded up so that a wait never ends before its deadline.
  int ms = timeout ? static_cast<int>((*timeout + kNanosPerMilli - 1) / kNanosPerMilli) : -1;
  return ::epoll_wait(epoll_, events_.data(), max, ms);
}

bool EventLoop::Run(const std::function<bool()>& done) {
  while (true) {
    Nanos now = TestClock::Now();
    RunTasks(now);
    if (aborted()) return false;
    if (done()) return true;
    std::optional<Nanos> wake = NextWake(now);
    int n = Wait(wake ? std::optional<Nanos>(*wake - now) : std::nullopt);
    Nanos woke = TestClock::Now();
    for (int i = 0; i < n && !aborted(); ++i) {
      std::uint64_t data = events_[static_cast<std::size_t>(i)].data.u64;
      auto slot = static_cast<std::uint32_t>(data & 0xFFFFFFFFu);
      auto generation = static_cast<std::uint32_t>(data >> 32);
      if (slot >= registrations_.size()) continue;
      Registration& r = registrations_[slot];
      if (r.generation != generation || r.handler == nullptr) continue;
      r.handler->OnReady(r.tag, woke);
    }
  }
}

}  // namespace glomers
