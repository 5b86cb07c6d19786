// Writes JSON text: objects and arrays opened and closed in order, commas where they belong, every
// string escaped. Results, the history and the services' replies are built with it.
//
//   JsonWriter w(out);
//   w.BeginObject().Key("valid?").Bool(true).Key("count").Int(3).EndObject();
//
// Numbers: Int and Uint exactly; Double as the node library writes doubles; Float as Java prints
// a float (the shortest text that reads back as the same float, with ".0" when it is whole),
// which is how Maelstrom writes ratios such as ok-fraction and msgs-per-op.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runner/src/value.h"

namespace glomers {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  // The key of the next member of the open object.
  JsonWriter& Key(std::string_view key);
  // The same for a key known to need no escaping (a literal of plain ASCII), written as is: the
  // history writes six of them a line, millions of lines.
  JsonWriter& PlainKey(std::string_view key);

  JsonWriter& Null();
  JsonWriter& Bool(bool b);
  JsonWriter& Int(std::int64_t i);
  JsonWriter& Uint(std::uint64_t u);
  JsonWriter& Double(double d);
  JsonWriter& Float(float f);
  JsonWriter& String(std::string_view s);
  JsonWriter& Json(const Value& v);
  // Text already known to be one valid JSON value.
  JsonWriter& Raw(std::string_view json);

  std::string& out() { return out_; }

 private:
  JsonWriter& Open(char c);
  JsonWriter& Close(char c);
  // A comma before every value but the first of its container (a member's value follows its key).
  void Separate();

  std::string& out_;
  std::vector<bool> nonempty_;  // per open container: whether it has an element already
  bool after_key_ = false;
};

// The compact JSON of anything with a WriteJson(JsonWriter&, const T&, extra...) overload.
template <class T, class... Extra>
std::string ToJson(const T& value, const Extra&... extra) {
  std::string out;
  JsonWriter w(out);
  WriteJson(w, value, extra...);
  return out;
}

// JSON text indented for people, two spaces a level; short arrays of scalars stay on one line.
std::string PrettyJson(std::string_view json);

}  // namespace glomers
