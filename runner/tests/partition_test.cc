#include "runner/src/partition.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace glomers {
namespace {

std::vector<std::string> Nodes(int n) {
  std::vector<std::string> v;
  for (int i = 0; i < n; ++i) v.push_back("n" + std::to_string(i));
  return v;
}

// Which nodes `node` still hears from (itself included).
std::set<std::string> Hears(const Grudge& g, const std::vector<std::string>& nodes,
                            const std::string& node) {
  std::set<std::string> hears;
  auto it = g.find(node);
  for (const auto& other : nodes) {
    if (it == g.end() || it->second.count(other) == 0) hears.insert(other);
  }
  return hears;
}

int CutLinks(const Grudge& g) {
  int cuts = 0;
  for (const auto& [dest, sources] : g) cuts += static_cast<int>(sources.size());
  return cuts;
}

TEST(PartitionTest, MajorityAndMinorityThirdSizes) {
  EXPECT_EQ(Majority(1), 1u);
  EXPECT_EQ(Majority(3), 2u);
  EXPECT_EQ(Majority(4), 3u);
  EXPECT_EQ(Majority(5), 3u);
  EXPECT_EQ(MinorityThird(3), 0u);
  EXPECT_EQ(MinorityThird(4), 1u);
  EXPECT_EQ(MinorityThird(5), 1u);
  EXPECT_EQ(MinorityThird(7), 2u);
}

TEST(PartitionTest, CompleteGrudgeCutsEveryLinkBetweenComponents) {
  Grudge g = CompleteGrudge({{"a", "b"}, {"c"}});
  EXPECT_EQ(g["a"], (std::set<std::string>{"c"}));
  EXPECT_EQ(g["b"], (std::set<std::string>{"c"}));
  EXPECT_EQ(g["c"], (std::set<std::string>{"a", "b"}));
}

TEST(PartitionTest, OneIsolatesExactlyOneNode) {
  Random rng(7);
  auto nodes = Nodes(5);
  for (int trial = 0; trial < 20; ++trial) {
    Grudge g = ComputeGrudge(PartitionSpec::kOne, nodes, rng);
    int isolated = 0;
    for (const auto& node : nodes) {
      auto hears = Hears(g, nodes, node);
      if (hears.size() == 1) {
        ++isolated;
      } else {
        EXPECT_EQ(hears.size(), 4u);
      }
    }
    EXPECT_EQ(isolated, 1);
    EXPECT_EQ(CutLinks(g), 8);  // both directions between the loner and 4 others
  }
}

TEST(PartitionTest, MajoritySplitsAtHalfSymmetrically) {
  Random rng(7);
  auto nodes = Nodes(5);
  Grudge g = ComputeGrudge(PartitionSpec::kMajority, nodes, rng);
  std::multiset<std::size_t> sizes;
  for (const auto& node : nodes) sizes.insert(Hears(g, nodes, node).size());
  EXPECT_EQ(sizes, (std::multiset<std::size_t>{2, 2, 3, 3, 3}));
  for (const auto& [dest, sources] : g) {
    for (const auto& src : sources) EXPECT_EQ(g.at(src).count(dest), 1u) << "symmetric";
  }
}

TEST(PartitionTest, MinorityThirdCutsNothingForThreeNodes) {
  Random rng(7);
  EXPECT_EQ(CutLinks(ComputeGrudge(PartitionSpec::kMinorityThird, Nodes(3), rng)), 0);
  Grudge g = ComputeGrudge(PartitionSpec::kMinorityThird, Nodes(7), rng);
  std::multiset<std::size_t> sizes;
  for (const auto& node : Nodes(7)) sizes.insert(Hears(g, Nodes(7), node).size());
  EXPECT_EQ(sizes, (std::multiset<std::size_t>{2, 2, 5, 5, 5, 5, 5}));
}

TEST(PartitionTest, MajoritiesRingForThreeCutsEachPairInOneDirection) {
  auto nodes = Nodes(3);
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    Random rng(seed);
    Grudge g = ComputeGrudge(PartitionSpec::kMajoritiesRing, nodes, rng);
    EXPECT_EQ(CutLinks(g), 3);
    for (const auto& a : nodes) {
      EXPECT_EQ(Hears(g, nodes, a).size(), 2u);  // a majority
      for (const auto& b : nodes) {
        if (a == b) continue;
        bool a_drops_b = g[a].count(b) > 0, b_drops_a = g[b].count(a) > 0;
        EXPECT_NE(a_drops_b, b_drops_a) << a << " and " << b << " cut one way only";
      }
    }
  }
}

TEST(PartitionTest, MajoritiesRingGivesEveryNodeADifferentMajority) {
  for (int n : {4, 5, 6, 7, 9}) {
    auto nodes = Nodes(n);
    Random rng(static_cast<std::uint64_t>(n));
    Grudge g = ComputeGrudge(PartitionSpec::kMajoritiesRing, nodes, rng);
    std::set<std::set<std::string>> majorities;
    for (const auto& node : nodes) {
      auto hears = Hears(g, nodes, node);
      EXPECT_GE(hears.size(), Majority(static_cast<std::size_t>(n))) << n << " nodes";
      EXPECT_LT(hears.size(), static_cast<std::size_t>(n)) << "something is cut";
      majorities.insert(hears);
    }
    if (n <= 5) {
      EXPECT_EQ(majorities.size(), static_cast<std::size_t>(n)) << n << " nodes";
    }
  }
}

TEST(PartitionTest, GrudgesReplayWithTheSeed) {
  auto nodes = Nodes(5);
  for (PartitionSpec spec : AllPartitionSpecs()) {
    Random a(99), b(99);
    EXPECT_EQ(ComputeGrudge(spec, nodes, a), ComputeGrudge(spec, nodes, b))
        << PartitionSpecName(spec);
  }
}

TEST(PartitionTest, TargetSpecs) {
  auto nodes = Nodes(5);
  Random rng(3);
  EXPECT_EQ(ResolveTargets(NodeSpec::kOne, nodes, rng).size(), 1u);
  EXPECT_EQ(ResolveTargets(NodeSpec::kMinorityThird, nodes, rng).size(), 1u);
  EXPECT_EQ(ResolveTargets(NodeSpec::kMinority, nodes, rng).size(), 2u);
  EXPECT_EQ(ResolveTargets(NodeSpec::kMajority, nodes, rng).size(), 3u);
  EXPECT_EQ(ResolveTargets(NodeSpec::kAll, nodes, rng), nodes);
  for (int i = 0; i < 50; ++i) {
    auto some = ResolveTargets(std::nullopt, nodes, rng);
    EXPECT_GE(some.size(), 1u);
    EXPECT_LE(some.size(), 5u);
    EXPECT_EQ(std::set<std::string>(some.begin(), some.end()).size(), some.size());
  }
  EXPECT_TRUE(ResolveTargets(NodeSpec::kMinorityThird, Nodes(3), rng).empty());
  EXPECT_EQ(AllTargetSpecs().size(), 6u);
  EXPECT_FALSE(TargetSpecName(std::nullopt).has_value());
  EXPECT_EQ(*TargetSpecName(NodeSpec::kMinorityThird), "minority-third");
}

}  // namespace
}  // namespace glomers
