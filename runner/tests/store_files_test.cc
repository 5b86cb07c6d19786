// The store's files written from a small run's record and read back: results.edn with an EDN
// reader against results.json, history.edn and history.txt line by line against the history,
// every SVG and timeline.html as well-formed XML with what they must draw.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "edn_reader.h"
#include "history_builder.h"
#include "maelstrom/json.h"
#include "runner/src/edn_writer.h"
#include "runner/src/json_writer.h"
#include "runner/src/network.h"
#include "runner/src/store.h"
#include "runner/src/workload.h"
#include "testing/temp_dir.h"
#include "xml_check.h"

namespace glomers {
namespace {

using testing::Edn;
using testing::EdnReader;

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> Split(const std::string& line, char sep) {
  std::vector<std::string> out(1);
  for (char c : line) {
    if (c == sep) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

std::size_t Count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

// Whether the EDN is the JSON as results.edn means it: keys as keywords (or, keyed by id, the
// id), "unknown" validity as :unknown, arrays as vectors.
::testing::AssertionResult Same(maelstrom::JsonView json, const Edn& edn, const std::string& at) {
  using K = Edn::Kind;
  auto fail = [&](const std::string& why) {
    return ::testing::AssertionFailure() << at << ": " << why << " (JSON " << json.raw() << ")";
  };
  if (json.is_null()) return edn.kind == K::kNil ? ::testing::AssertionSuccess() : fail("not nil");
  if (json.is_bool()) {
    return edn.kind == K::kBool && edn.b == json.as_bool() ? ::testing::AssertionSuccess()
                                                           : fail("not the boolean");
  }
  if (json.is_integer()) {
    return edn.kind == K::kInt && edn.i == json.as_int64() ? ::testing::AssertionSuccess()
                                                           : fail("not the integer");
  }
  if (json.is_number()) {
    return edn.kind == K::kFloat && edn.f == json.as_double() ? ::testing::AssertionSuccess()
                                                              : fail("not the number");
  }
  if (json.is_string()) {
    if (edn.kind == K::kKeyword && json.as_string() == "unknown" && at.ends_with("valid?")) {
      return ::testing::AssertionSuccess();
    }
    return edn.kind == K::kString && edn.text == json.as_string() ? ::testing::AssertionSuccess()
                                                                  : fail("not the string");
  }
  if (json.is_array()) {
    if (edn.kind != K::kVector || edn.items.size() != json.size()) return fail("not the vector");
    for (std::size_t i = 0; i < json.size(); ++i) {
      auto r = Same(json[i], edn.items[i], at + "[" + std::to_string(i) + "]");
      if (!r) return r;
    }
    return ::testing::AssertionSuccess();
  }
  if (edn.kind != K::kMap || edn.items.size() != 2 * json.size()) return fail("not the map");
  std::size_t k = 0;
  for (auto member : json.members()) {
    const Edn& key = edn.items[k];
    std::string name = member.key();
    bool key_ok = (key.kind == K::kKeyword && key.text == name) ||
                  (key.kind == K::kInt && std::to_string(key.i) == name);
    if (!key_ok) return fail("key " + name + " is not :" + name + " or its id");
    auto r = Same(member.value(), edn.items[k + 1], at + "." + name);
    if (!r) return r;
    k += 2;
  }
  return ::testing::AssertionSuccess();
}

struct SmallRun {
  TestOptions options;
  HistoryBuilder h;
  FaultLog faults;
  Network net{LatencyDistribution(LatencyShape::kConstant, 0), Random(1, Random::kLatency)};
  Analysis analysis;
  testing::TempDir dir{"glomers-store-files"};

  SmallRun() {
    options.workload = "unique-ids";
    options.nodes = {"n0", "n1"};
    options.concurrency = "2";
    h.Generate(OpType::kOk, "7");
    h.Op("generate", "null", OpType::kOk, "7", 1);
    h.Nemesis("kill", R"({"n0":"killed"})");
    h.Op("generate", "null", OpType::kInfo, "null", 1);
    h.Generate(OpType::kInvoke, "null");
    faults.Begin(FaultKind::kKill, 5, {0}, "one");
    faults.Begin(FaultKind::kPause, 6, {}, "minority-third");
    Address n0 = net.Add("n0", EntityKind::kNode);
    Address n1 = net.Add("n1", EntityKind::kNode);
    Address c0 = net.OpenClient();
    net.Send(c0, n0, R"({"type":"generate","msg_id":1})", 0);
    net.Send(n0, n1, R"({"type":"gossip","text":"a <b> & \"c\""})", 0);
    net.Send(n1, c0, R"({"type":"error","code":13,"text":"crash"})", 0);
    while (auto e = net.TakeDue(1)) net.Received(*e);
    analysis = Analyze(options, *MakeWorkload("unique-ids"), h.history(), net.stats(), {});
  }
  std::string Write() {
    RunRecord record{&options, &h.history(), &analysis, &faults, 20, &net};
    auto problems = WriteStoreFiles(record, dir.path());
    EXPECT_TRUE(problems.empty()) << problems[0];
    return dir.path() + "/";
  }
};

TEST(StoreFilesTest, ResultsEdnIsResultsJsonForClojure) {
  SmallRun run;
  std::string dir = run.Write();
  Edn edn = EdnReader::Read(Read(dir + "results.edn"));
  maelstrom::JsonDocument json;
  std::string text = Read(dir + "results.json");
  ASSERT_TRUE(json.Parse(text));
  EXPECT_TRUE(Same(json.root(), edn, "results"));
  ASSERT_NE(edn.Get("valid?"), nullptr);
  EXPECT_EQ(edn.Get("valid?")->kind, Edn::Kind::kBool);
  EXPECT_FALSE(edn.Get("valid?")->b);
  // The duplicated id is the map's key as a number, as in Maelstrom's results.edn.
  const Edn* dup = edn.Get("workload")->Get("duplicated");
  ASSERT_EQ(dup->items.size(), 2u);
  EXPECT_EQ(dup->items[0].kind, Edn::Kind::kInt);
  EXPECT_EQ(dup->items[0].i, 7);
  EXPECT_EQ(dup->items[1].i, 2);
}

TEST(StoreFilesTest, HistoryEdnAndTextHaveALinePerOperation) {
  SmallRun run;
  std::string dir = run.Write();
  const History& h = run.h.history();
  auto edn_lines = Lines(Read(dir + "history.edn"));
  auto txt_lines = Lines(Read(dir + "history.txt"));
  ASSERT_EQ(edn_lines.size(), h.size());
  ASSERT_EQ(txt_lines.size(), h.size());
  for (std::size_t i = 0; i < h.size(); ++i) {
    const Op& op = h[static_cast<std::int64_t>(i)];
    Edn e = EdnReader::Read(edn_lines[i]);
    ASSERT_EQ(e.Get("index")->i, static_cast<std::int64_t>(i)) << edn_lines[i];
    EXPECT_EQ(e.Get("time")->i, op.time);
    EXPECT_EQ(e.Get("type")->kind, Edn::Kind::kKeyword);
    EXPECT_EQ(e.Get("type")->text, OpTypeName(op.type));
    EXPECT_EQ(e.Get("f")->text, op.f.view());
    auto fields = Split(txt_lines[i], '\t');
    ASSERT_GE(fields.size(), 4u) << txt_lines[i];
    EXPECT_EQ(fields[1], ":" + std::string(OpTypeName(op.type)));
    EXPECT_EQ(fields[2], ":" + std::string(op.f.view()));
    if (op.is_client()) {
      EXPECT_EQ(e.Get("process")->i, op.process);
      EXPECT_EQ(fields[0], std::to_string(op.process));
    } else {
      EXPECT_EQ(e.Get("process")->text, "nemesis");
      EXPECT_EQ(fields[0], ":nemesis");
      // Node names stay strings in a nemesis value: {"n0" "killed"}.
      EXPECT_EQ(e.Get("value")->items.at(0).kind, Edn::Kind::kString);
    }
    // The value column reads back as the same EDN as history.edn's :value.
    std::string value;
    AppendEdn(value, op.value, op.is_client() ? EdnKeys::kKeywords : EdnKeys::kStrings);
    EXPECT_EQ(fields[3], value);
    EdnReader::Read(fields[3]);
  }
}

TEST(StoreFilesTest, PicturesAndTimelineAreWellFormed) {
  SmallRun run;
  std::string dir = run.Write();
  for (const char* name :
       {"latency-raw.svg", "latency-quantiles.svg", "rate.svg", "messages.svg", "timeline.html"}) {
    std::string text = Read(dir + name);
    ASSERT_FALSE(text.empty()) << name;
    EXPECT_EQ(testing::CheckXml(text), "") << name;
  }
  std::string timeline = Read(dir + "timeline.html");
  // An operation box per invocation and per lone event: 4 client operations, 1 nemesis.
  EXPECT_EQ(Count(timeline, "<div class=\"op "), 5u);
  EXPECT_EQ(Count(timeline, "<div class=\"op ok\""), 2u);
  EXPECT_EQ(Count(timeline, "<div class=\"op info\""), 2u);
  EXPECT_EQ(Count(timeline, "<div class=\"op invoke\""), 1u);
  EXPECT_NE(timeline.find(">nemesis</div>"), std::string::npos);
  std::string messages = Read(dir + "messages.svg");
  EXPECT_EQ(Count(messages, "<title>"), 3u);  // each message received
  EXPECT_NE(
      messages.find(R"(<title>n0 → n1 {"type":"gossip","text":"a &lt;b&gt; &amp; \"c\""}</title>)"),
      std::string::npos);
  EXPECT_EQ(Count(messages, "<g class=\"e\"><title>n1 → c0"), 1u);  // the error reply, in pink
  EXPECT_EQ(Count(messages, "<g class=\"c\"><title>c0 → n0"), 1u);  // a client's, in blue
  EXPECT_EQ(Count(messages, "<g class=\"s\"><title>n0 → n1"), 1u);  // between servers, black
  EXPECT_NE(messages.find("6 network events, all drawn."), std::string::npos);
  std::string quantiles = Read(dir + "latency-quantiles.svg");
  for (const char* q : {"quantile 0.5<", "quantile 0.95<", "quantile 0.99<", "quantile 1<"}) {
    EXPECT_NE(quantiles.find(q), std::string::npos) << q;
  }
  // The pause that touched no node is a marker, and the legend says so.
  EXPECT_NE(quantiles.find("pause, touched no node"), std::string::npos);
}

// The messages.svg of a network journal, as the store writes it.
std::string MessagesSvg(const Network& net) {
  TestOptions options;
  History history;
  FaultLog faults;
  Analysis analysis;
  RunRecord record{&options, &history, &analysis, &faults, 1, &net};
  for (const auto& file : StoreFiles()) {
    if (file->name() != "messages.svg") continue;
    char* buf = nullptr;
    std::size_t size = 0;
    std::FILE* out = ::open_memstream(&buf, &size);
    std::string error;
    EXPECT_TRUE(file->Write(record, out, &error)) << error;
    std::fclose(out);
    std::string svg(buf, size);
    std::free(buf);
    return svg;
  }
  ADD_FAILURE() << "no messages.svg among the store's files";
  return "";
}

TEST(StoreFilesTest, MessagesBeyondTheJournalLimitAreLeftOutAndSaidSo) {
  Network net(LatencyDistribution(LatencyShape::kConstant, 0), Random(1, Random::kLatency));
  Address n0 = net.Add("n0", EntityKind::kNode);
  Address n1 = net.Add("n1", EntityKind::kNode);
  for (int i = 0; i < 6000; ++i) net.Send(n0, n1, R"({"type":"x"})", 0);
  while (auto e = net.TakeDue(1)) net.Received(*e);
  EXPECT_EQ(net.journal().events().size(), MessageJournal::kLimit);
  EXPECT_EQ(net.journal().total(), 12000);
  std::string svg = MessagesSvg(net);
  EXPECT_NE(svg.find("Only the first 10000 of 12000 network events are drawn"), std::string::npos);
  // 6000 sends fill the journal's first 6000 steps; the first 4000 receipts the rest.
  EXPECT_EQ(Count(svg, "<title>"), 4000u);
  EXPECT_EQ(testing::CheckXml(svg), "");
}

// A column's name repeats down the picture only beside the events it takes part in: with a
// column per node, naming every column every 50 steps grew as nodes times events.
TEST(StoreFilesTest, MessagesNameAColumnAgainOnlyWhereItHasEvents) {
  Network net(LatencyDistribution(LatencyShape::kConstant, 0), Random(1, Random::kLatency));
  std::vector<Address> nodes;
  for (int i = 0; i < 100; ++i)
    nodes.push_back(net.Add("n" + std::to_string(i), EntityKind::kNode));
  Address c0 = net.OpenClient();  // named c0
  for (Address n : nodes) net.Send(c0, n, R"({"type":"x"})", 0);  // steps 0-99: sends
  while (auto e = net.TakeDue(1)) net.Received(*e);               // steps 100-199: receipts
  for (int i = 0; i < 500; ++i) net.Send(nodes[0], nodes[1], R"({"type":"y"})", 1);
  while (auto e = net.TakeDue(2)) net.Received(*e);  // steps 200-1199
  ASSERT_EQ(net.journal().events().size(), 1200u);
  std::string svg = MessagesSvg(net);
  EXPECT_EQ(testing::CheckXml(svg), "");
  // n50's events are its send (step 50) and its receipt (step 150): the head, and blocks 50
  // and 150.
  EXPECT_EQ(Count(svg, ">n50</text>"), 3u);
  // n0 and n1: the head, block 100 (their receipts from c0) and the 20 blocks of their own
  // messages (steps 200-1199); c0: the head and blocks 50, 100 and 150.
  EXPECT_EQ(Count(svg, ">n0</text>"), 22u);
  EXPECT_EQ(Count(svg, ">n1</text>"), 22u);
  EXPECT_EQ(Count(svg, ">c0</text>"), 4u);
}

TEST(EdnWriterTest, KeysKeywordsAndStrings) {
  std::string out;
  AppendEdn(out, Value::Parse(R"({"ok-count":1,"valid?":true,"1 x":null,"12":[1.5,"a\"b\n"]})"));
  EXPECT_EQ(out, R"({:ok-count 1, :valid? true, "1 x" nil, 12 [1.5 "a\"b\n"]})");
  out.clear();
  AppendEdn(out, Value::Parse(R"({"n1":["n2"]})"), EdnKeys::kStrings);
  EXPECT_EQ(out, R"({"n1" ["n2"]})");
  out.clear();
  AppendResultsEdn(out,
                   Value::Parse(R"({"valid?":"unknown","x":{"valid?":"unknown"},"s":"unknown"})"));
  EXPECT_EQ(out, R"({:valid? :unknown, :x {:valid? :unknown}, :s "unknown"})");
  EXPECT_TRUE(KeywordName("valid?"));
  EXPECT_FALSE(KeywordName("1a"));
  EXPECT_FALSE(KeywordName("-1"));
  EXPECT_FALSE(KeywordName("a b"));
  EXPECT_FALSE(KeywordName(""));
}

}  // namespace
}  // namespace glomers
