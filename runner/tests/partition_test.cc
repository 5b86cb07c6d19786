#include "runner/src/partition.h"

#include <gtest/gtest.h>

#include <memory>

#include <set>
#include <string>
#include <vector>

#include "runner/src/edn_writer.h"
#include "runner/src/nemesis.h"

namespace glomers {
namespace {

// Which nodes `node` still hears from (itself included).
std::set<std::size_t> Hears(const Grudge& g, std::size_t node) {
  std::set<std::size_t> hears;
  for (std::size_t other = 0; other < g.nodes(); ++other) {
    if (!g.drops(node, other)) hears.insert(other);
  }
  return hears;
}

int CutLinks(const Grudge& g) { return static_cast<int>(g.cut_count()); }

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
  Grudge g = CompleteGrudge(3, {{0, 1}, {2}});
  EXPECT_EQ(Hears(g, 0), (std::set<std::size_t>{0, 1}));
  EXPECT_EQ(Hears(g, 1), (std::set<std::size_t>{0, 1}));
  EXPECT_EQ(Hears(g, 2), (std::set<std::size_t>{2}));
  EXPECT_EQ(CutLinks(g), 4);
  EXPECT_EQ(g.TouchedNodes(), (std::vector<std::size_t>{0, 1, 2}));
  // Jepsen's value: every node with an entry, names in order.
  std::string json;
  g.AppendJson(json, {"a", "b", "c"});
  EXPECT_EQ(json, R"({"a":["c"],"b":["c"],"c":["a","b"]})");
  json.clear();
  CompleteGrudge(3, {{}, {0, 1, 2}}).AppendJson(json, {"n1", "n10", "n2"});
  EXPECT_EQ(json, R"({"n1":[],"n10":[],"n2":[]})");
  // One way only: the receiver is touched, and so is the sender it ignores.
  Grudge one(4);
  one.Drop(3, 1);
  EXPECT_EQ(one.TouchedNodes(), (std::vector<std::size_t>{1, 3}));
}

TEST(PartitionTest, OneIsolatesExactlyOneNode) {
  Random rng(7);
  for (int trial = 0; trial < 20; ++trial) {
    Grudge g = ComputeGrudge(PartitionSpec::kOne, 5, rng);
    int isolated = 0;
    for (std::size_t node = 0; node < 5; ++node) {
      auto hears = Hears(g, node);
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
  Grudge g = ComputeGrudge(PartitionSpec::kMajority, 5, rng);
  std::multiset<std::size_t> sizes;
  for (std::size_t node = 0; node < 5; ++node) sizes.insert(Hears(g, node).size());
  EXPECT_EQ(sizes, (std::multiset<std::size_t>{2, 2, 3, 3, 3}));
  for (std::size_t dest = 0; dest < 5; ++dest) {
    for (std::size_t src = 0; src < 5; ++src) {
      EXPECT_EQ(g.drops(dest, src), g.drops(src, dest)) << "symmetric";
    }
  }
}

TEST(PartitionTest, MinorityThirdCutsNothingForThreeNodes) {
  Random rng(7);
  EXPECT_EQ(CutLinks(ComputeGrudge(PartitionSpec::kMinorityThird, 3, rng)), 0);
  Grudge g = ComputeGrudge(PartitionSpec::kMinorityThird, 7, rng);
  std::multiset<std::size_t> sizes;
  for (std::size_t node = 0; node < 7; ++node) sizes.insert(Hears(g, node).size());
  EXPECT_EQ(sizes, (std::multiset<std::size_t>{2, 2, 5, 5, 5, 5, 5}));
}

TEST(PartitionTest, MajoritiesRingForThreeCutsEachPairInOneDirection) {
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    Random rng(seed);
    Grudge g = ComputeGrudge(PartitionSpec::kMajoritiesRing, 3, rng);
    EXPECT_EQ(CutLinks(g), 3);
    for (std::size_t a = 0; a < 3; ++a) {
      EXPECT_EQ(Hears(g, a).size(), 2u);  // a majority
      for (std::size_t b = 0; b < 3; ++b) {
        if (a == b) continue;
        bool a_drops_b = g.drops(a, b), b_drops_a = g.drops(b, a);
        EXPECT_NE(a_drops_b, b_drops_a) << a << " and " << b << " cut one way only";
      }
    }
  }
}

TEST(PartitionTest, MajoritiesRingGivesEveryNodeADifferentMajority) {
  for (int n : {4, 5, 6, 7, 9, 100, 1024}) {
    auto size = static_cast<std::size_t>(n);
    Random rng(static_cast<std::uint64_t>(n));
    Grudge g = ComputeGrudge(PartitionSpec::kMajoritiesRing, size, rng);
    std::set<std::set<std::size_t>> majorities;
    for (std::size_t node = 0; node < size; ++node) {
      auto hears = Hears(g, node);
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
  for (std::size_t n : {5, 64}) {
    for (PartitionSpec spec : AllPartitionSpecs()) {
      Random a(99), b(99), c(100);
      Grudge first = ComputeGrudge(spec, n, a);
      EXPECT_EQ(first, ComputeGrudge(spec, n, b)) << PartitionSpecName(spec);
      if (n == 64) {
        EXPECT_NE(first, ComputeGrudge(spec, n, c)) << PartitionSpecName(spec);
      }
    }
  }
}

TEST(PartitionTest, TargetSpecs) {
  Random rng(3);
  EXPECT_EQ(ResolveTargets(NodeSpec::kOne, 5, rng).size(), 1u);
  EXPECT_EQ(ResolveTargets(NodeSpec::kMinorityThird, 5, rng).size(), 1u);
  EXPECT_EQ(ResolveTargets(NodeSpec::kMinority, 5, rng).size(), 2u);
  EXPECT_EQ(ResolveTargets(NodeSpec::kMajority, 5, rng).size(), 3u);
  EXPECT_EQ(ResolveTargets(NodeSpec::kAll, 5, rng), (std::vector<std::size_t>{0, 1, 2, 3, 4}));
  for (int i = 0; i < 50; ++i) {
    auto some = ResolveTargets(std::nullopt, 5, rng);
    EXPECT_GE(some.size(), 1u);
    EXPECT_LE(some.size(), 5u);
    EXPECT_EQ(std::set<std::size_t>(some.begin(), some.end()).size(), some.size());
    for (std::size_t node : some) EXPECT_LT(node, 5u);
  }
  EXPECT_TRUE(ResolveTargets(NodeSpec::kMinorityThird, 3, rng).empty());
  EXPECT_EQ(AllTargetSpecs().size(), 6u);
  EXPECT_FALSE(TargetSpecName(std::nullopt).has_value());
  EXPECT_EQ(*TargetSpecName(NodeSpec::kMinorityThird), "minority-third");
}

// A grudge's history value writes its EDN straight from the grudge, and exactly as AppendEdn
// writes the same value parsed from its JSON: every spec, sizes from 1 to 40, names that sort
// unlike their indices or need escapes or read as numbers, both kinds of keys.
TEST(GrudgeValueTest, WritesTheEdnOfItsParsedJson) {
  const std::vector<std::vector<std::string>> name_sets = {
      {"n0", "n1", "n10", "n2"}, {"b", "a"}, {"x \"y\"", "1", "-2", "a b", "\u00e9"}};
  int checked = 0;
  for (std::size_t n : {1, 2, 3, 4, 5, 7, 12, 40}) {
    for (PartitionSpec spec : AllPartitionSpecs()) {
      for (std::uint64_t seed : {1, 2, 3}) {
        Random rng(seed, Random::kGrudges);
        auto grudge = std::make_shared<const Grudge>(ComputeGrudge(spec, n, rng));
        for (const auto& set : name_sets) {
          auto names = std::make_shared<std::vector<std::string>>();
          for (std::size_t i = 0; i < n; ++i) {
            names->push_back(i < set.size() ? set[i] : "z" + std::to_string(i));  // all distinct
          }
          Value lazy = GrudgeValue(grudge, names);
          Value parsed = Value::Parse(lazy.ToJson());
          for (EdnKeys keys : {EdnKeys::kStrings, EdnKeys::kKeywords}) {
            std::string direct, expected;
            ASSERT_NE(lazy.lazy(), nullptr);
            ASSERT_TRUE(lazy.lazy()->AppendEdn(direct, keys));  // no parse on the way
            AppendEdn(expected, parsed, keys);
            ASSERT_EQ(direct, expected) << PartitionSpecName(spec) << " n=" << n << " seed=" << seed
                                        << " names from " << set[0];
            std::string through;
            AppendEdn(through, lazy, keys);  // the writers' path
            ASSERT_EQ(through, expected);
            ++checked;
          }
        }
      }
    }
  }
  EXPECT_EQ(checked, 8 * 4 * 3 * 3 * 2);
}

}  // namespace
}  // namespace glomers
