// Failures explained: the node behind each operation, its times, and the fault that explains
// most; figures that cannot read as their opposite; the console copied into jepsen.log.
#include "runner/src/explain.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "runner/src/console_log.h"
#include "runner/src/figures.h"
#include "testing/temp_dir.h"

namespace glomers {
namespace {

constexpr Nanos kMs = 1000000;

// An ok generate on `process`, invoked 1 ms before it completes at `done_ms`.
std::int64_t Generated(History& h, std::int64_t process, Nanos done_ms, std::int64_t id) {
  Op invoke;
  invoke.f = FName("generate");
  invoke.process = process;
  invoke.time = (done_ms - 1) * kMs;
  std::int64_t i = h.Append(invoke);
  Op done = invoke;
  done.type = OpType::kOk;
  done.value = Value::Int(id);
  done.time = done_ms * kMs;
  return h.Complete(i, done);
}

TEST(ExplainTest, ARestartBetweenTwoAnswersIsTheFaultNamed) {
  History h;
  // Three nodes, three workers: process 5 is worker 2, which talks to n2.
  std::int64_t a = Generated(h, 2, 3210, 9);
  std::int64_t b = Generated(h, 5, 7950, 9);
  FaultLog faults;
  // Also between the answers, and nearer the second: a partition loses no state, a kill does.
  faults.Begin(FaultKind::kPartition, 7900 * kMs, {0, 2}, "majority");
  faults.End(FaultKind::kPartition, 7940 * kMs);
  faults.Begin(FaultKind::kKill, 5100 * kMs, {2}, "one");
  faults.End(FaultKind::kKill, 5600 * kMs);
  Explainer explain(h, faults, {"n0", "n1", "n2"}, 3, 10000 * kMs);
  std::vector<std::int64_t> ops = {a, b};
  EXPECT_EQ(explain.Explain(ops),
            "n2, at 3.210 s and 7.950 s; n2 was killed at 5.100 s and restarted at 5.600 s");
}

TEST(ExplainTest, NodesApartWithTheFaultInForceOrNone) {
  History h;
  std::int64_t a = Generated(h, 0, 1000, 4);
  std::int64_t b = Generated(h, 1, 2000, 4);
  std::int64_t c = Generated(h, 4, 2500, 4);  // worker 1 again (concurrency 3), n1
  FaultLog faults;
  faults.Begin(FaultKind::kPause, 1900 * kMs, {1}, "one");          // never resumed
  faults.Begin(FaultKind::kKill, 100 * kMs, {}, "minority-third");  // touched nothing
  Explainer explain(h, faults, {"n0", "n1"}, 3, 3000 * kMs);
  std::vector<std::int64_t> ops = {b, a, c};
  EXPECT_EQ(explain.Explain(ops),
            "n1, at 2.000 s and 2.500 s; n0, at 1.000 s; n1 was paused at 1.900 s and not resumed; "
            "no fault touched n0");
}

TEST(ExplainTest, MalformedRepliesSayWhatWasWrongAndWhere) {
  History h;
  Op invoke;
  invoke.f = FName("echo");
  invoke.process = 1;
  std::int64_t i = h.Append(invoke);
  Op done = invoke;
  done.type = OpType::kInfo;
  done.time = 1500 * kMs;
  Value exception = Value::Object(
      {{"cause", Value::String("Malformed RPC response. ... This is malformed because: echo is "
                               "missing.")}});
  h.Complete(i, done, {Value::String("indeterminate: ..."), exception});
  FaultLog faults;
  Explainer explain(h, faults, {"n0", "n1"}, 2, 2000 * kMs);
  auto found = explain.MalformedReplies(3);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].what, "malformed reply from n1 (operation 1): echo is missing");
  EXPECT_EQ(explain.Explain(found[0].ops), "n1, at 1.500 s; no fault touched n1");
}

TEST(FiguresTest, FractionsNeverReadAsTheirOpposite) {
  EXPECT_EQ(FormatFraction(0.99997), "0.99997");
  EXPECT_EQ(FormatFraction(1.0), "1.0000");
  EXPECT_EQ(FormatFraction(0.5), "0.5000");
  EXPECT_EQ(FormatFraction(0.00002), "0.00002");
  EXPECT_EQ(FormatFraction(0.0), "0.0000");
  EXPECT_EQ(FormatFraction(1 - 1e-12), "just below 1.0000");
  EXPECT_EQ(FormatFraction(0.98996, {0.99}), "0.98996");  // not "0.9900" against at least 0.99
  EXPECT_EQ(FormatFraction(0.99, {0.99}), "0.9900");
}

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ConsoleLogTest, TheLogHoldsWhatATerminalShows) {
  testing::TempDir dir("glomers-console-log");
  std::string out_path = dir.path() + "/out", err_path = dir.path() + "/err";
  std::FILE* out = std::fopen(out_path.c_str(), "w");
  std::FILE* err = std::fopen(err_path.c_str(), "w");
  {
    ConsoleLog console(out, err);
    std::fprintf(console.err(), "glomers: start\n");  // before the log exists: kept
    std::string error;
    ASSERT_TRUE(console.Open(dir.path() + "/jepsen.log", &error)) << error;
    std::fprintf(console.err(), "\r[ 1s] ok 1      \r\033[K[ 2s] ok 22");
    std::fprintf(console.err(), "\n");
    std::fprintf(console.out(), "summary\n");
    std::fprintf(console.err(), "partial");  // an unfinished line is kept at the end
  }
  std::fclose(out);
  std::fclose(err);
  EXPECT_EQ(Read(dir.path() + "/jepsen.log"), "glomers: start\n[ 2s] ok 22\nsummary\npartial\n");
  // The console itself got every byte, escapes and all.
  EXPECT_EQ(Read(err_path), "glomers: start\n\r[ 1s] ok 1      \r\033[K[ 2s] ok 22\npartial");
  EXPECT_EQ(Read(out_path), "summary\n");
}

}  // namespace
}  // namespace glomers
