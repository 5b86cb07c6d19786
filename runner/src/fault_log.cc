#include "runner/src/fault_log.h"

#include <algorithm>

namespace glomers {

std::string_view FaultKindName(FaultKind kind) {
  switch (kind) {
    case FaultKind::kPartition:
      return "partition";
    case FaultKind::kKill:
      return "kill";
    case FaultKind::kPause:
      return "pause";
  }
  return "?";
}

void FaultLog::Begin(FaultKind kind, Nanos at, std::vector<std::size_t> nodes, std::string detail) {
  End(kind, at);  // faults of one kind alternate with their undoing; never two at once
  episodes_.push_back({kind, at, std::nullopt, std::move(nodes), std::move(detail)});
}

void FaultLog::End(FaultKind kind, Nanos at) {
  for (auto it = episodes_.rbegin(); it != episodes_.rend(); ++it) {
    if (it->kind == kind && !it->end) {
      it->end = at;
      return;
    }
  }
}

std::vector<const FaultEpisode*> FaultLog::Touching(std::size_t node) const {
  std::vector<const FaultEpisode*> out;
  for (const FaultEpisode& e : episodes_) {
    if (std::find(e.nodes.begin(), e.nodes.end(), node) != e.nodes.end()) out.push_back(&e);
  }
  return out;
}

std::string FaultLog::InForce(const std::vector<std::string>& names) const {
  std::string partition;
  std::vector<std::size_t> nodes[2];  // killed, paused
  for (const FaultEpisode& e : episodes_) {
    if (e.end) continue;
    if (e.kind == FaultKind::kPartition) {
      partition = "partition " + e.detail;
      continue;
    }
    auto& list = nodes[e.kind == FaultKind::kKill ? 0 : 1];
    list.insert(list.end(), e.nodes.begin(), e.nodes.end());
  }
  std::string killed, paused;
  for (int k = 0; k < 2; ++k) {
    std::sort(nodes[k].begin(), nodes[k].end());
    for (std::size_t node : nodes[k]) {
      std::string& list = k == 0 ? killed : paused;
      list += (list.empty() ? "" : " ") + names[node];
    }
  }
  std::string s = partition;
  if (!killed.empty()) s += (s.empty() ? "" : ", ") + std::string("killed ") + killed;
  if (!paused.empty()) s += (s.empty() ? "" : ", ") + std::string("paused ") + paused;
  return s;
}

}  // namespace glomers
