// Faults end to end: kill, pause, their combination with partitions, and replay by seed.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "e2e_util.h"

namespace glomers::e2e {
namespace {

std::string Said(const GlomersRun& r) { return "stdout:\n" + r.out + "\nstderr:\n" + r.err; }

std::set<std::string> NemesisFs(const GlomersRun& r) {
  std::set<std::string> fs;
  for (const auto& op : r.history) {
    if (op.process < 0) fs.insert(op.f);
  }
  return fs;
}

TEST(FaultsTest, KillCatchesANodeThatCountsFromZeroAfterARestart) {
  GlomersRun r =
      RunGlomers({"test", "-w", "unique-ids", "--bin", TESTNODE_UNIQUE_IDS, "--node-count", "3",
                  "--time-limit", "3", "--rate", "300", "--nemesis", "kill", "--nemesis-interval",
                  "0.4", "--rpc-timeout", "0.2", "--seed", "1"});
  // A duplicate needs one node to answer in two lives. Killed every 0.1 s for 2 s, a loaded ASan
  // run's nodes were down or starting most of the time and none answered after a restart
  // (0 duplicated, exit 0). Lives of 0.4 s, and more than a second after the first restart, fail
  // only if a restart takes that long.
  ASSERT_EQ(r.exit_code, 1) << Said(r);
  EXPECT_GT(r.results["workload"]["duplicated-count"].as_int64(), 0) << Said(r);
  // Killed nodes are not crashes: the nemesis did it.
  EXPECT_TRUE(r.results["nodes"]["valid?"].as_bool());
  EXPECT_TRUE(NemesisFs(r).count("kill"));
  EXPECT_TRUE(NemesisFs(r).count("start"));
  bool killed = false, restarted = false;
  for (const auto& op : r.history) {
    if (op.process >= 0 || op.type != "info") continue;
    killed = killed || op.value.find("\"killed\"") != std::string::npos;
    restarted = restarted || op.value.find("\"started\"") != std::string::npos;
  }
  EXPECT_TRUE(killed);
  EXPECT_TRUE(restarted);
}

TEST(FaultsTest, PausedNodesAnswerNothingUntilResumed) {
  GlomersRun r =
      RunGlomers({"test", "-w", "unique-ids", "--bin", TESTNODE_UNIQUE_IDS, "--node-count", "3",
                  "--time-limit", "2", "--rate", "200", "--nemesis", "pause", "--nemesis-interval",
                  "0.3", "--rpc-timeout", "0.1", "--seed", "2"});
  ASSERT_EQ(r.exit_code, 0) << Said(r);
  // Pause windows from the history: from the pause's completion to the resume's invocation.
  struct Window {
    std::int64_t from, to;
    std::set<std::string> nodes;
  };
  std::vector<Window> windows;
  std::map<std::int64_t, std::int64_t> invoked_at;
  for (const auto& op : r.history) {
    if (op.process >= 0) continue;
    if (op.f == "pause" && op.value.find("\"paused\"") != std::string::npos) {
      Window w{op.time, INT64_MAX, {}};
      maelstrom::Json value = maelstrom::Json::Parse(op.value);
      for (auto m : value.view().members()) {
        if (m.value().as_string() == "paused") w.nodes.insert(m.key());
      }
      windows.push_back(w);
    }
    if (op.f == "resume" && op.type == "info" && !windows.empty() &&
        windows.back().to == INT64_MAX) {
      windows.back().to = op.time;
    }
  }
  ASSERT_FALSE(windows.empty()) << Said(r);
  // Process p is worker p mod 3, which talks to node n(p mod 3).
  int tried_while_paused = 0;
  for (const auto& op : r.history) {
    if (op.process < 0) continue;
    if (op.type == "invoke") {
      invoked_at[op.process] = op.time;
      continue;
    }
    std::string node = "n" + std::to_string(op.process % 3);
    std::int64_t invoked = invoked_at[op.process];
    for (const auto& w : windows) {
      if (!w.nodes.count(node) || invoked < w.from || invoked >= w.to) continue;
      ++tried_while_paused;
      EXPECT_FALSE(op.type == "ok" && op.time < w.to)
          << node << " answered at " << op.time << " while paused until " << w.to;
    }
  }
  EXPECT_GT(tried_while_paused, 0) << "no operation met a paused node";
  EXPECT_GT(r.Count("info"), 0);
}

TEST(FaultsTest, PartitionKillAndPauseTogether) {
  GlomersRun r = RunGlomers({"test",
                             "-w",
                             "unique-ids",
                             "--bin",
                             TESTNODE_SERVICE_IDS,
                             "lin-tso",
                             "--node-count",
                             "3",
                             "--time-limit",
                             "2",
                             "--rate",
                             "100",
                             "--nemesis",
                             "partition,kill,pause",
                             "--nemesis-interval",
                             "0.1",
                             "--rpc-timeout",
                             "0.2",
                             "--seed",
                             "3"});
  // Timestamps from lin-tso stay unique through every fault.
  EXPECT_EQ(r.exit_code, 0) << Said(r);
  EXPECT_EQ(NemesisFs(r), (std::set<std::string>{"start-partition", "stop-partition", "kill",
                                                 "start", "pause", "resume"}));
  EXPECT_TRUE(Exists(r.dir + "/latency-raw.svg"));
  std::string svg = ReadFile(r.dir + "/latency-raw.svg");
  for (const char* color : {"#E9DCA0", "#E9A4A0", "#A0B1E9"}) {
    EXPECT_NE(svg.find(color), std::string::npos) << color;  // every kind of fault shaded
  }
}

// What a seed decides: the faults of each kind and their targets, and the operations' values.
// (How partitions interleave with kills and pauses depends on timing: a restart takes as long as
// the node needs to answer init.)
struct Decisions {
  std::vector<std::string> partitions;  // f and value of each partition operation
  std::vector<std::string> processes;   // the same for kills and pauses
  std::vector<std::string> values;      // each invocation's value
};

Decisions DecisionsOf(const GlomersRun& r) {
  Decisions d;
  for (const auto& op : r.history) {
    std::string decision = op.type + " " + op.f + " " + op.value;
    if (op.process >= 0) {
      if (op.type == "invoke") d.values.push_back(op.value);
    } else if (op.f.find("partition") != std::string::npos) {
      d.partitions.push_back(decision);
    } else {
      d.processes.push_back(decision);
    }
  }
  return d;
}

std::size_t CommonPrefix(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return n;
}

TEST(FaultsTest, TheSameSeedReplaysTheSameScheduleOfOperationsAndFaults) {
  auto run = [](const char* seed) {
    return RunGlomers({"test", "-w", "echo", "--bin", ECHO_NODE_BIN, "--node-count", "3",
                       "--time-limit", "1", "--rate", "100", "--nemesis", "partition,kill,pause",
                       "--nemesis-interval", "0.1", "--rpc-timeout", "0.1", "--seed", seed});
  };
  Decisions a = DecisionsOf(run("77")), b = DecisionsOf(run("77")), c = DecisionsOf(run("78"));
  // Enough of each to compare: three faults of each family, and more values than the prefix the
  // other seed may share by chance (below). How many more a run gets depends on the machine's
  // speed (a saturated one gave 17 values in the second; 20 were asked for), so no more is asked.
  ASSERT_GE(a.partitions.size(), 6u);
  ASSERT_GE(a.processes.size(), 6u);
  ASSERT_GE(std::min({a.values.size(), b.values.size(), c.values.size()}), 6u);
  // The limit may cut one run a fault (invocation and completion) earlier than the other; up to
  // there, all agree.
  auto agree = [](const std::vector<std::string>& x, const std::vector<std::string>& y) {
    return CommonPrefix(x, y) + 2 >= std::min(x.size(), y.size());
  };
  EXPECT_TRUE(agree(a.partitions, b.partitions)) << ::testing::PrintToString(a.partitions) << "\n"
                                                 << ::testing::PrintToString(b.partitions);
  EXPECT_TRUE(agree(a.processes, b.processes)) << ::testing::PrintToString(a.processes) << "\n"
                                               << ::testing::PrintToString(b.processes);
  EXPECT_EQ(CommonPrefix(a.values, b.values), std::min(a.values.size(), b.values.size()));
  // Another seed, another schedule.
  EXPECT_FALSE(agree(a.partitions, c.partitions) && agree(a.processes, c.processes));
  EXPECT_LT(CommonPrefix(a.values, c.values), 6u);
}

}  // namespace
}  // namespace glomers::e2e
