#include "runner/src/workloads/echo.h"

#include <gtest/gtest.h>

#include "history_builder.h"
#include "runner/src/json_writer.h"

namespace glomers {
namespace {

const std::string kSent = "\"Please echo 7\"";

TEST(CheckerEchoTest, MatchingEchoesAreValid) {
  HistoryBuilder h;
  h.Op("echo", kSent, OpType::kOk, R"({"type":"echo_ok","echo":"Please echo 7","in_reply_to":1})");
  h.Op("echo", kSent, OpType::kOk,
       R"({"echo":"Please \u0065cho 7","in_reply_to":2,"type":"echo_ok"})");
  EchoResult r = CheckEcho(h.history());
  EXPECT_EQ(r.valid(), Validity::kTrue);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(ToJson(r), R"({"valid?":true,"errors":[]})");
}

TEST(CheckerEchoTest, EveryInvocationWithoutItsEchoIsAnError) {
  HistoryBuilder h;
  h.Op("echo", kSent, OpType::kOk, R"({"type":"echo_ok","echo":"Please echo 8","in_reply_to":1})");
  h.Op("echo", kSent, OpType::kInfo, kSent);  // timed out
  h.Op("echo", kSent, OpType::kFail, kSent);  // an error reply
  h.Op("echo", kSent, OpType::kInvoke, "");   // never completed
  h.Op("echo", kSent, OpType::kOk, R"({"type":"echo_ok","echo":"Please echo 7","in_reply_to":5})");
  h.Nemesis("start-partition", "\"one\"");
  EchoResult r = CheckEcho(h.history());
  EXPECT_EQ(r.valid(), Validity::kFalse);
  ASSERT_EQ(r.errors.size(), 4u);
  EXPECT_EQ(
      r.errors[0].ToJson(),
      R"(["Expected a message with :echo","Please echo 7","But received",{"type":"echo_ok","echo":"Please echo 8","in_reply_to":1}])");
  EXPECT_EQ(r.errors[1].ToJson(),
            R"(["Expected a message with :echo","Please echo 7","But received","Please echo 7"])");
  EXPECT_EQ(r.errors[3].ToJson(),
            R"(["Expected a message with :echo","Please echo 7","But received",null])");
}

}  // namespace
}  // namespace glomers
