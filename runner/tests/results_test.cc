// The files a test leaves: results.json's structure and the history's lines.
#include "runner/src/results.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "history_builder.h"
#include "maelstrom/json.h"
#include "runner/src/json_writer.h"
#include "runner/src/store.h"
#include "testing/temp_dir.h"

namespace glomers {
namespace {

Analysis Analyze(const TestOptions& o, const History& h, const NetStats& net,
                 const NodeReport& nodes) {
  return glomers::Analyze(o, *MakeWorkload(o.workload), h, net, nodes);
}

std::string OpJson(const History& history, std::int64_t index) {
  std::string out;
  JsonWriter w(out);
  WriteOpJson(w, history, index);
  return out;
}

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
  std::string json = ToJson(a, h.history());
  maelstrom::JsonDocument doc;
  ASSERT_TRUE(doc.Parse(json)) << json;
  auto root = doc.root();
  std::vector<std::string> keys;
  for (auto m : root.members()) keys.push_back(m.key());
  EXPECT_EQ(keys,
            (std::vector<std::string>{"perf", "timeline", "exceptions", "stats", "availability",
                                      "net", "workload", "nodes", "lint", "valid?"}));
  EXPECT_TRUE(root["valid?"].as_bool());
  EXPECT_TRUE(root["perf"]["latency-graph"]["valid?"].as_bool());
  EXPECT_EQ(root["stats"]["by-f"]["generate"]["ok-count"].as_int64(), 2);
  EXPECT_EQ(root["availability"]["ok-fraction"].as_double(), 1.0);
  EXPECT_EQ(root["workload"]["acknowledged-count"].as_int64(), 2);
  EXPECT_TRUE(root["net"]["valid?"].as_bool());
  // Pretty printing keeps the value.
  maelstrom::JsonDocument pretty;
  std::string text = PrettyJson(json);
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
  EXPECT_NE(ToJson(unknown, objects.history()).find(R"("valid?":"unknown")"), std::string::npos);
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
  std::string json = ToJson(a, h.history());
  EXPECT_NE(
      json.find(
          R"("nodes":{"valid?":false,"crashed":[{"node":"n1","how":"exited with status 3","time":5,"stderr-tail":["last words"]}],"invalid-output":[{"node":"n0","line":"DEBUG hi","reason":"not well-formed JSON","time":7}]})"),
      std::string::npos)
      << json;
  // Invalid output alone does not decide validity: its consequences do.
  report.crashes.clear();
  EXPECT_EQ(Analyze(UniqueIdsOptions(), h.history(), NetStats{}, report).valid, Validity::kTrue);
}

// Lint is reported outside the verdict; only --strict lets it fail the run.
TEST(ResultsTest, LintFailsTheTestOnlyWhenStrict) {
  HistoryBuilder h;
  h.Generate(OpType::kOk, "1");
  NodeReport report;
  report.lint.Add(LintBit(LintKind::kTrailingText), 0, "n0", "{} x", 3);
  TestOptions o = UniqueIdsOptions();
  Analysis lenient = Analyze(o, h.history(), NetStats{}, report);
  EXPECT_EQ(lenient.valid, Validity::kTrue);
  std::string json = ToJson(lenient, h.history());
  EXPECT_NE(json.find(R"("lint":{"valid?":true,"strict":false,"count":1,"findings":[{"kind":)"
                      R"("trailing-text")"),
            std::string::npos)
      << json;
  o.strict = true;
  Analysis strict = Analyze(o, h.history(), NetStats{}, report);
  EXPECT_EQ(strict.valid, Validity::kFalse);
  EXPECT_NE(ToJson(strict, h.history()).find(R"("lint":{"valid?":false,"strict":true,"reason")"),
            std::string::npos);
  EXPECT_EQ(Analyze(o, h.history(), NetStats{}, NodeReport{}).valid, Validity::kTrue);
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
      R"("strict":false,"seed":99})");
}

