#include "runner/src/json_value.h"

#include <gtest/gtest.h>

#include <string>

namespace glomers {
namespace {

std::string Canonical(const std::string& text) {
  maelstrom::JsonDocument doc;
  EXPECT_TRUE(doc.Parse(text)) << text;
  return CanonicalJson(doc.root());
}

std::optional<int> Compare(const std::string& a, const std::string& b) {
  maelstrom::JsonDocument da, db;
  EXPECT_TRUE(da.Parse(a));
  EXPECT_TRUE(db.Parse(b));
  return CompareJson(da.root(), db.root());
}

TEST(JsonValueTest, EqualityIsClojures) {
  EXPECT_NE(Canonical("1"), Canonical("1.0"));
  EXPECT_EQ(Canonical("1.0"), Canonical("1e0"));
  EXPECT_EQ(Canonical("-0"), Canonical("0"));
  EXPECT_EQ(Canonical(R"({"a":1,"b":[true,null]})"), Canonical(R"({ "b" : [true, null], "a":1 })"));
  EXPECT_EQ(Canonical(R"("\u0041")"), Canonical(R"("A")"));
  EXPECT_NE(Canonical(R"("1")"), Canonical("1"));
  EXPECT_EQ(Canonical(R"({"a":1,"a":2})"), Canonical(R"({"a":2})"));  // last one wins
  EXPECT_EQ(Canonical("123456789012345678901234567890"), "123456789012345678901234567890");
}

TEST(JsonValueTest, CompareOrdersWhatClojureOrders) {
  EXPECT_EQ(Compare("1", "2"), -1);
  EXPECT_EQ(Compare("2.5", "2"), 1);
  EXPECT_EQ(Compare("1", "1.0"), 0);
  EXPECT_EQ(Compare("-5", "3"), -1);
  EXPECT_EQ(Compare("99999999999999999999", "100000000000000000000"), -1);
  EXPECT_EQ(Compare(R"("n1-10")", R"("n1-9")"), -1);
  EXPECT_EQ(Compare("false", "true"), -1);
  EXPECT_EQ(Compare("[1,2]", "[1,3]"), -1);
  EXPECT_EQ(Compare("[9]", "[1,1]"), -1);  // shorter vectors first
  EXPECT_EQ(Compare("null", "7"), -1);
  EXPECT_EQ(Compare("{}", "null"), 1);
  // Java orders strings by UTF-16 units: U+FFFD sorts after U+1F600's surrogates.
  EXPECT_EQ(Compare("\"\\ud83d\\ude00\"", "\"\\ufffd\""), -1);
}

TEST(JsonValueTest, CompareRefusesWhatClojureRefuses) {
  EXPECT_FALSE(Compare("1", "\"1\"").has_value());
  EXPECT_FALSE(Compare("{}", "{}").has_value());
  EXPECT_FALSE(Compare("[1]", "[\"a\"]").has_value());
  EXPECT_FALSE(Compare("true", "1").has_value());
}

}  // namespace
}  // namespace glomers
