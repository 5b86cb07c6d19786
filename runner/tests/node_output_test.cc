#include "runner/src/node_output.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace glomers {
namespace {

std::string Reason(std::string_view line) {
  LineScratch scratch;
  NodeLine out;
  std::string reason;
  LintSet lint = 0;
  return ParseNodeLine(line, scratch, &out, &reason, &lint) ? "" : reason;
}

// The lint of a line that is taken ("invalid: why" if it is not), as kind names.
std::string Lints(std::string_view line, std::string* body = nullptr) {
  LineScratch scratch;
  NodeLine out;
  std::string reason;
  LintSet lint = 0;
  if (!ParseNodeLine(line, scratch, &out, &reason, &lint)) return "invalid: " + reason;
  if (body) *body = std::string(out.body);
  std::string names;
  for (std::size_t k = 0; k < static_cast<std::size_t>(LintKind::kCount); ++k) {
    if (lint & LintBit(static_cast<LintKind>(k))) {
      names += (names.empty() ? "" : " ") + std::string(LintName(static_cast<LintKind>(k)));
    }
  }
  return names;
}

TEST(NodeLineTest, AValidReply) {
  LineScratch scratch;
  NodeLine out;
  std::string reason;
  LintSet lint = 0;
  std::string line =
      R"({"src":"n1","dest":"c3","body":{"type":"echo_ok","echo":[1,2],"in_reply_to":0,"msg_id":5}})";
  ASSERT_TRUE(ParseNodeLine(line, scratch, &out, &reason, &lint)) << reason;
  EXPECT_EQ(out.src, "n1");
  EXPECT_EQ(out.dest, "c3");
  EXPECT_EQ(out.body, R"({"type":"echo_ok","echo":[1,2],"in_reply_to":0,"msg_id":5})");
  EXPECT_EQ(out.type, "\"echo_ok\"");
  EXPECT_EQ(out.in_reply_to, 0);
  EXPECT_EQ(out.msg_id, 5);
  EXPECT_EQ(lint, 0u);
}

TEST(NodeLineTest, ToleratedFormsWithoutLint) {
  EXPECT_EQ(Lints(R"({"body":{"type":"x"},"dest":"n2","src":"n1","id":7})"), "");
  EXPECT_EQ(Lints(R"({"src":"n\u0031","dest":"n2","body":{"type":"x","extra":{"a":1}}})"), "");
  EXPECT_EQ(Lints(" {\"src\":\"n1\",\"dest\":\"n2\",\"body\":{\"type\":\"x\"}} \t"), "");
  EXPECT_EQ(Lints(R"({"src":"n1","dest":"n2","body":{"type":"x"},"id":123456789012345678901})"),
            "");
}

// What Maelstrom's reader lets pass, each rule on its own (the body passed on where it changes).
TEST(NodeLineTest, WhatMaelstromLetsPassIsTakenAndLinted) {
  const std::string m = R"({"src":"n1","dest":"n2","body":{"type":"x"}})";
  EXPECT_EQ(Lints(m + " trailing"), "trailing-text");
  EXPECT_EQ(Lints(m + "}"), "trailing-text");
  EXPECT_EQ(Lints(m + m), "second-message");
  EXPECT_EQ(Lints(m + " " + m), "second-message");
  std::string body;
  EXPECT_EQ(
      Lints("{\"src\":\"n1\",\"dest\":\"n2\",\"body\":{\"type\":\"x\",\"v\":\"a\x01\tb\"}}", &body),
      "control-character");
  EXPECT_EQ(body, R"({"type":"x","v":"a\u0001\tb"})");
  EXPECT_EQ(
      Lints("{\"src\":\"n1\",\"dest\":\"n2\",\"body\":{\"type\":\"x\",\"v\":\"a\xFF\"}}", &body),
      "invalid-utf8");
  EXPECT_EQ(body, "{\"type\":\"x\",\"v\":\"a\xEF\xBF\xBD\"}");
  EXPECT_EQ(Lints(m + "\xC3"), "trailing-text invalid-utf8");
  EXPECT_EQ(Lints(R"({"src":"n1","dest":"n2","body":{"hello":1}})"), "typeless-body");
  EXPECT_EQ(Lints(R"({"src":"n1","dest":"n2","body":{"type":7}})"), "typeless-body");
  EXPECT_EQ(Lints(R"({"src":"n1","dest":"n2","body":null})", &body),
            "typeless-body body-not-object");
  EXPECT_EQ(body, "{}");
  EXPECT_EQ(Lints(R"({"src":"n1","dest":"n2","body":""})", &body), "typeless-body body-not-object");
  EXPECT_EQ(body, "{}");
  EXPECT_EQ(Lints(R"({"src":"n1","dest":"n2","body":[["type","x"],["v"],["type","y",3]]})", &body),
            "typeless-body body-not-object duplicate-key");
  EXPECT_EQ(body, R"({"v":null,"type":"y"})");
  EXPECT_EQ(Lints(R"([["src","n1"],["dest","n2"],["body",{"type":"x"}]])"), "envelope-array");
  EXPECT_EQ(Lints(R"({"src":"n0","src":"n1","dest":"n2","body":{"type":"x"}})"), "duplicate-key");
  EXPECT_EQ(Lints(R"({"src":1,"src":"n1","dest":"n2","body":{"type":"x"}})"), "duplicate-key");
  EXPECT_EQ(Lints(R"({"src":"n1","dest":"n2","body":{"type":"y","a":1,"type":"x"}})", &body),
            "duplicate-key");
  EXPECT_EQ(body, R"({"a":1,"type":"x"})");
  EXPECT_EQ(Lints(R"({"src":"n1","dest":"n2","body":{"type":"x","msg_id":"1"}})"),
            "non-integer-msg_id");
  EXPECT_EQ(Lints(R"({"src":"n1","dest":"c1","body":{"type":"x","in_reply_to":1.0}})"),
            "non-integer-in_reply_to");
  // Nesting as deep as Jackson allows (1000).
  std::string deep = std::string(998, '[') + std::string(998, ']');
  EXPECT_EQ(Lints(R"({"src":"n1","dest":"n2","body":{"type":"x","v":)" + deep + "}}"), "");
}

TEST(NodeLineTest, WhatMaelstromRefusesSaysWhy) {
  EXPECT_NE(Reason("").find("blank line"), std::string::npos);
  EXPECT_NE(Reason("  \t").find("blank line"), std::string::npos);
  EXPECT_NE(Reason("DEBUG: got echo 2").find("not well-formed JSON"), std::string::npos);
  EXPECT_NE(Reason("{\"src\":\"n1\",").find("not well-formed JSON"), std::string::npos);
  EXPECT_NE(Reason("\"src\" {}").find("not well-formed JSON"), std::string::npos);
  EXPECT_NE(Reason("\xFF{}").find("not well-formed JSON"), std::string::npos);
  EXPECT_NE(Reason("[1,2]").find("not a [key, value] pair"), std::string::npos);
  EXPECT_NE(Reason("[]").find("no src"), std::string::npos);
  EXPECT_NE(Reason("7").find("not a message object"), std::string::npos);
  EXPECT_NE(Reason(R"({"src":"n1","dest":"n2","body":{"type":"x"},"ts":1})").find("\"ts\""),
            std::string::npos);
  EXPECT_NE(Reason(R"({"src":"n1","dest":"n2","body":{"type":"x"},"":1})").find("\"\""),
            std::string::npos);
  EXPECT_NE(Reason(R"({"dest":"n2","body":{"type":"x"}})").find("no src"), std::string::npos);
  EXPECT_NE(Reason(R"({"src":"n1","body":{"type":"x"}})").find("no dest"), std::string::npos);
  EXPECT_NE(Reason(R"({"src":"n1","dest":"n2"})").find("no body"), std::string::npos);
  EXPECT_NE(Reason(R"({"src":1,"dest":"n2","body":{"type":"x"}})").find("src is not a string"),
            std::string::npos);
  EXPECT_NE(Reason(R"({"src":"n1","src":1,"dest":"n2","body":{}})").find("src is not a string"),
            std::string::npos);
  EXPECT_NE(Reason(R"({"src":"n1","dest":null,"body":{"type":"x"}})").find("dest is not"),
            std::string::npos);
  EXPECT_NE(Reason(R"([["src","n1"],["dest"],["body",{}]])").find("dest is not"),
            std::string::npos);
  EXPECT_NE(Reason(R"({"src":"n1","dest":"n2","body":"hi"})").find("cannot make a map"),
            std::string::npos);
  EXPECT_NE(Reason(R"({"src":"n1","dest":"n2","body":5})").find("cannot make a map"),
            std::string::npos);
  EXPECT_NE(Reason(R"({"src":"n1","dest":"n2","body":[1]})").find("not a [key, value] pair"),
            std::string::npos);
  EXPECT_NE(Reason(R"({"src":"n1","dest":"n2","body":{"type":"x"},"id":1.5})").find("id is not"),
            std::string::npos);
  EXPECT_NE(Reason("{\"src\":\x01\"n1\",\"dest\":\"n2\",\"body\":{\"type\":\"x\"}}")
                .find("not well-formed"),
            std::string::npos)
      << "a control character between tokens is no JSON";
  std::string deep = std::string(1000, '[') + std::string(1000, ']');
  EXPECT_NE(Reason(R"({"src":"n1","dest":"n2","body":{"type":"x","v":)" + deep + "}}"), "");
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
  void OnLint(LintSet kinds, std::string_view line, std::uint64_t number) override {
    std::string names;
    for (std::size_t k = 0; k < static_cast<std::size_t>(LintKind::kCount); ++k) {
      if (kinds & LintBit(static_cast<LintKind>(k))) {
        names += " " + std::string(LintName(static_cast<LintKind>(k)));
      }
    }
    lint.push_back(std::to_string(number) + names + " " + std::string(line));
  }
  std::vector<std::string> lint;
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

// Lines end as Java's readLine ends them: at "\n", "\r\n" or a bare "\r", wherever the writes
// are cut.
TEST(NodeOutputTest, LineEndsAsReadLineSeesThem) {
  std::string text = kA + "\r\n" + kB + "\r" + kA + "\n" + kB + "\r";
  std::vector<std::string> messages = {"message " + kA, "message " + kB, "message " + kA,
                                       "message " + kB};
  std::vector<std::string> lint = {"1 crlf " + kA, "2 bare-cr " + kB, "4 bare-cr " + kB};
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    NodeOutput o;
    Recorder r;
    EXPECT_TRUE(o.Feed(text.substr(0, cut), r));
    EXPECT_TRUE(o.Feed(text.substr(cut), r));
    o.End(r);
    EXPECT_EQ(r.got, messages) << cut;
    EXPECT_EQ(r.lint, lint) << cut;
  }
  // "\r" then "\n" in the next write is one line end; two "\r"s are two (an empty line).
  NodeOutput o;
  Recorder r;
  EXPECT_TRUE(o.Feed(kA + "\r", r));
  EXPECT_EQ(r.got, (std::vector<std::string>{"message " + kA}));  // taken at once
  EXPECT_TRUE(r.lint.empty());
  EXPECT_FALSE(o.Feed("\n" + kB + "\r\r\n", r));
  EXPECT_FALSE(o.reading());
  EXPECT_EQ(r.got.back(), "invalid  (a blank line, which is not a JSON message)");
  EXPECT_EQ(r.lint, (std::vector<std::string>{"1 crlf " + kA, "2 bare-cr " + kB}));
}

TEST(NodeOutputTest, ABareCarriageReturnInsideAMessageCutsIt) {
  NodeOutput o;
  Recorder r;
  EXPECT_FALSE(o.Feed(R"({"src":"n1",)"
                      "\r"
                      R"("dest":"c1","body":{"type":"a"}})"
                      "\n",
                      r));
  ASSERT_EQ(r.got.size(), 1u);
  EXPECT_NE(r.got[0].find("ended at a carriage return"), std::string::npos) << r.got[0];
}

TEST(NodeOutputTest, TheLastLineIsReadWithoutItsLineBreak) {
  NodeOutput o;
  Recorder r;
  EXPECT_TRUE(o.Feed(kA + "\n" + kB, r));
  EXPECT_EQ(r.got.size(), 1u);
  o.End(r);
  EXPECT_EQ(r.got, (std::vector<std::string>{"message " + kA, "message " + kB}));
  EXPECT_EQ(r.lint, (std::vector<std::string>{"2 no-final-line-break " + kB}));
  // Line numbers go on across a restart.
  o.Reset();
  EXPECT_TRUE(o.Feed(kA + " x\n", r));
  EXPECT_EQ(r.lint.back(), "3 trailing-text " + kA + " x");
}

TEST(NodeOutputTest, LintIsReportedOnlyForLinesTaken) {
  NodeOutput o;
  Recorder r;
  std::string rejected = R"({"src":"n1","dest":"reject","body":{"type":"a"}} x)";
  EXPECT_FALSE(o.Feed(kA + "{}\n" + rejected + "\n", r));
  EXPECT_EQ(r.lint, (std::vector<std::string>{"1 second-message " + kA + "{}"}));
}

}  // namespace
}  // namespace glomers