TEST(HistoryTest, OneOperationPerLine) {
  HistoryBuilder h;
  h.Generate(OpType::kOk, "17");
  h.Nemesis("start-partition", "\"majority\"");
  const History& history = h.history();
  glomers::testing::TempDir dir("glomers-results-test");
  std::string path = dir.path() + "/history.jsonl";
  std::FILE* file = std::fopen(path.c_str(), "w");
  ASSERT_NE(file, nullptr);
  ASSERT_TRUE(WriteHistory(history, file));
  ASSERT_EQ(std::fclose(file), 0);
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
}

TEST(HistoryTest, ErrorsAndExceptionsAreWritten) {
  History history;
  for (int i = 0; i < 3; ++i) history.Append(Op{});
  Op op;
  op.type = OpType::kInfo;
  op.f = FName("echo");
  op.value = Value::String("Please echo 1");
  op.process = 5;
  op.time = 9;
  history.Append(op, {Value::String("net-timeout"), Value()});
  EXPECT_EQ(
      OpJson(history, 3),
      R"({"index":3,"type":"info","f":"echo","value":"Please echo 1","time":9,"process":5,"error":"net-timeout"})");
  history.Append(op, {Value(), Value::Parse(R"({"via":[]})")});
  EXPECT_EQ(
      OpJson(history, 4),
      R"({"index":4,"type":"info","f":"echo","value":"Please echo 1","time":9,"process":5,"exception":{"via":[]}})");
  EXPECT_TRUE(history.error(history[2]).is_null());
}

TEST(HistoryTest, GrowsInBlocksAndKeepsEveryOperationInPlace) {
  History history;
  const std::size_t n = 3 * (std::size_t{1} << 16) + 5;
  for (std::size_t i = 0; i < n; ++i) {
    Op op;
    op.value = Value::Int(static_cast<std::int64_t>(i));
    history.Append(op);
  }
  const Op* first = &history[0];
  history.Append(Op{});
  EXPECT_EQ(first, &history[0]);  // never moved
  ASSERT_EQ(history.size(), n + 1);
  std::int64_t expected = 0;
  for (auto it = history.begin(); it != history.end() && expected < static_cast<std::int64_t>(n);
       ++it) {
    EXPECT_EQ(it.index(), expected);
    ASSERT_EQ((*it).value.int64(), expected);
    ++expected;
  }
  EXPECT_EQ(expected, static_cast<std::int64_t>(n));
  EXPECT_EQ(sizeof(Op), 48u);
}

TEST(StoreTest, EveryFileIsWrittenAndAProblemNamesItsPath) {
  HistoryBuilder h;
  h.Generate(OpType::kOk, "1").Generate(OpType::kOk, "2");
  TestOptions o = UniqueIdsOptions();
  Analysis a = Analyze(o, h.history(), NetStats{}, NodeReport{});
  FaultLog faults;
  RunRecord run{&o, &h.history(), &a, &faults, 10};
  glomers::testing::TempDir dir("glomers-store-test");
  EXPECT_TRUE(WriteStoreFiles(run, dir.path()).empty());
  std::vector<std::string> names;
  for (const auto& file : StoreFiles()) {
    names.emplace_back(file->name());
    std::ifstream in(dir.path() + "/" + names.back());
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_FALSE(text.str().empty()) << names.back();
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{"results.json", "results.edn", "history.jsonl", "history.edn",
                                      "history.txt", "latency-raw.svg", "latency-quantiles.svg",
                                      "rate.svg", "timeline.html", "messages.svg"}));
  auto problems = WriteStoreFiles(run, "/nonexistent/dir");
  ASSERT_EQ(problems.size(), StoreFiles().size());
  EXPECT_NE(problems[2].find("/nonexistent/dir/history.jsonl"), std::string::npos) << problems[2];
}

}  // namespace
}  // namespace glomers
