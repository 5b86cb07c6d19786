// The store end to end: every file a run leaves, the console copied into jepsen.log, node logs
// marking each start, and failing runs whose summary says which node did what, when, and the
// fault that explains it, checked line by line against the history.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "e2e_util.h"

namespace glomers::e2e {
namespace {

std::string Said(const GlomersRun& r) { return "stdout:\n" + r.out + "\nstderr:\n" + r.err; }

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string Seconds(std::int64_t ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f s", static_cast<double>(ns) / 1e9);
  return buf;
}

std::string AtTimes(std::vector<std::int64_t> times) {
  std::sort(times.begin(), times.end());
  std::string s = "at ";
  std::size_t shown = std::min<std::size_t>(times.size(), 4);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) s += (i + 1 == shown && times.size() <= 4) ? " and " : ", ";
    s += Seconds(times[i]);
  }
  if (times.size() > 4) s += " and " + std::to_string(times.size() - 4) + " more";
  return s;
}

std::size_t Count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

// One node that counts from 0 again after each restart: every id it hands out twice is
// explained by the kill between the two answers.
TEST(StoreE2eTest, DuplicatesNameTheNodeTheirTimesAndTheRestartBetween) {
  // A duplicate needs two lives of n0 that both answer. How long a restart takes is the
  // machine's business: under load (ASan, busy cores) a restart could outlast the gap before the
  // next kill, and a run then had no duplicate at all (exit 0). Kills a second apart leave each
  // life time to answer (seed 9 kills n0 at about 2 s and restarts it at 2.6 s, for a life of 1.4
  // s); should a run still see none, the next seed is tried (at most three), and everything below
  // is checked, exactly, on the first run that has duplicates.
  GlomersRun r;
  for (const char* seed : {"9", "5", "2"}) {
    r = RunGlomers({"test", "-w", "unique-ids", "--bin", TESTNODE_DUPLICATE_IDS, "--node-count",
                    "1", "--time-limit", "4", "--rate", "100", "--nemesis", "kill",
                    "--nemesis-interval", "1", "--rpc-timeout", "0.2", "--seed", seed});
    if (r.exit_code != 0 || r.out.find(" 0 duplicated,") == std::string::npos) break;
    std::printf("seed %s: no life after a restart answered (0 duplicated); trying the next\n",
                seed);
  }
  ASSERT_EQ(r.exit_code, 1) << Said(r);
  // The kills and restarts of n0, from the history: [killed at, restarted at].
  std::vector<std::pair<std::int64_t, std::int64_t>> kills;
  for (const auto& op : r.history) {
    if (op.process >= 0 || op.type != "info") continue;
    if (op.f == "kill" && op.value.find("\"killed\"") != std::string::npos) {
      kills.emplace_back(op.time, -1);
    }
    if (op.f == "start" && op.value.find("\"started\"") != std::string::npos && !kills.empty()) {
      kills.back().second = op.time;
    }
  }
  ASSERT_FALSE(kills.empty()) << Said(r);
  auto lines = Lines(r.out);
  std::regex id_line(R"(^ +id (\d+) came back (\d+) times$)");
  int explained = 0;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    std::smatch m;
    if (!std::regex_match(lines[i], m, id_line)) continue;
    std::vector<std::int64_t> times;
    for (const auto& op : r.history) {
      if (op.process >= 0 && op.type == "ok" && op.value == m[1].str()) times.push_back(op.time);
    }
    ASSERT_EQ(std::to_string(times.size()), m[2].str()) << lines[i];
    std::sort(times.begin(), times.end());
    // The kill between the first and the last answer (the first such, as the explainer picks).
    // The last answer may carry the restart's very time: a request that waited in the new
    // process's stdin is answered in the read that brings its init_ok (a loaded ASan run printed
    // "at 0.012 s and 1.740 s; n0 was killed at 0.977 s and restarted at 1.740 s").
    std::string fault;
    for (const auto& [killed, restarted] : kills) {
      if (times.front() < killed && restarted >= 0 && restarted <= times.back()) {
        fault = "n0 was killed at " + Seconds(killed) + " and restarted at " + Seconds(restarted);
        break;
      }
    }
    ASSERT_FALSE(fault.empty()) << lines[i] << "\n" << Said(r);
    EXPECT_EQ(lines[i + 1], "           n0, " + AtTimes(times) + "; " + fault) << Said(r);
    ++explained;
  }
  // How many ids came back twice or more depends on how many requests the node answered on
  // each side of a kill, so on the machine's speed: the summary's count must be the history's,
  // and the first five (or all, if fewer) are explained.
  std::map<std::string, int> answers;
  for (const auto& op : r.history) {
    if (op.process >= 0 && op.type == "ok") ++answers[op.value];
  }
  std::size_t duplicated = 0;
  for (const auto& [id, n] : answers) duplicated += n > 1 ? 1 : 0;
  ASSERT_GT(duplicated, 0u) << Said(r);
  EXPECT_NE(r.out.find(std::to_string(duplicated) + " duplicated,"), std::string::npos) << Said(r);
  EXPECT_EQ(explained, static_cast<int>(std::min<std::size_t>(duplicated, 5))) << Said(r);

  // The node's log marks each start: before the test, then at each restart.
  std::string log = r.NodeLog("n0");
  std::regex first(R"(^=== glomers: n0 started \(pid \d+\) before the test ===\n)");
  EXPECT_TRUE(std::regex_search(log, first)) << log;
  // A mark for each restart, between the kill and the restart's completion (the mark is made
  // at the spawn; the restart completes when the node has answered init).
  std::vector<double> marks;
  std::regex mark(R"(=== glomers: n0 started \(pid \d+\) at (\d+\.\d{3}) s ===)");
  for (std::sregex_iterator it(log.begin(), log.end(), mark), end; it != end; ++it) {
    marks.push_back(std::stod((*it)[1].str()));
  }
  std::size_t restarts = 0;
  for (const auto& [killed, restarted] : kills) {
    if (restarted < 0) continue;
    ++restarts;
    bool found = false;
    for (double t : marks)
      found = found || (t >= killed / 1e9 - 0.0005 && t <= restarted / 1e9 + 0.0005);
    EXPECT_TRUE(found) << Seconds(killed) << " .. " << Seconds(restarted) << "\n" << log;
  }
  EXPECT_EQ(marks.size(), restarts) << log;
  EXPECT_EQ(Count(log, "=== glomers: n0 started (pid "), 1 + restarts) << log;

  // jepsen.log is the console: the progress and problems on stderr, then the summary.
  EXPECT_EQ(ReadFile(r.dir + "/jepsen.log"), r.err + r.out);
  for (const char* file : {"results.json", "results.edn", "history.jsonl", "history.edn",
                           "history.txt", "latency-raw.svg", "latency-quantiles.svg", "rate.svg",
                           "timeline.html", "messages.svg", "jepsen.log", "test.json"}) {
    EXPECT_TRUE(Exists(r.dir + "/" + file)) << file;
    EXPECT_NE(r.out.find(file), std::string::npos) << "the summary lists " << file;
  }
}

