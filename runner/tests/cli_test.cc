#include "runner/src/cli.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

namespace glomers {
namespace {

const std::string kNode = TESTNODE_UNIQUE_IDS;

CliCommand Parse(std::vector<std::string> args) { return ParseCommandLine(args); }

// A file that exists but cannot be run.
std::string PlainFile() {
  static std::string path = [] {
    std::string p = ::testing::TempDir() + "/plain-file-" + std::to_string(::getpid());
    std::FILE* f = std::fopen(p.c_str(), "w");
    std::fclose(f);
    ::chmod(p.c_str(), 0644);
    return p;
  }();
  return path;
}

// The message of the CliError that parsing throws, or "" if it parses.
std::string ErrorOf(std::vector<std::string> args) {
  try {
    ParseCommandLine(args);
  } catch (const CliError& e) {
    return e.what();
  }
  return "";
}

TEST(CliTest, DefaultsAreMaelstroms) {
  CliCommand c = Parse({"test", "-w", "echo", "--bin", kNode});
  EXPECT_EQ(c.action, CliAction::kTest);
  const TestOptions& o = c.options;
  EXPECT_EQ(o.workload, "echo");
  EXPECT_EQ(o.bin, kNode);
  // Without --node-count, Jepsen's default node list.
  EXPECT_EQ(o.nodes, (std::vector<std::string>{"n1", "n2", "n3", "n4", "n5"}));
  EXPECT_EQ(o.time_limit_s, 60);
  EXPECT_EQ(o.rate, 5);
  EXPECT_EQ(o.concurrency, "1n");
  EXPECT_EQ(o.concurrency_count(), 5);
  EXPECT_EQ(o.latency_ms, 0);
  EXPECT_EQ(o.latency_shape, LatencyShape::kConstant);
  EXPECT_TRUE(o.nemesis.empty());
  EXPECT_EQ(o.nemesis_interval_s, 10);
  EXPECT_FALSE(o.availability.judged());
  EXPECT_EQ(o.test_count, 1);
  EXPECT_FALSE(o.seed_given);
  EXPECT_EQ(o.store, "store");
  EXPECT_EQ(o.rpc_timeout_s, 5);
  EXPECT_EQ(o.init_timeout_s, 10);
  EXPECT_FALSE(o.strict);
  EXPECT_TRUE(o.node_args.empty());
}

TEST(CliTest, EveryFlag) {
  CliCommand c = Parse({"test",
                        "-w",
                        "unique-ids",
                        "--bin",
                        kNode,
                        "--node-count",
                        "3",
                        "--time-limit",
                        "0.5",
                        "--rate",
                        "1000",
                        "--concurrency",
                        "2n",
                        "--latency",
                        "20",
                        "--latency-dist",
                        "exponential",
                        "--nemesis",
                        "partition, kill,pause",
                        "--nemesis-interval",
                        "1/2",
                        "--availability",
                        "total",
                        "--seed",
                        "18446744073709551615",
                        "--store",
                        "/tmp/s",
                        "--rpc-timeout",
                        "0.25",
                        "--init-timeout",
                        "2",
                        "--test-count",
                        "3",
                        "--log-net-send",
                        "--log-net-recv"});
  const TestOptions& o = c.options;
  EXPECT_EQ(o.workload, "unique-ids");
  EXPECT_EQ(o.nodes, (std::vector<std::string>{"n0", "n1", "n2"}));
  EXPECT_EQ(o.time_limit_s, 0.5);
  EXPECT_EQ(o.rate, 1000);
  EXPECT_EQ(o.concurrency_count(), 6);
  EXPECT_EQ(o.latency_ms, 20);
  EXPECT_EQ(o.latency_shape, LatencyShape::kExponential);
  EXPECT_EQ(o.nemesis, (std::set<Fault>{Fault::kPartition, Fault::kKill, Fault::kPause}));
  EXPECT_EQ(o.nemesis_interval_s, 0.5);
  EXPECT_TRUE(o.availability.total);
  EXPECT_TRUE(o.seed_given);
  EXPECT_EQ(o.seed, 18446744073709551615ull);
  EXPECT_EQ(o.store, "/tmp/s");
  EXPECT_EQ(o.rpc_timeout_s, 0.25);
  EXPECT_EQ(o.init_timeout_s, 2);
  EXPECT_EQ(o.test_count, 3);
  EXPECT_TRUE(o.log_net_send);
  EXPECT_TRUE(o.log_net_recv);
}

TEST(CliTest, EqualsFormAndFractionAvailability) {
  CliCommand c = Parse({"test", "--workload=echo", "--bin=" + kNode, "--availability=0.75",
                        "--concurrency=4", "--latency-dist=uniform"});
  EXPECT_EQ(c.options.workload, "echo");
  ASSERT_TRUE(c.options.availability.fraction.has_value());
  EXPECT_EQ(*c.options.availability.fraction, 0.75);
  EXPECT_FALSE(c.options.availability.total);
  EXPECT_EQ(c.options.concurrency_count(), 4);
  EXPECT_EQ(c.options.latency_shape, LatencyShape::kUniform);
}

TEST(CliTest, NodeArgumentsArePositionalOrAfterDoubleDash) {
  CliCommand c = Parse({"test", "-w", "echo", "--bin", kNode, "fast", "7", "--node-count", "1",
                        "--", "--verbose", "-x"});
  EXPECT_EQ(c.options.node_args, (std::vector<std::string>{"fast", "7", "--verbose", "-x"}));
  EXPECT_EQ(c.options.nodes.size(), 1u);
}

TEST(CliTest, NodesByName) {
  CliCommand c = Parse({"test", "-w", "echo", "--bin", kNode, "--nodes", "a, b", "-n", "d"});
  EXPECT_EQ(c.options.nodes, (std::vector<std::string>{"a", "b", "d"}));
  // --node-count wins over names, as in Maelstrom.
  c = Parse({"test", "-w", "echo", "--bin", kNode, "--nodes", "a,b", "--node-count", "2"});
  EXPECT_EQ(c.options.nodes, (std::vector<std::string>{"n0", "n1"}));
  // As many as flake64 IDs have room for, and no more, however they are named.
  c = Parse({"test", "-w", "echo", "--bin", kNode, "--node-count", "1024"});
  ASSERT_EQ(c.options.nodes.size(), 1024u);
  EXPECT_EQ(c.options.nodes.back(), "n1023");
  std::vector<std::string> args = {"test", "-w", "echo", "--bin", kNode};
  for (int i = 0; i <= 1024; ++i) args.insert(args.end(), {"-n", "m" + std::to_string(i)});
  try {
    ParseCommandLine(args);
    ADD_FAILURE() << "1025 nodes were taken";
  } catch (const CliError& e) {
    EXPECT_STREQ(e.what(), "--nodes: 1025 nodes given, at most 1024");
  }
}

TEST(CliTest, Help) {
  EXPECT_EQ(Parse({"--help"}).action, CliAction::kHelp);
  EXPECT_EQ(Parse({"test", "-h"}).action, CliAction::kHelp);
  EXPECT_EQ(Parse({"test", "--bin", "/nonexistent", "--help"}).action, CliAction::kHelp);
  std::string usage = Usage();
  for (const char* flag :
       {"--workload", "--bin", "--node-count", "--time-limit", "--rate", "--concurrency",
        "--latency", "--latency-dist", "--nemesis", "--nemesis-interval", "--availability",
        "--seed", "--store", "--rpc-timeout", "--init-timeout", "--strict", "--test-count", "254",
        "255"}) {
    EXPECT_NE(usage.find(flag), std::string::npos) << flag;
  }
}

TEST(CliTest, EveryBadFlagSaysWhatIsWrong) {
  const std::string node = kNode;
  struct Case {
    std::vector<std::string> args;
    std::string expected;  // a piece of the message
  };
  std::vector<Case> cases = {
      {{}, "no command"},
      {{"demo"}, "unknown command \"demo\""},
      {{"test", "-w", "echo"}, "--bin is required"},
      {{"test", "--bin", node}, "lin-kv"},
      {{"test", "-w", "broadcast", "--bin", node}, "does not run yet"},
      {{"test", "-w", "nope", "--bin", node}, "must be one of echo, unique-ids"},
      {{"test", "-w", "echo", "--bin", "/nonexistent/node"}, "no such file"},
      {{"test", "-w", "echo", "--bin", PlainFile()}, "is not executable"},
      {{"test", "-w", "echo", "--bin", "/tmp"}, "is not a file"},
      {{"test", "-w", "echo", "--bin", node, "--frobnicate"}, "unknown option --frobnicate"},
      {{"test", "-w", "echo", "--bin", node, "--rate"}, "missing value for --rate"},
      {{"test", "-w", "echo", "--bin", node, "--rate", "fast"}, "--rate fast: must be a number"},
      {{"test", "-w", "echo", "--bin", node, "--rate", "-1"}, "can't be negative"},
      {{"test", "-w", "echo", "--bin", node, "--rate", "nan"}, "must be a number"},
      {{"test", "-w", "echo", "--bin", node, "--time-limit", "0"},
       "--time-limit 0: must be positive"},
      {{"test", "-w", "echo", "--bin", node, "--time-limit", "10s"}, "must be a number"},
      {{"test", "-w", "echo", "--bin", node, "--node-count", "0"},
       "--node-count 0: must be positive"},
      {{"test", "-w", "echo", "--bin", node, "--node-count", "2.5"}, "must be an integer"},
      {{"test", "-w", "echo", "--bin", node, "--node-count", "1025"},
       "--node-count 1025: must be at most 1024"},
      {{"test", "-w", "echo", "--bin", node, "--concurrency", "3m"}, "optionally followed by n"},
      {{"test", "-w", "echo", "--bin", node, "--concurrency", "0"}, "must be positive"},
      {{"test", "-w", "echo", "--bin", node, "--latency", "-5"}, "must be non-negative"},
      {{"test", "-w", "echo", "--bin", node, "--latency", "1.5"}, "must be an integer"},
      {{"test", "-w", "echo", "--bin", node, "--latency-dist", "normal"},
       "constant, uniform, or exponential"},
      {{"test", "-w", "echo", "--bin", node, "--nemesis", "partition,clock"},
       "\"clock\" is not one"},
      {{"test", "-w", "echo", "--bin", node, "--nemesis", ""}, "is not one"},
      {{"test", "-w", "echo", "--bin", node, "--nemesis-interval", "0"}, "must be positive"},
      {{"test", "-w", "echo", "--bin", node, "--availability", "1.5"}, "between 0 and 1"},
      {{"test", "-w", "echo", "--bin", node, "--availability", "most"}, "between 0 and 1"},
      {{"test", "-w", "echo", "--bin", node, "--seed", "-1"}, "--seed -1"},
      {{"test", "-w", "echo", "--bin", node, "--seed", "99999999999999999999"}, "below 2^64"},
      {{"test", "-w", "echo", "--bin", node, "--store", ""}, "must name a directory"},
      {{"test", "-w", "echo", "--bin", node, "--rpc-timeout", "0"}, "--rpc-timeout"},
      {{"test", "-w", "echo", "--bin", node, "--init-timeout", "-1"}, "--init-timeout"},
      {{"test", "-w", "echo", "--bin", node, "--test-count", "0"}, "must be positive"},
      {{"test", "-w", "echo", "--bin", node, "--nodes", "n1,n1"}, "given twice"},
      {{"test", "-w", "echo", "--bin", node, "--nodes", "c1"}, "starts with c"},
      {{"test", "-w", "echo", "--bin", node, "--nodes", "lin-kv"}, "service's name"},
      {{"test", "-w", "echo", "--bin", node, "--log-net-send=yes"}, "takes no value"},
  };
  for (const auto& c : cases) {
    std::string message = ErrorOf(c.args);
    EXPECT_NE(message, "") << "parsed: " << ::testing::PrintToString(c.args);
    EXPECT_NE(message.find(c.expected), std::string::npos)
        << "message \"" << message << "\" lacks \"" << c.expected << "\"";
  }
}

// --strict is glomers's own switch, not a prefix of Maelstrom's --strict-host-key-checking.
TEST(CliTest, StrictMakesLintFail) {
  CliCommand c = Parse({"test", "-w", "echo", "--bin", kNode, "--strict"});
  EXPECT_TRUE(c.options.strict);
  EXPECT_TRUE(c.options.node_args.empty());
  c = Parse({"test", "-w", "echo", "--bin", kNode, "--strict-host-key-checking"});
  EXPECT_FALSE(c.options.strict);
}

TEST(CliTest, IgnoredMaelstromFlagsAreAccepted) {
  CliCommand c = Parse({"test", "-w", "echo", "--bin", kNode, "--topology", "grid", "--log-stderr",
                        "--key-count", "3", "--no-ssh"});
  EXPECT_EQ(c.action, CliAction::kTest);
  EXPECT_TRUE(c.options.node_args.empty());
}

}  // namespace
}  // namespace glomers
