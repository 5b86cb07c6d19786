#include "runner/src/lint.h"

#include <gtest/gtest.h>

#include <string>

#include "runner/src/json_writer.h"
#include "runner/src/lenient_json.h"

namespace glomers {
namespace {

TEST(LintTest, OneFindingPerKindWithTheFirstLineAndCounts) {
  Lint lint;
  EXPECT_TRUE(lint.empty());
  lint.Add(LintBit(LintKind::kCrlf) | LintBit(LintKind::kTrailingText), 2, "n2", "{} x", 7);
  lint.Add(LintBit(LintKind::kCrlf), 0, "n0", "{}", 1);
  lint.Add(LintBit(LintKind::kCrlf), 2, "n2", "{}", 8);
  EXPECT_FALSE(lint.empty());
  auto f = lint.findings();
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].kind, LintKind::kTrailingText);
  EXPECT_EQ(f[0].count, 1u);
  EXPECT_EQ(f[1].kind, LintKind::kCrlf);
  EXPECT_EQ(f[1].node, "n2");
  EXPECT_EQ(f[1].line, 7u);
  EXPECT_EQ(f[1].excerpt, "{} x");
  EXPECT_EQ(f[1].count, 3u);
  EXPECT_EQ(f[1].nodes, 2u);
}

TEST(LintTest, ExcerptsShowWhatWasThereAsValidUtf8) {
  EXPECT_EQ(LintExcerpt("a\x01\r\xFF\xC3\xA9z"), "a\\x01\\x0D\\xFF\xC3\xA9z");
  EXPECT_EQ(LintExcerpt(std::string(10, 'x'), 4), "xxxx...");
}

TEST(LintTest, StrictFailsOnAnyFindingWithAReason) {
  Lint lint;
  EXPECT_EQ(CheckLint(lint, true).valid, Validity::kTrue);
  lint.Add(LintBit(LintKind::kBareCr), 0, "n0", "{}", 1);
  EXPECT_EQ(CheckLint(lint, false).valid, Validity::kTrue);
  LintResult strict = CheckLint(lint, true);
  EXPECT_EQ(strict.valid, Validity::kFalse);
  std::string json;
  JsonWriter w(json);
  WriteJson(w, strict);
  EXPECT_NE(json.find(R"("valid?":false,"strict":true,"reason":"--strict:)"), std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("kind":"bare-cr")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("node":"n0","line":1,"excerpt":"{}","count":1,"nodes":1)"),
            std::string::npos)
      << json;
  auto lines = SummarizeLint(strict);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].rfind("FAIL lint: 1 kind(s)", 0), 0u) << lines[0];
  EXPECT_NE(lines[1].find("bare-cr: first on n0 line 1"), std::string::npos) << lines[1];
}

// Java's UTF-8 decoder: one U+FFFD per malformed sequence, as it measures them.
TEST(LintTest, InvalidUtf8IsReplacedAsJavaDoes) {
  std::string out;
  EXPECT_FALSE(ReplaceInvalidUtf8("plain \xC3\xA9 \xF0\x9F\x98\x80", &out));
  const std::string r = "\xEF\xBF\xBD";
  auto fix = [&](std::string_view in) {
    std::string o;
    EXPECT_TRUE(ReplaceInvalidUtf8(in, &o)) << in;
    return o;
  };
  EXPECT_EQ(fix("a\xFF"
                "b"),
            "a" + r + "b");
  EXPECT_EQ(fix("\xC0\xAF"), r + r);  // overlong: each byte
  EXPECT_EQ(fix("\xE2\x82"), r);      // a cut-off sequence: one
  EXPECT_EQ(fix("\xE2\x82z"), r + "z");
  EXPECT_EQ(fix("\xE0\x80\x80"), r + r + r);          // overlong three-byte
  EXPECT_EQ(fix("\xED\xA0\x80"), r);                  // an encoded surrogate: one of three
  EXPECT_EQ(fix("\xF4\x90\x80\x80"), r + r + r + r);  // beyond U+10FFFF
  EXPECT_EQ(fix("\xF0\x9F\x98"), r);
}

TEST(LintTest, RepairLineTakesTheFirstValue) {
  RepairedLine r = RepairLine(" {\"a\":\"}\\\"\x02\"} {\"b\":1}");
  EXPECT_EQ(r.text, "{\"a\":\"}\\\"\\u0002\"}");
  EXPECT_EQ(r.lint, LintBit(LintKind::kControlCharacter) | LintBit(LintKind::kSecondMessage));
  EXPECT_EQ(RepairLine("[1,[2]] x").text, "[1,[2]]");
  EXPECT_EQ(RepairLine("{\"a\":1").text, "{\"a\":1");  // unterminated: the parser refuses it
  EXPECT_EQ(RepairLine(" \t").text, "");
}

}  // namespace
}  // namespace glomers