TEST(StoreE2eTest, MalformedRepliesSayWhatWasWrongFromWhichNodeAndWhen) {
  GlomersRun r = RunGlomers({"test", "-w", "unique-ids", "--bin", TESTNODE_EXTRA_KEY,
                             "--node-count", "2", "--time-limit", "0.3", "--rate", "50"});
  ASSERT_EQ(r.exit_code, 1) << Said(r);
  auto lines = Lines(r.out);
  std::regex malformed(R"(^ +malformed reply from (n\d) \(operation (\d+)\): (.*)$)");
  int explained = 0;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    std::smatch m;
    if (!std::regex_match(lines[i], m, malformed)) continue;
    EXPECT_EQ(m[3].str(), "debug is a disallowed key");
    const HistoryOp& op = r.history.at(std::stoul(m[2].str()));
    EXPECT_EQ(op.type, "info");
    // Two workers on two nodes: process p talks to n(p mod 2).
    EXPECT_EQ(m[1].str(), "n" + std::to_string(op.process % 2));
    EXPECT_EQ(lines[i + 1], "           " + m[1].str() + ", at " + Seconds(op.time) +
                                "; no fault touched " + m[1].str());
    ++explained;
  }
  // How many replies came back in 0.3 s depends on the machine's speed (every one is malformed):
  // the summary explains the first three, or all if fewer.
  std::int64_t replies = 0;
  for (const auto& op : r.history) {
    replies += op.process >= 0 && op.type == "info" &&
               op.error.find("Malformed RPC response") != std::string::npos;
  }
  ASSERT_GT(replies, 0) << Said(r);
  EXPECT_EQ(explained, std::min<std::int64_t>(replies, 3)) << Said(r);
  EXPECT_NE(r.out.find("  ok   exceptions: "), std::string::npos) << Said(r);
}

TEST(StoreE2eTest, EchoMismatchesNameTheNodeThatAnswered) {
  GlomersRun r = RunGlomers({"test", "-w", "echo", "--bin", TESTNODE_WRONG_ECHO, "--node-count",
                             "2", "--time-limit", "0.5", "--rate", "40"});
  ASSERT_EQ(r.exit_code, 1) << Said(r);
  auto lines = Lines(r.out);
  // Each error's detail line, then its explanation: the node, the completion's time.
  std::vector<const HistoryOp*> wrong;
  for (const auto& op : r.history) {
    if (op.process >= 0 && op.type == "ok" && op.value.find("\"wrong\"") != std::string::npos) {
      wrong.push_back(&op);
    }
  }
  ASSERT_GE(wrong.size(), 1u) << Said(r);
  std::set<std::string> expected;  // errors are listed by invocation, completions may interleave
  for (const HistoryOp* op : wrong) {
    std::string node = "n" + std::to_string(op->process % 2);
    expected.insert("           " + node + ", at " + Seconds(op->time) + "; no fault touched " +
                    node);
  }
  std::size_t k = 0;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    if (lines[i].find("[\"Expected a message with :echo\"") == std::string::npos) continue;
    EXPECT_TRUE(expected.count(lines[i + 1])) << lines[i + 1] << "\n" << Said(r);
    ++k;
  }
  EXPECT_EQ(k, std::min<std::size_t>(wrong.size(), 5)) << Said(r);
}

}  // namespace
}  // namespace glomers::e2e
