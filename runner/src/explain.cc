#include "runner/src/explain.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace glomers {

std::string SecondsText(Nanos t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f s", static_cast<double>(t) / 1e9);
  return buf;
}

namespace {

// "at A", "at A and B", "at A, B and C", "at A, B, C, D and 3 more"
std::string AtTimes(const std::vector<Nanos>& times) {
  constexpr std::size_t kShown = 4;
  std::string s = "at ";
  std::size_t shown = std::min(times.size(), kShown);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) s += (i + 1 == shown && times.size() <= kShown) ? " and " : ", ";
    s += SecondsText(times[i]);
  }
  if (times.size() > kShown) s += " and " + std::to_string(times.size() - kShown) + " more";
  return s;
}

}  // namespace

Explainer::Explainer(const History& history, const FaultLog& faults, std::vector<std::string> nodes,
                     int concurrency, Nanos test_end)
    : history_(history),
      faults_(faults),
      nodes_(std::move(nodes)),
      concurrency_(std::max(1, concurrency)),
      test_end_(test_end) {}

std::size_t Explainer::NodeOf(std::int64_t process) const {
  auto worker = static_cast<std::size_t>(process % concurrency_);
  return worker % nodes_.size();
}

std::string Explainer::Describe(const FaultEpisode& f, std::size_t node) const {
  const std::string& name = nodes_[node];
  std::string begin = SecondsText(f.begin);
  switch (f.kind) {
    case FaultKind::kKill:
      return name + " was killed at " + begin +
             (f.end ? " and restarted at " + SecondsText(*f.end) : " and not restarted");
    case FaultKind::kPause:
      return name + " was paused at " + begin +
             (f.end ? " and resumed at " + SecondsText(*f.end) : " and not resumed");
    case FaultKind::kPartition:
      return name + " was cut off from some nodes by partition " + f.detail + " from " + begin +
             (f.end ? " to " + SecondsText(*f.end) : " to the end");
  }
  return name;
}

std::string Explainer::Explain(std::span<const std::int64_t> ops) const {
  // The times at which each node answered, nodes in the order they first did.
  std::vector<std::pair<std::size_t, std::vector<Nanos>>> by_node;
  for (std::int64_t index : ops) {
    const Op& op = history_[index];
    if (!op.is_client()) continue;
    Nanos at = op.type == OpType::kInvoke && op.pair >= 0 ? history_[op.pair].time : op.time;
    std::size_t node = NodeOf(op.process);
    auto it = std::find_if(by_node.begin(), by_node.end(),
                           [&](const auto& entry) { return entry.first == node; });
    if (it == by_node.end()) it = by_node.insert(by_node.end(), {node, {}});
    it->second.push_back(at);
  }
  std::string s;
  for (auto& [node, times] : by_node) {
    std::sort(times.begin(), times.end());
    s += (s.empty() ? "" : "; ") + nodes_[node] + ", " + AtTimes(times);
  }
  for (const auto& [node, times] : by_node) {
    // A fault between two of the node's answers explains most (a restart that forgot what the
    // node had handed out); then one in force at an answer; then the nearest in time. Ties go
    // to the one that began first.
    const FaultEpisode* nearest = nullptr;
    Nanos best = 0;
    for (const FaultEpisode* f : faults_.Touching(node)) {
      Nanos end = f->end.value_or(test_end_);
      Nanos distance = -1;
      for (Nanos t : times) {
        Nanos d = t < f->begin ? f->begin - t : (t > end ? t - end : 0);
        if (distance < 0 || d < distance) distance = d;
      }
      // Between two answers: a restart first (it loses what the node knew), then a pause, then
      // a partition.
      if (times.front() < f->begin && end < times.back()) {
        distance = f->kind == FaultKind::kKill ? -3 : (f->kind == FaultKind::kPause ? -2 : -1);
      }
      if (nearest == nullptr || distance < best) nearest = f, best = distance;
    }
    s += "; " + (nearest ? Describe(*nearest, node) : "no fault touched " + nodes_[node]);
  }
  return s;
}

std::vector<Explainer::Finding> Explainer::MalformedReplies(std::size_t max) const {
  std::vector<Finding> found;
  const std::string_view because = "This is malformed because: ";
  for (auto it = history_.begin(); it != history_.end() && found.size() < max; ++it) {
    const Op& op = *it;
    if (!op.is_client() || op.type != OpType::kInfo) continue;
    const Value& exception = history_.exception(op);
    if (exception.is_null()) continue;
    std::string why = "an exception";
    if (const Value* cause = exception.Find("cause"); cause && cause->is_string()) {
      std::string_view text = cause->string();
      auto at = text.find(because);
      why = at == std::string_view::npos ? std::string(text.substr(0, 200))
                                         : std::string(text.substr(at + because.size(), 200));
      if (!why.empty() && why.back() == '.') why.pop_back();
    }
    found.push_back({"malformed reply from " + nodes_[NodeOf(op.process)] + " (operation " +
                         std::to_string(it.index()) + "): " + why,
                     {it.index()}});
  }
  return found;
}

}  // namespace glomers
