#include "runner/src/value.h"

#include <gtest/gtest.h>

#include <string>

#include "runner/src/json_writer.h"

namespace glomers {
namespace {

// Equal as Clojure would call them, with equal hashes.
bool Same(const std::string& a, const std::string& b) {
  Value x = Value::Parse(a), y = Value::Parse(b);
  bool equal = x == y;
  if (equal) {
    EXPECT_EQ(x.Hash(), y.Hash()) << a << " and " << b;
  }
  EXPECT_EQ(equal, y == x) << "symmetric";
  return equal;
}

std::optional<int> Compare(const std::string& a, const std::string& b) {
  return Value::Compare(Value::Parse(a), Value::Parse(b));
}

TEST(ValueTest, EqualityIsClojures) {
  EXPECT_FALSE(Same("1", "1.0"));
  EXPECT_TRUE(Same("1.0", "1e0"));
  EXPECT_TRUE(Same("-0", "0"));
  EXPECT_FALSE(Same("-0.0", "0.0"));  // Clojure's hash sets tell them apart
  EXPECT_TRUE(Same(R"({"a":1,"b":[true,null]})", R"({ "b" : [true, null], "a":1 })"));
  EXPECT_TRUE(Same(R"("\u0041")", R"("A")"));
  EXPECT_FALSE(Same(R"("1")", "1"));
  EXPECT_TRUE(Same(R"({"a":1,"a":2})", R"({"a":2})"));  // last one wins
  EXPECT_FALSE(Same(R"({"a":1})", R"({"a":1,"b":2})"));
  EXPECT_FALSE(Same("[1,2]", "[2,1]"));
  EXPECT_TRUE(Same("123456789012345678901234567890", "123456789012345678901234567890"));
  EXPECT_FALSE(Same("123456789012345678901234567890", "123456789012345678901234567891"));
  EXPECT_TRUE(Same("1e999999", "2e999999"));  // both Infinity to the JVM
  EXPECT_TRUE(
      Same("\"a string longer than fourteen bytes\"", "\"a string longer than fourteen bytes\""));
  EXPECT_FALSE(Same("\"fourteen bytes\"", "\"fourteen bytez\""));
  EXPECT_FALSE(Same("true", "false"));
  EXPECT_TRUE(Same("null", "null"));
}

TEST(ValueTest, ObjectsWithManyMembersKeepTheLastOfDuplicates) {
  std::string a = "{", b = "{";
  for (int i = 0; i < 40; ++i) {
    a += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    b += "\"k" + std::to_string(39 - i) + "\":" + std::to_string(39 - i) + ",";
  }
  a += "\"k3\":99}";
  b += "\"k3\":99}";
  EXPECT_TRUE(Same(a, b));
  Value v = Value::Parse(a);
  EXPECT_EQ(v.members().size(), 40u);
  EXPECT_EQ(v.Find("k3")->ToJson(), "99");
  EXPECT_EQ(v.members()[3].first, "k3");  // in the first one's place
}

TEST(ValueTest, CompareOrdersWhatClojureOrders) {
  EXPECT_EQ(Compare("1", "2"), -1);
  EXPECT_EQ(Compare("2.5", "2"), 1);
  EXPECT_EQ(Compare("1", "1.0"), 0);
  EXPECT_EQ(Compare("-5", "3"), -1);
  EXPECT_EQ(Compare("99999999999999999999", "100000000000000000000"), -1);
  EXPECT_EQ(Compare("-99999999999999999999", "-100000000000000000000"), 1);
  EXPECT_EQ(Compare("99999999999999999999", "9223372036854775807"), 1);
  EXPECT_EQ(Compare("-99999999999999999999", "-9223372036854775808"), -1);
  EXPECT_EQ(Compare(R"("n1-10")", R"("n1-9")"), -1);
  EXPECT_EQ(Compare("false", "true"), -1);
  EXPECT_EQ(Compare("[1,2]", "[1,3]"), -1);
  EXPECT_EQ(Compare("[9]", "[1,1]"), -1);  // shorter vectors first
  EXPECT_EQ(Compare("null", "7"), -1);
  EXPECT_EQ(Compare("{}", "null"), 1);
  // Java orders strings by UTF-16 units: U+FFFD sorts after U+1F600's surrogates.
  EXPECT_EQ(Compare("\"\\ud83d\\ude00\"", "\"\\ufffd\""), -1);
  EXPECT_EQ(Compare("\"\\u00e9\"", "\"e\""), 1);
}

TEST(ValueTest, CompareRefusesWhatClojureRefuses) {
  EXPECT_FALSE(Compare("1", "\"1\"").has_value());
  EXPECT_FALSE(Compare("{}", "{}").has_value());
  EXPECT_FALSE(Compare("[1]", "[\"a\"]").has_value());
  EXPECT_FALSE(Compare("true", "1").has_value());
}

TEST(ValueTest, WritesItsJson) {
  for (const char* text :
       {"null", "true", "false", "0", "-9223372036854775808", "123456789012345678901234567890",
        "1.50", "1e999999", "\"\"", "\"short\"", "\"a string longer than fourteen bytes\"", "[]",
        "{}", R"([1,"a",{"b":[null]}])", R"({"z":1,"a":2})"}) {
    EXPECT_EQ(Value::Parse(text).ToJson(), text);
  }
  // Strings come back decoded and escaped canonically; whitespace goes.
  EXPECT_EQ(Value::Parse(R"( [ "\u0041\n" , 1 ] )").ToJson(), R"(["A\n",1])");
  EXPECT_THROW(Value::Parse("{"), maelstrom::JsonError);
}

TEST(ValueTest, Accessors) {
  Value v = Value::Parse(R"({"id":7,"name":"n1","list":[1,2]})");
  EXPECT_TRUE(v.is_object());
  EXPECT_EQ(v.Find("id")->int64(), 7);
  EXPECT_EQ(v.Find("name")->string(), "n1");
  EXPECT_EQ(v.Find("list")->elements().size(), 2u);
  EXPECT_EQ(v.Find("missing"), nullptr);
  EXPECT_TRUE(Value::Parse("12345678901234567890123").is_integer());
  EXPECT_FALSE(Value::Parse("12345678901234567890123").int64().has_value());
  EXPECT_FALSE(Value::Parse("1.0").is_integer());
  EXPECT_EQ(Value::Parse("1").kind(), Value::Kind::kNumber);
  EXPECT_EQ(Value::String("x").string(), "x");
}

TEST(ValueTest, CopiesShareAndOutliveTheOriginal) {
  Value copy;
  {
    Value original = Value::Parse(R"({"key":"a string longer than fourteen bytes"})");
    copy = original;
    Value moved = std::move(original);
    EXPECT_TRUE(original.is_null());  // NOLINT: moved from, on purpose
    EXPECT_TRUE(moved == copy);
  }
  EXPECT_EQ(copy.ToJson(), R"({"key":"a string longer than fourteen bytes"})");
  copy = copy;  // NOLINT: self-assignment, on purpose
  EXPECT_EQ(copy.Find("key")->string(), "a string longer than fourteen bytes");
}

class Counted final : public Value::Lazy {
 public:
  explicit Counted(int* writes) : writes_(writes) {}
  void AppendJson(std::string& out) const override {
    ++*writes_;
    out += R"({"b":[1,2],"a":"x"})";
  }

