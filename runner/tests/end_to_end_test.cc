// glomers against real node processes: one verdict per kind of node.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>

#include "e2e_util.h"
#include "runner/src/child_process.h"

namespace glomers::e2e {
namespace {

// Prints what glomers said when a test fails.
std::string Said(const GlomersRun& r) { return "stdout:\n" + r.out + "\nstderr:\n" + r.err; }

TEST(EndToEndTest, EchoNodePassesAndLeavesItsFiles) {
  GlomersRun r = RunGlomers({"test", "-w", "echo", "--bin", ECHO_NODE_BIN, "--node-count", "1",
                             "--time-limit", "0.5", "--rate", "40"});
  ASSERT_EQ(r.exit_code, 0) << Said(r);
  EXPECT_TRUE(r.results["valid?"].as_bool());
  EXPECT_TRUE(r.results["workload"]["valid?"].as_bool());
  EXPECT_GE(r.results["stats"]["ok-count"].as_int64(), 1);
  for (const char* file : {"results.json", "history.jsonl", "latency-raw.svg", "rate.svg",
                           "test.json", "node-logs/n0.log", "work"}) {
    EXPECT_TRUE(Exists(r.dir + "/" + file)) << file;
  }
  EXPECT_TRUE(Exists(r.store + "/store/latest/results.json"));
  EXPECT_TRUE(Exists(r.store + "/store/echo/latest/results.json"));
  EXPECT_NE(r.out.find("Everything looks good!"), std::string::npos) << Said(r);
  EXPECT_NE(r.out.find("p99"), std::string::npos);
  EXPECT_NE(r.out.find("us per operation"), std::string::npos);
  EXPECT_NE(r.err.find("seed"), std::string::npos);
  // Every invocation carries a value like Maelstrom's, and comes back.
  for (const auto& op : r.history) {
    if (op.type == "invoke") {
      EXPECT_EQ(op.value.rfind("\"Please echo ", 0), 0u) << op.value;
    } else if (op.type == "ok") {
      EXPECT_NE(op.value.find("\"echo_ok\""), std::string::npos);
    }
  }
  // The net counts init (2 messages) and two messages per operation, all with clients.
  std::int64_t ops = r.Count("ok");
  EXPECT_EQ(r.results["net"]["clients"]["send-count"].as_int64(), 2 + 2 * ops);
  EXPECT_EQ(r.results["net"]["servers"]["send-count"].as_int64(), 0);
}

TEST(EndToEndTest, CorrectUniqueIdsNodeIsValid) {
  GlomersRun r =
      RunGlomers({"test", "-w", "unique-ids", "--bin", TESTNODE_UNIQUE_IDS, "--node-count", "3",
                  "--time-limit", "0.5", "--rate", "200", "--availability", "total"});
  ASSERT_EQ(r.exit_code, 0) << Said(r);
  auto w = r.results["workload"];
  std::int64_t invokes = 0;
  for (const auto& op : r.history) invokes += op.type == "invoke";
  EXPECT_GT(invokes, 20);
  EXPECT_EQ(w["attempted-count"].as_int64(), invokes);
  EXPECT_EQ(w["acknowledged-count"].as_int64(), r.Count("ok"));
  EXPECT_EQ(w["duplicated-count"].as_int64(), 0);
  EXPECT_EQ(w["range"][0].as_int64(), 0);
  EXPECT_EQ(r.results["availability"]["ok-fraction"].as_double(), 1.0);
  // Three workers, one per node, in turn: every node served.
  std::set<std::int64_t> processes;
  for (const auto& op : r.history) processes.insert(op.process);
  EXPECT_EQ(processes, (std::set<std::int64_t>{0, 1, 2}));
}

TEST(EndToEndTest, DuplicateIdsAcrossNodesAreInvalid) {
  GlomersRun r = RunGlomers({"test", "-w", "unique-ids", "--bin", TESTNODE_DUPLICATE_IDS,
                             "--node-count", "3", "--time-limit", "0.5", "--rate", "200"});
  ASSERT_EQ(r.exit_code, 1) << Said(r);
  // The checker's count matches the history: ids acknowledged more than once.
  std::map<std::string, int> seen;
  for (const auto& op : r.history) {
    if (op.type == "ok") ++seen[op.value];
  }
  std::int64_t duplicated = 0;
  for (const auto& [id, count] : seen) duplicated += count > 1;
  EXPECT_GT(duplicated, 0);
  EXPECT_EQ(r.results["workload"]["duplicated-count"].as_int64(), duplicated);
  EXPECT_FALSE(r.results["workload"]["valid?"].as_bool());
  EXPECT_FALSE(r.results["valid?"].as_bool());
  EXPECT_NE(r.out.find("Analysis invalid!"), std::string::npos);
}

TEST(EndToEndTest, IdsThatCannotBeOrderedMakeTheVerdictUnknown) {
  GlomersRun r = RunGlomers({"test", "-w", "unique-ids", "--bin", TESTNODE_OBJECT_IDS,
                             "--node-count", "2", "--time-limit", "0.3", "--rate", "50"});
  ASSERT_EQ(r.exit_code, 2) << Said(r);
  EXPECT_EQ(r.results["valid?"].as_string(), "unknown");
  EXPECT_EQ(r.results["workload"]["valid?"].as_string(), "unknown");
  EXPECT_NE(r.results["workload"]["error"].as_string().find("cannot compare ids"),
            std::string::npos);
  EXPECT_TRUE(r.results["stats"]["valid?"].as_bool());
  EXPECT_NE(r.out.find("no anomalies found"), std::string::npos) << Said(r);
}

TEST(EndToEndTest, AReplyWithAnExtraKeyFailsAvailabilityTotal) {
  GlomersRun r =
      RunGlomers({"test", "-w", "unique-ids", "--bin", TESTNODE_EXTRA_KEY, "--node-count", "1",
                  "--time-limit", "0.3", "--rate", "50", "--availability", "total"});
  ASSERT_EQ(r.exit_code, 1) << Said(r);
  EXPECT_FALSE(r.results["availability"]["valid?"].as_bool());
  EXPECT_EQ(r.results["availability"]["ok-fraction"].as_double(), 0.0);
  EXPECT_EQ(r.Count("ok"), 0);
  EXPECT_GT(r.Count("info"), 0);
  for (const auto& op : r.history) {
    if (op.type == "info") {
      EXPECT_NE(op.error.find("Malformed RPC response"), std::string::npos) << op.error;
      EXPECT_NE(op.error.find("debug is a disallowed key"), std::string::npos) << op.error;
    }
  }
  auto exceptions = r.results["exceptions"]["exceptions"];
  EXPECT_EQ(exceptions[0]["count"].as_int64(), r.Count("info"));
  EXPECT_EQ(exceptions[0]["class"].as_string(), "clojure.lang.ExceptionInfo");
}

TEST(EndToEndTest, ANodeThatNeverAnswersInitAbortsTheTest) {
  GlomersRun r = RunGlomers({"test", "-w", "unique-ids", "--bin", TESTNODE_NO_INIT, "--node-count",
                             "2", "--time-limit", "0.5", "--init-timeout", "0.3"});
  EXPECT_EQ(r.exit_code, 255) << Said(r);
  EXPECT_NE(r.err.find("test aborted: Expected node n0 to respond to an init message"),
            std::string::npos)
      << Said(r);
  EXPECT_TRUE(r.results.is_null());  // no results: the test never ran
}

TEST(EndToEndTest, ANodeThatExitsMidTestFails) {
  // One node, which answers its first request and exits on its second. The first operation goes
  // at once and the second as soon as the first is answered, well inside the second the test
  // lasts; the second stays in flight until its 3 s timeout, so the node has that long to read it
  // and exit before glomers stops the nodes. (With two nodes exiting on their third request and a
  // 0.2 s timeout, a slow ASan run timed out every request but two per node before the node had
  // read its third, and no node crashed.)
  GlomersRun r =
      RunGlomers({"test", "-w", "unique-ids", "--bin", TESTNODE_EXIT_MID_TEST, "2", "--node-count",
                  "1", "--time-limit", "1", "--rate", "100", "--rpc-timeout", "3"});
  ASSERT_EQ(r.exit_code, 1) << Said(r);
  EXPECT_EQ(r.Count("ok"), 1) << Said(r);  // mid-test: it had served a request
  auto crashed = r.results["nodes"]["crashed"];
  ASSERT_GE(crashed.size(), 1u) << Said(r);
  EXPECT_EQ(crashed[0]["how"].as_string(), "exited with status 3");
  EXPECT_NE(std::string(crashed[0]["stderr-tail"].raw()).find("exiting on purpose"),
            std::string::npos);
  EXPECT_FALSE(r.results["nodes"]["valid?"].as_bool());
  // Without the crash, everything else would pass.
  EXPECT_TRUE(r.results["workload"]["valid?"].as_bool());
  EXPECT_NE(r.out.find("exited with status 3"), std::string::npos) << Said(r);
  EXPECT_NE(r.err.find("crashed"), std::string::npos);
}

TEST(EndToEndTest, ALogLineOnStdoutIsReportedAndStopsTheNode) {
  GlomersRun r =
      RunGlomers({"test", "-w", "echo", "--bin", TESTNODE_STDOUT_LOG, "2", "--node-count", "1",
                  "--time-limit", "0.5", "--rate", "30", "--rpc-timeout", "0.2"});
  ASSERT_EQ(r.exit_code, 1) << Said(r);
  auto bad = r.results["nodes"]["invalid-output"];
  ASSERT_EQ(bad.size(), 1u) << Said(r);
  EXPECT_EQ(bad[0]["node"].as_string(), "n0");
  EXPECT_EQ(bad[0]["line"].as_string(), "DEBUG: got echo 2");
  EXPECT_NE(bad[0]["reason"].as_string().find("not well-formed JSON"), std::string::npos);
  EXPECT_NE(r.out.find("DEBUG: got echo 2"), std::string::npos) << Said(r);
  EXPECT_NE(r.err.find("DEBUG: got echo 2"), std::string::npos) << Said(r);
  // The first echo was answered; nothing after the bad line was read.
  EXPECT_EQ(r.Count("ok"), 1);
  EXPECT_GE(r.Count("info"), 1);
  // As in Jepsen, an indeterminate operation ends its process: the worker goes on as process
  // p + concurrency (here 1).
  std::int64_t process = 0;
  for (const auto& op : r.history) {
    EXPECT_EQ(op.process, process) << op.index;
    if (op.type == "info") ++process;
  }
  EXPECT_FALSE(r.results["workload"]["valid?"].as_bool());
}

TEST(EndToEndTest, ANodeSlowerThanFiveSecondsGivesUnknownOperations) {
  // Maelstrom's own 5 s timeout, not shortened: this test takes about five seconds.
  GlomersRun r = RunGlomers({"test", "-w", "unique-ids", "--bin", TESTNODE_SLOW, "6000",
                             "--node-count", "1", "--time-limit", "0.2", "--rate", "10"});
  ASSERT_EQ(r.history.size(), 2u) << Said(r);
  EXPECT_EQ(r.history[1].type, "info");
  EXPECT_EQ(r.history[1].error, "\"net-timeout\"");
  std::int64_t waited = r.history[1].time - r.history[0].time;
  EXPECT_GE(waited, 5'000'000'000);
  EXPECT_EQ(r.results["stats"]["info-count"].as_int64(), 1);
  // No operation succeeded, which the stats checker calls invalid, as Jepsen's does.
  EXPECT_EQ(r.exit_code, 1) << Said(r);
  EXPECT_FALSE(r.results["stats"]["valid?"].as_bool());
  EXPECT_TRUE(r.results["workload"]["valid?"].as_bool());
}

TEST(EndToEndTest, ServicesAnswerNodes) {
  for (const char* service : {"lin-tso", "lin-kv", "seq-kv"}) {
    GlomersRun r = RunGlomers({"test", "-w", "unique-ids", "--bin", TESTNODE_SERVICE_IDS, service,
                               "--node-count", "2", "--time-limit", "0.4", "--rate", "50",
                               "--latency", "1", "--availability", "total"});
    EXPECT_EQ(r.exit_code, 0) << service << "\n" << Said(r);
    EXPECT_GT(r.results["net"]["servers"]["send-count"].as_int64(), 0) << service;
    EXPECT_EQ(r.results["workload"]["duplicated-count"].as_int64(), 0) << service;
  }
}

TEST(EndToEndTest, CommandLineErrorsHaveTheirOwnExitCode) {
  GlomersRun bad = RunGlomers({"test", "-w", "echo", "--bin", ECHO_NODE_BIN, "--rate", "fast"});
  EXPECT_EQ(bad.exit_code, 254);
  EXPECT_NE(bad.err.find("--rate fast: must be a number"), std::string::npos) << Said(bad);
  EXPECT_TRUE(bad.dir.empty());
  GlomersRun missing = RunGlomers({"test", "-w", "echo", "--bin", "/nonexistent"});
  EXPECT_EQ(missing.exit_code, 254);
  EXPECT_NE(missing.err.find("no such file"), std::string::npos);
  GlomersRun help = RunGlomers({"test", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Usage: glomers test"), std::string::npos);
}

// Started with stdin, stdout and stderr closed, glomers opens them on /dev/null before anything
// else: otherwise the first descriptors it opens (its epoll, a node's pipes) would take their
// numbers, and what it prints would go into them.
TEST(EndToEndTest, ClosedStandardDescriptorsAreReopenedOnDevNull) {
  glomers::testing::TempDir store("glomers-e2e-fds");
  SpawnOptions o;
  o.argv = {
      GLOMERS_BIN, "test",         "-w", "echo",   "--bin", ECHO_NODE_BIN, "--node-count",
      "1",         "--time-limit", "1",  "--rate", "10",    "--store",     store.path() + "/store"};
  o.in = o.out = o.err = SpawnOptions::Stream::Closed();
  std::string error;
  auto glomers = ChildProcess::Spawn(o, &error);
  ASSERT_TRUE(glomers.has_value()) << error;
  std::string proc = "/proc/" + std::to_string(glomers->pid());
  // Once its node runs, glomers has opened everything it opens before the test.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  std::string children;
  while (children.empty() && std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(proc + "/task/" + std::to_string(glomers->pid()) + "/children");
    std::getline(in, children);
    if (children.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_FALSE(children.empty()) << "glomers never started its node";
  for (int fd = 0; fd <= 2; ++fd) {
    char target[256] = {};
    ssize_t n = ::readlink((proc + "/fd/" + std::to_string(fd)).c_str(), target, sizeof target - 1);
    EXPECT_EQ(std::string(target, n > 0 ? static_cast<std::size_t>(n) : 0), "/dev/null")
        << "fd " << fd;
  }
  int status = glomers->Wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << DescribeWaitStatus(status);
  EXPECT_TRUE(Exists(store.path() + "/store/latest/results.json"));
}

}  // namespace
}  // namespace glomers::e2e
