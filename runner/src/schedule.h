// When operations and faults happen: Jepsen's generators as Maelstrom composes them, reduced to
// what echo and unique-ids need. Pure: times go in, decisions come out, so tests drive them
// with made-up times and the same seed gives the same schedule.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "runner/src/nanos.h"
#include "runner/src/options.h"
#include "runner/src/partition.h"
#include "runner/src/random.h"

namespace glomers {

// Jepsen's gen/stagger: items go at random gaps, uniform in [0, 2 * mean_gap), measured from the
// time the previous item actually went. An item that could not go on time (every worker busy)
// goes as soon as it can, and the next gap counts from then: no burst to catch up.
class Stagger {
 public:
  Stagger(double mean_gap_s, Random rng) : span_(2.0 * mean_gap_s * 1e9), rng_(rng) {}

  // The time the next item goes if something can take it from `ready` on.
  Nanos NextTime(Nanos ready) const { return started_ && next_ > ready ? next_ : ready; }
  // Records that an item went at `at`, and draws the next gap.
  void Took(Nanos at) {
    next_ = at + static_cast<Nanos>(rng_.Unit() * span_);
    started_ = true;
  }

 private:
  double span_;
  bool started_ = false;  // not yet: the first item goes at once
  Nanos next_ = 0;
  Random rng_;
};

enum class NemesisF { kStartPartition, kStopPartition, kKill, kStart, kPause, kResume };
std::string_view NemesisFName(NemesisF f);

struct NemesisOp {
  NemesisF f = NemesisF::kStartPartition;
  PartitionSpec partition = PartitionSpec::kOne;  // start-partition only
  TargetSpec target;                              // kill and pause only
};

// Maelstrom's nemesis package: partitions flip between start (a random spec) and stop; kills flip
// between kill (a random target spec) and start (every killed node); pauses between pause and
// resume. Kill and pause share one generator that picks one of them at random for each
// operation; partitions have their own. Each generator is staggered by --nemesis-interval, and
// the earliest operation of the two goes next.
class NemesisSchedule {
 public:
  NemesisSchedule(const std::set<Fault>& faults, double interval_s, std::uint64_t seed);

  bool empty() const { return !partition_ && !db_; }
  // When the next fault operation goes if the nemesis is free from `ready`; nullopt if no faults.
  std::optional<Nanos> NextTime(Nanos ready) const;
  // Takes the operation that NextTime(ready) announced, going at `at`.
  NemesisOp Take(Nanos ready, Nanos at);

 private:
  struct FlipFlop {
    bool second = false;  // whether the next one is the "undo" half
  };
  struct Package {
    Stagger stagger;
    Random rng;
    std::vector<std::pair<NemesisF, NemesisF>> modes;  // (do, undo)
    std::vector<FlipFlop> flips;
  };
  NemesisOp TakeFrom(Package& p, Nanos at);

  std::optional<Package> partition_;
  std::optional<Package> db_;
};

}  // namespace glomers
