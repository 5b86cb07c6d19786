// The checks themselves: each must be able to fail, or the fuzzers prove nothing.
#include <gtest/gtest.h>

#include <string>

#include "checks.h"

namespace glomers::fuzz {
namespace {

TEST(ValidateOutputLine, AcceptsWhatANodeWrites) {
  EXPECT_EQ(ValidateOutputLine(
                R"({"src":"n0","dest":"c1","body":{"type":"echo_ok","echo":[1],"in_reply_to":0}})"),
            "");
  EXPECT_EQ(ValidateOutputLine(R"({"src":"n0","dest":"n2","body":{"type":"ping","msg_id":-5}})"),
            "");
  EXPECT_EQ(
      ValidateOutputLine(
          R"({"dest":"c1","body":{"in_reply_to":3,"text":"x","code":12,"type":"error"},"src":"n0"})"),
      "");
}

TEST(ValidateOutputLine, RefusesEverythingMaelstromWouldNot) {
  const char* bad[] = {
      "",
      "hello",
      R"({"src":"n0","dest":"c1","body":{"type":"x"}} )"
      R"({"src":"n0","dest":"c1","body":{"type":"x"}})",
      R"(["src","dest","body"])",
      R"({"src":"n0","dest":"c1"})",
      R"({"src":"n0","body":{"type":"x"}})",
      R"({"src":"n0","dest":"c1","body":{"type":"x"},"id":1,"extra":2})",
      R"({"src":"n0","dest":"c1","body":{"type":"x"},"src":"n0"})",
      R"({"src":1,"dest":"c1","body":{"type":"x"}})",
      R"({"src":"n0","dest":null,"body":{"type":"x"}})",
      R"({"src":"n0","dest":"c1","body":[]})",
      R"({"src":"n0","dest":"c1","body":{}})",
      R"({"src":"n0","dest":"c1","body":{"type":7}})",
      R"({"src":"n0","dest":"c1","body":{"type":"x","in_reply_to":1.0}})",
      R"({"src":"n0","dest":"c1","body":{"type":"x","in_reply_to":"1"}})",
      R"({"src":"n0","dest":"c1","body":{"type":"x","msg_id":9223372036854775808}})",
      R"({"src":"n0","dest":"c1","body":{"type":"x","echo":1,"echo":2}})",
      R"({"src":"n0","dest":"c1","body":{"type":"error","in_reply_to":1,"text":"no code"}})",
      R"({"src":"n0","dest":"c1","body":{"type":"error","code":12,"text":"answers nothing"}})",
      "{\"src\":\"n0\",\"dest\":\"c1\",\"body\":{\"type\":\"\xff\"}}",
      "{\"src\":\"n0\",\"dest\":\"c1\",\"body\":{\"type\":\"x\",\"echo\":[1,\r2]}}",
  };
  for (const char* line : bad) EXPECT_NE(ValidateOutputLine(line), "") << line;
}

TEST(Checks, PassOnOrdinaryInputs) {
  EXPECT_EQ(
      CheckMessage(R"({"src":"c1","dest":"n1","body":{"type":"echo","echo":"x","msg_id":1}})"), "");
  EXPECT_EQ(CheckMessage("not json"), "");
  EXPECT_EQ(CheckNodeLine(R"({"src":"c1","dest":"n1","body":{"type":"proxy","msg_id":4}})"), "");
  EXPECT_EQ(CheckNodeLine(R"({"src":"c1","dest":"n1","body":{"type":"echo","msg_id":"4"}})"), "");
  EXPECT_EQ(CheckDecodeId("251670127529951233"), "");
  EXPECT_EQ(CheckDecodeId("0190a6b8-0000-7000-8000-000000000000"), "");
  EXPECT_EQ(CheckDecodeId("-1"), "");
}

}  // namespace
}  // namespace glomers::fuzz
