// Which nodes a fault hits, as Jepsen's combined nemesis computes it.
//
// A grudge maps each node to the nodes it drops messages from (Jepsen's shape: receiver -> the
// senders it ignores); the network checks it when it delivers a message.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "runner/src/random.h"

namespace glomers {

using Grudge = std::map<std::string, std::set<std::string>>;

enum class PartitionSpec { kOne, kMajority, kMinorityThird, kMajoritiesRing };

// The specs --nemesis partition picks from, in Jepsen's order.
const std::vector<PartitionSpec>& AllPartitionSpecs();
std::string_view PartitionSpecName(PartitionSpec spec);

// Smallest integer strictly greater than half of n.
std::size_t Majority(std::size_t n);
// Largest integer strictly less than a third of n (0 for n <= 3).
std::size_t MinorityThird(std::size_t n);

// No node can talk to a node outside its component. Every node of a component gets an entry, even
// an empty one.
Grudge CompleteGrudge(const std::vector<std::vector<std::string>>& components);

// one: isolate one random node. majority: split the shuffled nodes at floor(n/2).
// minority-third: cut off MinorityThird(n) shuffled nodes. majorities-ring: every node sees a
// majority, no two the same one (an exact ring for n <= 5, for 3 nodes each pair cut one way).
Grudge ComputeGrudge(PartitionSpec spec, const std::vector<std::string>& nodes, Random& rng);
Grudge MajoritiesRingPerfect(const std::vector<std::string>& nodes, Random& rng);
Grudge MajoritiesRingStochastic(const std::vector<std::string>& nodes, Random& rng);

// Targets for kill and pause (Jepsen's node specs). nullopt is Jepsen's nil: a random non-empty
// subset.
enum class NodeSpec { kOne, kMinorityThird, kMinority, kMajority, kAll };
using TargetSpec = std::optional<NodeSpec>;
const std::vector<TargetSpec>& AllTargetSpecs();
// "one", "minority-third", ...; nullopt for nil.
std::optional<std::string_view> TargetSpecName(TargetSpec spec);
std::vector<std::string> ResolveTargets(TargetSpec spec, const std::vector<std::string>& nodes,
                                        Random& rng);

}  // namespace glomers
