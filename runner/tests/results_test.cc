// The files a test leaves: results.json's structure and the history's lines.
#include "runner/src/results.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "history_builder.h"
#include "maelstrom/json.h"

namespace glomers {
namespace {

TestOptions UniqueIdsOptions() {
  TestOptions o;
  o.workload = "unique-ids";
  o.nodes = {"n0", "n1"};
  o.availability.total = true;
  return o;
}

TEST(ResultsTest, HasMaelstromsKeysInJson) {
  HistoryBuilder h;
  h.Generate(OpType::kOk, "1").Generate(OpType::kOk, "2");
  Analysis a = Analyze(UniqueIdsOptions(), h.history(), NetStats{}, NodeReport{});
  EXPECT_EQ(a.valid, Validity::kTrue);
  maelstrom::JsonDocument doc;
  ASSERT_TRUE(doc.Parse(a.json)) << a.json;
  auto root = doc.root();
  std::vector<std::string> keys;
  for (auto m : root.members()) keys.push_back(m.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"perf", "timeline", "exceptions", "stats",
                                            "availability", "net", "workload", "nodes", "valid?"}));
  EXPECT_TRUE(root["valid?"].as_bool());
  EXPECT_TRUE(root["perf"]["latency-graph"]["valid?"].as_bool());
  EXPECT_EQ(root["stats"]["by-f"]["generate"]["ok-count"].as_int64(), 2);
  EXPECT_EQ(root["availability"]["ok-fraction"].as_double(), 1.0);
  EXPECT_EQ(root["workload"]["acknowledged-count"].as_int64(), 2);
  EXPECT_TRUE(root["net"]["valid?"].as_bool());
  // Pretty printing keeps the value.
  maelstrom::JsonDocument pretty;
  std::string text = PrettyJson(a.json);
  ASSERT_TRUE(pretty.Parse(text));
  EXPECT_TRUE(pretty.root() == root);
  EXPECT_NE(text.find("\n  \"valid?\": true\n}"), std::string::npos);
}

TEST(ResultsTest, FalseBeatsUnknownBeatsTrue) {
  HistoryBuilder dup;
  dup.Generate(OpType::kOk, "1").Generate(OpType::kOk, "1");
  EXPECT_EQ(Analyze(UniqueIdsOptions(), dup.history(), NetStats{}, NodeReport{}).valid,
            Validity::kFalse);
  HistoryBuilder objects;
  objects.Generate(OpType::kOk, "{}").Generate(OpType::kOk, "{\"a\":1}");
  Analysis unknown = Analyze(UniqueIdsOptions(), objects.history(), NetStats{}, NodeReport{});
  EXPECT_EQ(unknown.valid, Validity::kUnknown);
  EXPECT_NE(unknown.json.find(R"("valid?":"unknown")"), std::string::npos);
  objects.Generate(OpType::kInfo, "null");  // and availability total fails
  EXPECT_EQ(Analyze(UniqueIdsOptions(), objects.history(), NetStats{}, NodeReport{}).valid,
            Validity::kFalse);
}

TEST(ResultsTest, ACrashedNodeFailsTheTest) {
  HistoryBuilder h;
  h.Generate(OpType::kOk, "1");
  NodeReport report;
  report.crashes.push_back({"n1", "exited with status 3", 5, {"last words"}});
  report.bad_output.push_back({"n0", "DEBUG hi", "not well-formed JSON", 7});
  Analysis a = Analyze(UniqueIdsOptions(), h.history(), NetStats{}, report);
  EXPECT_EQ(a.valid, Validity::kFalse);
  EXPECT_NE(
      a.json.find(
          R"("nodes":{"valid?":false,"crashed":[{"node":"n1","how":"exited with status 3","time":5,"stderr-tail":["last words"]}],"invalid-output":[{"node":"n0","line":"DEBUG hi","reason":"not well-formed JSON","time":7}]})"),
      std::string::npos)
      << a.json;
  // Invalid output alone does not decide validity: its consequences do.
  report.crashes.clear();
  EXPECT_EQ(Analyze(UniqueIdsOptions(), h.history(), NetStats{}, report).valid, Validity::kTrue);
}

TEST(ResultsTest, TestJsonHoldsWhatItTakesToRunAgain) {
  TestOptions o = UniqueIdsOptions();
  o.bin = "./node";
  o.node_args = {"--fast"};
  o.nemesis = {Fault::kPartition, Fault::kKill};
  o.seed = 99;
  EXPECT_EQ(
      ToJson(o),
      R"({"workload":"unique-ids","bin":"./node","args":["--fast"],"nodes":["n0","n1"],)"
      R"("time-limit":60.0,"rate":5.0,"concurrency":2,"latency":{"mean":0,"dist":"constant"},)"
      R"("nemesis":["partition","kill"],"nemesis-interval":10.0,"availability":"total",)"
      R"("seed":99})");
}

TEST(HistoryTest, OneOperationPerLine) {
  HistoryBuilder h;
  h.Generate(OpType::kOk, "17");
  h.Nemesis("start-partition", "\"majority\"");
  History history = h.history();
  std::string path = ::testing::TempDir() + "/history-" + std::to_string(::getpid()) + ".jsonl";
  std::string error;
  ASSERT_TRUE(WriteHistoryFile(history, path, &error)) << error;
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0],
            R"({"index":0,"type":"invoke","f":"generate","value":null,"time":0,"process":0})");
  EXPECT_EQ(lines[1], R"({"index":1,"type":"ok","f":"generate","value":17,"time":1,"process":0})");
  EXPECT_EQ(
      lines[2],
      R"({"index":2,"type":"info","f":"start-partition","value":"majority","time":2,"process":"nemesis"})");
  EXPECT_EQ(history[0].pair, 1);
  EXPECT_EQ(history[1].pair, 0);
  std::remove(path.c_str());
  EXPECT_FALSE(WriteHistoryFile(history, "/nonexistent/dir/h.jsonl", &error));
  EXPECT_NE(error.find("/nonexistent/dir/h.jsonl"), std::string::npos);
}

TEST(HistoryTest, ErrorsAndExceptionsAreWritten) {
  Op op;
  op.index = 3;
  op.type = OpType::kInfo;
  op.f = "echo";
  op.value = "\"Please echo 1\"";
  op.process = 5;
  op.time = 9;
  op.error = "\"net-timeout\"";
  std::string out;
  AppendOpJson(out, op);
  EXPECT_EQ(
      out,
      R"({"index":3,"type":"info","f":"echo","value":"Please echo 1","time":9,"process":5,"error":"net-timeout"})");
}

}  // namespace
}  // namespace glomers
