#include "runner/src/envelope.h"

#include <gtest/gtest.h>

#include <string>

namespace glomers {
namespace {

std::string Reason(std::string_view line) {
  maelstrom::JsonDocument doc;
  NodeLine out;
  std::string reason;
  return ParseNodeLine(line, doc, &out, &reason) ? "" : reason;
}

TEST(EnvelopeTest, AValidReply) {
  maelstrom::JsonDocument doc;
  NodeLine out;
  std::string reason;
  std::string line =
      R"({"src":"n1","dest":"c3","body":{"type":"echo_ok","echo":[1,2],"in_reply_to":0,"msg_id":5}})";
  ASSERT_TRUE(ParseNodeLine(line, doc, &out, &reason)) << reason;
  EXPECT_EQ(out.src, "n1");
  EXPECT_EQ(out.dest, "c3");
  EXPECT_EQ(out.body, R"({"type":"echo_ok","echo":[1,2],"in_reply_to":0,"msg_id":5})");
  EXPECT_EQ(out.type, "\"echo_ok\"");
  EXPECT_EQ(out.in_reply_to, 0);
  EXPECT_EQ(out.msg_id, 5);
}

TEST(EnvelopeTest, ToleratedForms) {
  EXPECT_EQ(Reason(R"({"body":{"type":"x"},"dest":"n2","src":"n1","id":7})"), "");
  EXPECT_EQ(Reason("{\"src\":\"n1\",\"dest\":\"n2\",\"body\":{\"type\":\"x\"}}\r"), "");
  EXPECT_EQ(Reason(R"({"src":"n\u0031","dest":"n2","body":{"type":"x","extra":{"a":1}}})"), "");
}

TEST(EnvelopeTest, InvalidLinesSayWhy) {
  EXPECT_NE(Reason("").find("blank line"), std::string::npos);
  EXPECT_NE(Reason("DEBUG: got echo 2").find("not well-formed JSON"), std::string::npos);
  EXPECT_NE(Reason(R"({"src":"n1","dest":"n2","body":{"type":"x"}} trailing)").find("JSON"),
            std::string::npos);
  EXPECT_NE(Reason("[1,2]").find("not a message object"), std::string::npos);
  EXPECT_NE(Reason(R"({"src":"n1","dest":"n2","body":{"type":"x"},"ts":1})").find("\"ts\""),
            std::string::npos);
  EXPECT_NE(Reason(R"({"dest":"n2","body":{"type":"x"}})").find("no src"), std::string::npos);
  EXPECT_NE(Reason(R"({"src":"n1","body":{"type":"x"}})").find("no dest"), std::string::npos);
  EXPECT_NE(Reason(R"({"src":"n1","dest":"n2"})").find("no body"), std::string::npos);
  EXPECT_NE(Reason(R"({"src":1,"dest":"n2","body":{"type":"x"}})").find("src is not a string"),
            std::string::npos);
  EXPECT_NE(Reason(R"({"src":"n1","dest":null,"body":{"type":"x"}})").find("dest is not"),
            std::string::npos);
  EXPECT_NE(Reason(R"({"src":"n1","dest":"n2","body":"hi"})").find("not an object"),
            std::string::npos);
  EXPECT_NE(Reason(R"({"src":"n1","dest":"n2","body":{"msg_id":1}})").find("no type"),
            std::string::npos);
  EXPECT_NE(Reason(R"({"src":"n1","dest":"n2","body":{"type":7}})").find("type is not a string"),
            std::string::npos);
  EXPECT_NE(Reason(R"({"src":"n1","dest":"n2","body":{"type":"x","msg_id":1.0}})").find("msg_id"),
            std::string::npos);
  EXPECT_NE(Reason(R"({"src":"n1","dest":"n2","body":{"type":"x","in_reply_to":"1"}})")
                .find("in_reply_to"),
            std::string::npos);
  EXPECT_NE(Reason(R"({"src":"n1","dest":"n2","body":{"type":"x"},"id":1.5})").find("id is not"),
            std::string::npos);
}

}  // namespace
}  // namespace glomers