namespace glomers {
namespace {

// Whatever a node writes, a line taken passes on a body that is one valid JSON object and an
// src and dest that are strings of valid UTF-8: every reader downstream parses strictly. Lines
// are drawn from the pieces the rules are about (seeded, so a failure replays).
TEST(NodeLineTest, ATakenLineAlwaysPassesOnAValidObjectBody) {
  const std::vector<std::string> pieces = {R"({"src":"n1","dest":"n2","body":)",
                                           R"({"type":"x"})",
                                           "{",
                                           "}",
                                           "[",
                                           "]",
                                           "\"",
                                           "\\",
                                           "\\u00e9",
                                           ",",
                                           ":",
                                           "null",
                                           "\"\"",
                                           "7",
                                           "\x01",
                                           "\t",
                                           "\xFF",
                                           "\xC3",
                                           "\xE2\x82",
                                           R"("type")",
                                           R"("a")",
                                           R"(["k",1])",
                                           " ",
                                           "}}",
                                           R"({"src":"n1","dest":"n2","body":{}})"};
  std::uint64_t seed = 20261202;
  auto next = [&] {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::size_t>(seed >> 33);
  };
  int taken = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string line = pieces[0];
    for (std::size_t n = next() % 8; n > 0; --n) line += pieces[next() % pieces.size()];
    if (next() % 2) line += "}";
    LineScratch scratch;
    NodeLine out;
    std::string reason;
    LintSet lint = 0;
    if (!ParseNodeLine(line, scratch, &out, &reason, &lint)) {
      EXPECT_FALSE(reason.empty()) << line;
      continue;
    }
    ++taken;
    maelstrom::JsonDocument body;
    std::string error;
    ASSERT_TRUE(body.Parse(out.body, &error)) << "line " << line << ": " << error;
    EXPECT_TRUE(body.root().is_object()) << line;
  }
  EXPECT_GT(taken, 300);  // the draw reaches the interesting cases, not only refusals
}

}  // namespace
}  // namespace glomers
