#include "runner/src/node_output.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace glomers {
namespace {

std::string Reason(std::string_view line) {
  maelstrom::JsonDocument doc;
  NodeLine out;
  std::string reason;
  return ParseNodeLine(line, doc, &out, &reason) ? "" : reason;
}

TEST(NodeLineTest, AValidReply) {
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

TEST(NodeLineTest, ToleratedForms) {
  EXPECT_EQ(Reason(R"({"body":{"type":"x"},"dest":"n2","src":"n1","id":7})"), "");
  EXPECT_EQ(Reason("{\"src\":\"n1\",\"dest\":\"n2\",\"body\":{\"type\":\"x\"}}\r"), "");
  EXPECT_EQ(Reason(R"({"src":"n\u0031","dest":"n2","body":{"type":"x","extra":{"a":1}}})"), "");
}

TEST(NodeLineTest, InvalidLinesSayWhy) {
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

// Records what the reader makes of the lines; rejects the messages whose dest is "reject".
struct Recorder : NodeOutput::Sink {
  std::vector<std::string> got;
  std::string OnMessage(std::string_view line, const NodeLine& message) override {
    got.push_back("message " + std::string(line));
    return message.dest == "reject" ? "dest is not wanted" : "";
  }
  void OnInvalid(std::string_view line, const std::string& reason) override {
    got.push_back("invalid " + std::string(line) + " (" + reason + ")");
  }
};

const std::string kA = R"({"src":"n1","dest":"c1","body":{"type":"a"}})";
const std::string kB = R"({"src":"n1","dest":"c1","body":{"type":"b"}})";

TEST(NodeOutputTest, LinesAcrossChunks) {
  NodeOutput out;
  Recorder r;
  std::string text = kA + "\n" + kB + "\n" + kA + "\n";
  // Every cut point, and one byte at a time.
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    NodeOutput o;
    Recorder each;
    EXPECT_TRUE(o.Feed(text.substr(0, cut), each));
    EXPECT_TRUE(o.Feed(text.substr(cut), each));
    EXPECT_EQ(each.got,
              (std::vector<std::string>{"message " + kA, "message " + kB, "message " + kA}))
        << cut;
  }
  for (char c : text) out.Feed(std::string_view(&c, 1), r);
  EXPECT_EQ(r.got.size(), 3u);
  // A line not yet ended waits for its end.
  Recorder partial;
  EXPECT_TRUE(out.Feed(kA, partial));
  EXPECT_TRUE(partial.got.empty());
}

TEST(NodeOutputTest, TheFirstInvalidLineEndsTheReading) {
  NodeOutput out;
  Recorder r;
  EXPECT_FALSE(out.Feed(kA + "\nDEBUG hi\n" + kB + "\n", r));
  ASSERT_EQ(r.got.size(), 2u);
  EXPECT_EQ(r.got[0], "message " + kA);
  EXPECT_EQ(r.got[1].rfind("invalid DEBUG hi (not well-formed JSON", 0), 0u) << r.got[1];
  EXPECT_FALSE(out.reading());
  EXPECT_FALSE(out.Feed(kB + "\n", r));
  EXPECT_EQ(r.got.size(), 2u);
  // A restarted node is read again.
  out.Reset();
  EXPECT_TRUE(out.Feed(kB + "\n", r));
  EXPECT_EQ(r.got.back(), "message " + kB);
}

TEST(NodeOutputTest, AMessageTheSinkRejectsEndsTheReadingToo) {
  NodeOutput out;
  Recorder r;
  std::string rejected = R"({"src":"n1","dest":"reject","body":{"type":"a"}})";
  EXPECT_FALSE(out.Feed(rejected + "\n" + kA + "\n", r));
  EXPECT_EQ(r.got, (std::vector<std::string>{"message " + rejected,
                                             "invalid " + rejected + " (dest is not wanted)"}));
}

TEST(NodeOutputTest, ALineLongerThanTheParsersLimitIsInvalid) {
  NodeOutput out;
  Recorder r;
  std::string chunk(1 << 20, 'x');
  bool reading = true;
  for (int i = 0; i < 65 && reading; ++i) reading = out.Feed(chunk, r);
  EXPECT_FALSE(reading);
  ASSERT_EQ(r.got.size(), 1u);
  EXPECT_NE(r.got[0].find("(a line longer than 64 MiB)"), std::string::npos);
}

}  // namespace
}  // namespace glomers
