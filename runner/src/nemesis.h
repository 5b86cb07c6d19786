// The nemesis: the fault operations of schedule.h's NemesisSchedule, carried out on the network
// and the node processes, each recorded in the history (an info invocation and completion, on
// process "nemesis", with Jepsen's values) and in the fault log.
//
//   start-partition  a grudge for a random spec (partition.h) -> ["isolated", {grudge}]
//   stop-partition   heal -> "network-healed"
//   kill             SIGKILL the target spec's nodes -> {"n1":"killed","n2":"not-running"}
//   start            restart every killed node in the same directory, init it again; completes
//                    when every init is answered -> {"n1":"started"} (or the failure)
//   pause / resume   SIGSTOP the targets / SIGCONT every paused node -> {"n1":"paused"}, ...
//
// One operation at a time: the next waits until the last has completed. Partitions and the
// kill/pause targets draw from streams of their own: how the two kinds of faults interleave
// depends on timing, and must not change which nodes either one picks.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "runner/src/event_loop.h"
#include "runner/src/fault_log.h"
#include "runner/src/history.h"
#include "runner/src/network.h"
#include "runner/src/node_init.h"
#include "runner/src/node_processes.h"
#include "runner/src/operations.h"
#include "runner/src/partition.h"
#include "runner/src/schedule.h"
#include "runner/src/value.h"

namespace glomers {

// A partition's grudge as its history value, Jepsen's {"n1":["n2",...],...} (receiver -> the
// senders it drops, every node, names in order; `names` are the test's node names by index),
// written only when a file needs it: as JSON, or as EDN straight from the grudge.
Value GrudgeValue(std::shared_ptr<const Grudge> grudge,
                  std::shared_ptr<const std::vector<std::string>> names);

class Nemesis final : public EventLoop::Task, public NodeInit::Listener {
 public:
  struct Parts {
    NodeProcesses& nodes;
    Network& network;
    NodeInit& init;
    Operations& operations;  // whose worker cursor the nemesis shares
    History& history;
    FaultLog& faults;
  };
  Nemesis(Parts parts, const std::set<Fault>& faults, double interval_s, std::uint64_t seed);

  // Runs faults from `t0` (a steady-clock time) until t0 + limit.
  void Start(Nanos t0, Nanos limit);
  bool busy() const { return invoke_ >= 0; }

  bool RunDue(Nanos now) override;
  std::optional<Nanos> NextDue(Nanos now) const override;
  void Initialized(std::size_t node, const std::string& failure, Nanos now) override;

 private:
  using Outcomes = std::map<std::string, std::string>;  // by node name
  void Invoke(const NemesisOp& op, Nanos rel);
  void Complete(Value value, Nanos now);
  void StartPartition(const NemesisOp& op, Nanos now);
  void Kill(const NemesisOp& op, Nanos now);
  void RestartKilled(Nanos now);
  void Pause(const NemesisOp& op, Nanos now);
  void Resume(Nanos now);
  static Value OutcomesValue(const Outcomes& outcomes);

  Parts parts_;
  NemesisSchedule schedule_;
  Random grudges_, targets_;
  std::shared_ptr<const std::vector<std::string>> names_;
  bool running_ = false;
  Nanos t0_ = 0, limit_ = 0;
  Nanos free_since_ = 0;      // when the last operation completed, since the test began
  std::int64_t invoke_ = -1;  // the operation in progress
  // A start waits for the inits of the nodes it restarted.
  Outcomes starting_;
  int inits_waiting_ = 0;
};

}  // namespace glomers
