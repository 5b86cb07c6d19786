// The runner's one event loop waits here: epoll over every node's pipes and pidfd, with a
// nanosecond timeout (epoll_pwait2) so that operations go out on schedule at high rates.
#pragma once

#include <sys/epoll.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "runner/src/schedule.h"

namespace glomers {

class Poller {
 public:
  Poller();
  ~Poller();
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;

  bool ok() const { return fd_ >= 0; }
  bool Add(int fd, std::uint32_t events, std::uint64_t data);
  bool Modify(int fd, std::uint32_t events, std::uint64_t data);
  void Remove(int fd);
  // Waits until an event or the timeout (nullopt: no limit). Returns the ready events.
  const std::vector<epoll_event>& Wait(std::optional<Nanos> timeout);

 private:
  int fd_;
  bool have_pwait2_ = true;
  std::vector<epoll_event> buffer_;
  std::vector<epoll_event> ready_;
};

}  // namespace glomers
