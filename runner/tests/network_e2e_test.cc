// The simulated network, seen by nodes that gossip: each partition spec cuts exactly the links
// its grudge names, latency delays node-to-node messages, and client traffic is never delayed.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>
#include <string>

#include "e2e_util.h"
#include "runner/src/partition.h"
#include "runner/src/random.h"
#include "runner/src/schedule.h"

namespace glomers::e2e {
namespace {

std::string Said(const GlomersRun& r) { return "stdout:\n" + r.out + "\nstderr:\n" + r.err; }

constexpr double kInterval = 100000;  // so long that the first partition lasts the whole test
constexpr double kLimit = 0.5;

// A seed whose first fault is `spec` (at once) and whose second comes after the test ends.
std::uint64_t SeedFor(PartitionSpec spec) {
  for (std::uint64_t seed = 1;; ++seed) {
    NemesisSchedule s({Fault::kPartition}, kInterval, seed);
    NemesisOp first = s.Take(0, 0);
    if (first.partition == spec && *s.NextTime(0) > SecondsToNanos(kLimit) * 10) return seed;
  }
}

std::vector<std::string> Nodes(std::size_t n) {
  std::vector<std::string> v;
  for (std::size_t i = 0; i < n; ++i) v.push_back("n" + std::to_string(i));
  return v;
}

// Which nodes each node received gossip from, and the one-way delays it saw, from its log.
struct Heard {
  std::set<std::string> from;
  std::vector<std::int64_t> delays_us;
};
Heard HeardBy(const GlomersRun& r, const std::string& node) {
  Heard h;
  std::istringstream log(r.NodeLog(node));
  const std::string from = "gossip from=", delay = " delay_us=";
  for (std::string line; std::getline(log, line);) {
    auto f = line.find(from), d = line.find(delay);
    if (f == std::string::npos || d == std::string::npos || d < f) continue;
    h.from.insert(line.substr(f + from.size(), d - f - from.size()));
    h.delays_us.push_back(std::stoll(line.substr(d + delay.size())));
  }
  return h;
}

void CheckPartition(PartitionSpec spec, std::size_t node_count) {
  std::uint64_t seed = SeedFor(spec);
  auto nodes = Nodes(node_count);
  Random targets(seed, Random::kGrudges);
  Grudge expected = ComputeGrudge(spec, node_count, targets);
  GlomersRun r =
      RunGlomers({"test", "-w", "echo", "--bin", TESTNODE_GOSSIP, "--node-count",
                  std::to_string(node_count), "--time-limit", "0.5", "--rate", "100", "--nemesis",
                  "partition", "--nemesis-interval", "100000", "--seed", std::to_string(seed)});
  ASSERT_EQ(r.exit_code, 0) << Said(r);
  // The history records the spec and the grudge the test predicted.
  ASSERT_GE(r.history.size(), 2u);
  EXPECT_EQ(r.history[0].f, "start-partition");
  EXPECT_EQ(r.history[0].value, "\"" + std::string(PartitionSpecName(spec)) + "\"");
  int cut = 0;
  for (std::size_t dest = 0; dest < node_count; ++dest) {
    Heard heard = HeardBy(r, nodes[dest]);
    for (std::size_t src = 0; src < node_count; ++src) {
      if (src == dest) continue;
      bool dropped = expected.drops(dest, src);
      cut += dropped;
      EXPECT_EQ(heard.from.count(nodes[src]) == 0, dropped)
          << PartitionSpecName(spec) << ": " << nodes[dest] << " from " << nodes[src];
    }
  }
  // The history's completion value is that grudge, as Jepsen writes it.
  std::string grudge = "[\"isolated\",";
  expected.AppendJson(grudge, nodes);
  EXPECT_EQ(r.history[1].value, grudge + "]");
  // Dropped messages were sent but never received.
  auto servers = r.results["net"]["servers"];
  if (cut > 0) {
    EXPECT_GT(servers["send-count"].as_int64(), servers["recv-count"].as_int64());
  } else {
    EXPECT_EQ(servers["send-count"].as_int64(), servers["recv-count"].as_int64());
  }
}

TEST(NetworkE2eTest, PartitionOneIsolatesANode) { CheckPartition(PartitionSpec::kOne, 3); }
TEST(NetworkE2eTest, PartitionMajoritySplitsTheCluster) {
  CheckPartition(PartitionSpec::kMajority, 5);
}
TEST(NetworkE2eTest, PartitionMinorityThirdCutsOffAFewNodes) {
  CheckPartition(PartitionSpec::kMinorityThird, 4);
}
TEST(NetworkE2eTest, PartitionMajoritiesRingCutsEachPairOneWayForThreeNodes) {
  CheckPartition(PartitionSpec::kMajoritiesRing, 3);
}

TEST(NetworkE2eTest, WithoutFaultsEveryLinkCarriesMessages) {
  GlomersRun r = RunGlomers({"test", "-w", "echo", "--bin", TESTNODE_GOSSIP, "--node-count", "3",
                             "--time-limit", "0.3", "--rate", "100"});
  ASSERT_EQ(r.exit_code, 0) << Said(r);
  for (const auto& node : Nodes(3)) EXPECT_EQ(HeardBy(r, node).from.size(), 2u) << node;
}

TEST(NetworkE2eTest, LatencyDelaysNodeMessagesButNotClients) {
  // 500 ms between nodes; a client request waiting that long would time out at 0.4 s.
  GlomersRun r = RunGlomers({"test", "-w", "echo", "--bin", TESTNODE_GOSSIP, "--node-count", "2",
                             "--time-limit", "1.2", "--rate", "20", "--latency", "500",
                             "--rpc-timeout", "0.4", "--availability", "total"});
  ASSERT_EQ(r.exit_code, 0) << Said(r);
  std::size_t delays = 0;
  for (const auto& node : Nodes(2)) {
    for (std::int64_t d : HeardBy(r, node).delays_us) {
      ++delays;
      EXPECT_GE(d, 500'000) << node;
    }
  }
  EXPECT_GT(delays, 0u);
}

}  // namespace
}  // namespace glomers::e2e
