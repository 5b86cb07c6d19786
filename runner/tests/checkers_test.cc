// Stats, availability, net and exceptions: the checkers every workload shares.
#include "runner/src/checkers.h"

#include <gtest/gtest.h>

#include "history_builder.h"
#include "runner/src/json_writer.h"

namespace glomers {
namespace {

TEST(CheckerStatsTest, CountsCompletionsByF) {
  HistoryBuilder h;
  h.Generate(OpType::kOk, "1").Generate(OpType::kOk, "2").Generate(OpType::kFail, "null");
  h.Generate(OpType::kInfo, "null").Generate(OpType::kInvoke, "");
  h.Nemesis("kill", "\"one\"");
  StatsResult s = CheckStats(h.history());
  EXPECT_EQ(s.valid, Validity::kTrue);
  EXPECT_EQ(s.all.count, 4);
  EXPECT_EQ(s.all.ok, 2);
  EXPECT_EQ(s.all.fail, 1);
  EXPECT_EQ(s.all.info, 1);
  ASSERT_EQ(s.by_f.size(), 1u);
  EXPECT_EQ(
      ToJson(s),
      R"({"valid?":true,"count":4,"ok-count":2,"fail-count":1,"info-count":1,)"
      R"("by-f":{"generate":{"valid?":true,"count":4,"ok-count":2,"fail-count":1,"info-count":1}}})");
}

TEST(CheckerStatsTest, AnFWithoutAnyOkIsInvalid) {
  HistoryBuilder h;
  h.Generate(OpType::kInfo, "null").Generate(OpType::kFail, "null");
  StatsResult s = CheckStats(h.history());
  EXPECT_EQ(s.valid, Validity::kFalse);
  EXPECT_EQ(CheckStats(History()).valid, Validity::kTrue);  // nothing at all: nothing wrong
}

TEST(CheckerAvailabilityTest, TotalFractionOrNotJudged) {
  HistoryBuilder h;
  h.Generate(OpType::kOk, "1").Generate(OpType::kOk, "2").Generate(OpType::kOk, "3");
  h.Generate(OpType::kInfo, "null");
  EXPECT_FALSE(CheckAvailability(h.history(), Availability{true, std::nullopt}).valid);
  EXPECT_TRUE(CheckAvailability(h.history(), Availability{false, 0.75}).valid);
  EXPECT_FALSE(CheckAvailability(h.history(), Availability{false, 0.76}).valid);
  AvailabilityResult none = CheckAvailability(h.history(), Availability{});
  EXPECT_TRUE(none.valid);
  EXPECT_EQ(none.ok_fraction, 0.75);
  EXPECT_EQ(ToJson(none), R"({"valid?":true,"ok-fraction":0.75})");
  HistoryBuilder all_ok;
  all_ok.Generate(OpType::kOk, "1");
  EXPECT_TRUE(CheckAvailability(all_ok.history(), Availability{true, std::nullopt}).valid);
  EXPECT_EQ(ToJson(CheckAvailability(History(), Availability{true, std::nullopt})),
            R"({"valid?":true,"ok-fraction":1.0})");
}

TEST(CheckerNetTest, MessagesPerOperation) {
  HistoryBuilder h;
  h.Generate(OpType::kOk, "1").Generate(OpType::kOk, "2").Generate(OpType::kInfo, "null");
  NetStats s;
  s.all = {22, 20, 22};
  s.clients = {12, 12, 12};
  s.servers = {10, 8, 10};
  EXPECT_EQ(ToJson(CheckNet(s, h.history())),
            R"({"all":{"send-count":22,"recv-count":20,"msg-count":22,"msgs-per-op":7.3333335},)"
            R"("clients":{"send-count":12,"recv-count":12,"msg-count":12},)"
            R"("servers":{"send-count":10,"recv-count":8,"msg-count":10,"msgs-per-op":3.3333333},)"
            R"("valid?":true})");
  EXPECT_EQ(ToJson(CheckNet(NetStats{}, History())).find("msgs-per-op"), std::string::npos);
}

TEST(CheckerExceptionsTest, GroupsMalformedResponses) {
  HistoryBuilder h;
  h.Generate(OpType::kOk, "1");
  EXPECT_EQ(ToJson(CheckExceptions(h.history()), h.history()), R"({"valid?":true})");
  History with;
  for (int i = 0; i < 3; ++i) {
    Op invoke;
    invoke.f = FName("generate");
    std::int64_t at = with.Append(invoke);
    Op info = invoke;
    info.type = OpType::kInfo;
    with.Complete(
        at, info,
        {Value::String("indeterminate: Malformed RPC response"),
         Value::Parse(R"({"via":[{"type":"clojure.lang.ExceptionInfo","message":"m"}]})")});
  }
  std::string json = ToJson(CheckExceptions(with), with);
  EXPECT_EQ(
      json.rfind(
          R"({"valid?":true,"exceptions":[{"count":3,"class":"clojure.lang.ExceptionInfo","example":{"index":1,)",
          0),
      0u)
      << json;
}

}  // namespace
}  // namespace glomers
