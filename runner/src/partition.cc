#include "runner/src/partition.h"

#include <algorithm>
#include <iterator>

namespace glomers {

const std::vector<PartitionSpec>& AllPartitionSpecs() {
  static const std::vector<PartitionSpec> specs = {
      PartitionSpec::kOne, PartitionSpec::kMinorityThird, PartitionSpec::kMajority,
      PartitionSpec::kMajoritiesRing};
  return specs;
}

std::string_view PartitionSpecName(PartitionSpec spec) {
  switch (spec) {
    case PartitionSpec::kOne:
      return "one";
    case PartitionSpec::kMajority:
      return "majority";
    case PartitionSpec::kMinorityThird:
      return "minority-third";
    case PartitionSpec::kMajoritiesRing:
      return "majorities-ring";
  }
  return "?";
}

std::size_t Majority(std::size_t n) { return n / 2 + 1; }
std::size_t MinorityThird(std::size_t n) { return n == 0 ? 0 : (n - 1) / 3; }

Grudge CompleteGrudge(const std::vector<std::vector<std::string>>& components) {
  std::set<std::string> universe;
  for (const auto& c : components) universe.insert(c.begin(), c.end());
  Grudge grudge;
  for (const auto& c : components) {
    std::set<std::string> members(c.begin(), c.end());
    std::set<std::string> others;
    std::set_difference(universe.begin(), universe.end(), members.begin(), members.end(),
                        std::inserter(others, others.end()));
    for (const auto& node : c) grudge[node] = others;
  }
  return grudge;
}

namespace {
std::vector<std::vector<std::string>> SplitAt(std::vector<std::string> nodes, std::size_t k) {
  k = std::min(k, nodes.size());
  std::vector<std::string> first(nodes.begin(), nodes.begin() + static_cast<std::ptrdiff_t>(k));
  std::vector<std::string> rest(nodes.begin() + static_cast<std::ptrdiff_t>(k), nodes.end());
  return {first, rest};
}
}  // namespace

Grudge MajoritiesRingPerfect(const std::vector<std::string>& nodes, Random& rng) {
  std::vector<std::string> ring = nodes;
  rng.Shuffle(ring);
  std::size_t n = ring.size();
  std::size_t m = Majority(n);
  std::set<std::string> universe(nodes.begin(), nodes.end());
  Grudge grudge;
  for (std::size_t i = 0; i < n; ++i) {
    std::set<std::string> majority;
    for (std::size_t k = 0; k < m; ++k) majority.insert(ring[(i + k) % n]);
    const std::string& middle = ring[(i + m / 2) % n];
    std::set<std::string> dropped;
    std::set_difference(universe.begin(), universe.end(), majority.begin(), majority.end(),
                        std::inserter(dropped, dropped.end()));
    grudge[middle] = dropped;
  }
  return grudge;
}

Grudge MajoritiesRingStochastic(const std::vector<std::string>& nodes, Random& rng) {
  std::size_t m = Majority(nodes.size());
  // Connections, each node connected to itself; link least-connected pairs until every node sees
  // a majority.
  std::map<std::string, std::set<std::string>> conns;
  for (const auto& node : nodes) conns[node] = {node};
  std::map<std::size_t, std::vector<std::string>> by_degree;
  by_degree[1] = nodes;
  while (true) {
    std::vector<std::pair<std::size_t, std::string>> dns;
    for (auto& [degree, members] : by_degree) {
      std::vector<std::string> shuffled = members;
      rng.Shuffle(shuffled);
      for (auto& node : shuffled) dns.emplace_back(degree, node);
    }
    auto [a_degree, a] = dns.front();
    if (a_degree >= m) break;
    auto b_it = std::find_if(dns.begin(), dns.end(),
                             [&](const auto& dn) { return conns[a].count(dn.second) == 0; });
    auto [b_degree, b] = *b_it;
    conns[a].insert(b);
    conns[b].insert(a);
    auto erase = [&](std::size_t degree, const std::string& node) {
      auto& v = by_degree[degree];
      v.erase(std::find(v.begin(), v.end(), node));
      if (v.empty()) by_degree.erase(degree);
    };
    erase(a_degree, a);
    erase(b_degree, b);
    by_degree[a_degree + 1].push_back(a);
    by_degree[b_degree + 1].push_back(b);
  }
  std::set<std::string> universe(nodes.begin(), nodes.end());
  Grudge grudge;
  for (const auto& node : nodes) {
    std::set<std::string> dropped;
    std::set_difference(universe.begin(), universe.end(), conns[node].begin(), conns[node].end(),
                        std::inserter(dropped, dropped.end()));
    grudge[node] = dropped;
  }
  return grudge;
}

Grudge ComputeGrudge(PartitionSpec spec, const std::vector<std::string>& nodes, Random& rng) {
  switch (spec) {
    case PartitionSpec::kOne: {
      std::string loner = rng.Pick(nodes);
      std::vector<std::string> rest;
      for (const auto& node : nodes) {
        if (node != loner) rest.push_back(node);
      }
      return CompleteGrudge({{loner}, rest});
    }
    case PartitionSpec::kMajority: {
      std::vector<std::string> shuffled = nodes;
      rng.Shuffle(shuffled);
      return CompleteGrudge(SplitAt(shuffled, shuffled.size() / 2));
    }
    case PartitionSpec::kMinorityThird: {
      std::vector<std::string> shuffled = nodes;
      rng.Shuffle(shuffled);
      return CompleteGrudge(SplitAt(shuffled, MinorityThird(shuffled.size())));
    }
    case PartitionSpec::kMajoritiesRing:
      return nodes.size() <= 5 ? MajoritiesRingPerfect(nodes, rng)
                               : MajoritiesRingStochastic(nodes, rng);
  }
  return {};
}

const std::vector<TargetSpec>& AllTargetSpecs() {
  static const std::vector<TargetSpec> specs = {
      std::nullopt,        NodeSpec::kOne,      NodeSpec::kMinorityThird,
      NodeSpec::kMinority, NodeSpec::kMajority, NodeSpec::kAll};
  return specs;
}

std::optional<std::string_view> TargetSpecName(TargetSpec spec) {
  if (!spec) return std::nullopt;
  switch (*spec) {
    case NodeSpec::kOne:
      return "one";
    case NodeSpec::kMinorityThird:
      return "minority-third";
    case NodeSpec::kMinority:
      return "minority";
    case NodeSpec::kMajority:
      return "majority";
    case NodeSpec::kAll:
      return "all";
  }
  return std::nullopt;
}

std::vector<std::string> ResolveTargets(TargetSpec spec, const std::vector<std::string>& nodes,
                                        Random& rng) {
  if (nodes.empty()) return {};
  std::vector<std::string> shuffled = nodes;
  auto take = [&](std::size_t k) {
    rng.Shuffle(shuffled);
    shuffled.resize(std::min(k, shuffled.size()));
    return shuffled;
  };
  if (!spec) return take(1 + rng.Below(nodes.size()));
  switch (*spec) {
    case NodeSpec::kOne:
      return {rng.Pick(nodes)};
    case NodeSpec::kMinorityThird:
      return take(MinorityThird(nodes.size()));
    case NodeSpec::kMinority:
      return take(Majority(nodes.size()) - 1);
    case NodeSpec::kMajority:
      return take(Majority(nodes.size()));
    case NodeSpec::kAll:
      return nodes;
  }
  return {};
}

}  // namespace glomers