 private:
  int* writes_;
};

TEST(ValueTest, ALazyValueIsWrittenOnlyWhenAsked) {
  int writes = 0;
  Value lazy = Value::FromLazy(std::make_shared<Counted>(&writes));
  Value array = Value::Array({Value::String("isolated"), lazy});
  EXPECT_EQ(writes, 0);
  EXPECT_EQ(array.ToJson(), R"(["isolated",{"b":[1,2],"a":"x"}])");
  EXPECT_EQ(writes, 1);
  // Compared, it is what it writes.
  EXPECT_TRUE(lazy == Value::Parse(R"({"a":"x","b":[1,2]})"));
  EXPECT_EQ(lazy.Hash(), Value::Parse(R"({"a":"x","b":[1,2]})").Hash());
  EXPECT_TRUE(lazy.is_object());
}

TEST(JsonWriterTest, CommasKeysAndNumbers) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject()
      .Key("a")
      .Int(-1)
      .Key("b")
      .BeginArray()
      .Bool(true)
      .Null()
      .BeginObject()
      .EndObject();
  w.BeginArray().EndArray().EndArray().Key("c\"").String("\n").Key("f").Float(2.2f);
  w.Key("g").Float(3.0f).Key("d").Double(60).Key("u").Uint(18446744073709551615ull);
  w.Key("v").Json(Value::Parse("[1,{}]")).Key("r").Raw("7").EndObject();
  EXPECT_EQ(out, R"({"a":-1,"b":[true,null,{},[]],"c\"":"\n","f":2.2,"g":3.0,"d":60.0,)"
                 R"("u":18446744073709551615,"v":[1,{}],"r":7})");
  // One top-level value after another, as the history writes them.
  std::string lines;
  JsonWriter l(lines);
  l.BeginObject().Key("x").Int(1).EndObject();
  lines += '\n';
  l.BeginObject().Key("x").Int(2).EndObject();
  EXPECT_EQ(lines, "{\"x\":1}\n{\"x\":2}");
}

TEST(JsonWriterTest, PrettyJsonKeepsTheValue) {
  std::string text = R"({"a":{"b":[1,2,3]},"c":[{"d":1},{"e":2}],"f":[]})";
  std::string pretty = PrettyJson(text);
  EXPECT_EQ(pretty,
            "{\n  \"a\": {\n    \"b\": [1,2,3]\n  },\n  \"c\": [\n    {\n      \"d\": 1\n    "
            "},\n    {\n      \"e\": 2\n    }\n  ],\n  \"f\": []\n}\n");
  EXPECT_TRUE(Value::Parse(pretty) == Value::Parse(text));
}

}  // namespace
}  // namespace glomers
