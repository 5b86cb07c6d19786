// The test's client operations, as Jepsen's workers run them under Maelstrom: --concurrency
// workers, worker i talking to node i mod N through a client of its own. Operations go out on
// Jepsen's stagger (--rate over all workers), each to the first free worker from a rotating
// cursor (one slot of which is the nemesis's), until the time limit. A worker waits for its
// operation's completion (the workload judges the reply; none in time is info, net-timeout); an
// indeterminate one ends its process (the worker goes on as process p + concurrency) and, unless
// the workload's client is reusable, its client (the next operation opens a fresh one).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "runner/src/clients.h"
#include "runner/src/event_loop.h"
#include "runner/src/history.h"
#include "runner/src/schedule.h"
#include "runner/src/workload.h"

namespace glomers {

class Operations final : public Clients::Owner, public EventLoop::Task {
 public:
  struct Settings {
    int concurrency = 1;
    double rate = 0;  // per second, over all workers; 0: no operations
    Nanos rpc_timeout = 0;
    std::uint64_t seed = 0;
  };
  // Node i has address i and name names[i].
  Operations(Settings settings, const Workload& workload, Clients& clients,
             const std::vector<std::string>& node_names, History& history);

  // Issues operations from `t0` (a steady-clock time) until t0 + limit.
  void Start(Nanos t0, Nanos limit);
  // Past the limit: no more operations go out (those in flight still complete).
  bool stopped() const { return !running_; }
  bool idle() const { return free_count_ == workers_.size(); }
  // Jepsen's cursor moves past the nemesis's slot when the nemesis takes an operation.
  void SkipNemesisSlot() { cursor_ = (cursor_ + 1) % (workers_.size() + 1); }

  std::int64_t ok() const { return ok_; }
  std::int64_t failed() const { return fail_; }
  std::int64_t unknown() const { return info_; }

  bool RunDue(Nanos now) override;
  std::optional<Nanos> NextDue(Nanos now) const override;
  void Answered(int client, std::uint64_t tag, const maelstrom::JsonView* reply,
                Nanos now) override;

 private:
  struct Worker {
    std::int64_t process = 0;
    std::size_t node = 0;
    int client = -1;
    bool busy = false;
    std::int64_t invoke = -1;
    Nanos free_since = 0;  // since the test began
  };
  // The earliest time a free worker became free: the stagger counts from it.
  std::optional<Nanos> EarliestFree() const;
  std::size_t PickWorker();
  void Issue(std::size_t worker, Nanos rel, Nanos now);
  void Complete(Worker& w, Completion c, Nanos now);
  void SetFree(std::size_t worker, bool free);

  Settings settings_;
  const Workload& workload_;
  Clients& clients_;
  const std::vector<std::string>& node_names_;
  History& history_;
  std::optional<Stagger> stagger_;
  Random values_;
  std::vector<Worker> workers_;
  std::vector<std::uint64_t> free_bits_;  // by worker
  std::size_t free_count_ = 0;
  // Free workers in the order they became free, stale entries skipped lazily.
  mutable std::deque<std::pair<std::size_t, Nanos>> free_order_;
  std::size_t cursor_ = 0;
  bool running_ = false;
  Nanos t0_ = 0, limit_ = 0;
  std::int64_t ok_ = 0, fail_ = 0, info_ = 0;
};

}  // namespace glomers
