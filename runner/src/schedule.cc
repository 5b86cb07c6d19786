#include "runner/src/schedule.h"

namespace glomers {

std::string_view NemesisFName(NemesisF f) {
  switch (f) {
    case NemesisF::kStartPartition:
      return "start-partition";
    case NemesisF::kStopPartition:
      return "stop-partition";
    case NemesisF::kKill:
      return "kill";
    case NemesisF::kStart:
      return "start";
    case NemesisF::kPause:
      return "pause";
    case NemesisF::kResume:
      return "resume";
  }
  return "?";
}

NemesisSchedule::NemesisSchedule(const std::set<Fault>& faults, double interval_s,
                                 std::uint64_t seed) {
  // Each generator has streams of its own, so one's choices never shift the other's.
  if (faults.count(Fault::kPartition)) {
    partition_ = Package{Stagger(interval_s, Random(seed, 100)),
                         Random(seed, 101),
                         {{NemesisF::kStartPartition, NemesisF::kStopPartition}},
                         {FlipFlop{}}};
  }
  Package db{Stagger(interval_s, Random(seed, 200)), Random(seed, 201), {}, {}};
  // Jepsen's order: pause/resume first, then kill/start.
  if (faults.count(Fault::kPause)) db.modes.emplace_back(NemesisF::kPause, NemesisF::kResume);
  if (faults.count(Fault::kKill)) db.modes.emplace_back(NemesisF::kKill, NemesisF::kStart);
  if (!db.modes.empty()) {
    db.flips.resize(db.modes.size());
    db_ = std::move(db);
  }
}

std::optional<Nanos> NemesisSchedule::NextTime(Nanos ready) const {
  std::optional<Nanos> next;
  if (partition_) next = partition_->stagger.NextTime(ready);
  if (db_) {
    Nanos t = db_->stagger.NextTime(ready);
    if (!next || t < *next) next = t;
  }
  return next;
}

NemesisOp NemesisSchedule::Take(Nanos ready, Nanos at) {
  bool from_partition =
      partition_ && (!db_ || partition_->stagger.NextTime(ready) <= db_->stagger.NextTime(ready));
  return TakeFrom(from_partition ? *partition_ : *db_, at);
}

NemesisOp NemesisSchedule::TakeFrom(Package& p, Nanos at) {
  std::size_t mode = p.modes.size() == 1 ? 0 : p.rng.Below(p.modes.size());
  FlipFlop& flip = p.flips[mode];
  NemesisOp op;
  op.f = flip.second ? p.modes[mode].second : p.modes[mode].first;
  flip.second = !flip.second;
  if (op.f == NemesisF::kStartPartition) op.partition = p.rng.Pick(AllPartitionSpecs());
  if (op.f == NemesisF::kKill || op.f == NemesisF::kPause) op.target = p.rng.Pick(AllTargetSpecs());
  p.stagger.Took(at);
  return op;
}

}  // namespace glomers
