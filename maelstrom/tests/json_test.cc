#include "maelstrom/json.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace maelstrom {
namespace {

JsonDocument MustParse(std::string_view text) {
  JsonDocument doc;
  std::string error;
  EXPECT_TRUE(doc.Parse(text, &error)) << text << ": " << error;
  return doc;
}

std::string ParseError(std::string_view text, const JsonLimits& limits = {}) {
  JsonDocument doc;
  std::string error;
  EXPECT_FALSE(doc.Parse(text, &error, limits)) << "accepted: " << text;
  return error;
}

TEST(Json, AcceptsEveryKind) {
  struct Case {
    std::string text;
    JsonKind kind;
  };
  std::vector<Case> cases = {
      {"null", JsonKind::kNull},
      {"true", JsonKind::kBool},
      {"false", JsonKind::kBool},
      {"0", JsonKind::kNumber},
      {"-0", JsonKind::kNumber},
      {"-12.5e+3", JsonKind::kNumber},
      {"1E-2", JsonKind::kNumber},
      {"123456789012345678901234567890", JsonKind::kNumber},
      {"\"\"", JsonKind::kString},
      {"\"caf\xC3\xA9 \xF0\x9F\x98\x80\"", JsonKind::kString},
      {"\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\"", JsonKind::kString},
      {"[]", JsonKind::kArray},
      {"[1,[2,[3]],{}]", JsonKind::kArray},
      {"{}", JsonKind::kObject},
      {" {\t\"a\" :\r\n1 , \"b\":[ ] } ", JsonKind::kObject},
  };
  for (const auto& c : cases) {
    JsonDocument doc = MustParse(c.text);
    EXPECT_EQ(doc.root().kind(), c.kind) << c.text;
  }
}

TEST(Json, RejectsInvalidTextWithAReason) {
  struct Case {
    std::string text;
    std::string reason;
  };
  std::vector<Case> cases = {
      {"", "unexpected end"},
      {"{", "expected a string key"},
      {"{\"a\":1", "unterminated object"},
      {"[1,2", "unterminated array"},
      {"[1 2]", "expected ',' or ']'"},
      {"{\"a\" 1}", "expected ':'"},
      {"{\"a\":1,}", "expected a string key"},
      {"[1,]", "unexpected character"},
      {"01", "unexpected content after"},
      {"1.", "no digit after '.'"},
      {"1e", "no digit in exponent"},
      {"-", "invalid number"},
      {"+1", "unexpected character"},
      {"NaN", "unexpected character"},
      {"tru", "invalid literal"},
      {"nulls", "unexpected content after"},
      {"\"abc", "unterminated string"},
      {"\"a\nb\"", "unescaped control character"},
      {std::string("\"a\0b\"", 5), "unescaped control character"},
      {"\"\\x\"", "invalid escape"},
      {"\"\\u12g4\"", "invalid \\u escape"},
      {"\"\xC3\"", "invalid UTF-8"},
      {"\"\xC0\xAF\"", "invalid UTF-8"},          // overlong
      {"\"\xED\xA0\x80\"", "invalid UTF-8"},      // encoded surrogate
      {"\"\xF4\x90\x80\x80\"", "invalid UTF-8"},  // past U+10FFFF
      {"\"\xFF\"", "invalid UTF-8"},
      {"{} {}", "unexpected content after"},
      {"{}x", "unexpected content after"},
      {"{1:2}", "expected a string key"},
  };
  for (const auto& c : cases) {
    std::string error = ParseError(c.text);
    EXPECT_NE(error.find(c.reason), std::string::npos) << c.text << " -> " << error;
  }
}

TEST(Json, LimitsDepthAndSize) {
  std::string deep(100000, '[');
  EXPECT_NE(ParseError(deep).find("nested too deep"), std::string::npos);
  JsonLimits limits;
  limits.max_depth = 3;
  MustParse("[[[]]]");
  EXPECT_NE(ParseError("[[[[]]]]", limits).find("nested too deep"), std::string::npos);
  limits.max_bytes = 4;
  EXPECT_NE(ParseError("[1,2]", limits).find("larger than 4 bytes"), std::string::npos);
}

TEST(Json, ReadsScalars) {
  JsonDocument doc =
      MustParse(R"({"i":-42,"u":18446744073709551615,"big":123456789012345678901,"f":1.5,"e":1e2,)"
                R"("s":"x\u00e9\ud83d\ude00\n","t":true,"n":null})");
  JsonView v = doc.root();
  EXPECT_EQ(v["i"].as_int64(), -42);
  EXPECT_EQ(v["u"].as_uint64(), 18446744073709551615ull);
  EXPECT_THROW(v["u"].as_int64(), JsonError);
  EXPECT_THROW(v["i"].as_uint64(), JsonError);
  EXPECT_TRUE(v["big"].is_integer());
  EXPECT_THROW(v["big"].as_uint64(), JsonError);
  EXPECT_EQ(v["big"].raw(), "123456789012345678901");
  EXPECT_DOUBLE_EQ(v["f"].as_double(), 1.5);
  EXPECT_FALSE(v["e"].is_integer());
  EXPECT_THROW(v["e"].as_int64(), JsonError);
  EXPECT_DOUBLE_EQ(v["e"].as_double(), 100.0);
  JsonDocument extremes = MustParse("[1e999999,-1e999999,1e-999999]");
  EXPECT_EQ(extremes.root()[0].as_double(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(extremes.root()[1].as_double(), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(extremes.root()[2].as_double(), 0.0);
  EXPECT_EQ(v["s"].as_string(), "x\xC3\xA9\xF0\x9F\x98\x80\n");
  EXPECT_FALSE(v["s"].string_if_plain().has_value());
  EXPECT_TRUE(v["t"].as_bool());
  EXPECT_TRUE(v["n"].is_null());
}

TEST(Json, LoneSurrogatesDecodeToReplacementCharacter) {
  JsonDocument doc = MustParse(R"(["\ud800","\udc00x","\ud800\u0041"])");
  EXPECT_EQ(doc.root()[0].as_string(), "\xEF\xBF\xBD");
  EXPECT_EQ(doc.root()[1].as_string(), "\xEF\xBF\xBDx");
  EXPECT_EQ(doc.root()[2].as_string(),
            "\xEF\xBF\xBD"
            "A");
}

TEST(Json, KindMismatchesAndMissingKeysSayWhat) {
  JsonDocument doc = MustParse(R"({"a":"x","n":1.5,"arr":[1]})");
  JsonView v = doc.root();
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const JsonError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message([&] { v["missing"]; }), "missing key \"missing\"");
  EXPECT_EQ(message([&] { v["a"].as_int64(); }), "expected an integer, found a string");
  EXPECT_EQ(message([&] { v["n"].as_int64(); }), "expected an integer, found the number 1.5");
  EXPECT_EQ(message([&] { v["a"]["k"]; }), "expected an object, found a string");
  EXPECT_EQ(message([&] { v["arr"][1]; }), "index 1 out of range for an array of 1");
  EXPECT_EQ(message([&] { JsonView().raw(); }), "no JSON value");
}

TEST(Json, ObjectsIgnoreOrderAndLastDuplicateWins) {
  JsonDocument doc = MustParse(R"({"a":1,"b":2,"a":3,"k\u0065y":4})");
  EXPECT_EQ(doc.root()["a"].as_int64(), 3);
  EXPECT_EQ(doc.root()["key"].as_int64(), 4);  // escaped keys match their decoded form
  EXPECT_EQ(doc.root().size(), 4u);
  EXPECT_FALSE(doc.root().Contains("c"));
}

TEST(Json, IteratesArraysAndObjects) {
  JsonDocument doc = MustParse(R"({"xs":[1,[2,3],{"z":4},5],"m":{"p":1,"q":[2]}})");
  std::vector<std::string> raws;
  for (JsonView e : doc.root()["xs"].elements()) raws.push_back(std::string(e.raw()));
  EXPECT_EQ(raws, (std::vector<std::string>{"1", "[2,3]", "{\"z\":4}", "5"}));
  EXPECT_EQ(doc.root()["xs"][3].as_int64(), 5);
  std::vector<std::string> keys;
  for (JsonMember m : doc.root()["m"].members())
    keys.push_back(m.key() + "=" + std::string(m.value().raw()));
  EXPECT_EQ(keys, (std::vector<std::string>{"p=1", "q=[2]"}));
}

TEST(Json, StructuralEquality) {
  auto eq = [](std::string_view a, std::string_view b) { return Json::Parse(a) == Json::Parse(b); };
  EXPECT_TRUE(eq(R"({"a":1,"b":[1,2]})", R"({ "b" : [1, 2], "a" : 1 })"));
  EXPECT_FALSE(eq(R"({"a":1})", R"({"a":1,"b":2})"));
  EXPECT_FALSE(eq("1", "1.0"));  // as in Clojure, an integer is not a double
  EXPECT_TRUE(eq("1.0", "1e0"));
  EXPECT_TRUE(eq("0", "-0"));
  EXPECT_TRUE(eq("123456789012345678901234", "123456789012345678901234"));
  EXPECT_FALSE(eq("123456789012345678901234", "123456789012345678901235"));
  EXPECT_TRUE(eq(R"("\u0041")", R"("A")"));
  EXPECT_FALSE(eq("[1,2]", "[2,1]"));
  EXPECT_FALSE(eq("null", "false"));
}

TEST(Json, WritesEveryCppValue) {
  EXPECT_EQ(ToJson(nullptr), "null");
  EXPECT_EQ(ToJson(true), "true");
  EXPECT_EQ(ToJson(-7), "-7");
  EXPECT_EQ(ToJson(std::numeric_limits<std::int64_t>::min()), "-9223372036854775808");
  EXPECT_EQ(ToJson(18446744073709551615ull), "18446744073709551615");
  EXPECT_EQ(ToJson(2.5), "2.5");
  EXPECT_EQ(ToJson(1.0), "1.0");  // stays a double for the reader
  EXPECT_EQ(ToJson(1e300), "1e+300");
  EXPECT_THROW(ToJson(std::numeric_limits<double>::quiet_NaN()), JsonError);
  EXPECT_EQ(ToJson("a\"b\\c\n\t\x01\x7f"), R"("a\"b\\c\n\t\u0001)"
                                           "\x7f\"");
  EXPECT_EQ(ToJson(std::string("caf\xC3\xA9")), "\"caf\xC3\xA9\"");
  EXPECT_EQ(ToJson(std::string("bad\xFF")), "\"bad\xEF\xBF\xBD\"");  // never invalid output
  EXPECT_EQ(ToJson(std::vector<int>{1, 2}), "[1,2]");
  EXPECT_EQ(ToJson(std::map<std::string, std::vector<std::string>>{{"n1", {"n2"}}, {"n2", {}}}),
            R"({"n1":["n2"],"n2":[]})");
  EXPECT_EQ(ToJson(std::optional<int>()), "null");
  EXPECT_EQ(ToJson(std::vector<std::optional<int>>{1, std::nullopt}), "[1,null]");
  EXPECT_EQ(ToJson(std::vector<std::map<std::string, int>>{{{"a", 1}}}), R"([{"a":1}])");
}

TEST(Json, OwnedValuesRoundTrip) {
  Json j = Json::Object({{"a", 1}, {"b", Json::Array({"x", nullptr, 2.5})}, {"c", true}});
  EXPECT_EQ(j.text(), R"({"a":1,"b":["x",null,2.5],"c":true})");
  EXPECT_EQ(j["b"][0].as_string(), "x");
  Json copy = j;
  Json moved = std::move(copy);
  EXPECT_EQ(moved, j);
  EXPECT_EQ(moved["a"].as_int64(), 1);
  Json small = Json("s");  // short enough for the small-string buffer: moves must re-point
  Json small_moved = std::move(small);
  EXPECT_EQ(small_moved.as_string(), "s");
  EXPECT_EQ(Json().text(), "null");
  EXPECT_EQ(Json(std::vector<int>{3}).text(), "[3]");
  EXPECT_THROW(Json::Parse("{"), JsonError);
  // A view of received JSON becomes an owned copy of its exact text.
  JsonDocument doc = MustParse(R"({"v":[1.50, 99999999999999999999]})");
  Json owned = Json(doc.root()["v"]);
  EXPECT_EQ(owned.text(), "[1.50, 99999999999999999999]");
}

TEST(Json, DocumentCopiesOwnTheirText) {
  std::string text = R"({"k":"value"})";
  JsonDocument borrowed;
  ASSERT_TRUE(borrowed.Parse(text));
  JsonDocument copy = borrowed;
  text.assign(text.size(), 'x');  // the borrowed source is gone
  EXPECT_EQ(copy.root()["k"].as_string(), "value");
}

}  // namespace
}  // namespace maelstrom
