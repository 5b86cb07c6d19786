// Which nodes a fault hits, as Jepsen's combined nemesis computes it. Nodes are numbered 0..n-1,
// in the order of the test's node list.
//
// A grudge says, for each node, the nodes it drops messages from (Jepsen's shape: receiver ->
// the senders it ignores); the network checks it when it delivers a message. It is a bit matrix,
// so that a partition of 1,024 nodes is 128 KiB, made and checked in microseconds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runner/src/random.h"

namespace glomers {

enum class EdnKeys;  // edn_writer.h

class Grudge {
 public:
  explicit Grudge(std::size_t nodes = 0);

  std::size_t nodes() const { return n_; }
  bool drops(std::size_t dest, std::size_t src) const {
    return (bits_[dest * words_ + src / 64] >> (src % 64)) & 1;
  }
  void Drop(std::size_t dest, std::size_t src) {
    bits_[dest * words_ + src / 64] |= std::uint64_t{1} << (src % 64);
  }
  // dest drops every node whose bit is clear in `keeps` (a row of (nodes + 63) / 64 words).
  void DropAllBut(std::size_t dest, const std::uint64_t* keeps);
  // How many (dest, src) links are cut.
  std::size_t cut_count() const;
  // The nodes with a link cut either way, in order.
  std::vector<std::size_t> TouchedNodes() const;
  friend bool operator==(const Grudge& a, const Grudge& b) = default;

  // Jepsen's value: {"n1":["n2","n3"],...}, every node with an entry, names in order.
  void AppendJson(std::string& out, const std::vector<std::string>& names) const;
  // The same value as EDN, as AppendEdn (edn_writer.h) writes it parsed from that JSON:
  // {"n1" ["n2" "n3"], ...}, keys as `keys` says.
  void AppendEdn(std::string& out, const std::vector<std::string>& names, EdnKeys keys) const;

 private:
  std::size_t n_;
  std::size_t words_;  // per row
  std::vector<std::uint64_t> bits_;
};

enum class PartitionSpec { kOne, kMajority, kMinorityThird, kMajoritiesRing };

// The specs --nemesis partition picks from, in Jepsen's order.
const std::vector<PartitionSpec>& AllPartitionSpecs();
std::string_view PartitionSpecName(PartitionSpec spec);

// Smallest integer strictly greater than half of n.
std::size_t Majority(std::size_t n);
// Largest integer strictly less than a third of n (0 for n <= 3).
std::size_t MinorityThird(std::size_t n);

// No node can talk to a node outside its component; the components cover 0..n-1.
Grudge CompleteGrudge(std::size_t n, const std::vector<std::vector<std::size_t>>& components);

// one: isolate one random node. majority: split the shuffled nodes at floor(n/2).
// minority-third: cut off MinorityThird(n) shuffled nodes. majorities-ring: every node sees a
// majority, no two the same one (an exact ring for n <= 5, for 3 nodes each pair cut one way;
// beyond, Jepsen's stochastic ring: link least-connected nodes until each sees a majority).
Grudge ComputeGrudge(PartitionSpec spec, std::size_t n, Random& rng);
Grudge MajoritiesRingPerfect(std::size_t n, Random& rng);
Grudge MajoritiesRingStochastic(std::size_t n, Random& rng);

// Targets for kill and pause (Jepsen's node specs). nullopt is Jepsen's nil: a random non-empty
// subset.
enum class NodeSpec { kOne, kMinorityThird, kMinority, kMajority, kAll };
using TargetSpec = std::optional<NodeSpec>;
const std::vector<TargetSpec>& AllTargetSpecs();
// "one", "minority-third", ...; nullopt for nil.
std::optional<std::string_view> TargetSpecName(TargetSpec spec);
// Node indices, in the order drawn.
std::vector<std::size_t> ResolveTargets(TargetSpec spec, std::size_t n, Random& rng);

}  // namespace glomers
