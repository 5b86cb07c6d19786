#include "runner/src/nemesis.h"

namespace glomers {

namespace {

// A partition's grudge, written as Jepsen's {"n1":["n2",...],...} only when the history file is
// (megabytes for a thousand nodes, which the test itself has no use for), and as EDN straight
// from the grudge (history.edn, history.txt and timeline.html would each parse those megabytes
// back).
class GrudgeJson final : public Value::Lazy {
 public:
  GrudgeJson(std::shared_ptr<const Grudge> grudge,
             std::shared_ptr<const std::vector<std::string>> names)
      : grudge_(std::move(grudge)), names_(std::move(names)) {}
  void AppendJson(std::string& out) const override { grudge_->AppendJson(out, *names_); }
  bool AppendEdn(std::string& out, EdnKeys keys) const override {
    grudge_->AppendEdn(out, *names_, keys);
    return true;
  }

 private:
  std::shared_ptr<const Grudge> grudge_;
  std::shared_ptr<const std::vector<std::string>> names_;
};

}  // namespace

Value GrudgeValue(std::shared_ptr<const Grudge> grudge,
                  std::shared_ptr<const std::vector<std::string>> names) {
  return Value::FromLazy(std::make_shared<GrudgeJson>(std::move(grudge), std::move(names)));
}

namespace {

const FName kStartPartition("start-partition"), kStopPartition("stop-partition"), kKill("kill"),
    kStart("start"), kPause("pause"), kResume("resume");

FName OpName(NemesisF f) {
  switch (f) {
    case NemesisF::kStartPartition:
      return kStartPartition;
    case NemesisF::kStopPartition:
      return kStopPartition;
    case NemesisF::kKill:
      return kKill;
    case NemesisF::kStart:
      return kStart;
    case NemesisF::kPause:
      return kPause;
    case NemesisF::kResume:
      return kResume;
  }
  return FName();
}

std::string TargetName(TargetSpec spec) {
  auto name = TargetSpecName(spec);
  return name ? std::string(*name) : std::string();
}

}  // namespace

Nemesis::Nemesis(Parts parts, const std::set<Fault>& faults, double interval_s, std::uint64_t seed)
    : parts_(parts),
      schedule_(faults, interval_s, seed),
      grudges_(seed, Random::kGrudges),
      targets_(seed, Random::kTargets) {
  auto names = std::make_shared<std::vector<std::string>>();
  for (std::size_t i = 0; i < parts_.nodes.size(); ++i) names->push_back(parts_.nodes.name(i));
  names_ = std::move(names);
}

void Nemesis::Start(Nanos t0, Nanos limit) {
  t0_ = t0;
  limit_ = limit;
  running_ = true;
}

std::optional<Nanos> Nemesis::NextDue(Nanos now) const {
  if (!running_ || busy() || now - t0_ >= limit_) return std::nullopt;
  auto at = schedule_.NextTime(free_since_);
  if (!at || *at >= limit_) return std::nullopt;
  return t0_ + *at;
}

bool Nemesis::RunDue(Nanos now) {
  if (!running_ || busy() || schedule_.empty()) return false;
  Nanos rel = now - t0_;
  auto at = schedule_.NextTime(free_since_);
  if (rel >= limit_ || !at || *at > rel || *at >= limit_) return false;
  NemesisOp op = schedule_.Take(free_since_, *at);
  parts_.operations.SkipNemesisSlot();
  Invoke(op, rel);
  switch (op.f) {
    case NemesisF::kStartPartition:
      StartPartition(op, now);
      break;
    case NemesisF::kStopPartition:
      parts_.network.Heal();
      parts_.faults.End(FaultKind::kPartition, rel);
      Complete(Value::String("network-healed"), now);
      break;
    case NemesisF::kKill:
      Kill(op, now);
      break;
    case NemesisF::kStart:
      RestartKilled(now);
      break;
    case NemesisF::kPause:
      Pause(op, now);
      break;
    case NemesisF::kResume:
      Resume(now);
      break;
  }
  return true;
}

void Nemesis::Invoke(const NemesisOp& op, Nanos rel) {
  Op invoke;
  invoke.type = OpType::kInfo;
  invoke.f = OpName(op.f);
  invoke.process = kNemesisProcess;
  invoke.time = rel;
  switch (op.f) {
    case NemesisF::kStartPartition:
      invoke.value = Value::String(PartitionSpecName(op.partition));
      break;
    case NemesisF::kKill:
    case NemesisF::kPause:
      if (auto name = TargetSpecName(op.target)) invoke.value = Value::String(*name);
      break;
    case NemesisF::kStart:
    case NemesisF::kResume:
      invoke.value = Value::String("all");
      break;
    case NemesisF::kStopPartition:
      break;
  }
  invoke_ = parts_.history.Append(std::move(invoke));
}

void Nemesis::Complete(Value value, Nanos now) {
  Op done;
  done.type = OpType::kInfo;
  done.f = parts_.history[invoke_].f;
  done.value = std::move(value);
  done.process = kNemesisProcess;
  done.time = now - t0_;
  parts_.history.Complete(invoke_, std::move(done));
  invoke_ = -1;
  free_since_ = now - t0_;
}

Value Nemesis::OutcomesValue(const Outcomes& outcomes) {
  std::vector<Value::Member> members;
  for (const auto& [node, outcome] : outcomes) members.emplace_back(node, Value::String(outcome));
  return Value::Object(std::move(members));
}

void Nemesis::StartPartition(const NemesisOp& op, Nanos now) {
  auto grudge =
      std::make_shared<const Grudge>(ComputeGrudge(op.partition, parts_.nodes.size(), grudges_));
  parts_.network.Partition(grudge);
  parts_.faults.Begin(FaultKind::kPartition, now - t0_, grudge->TouchedNodes(),
                      std::string(PartitionSpecName(op.partition)));
  Complete(Value::Array({Value::String("isolated"), GrudgeValue(grudge, names_)}), now);
}

void Nemesis::Kill(const NemesisOp& op, Nanos now) {
  Outcomes outcomes;
  std::vector<std::size_t> killed;
  for (std::size_t node : ResolveTargets(op.target, parts_.nodes.size(), targets_)) {
    bool ok = parts_.nodes.Kill(node);
    outcomes[(*names_)[node]] = ok ? "killed" : "not-running";
    if (ok) killed.push_back(node);
  }
  parts_.faults.Begin(FaultKind::kKill, now - t0_, std::move(killed), TargetName(op.target));
  Complete(OutcomesValue(outcomes), now);
}

void Nemesis::RestartKilled(Nanos now) {
  starting_.clear();
  inits_waiting_ = 0;
  for (std::size_t node = 0; node < parts_.nodes.size(); ++node) {
    const std::string& name = (*names_)[node];
    NodeStatus status = parts_.nodes.status(node);
    if (status != NodeStatus::kKilled) {
      starting_[name] = status == NodeStatus::kCrashed ? "crashed" : "already-running";
      continue;
    }
    std::string error;
    if (!parts_.nodes.Start(node, &error, now - t0_)) {
      parts_.nodes.MarkCrashed(node);
      starting_[name] = "cannot restart: " + error;
      continue;
    }
    // Restarted in the same directory, it gets init again from a fresh client.
    parts_.init.Send(node, static_cast<Address>(node), *this, now);
    ++inits_waiting_;
  }
  if (inits_waiting_ == 0) {
    parts_.faults.End(FaultKind::kKill, now - t0_);
    Complete(OutcomesValue(starting_), now);
  }
}

void Nemesis::Initialized(std::size_t node, const std::string& failure, Nanos now) {
  starting_[(*names_)[node]] = failure.empty() ? "started" : failure;
  if (--inits_waiting_ > 0) return;
  parts_.faults.End(FaultKind::kKill, now - t0_);
  Complete(OutcomesValue(starting_), now);
}

void Nemesis::Pause(const NemesisOp& op, Nanos now) {
  Outcomes outcomes;
  std::vector<std::size_t> paused;
  for (std::size_t node : ResolveTargets(op.target, parts_.nodes.size(), targets_)) {
    if (parts_.nodes.Pause(node)) {
      outcomes[(*names_)[node]] = "paused";
      paused.push_back(node);
    } else {
      outcomes[(*names_)[node]] =
          parts_.nodes.status(node) == NodeStatus::kPaused ? "already-paused" : "not-running";
    }
  }
  parts_.faults.Begin(FaultKind::kPause, now - t0_, std::move(paused), TargetName(op.target));
  Complete(OutcomesValue(outcomes), now);
}

void Nemesis::Resume(Nanos now) {
  Outcomes outcomes;
  for (std::size_t node = 0; node < parts_.nodes.size(); ++node) {
    if (parts_.nodes.Resume(node)) outcomes[(*names_)[node]] = "resumed";
  }
  parts_.faults.End(FaultKind::kPause, now - t0_);
  Complete(OutcomesValue(outcomes), now);
}

}  // namespace glomers
