// The test's clock and its one event loop. Everything a test does runs on one thread, here: the
// loop runs every task that has work due, then waits in epoll for the earliest time a task
// names, or for a descriptor it watches (a node's stdout, stdin or pidfd) to be ready, with a
// nanosecond timeout (epoll_pwait2) so that operations go out on schedule at high rates.
//
// Tasks run in the order they were added, over and over until none has anything left to do at
// that moment (a delivery may make an operation due, which sends a message, ...); then each
// settles (writes out what it buffered), and the loop waits. An event's handler runs with the
// time the wait ended.
#pragma once

#include <sys/epoll.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "runner/src/nanos.h"

namespace glomers {

// The steady clock, in nanoseconds, and the test's own time: since its operations began.
class TestClock {
 public:
  static Nanos Now();
  // Starts the test's time at `t0`, a reading of Now().
  void Start(Nanos t0) { t0_ = t0; }
  Nanos since_start(Nanos now) const { return now - t0_; }

 private:
  Nanos t0_ = 0;
};

class EventLoop {
 public:
  class Task {
   public:
    virtual ~Task() = default;
    // Does what is due at `now`; true if it did anything.
    virtual bool RunDue(Nanos now) = 0;
    // When it next has something to do, if it knows (a steady-clock time).
    virtual std::optional<Nanos> NextDue(Nanos now) const = 0;
    // Called once no task has anything more due, before the loop waits (to write out, in one
    // go, what the round produced).
    virtual void Settle() {}
  };
  // A watched descriptor is ready; `tag` is what Watch was given.
  class Handler {
   public:
    virtual ~Handler() = default;
    virtual void OnReady(std::uint64_t tag, Nanos now) = 0;
  };
  // A registration; events of one that was unwatched are never delivered, even if the kernel
  // reported them in the same wait.
  struct Watch {
    std::uint32_t slot = 0;
    std::uint32_t generation = 0;
    int fd = -1;
  };

  EventLoop();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // False if epoll could not be created (errno says why).
  bool ok() const { return epoll_ >= 0; }

  void AddTask(Task* task) { tasks_.push_back(task); }
  // Watches `fd` for `events` (EPOLLIN, EPOLLOUT), level-triggered.
  Watch Add(int fd, std::uint32_t events, Handler* handler, std::uint64_t tag);
  void Remove(Watch& watch);

  // Runs until `done()` says so (true) or something calls Abort (false).
  bool Run(const std::function<bool()>& done);
  void Abort(std::string message);
  bool aborted() const { return !abort_message_.empty(); }
  const std::string& abort_message() const { return abort_message_; }

 private:
  struct Registration {
    Handler* handler = nullptr;
    std::uint64_t tag = 0;
    std::uint32_t generation = 0;
  };
  void RunTasks(Nanos now);
  std::optional<Nanos> NextWake(Nanos now) const;
  int Wait(std::optional<Nanos> timeout);

  int epoll_;
  bool have_pwait2_ = true;
  std::vector<Task*> tasks_;
  std::vector<Registration> registrations_;
  std::vector<std::uint32_t> free_slots_;
  std::vector<epoll_event> events_;
  std::string abort_message_;
};

}  // namespace glomers
