#include "runner/src/edn_writer.h"

#include <cstdio>

#include "maelstrom/json.h"

namespace glomers {

namespace {

bool Digit(char c) { return c >= '0' && c <= '9'; }
bool Letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool FirstChar(char c) {
  return Letter(c) || c == '*' || c == '+' || c == '!' || c == '-' || c == '_' || c == '?' ||
         c == '<' || c == '>' || c == '=';
}

// A key that is the JSON text of a scalar value (results.json's way of keying by id).
bool KeyValue(std::string_view key, Value* out) {
  if (key.empty()) return false;
  char c = key[0];
  if (!(Digit(c) || c == '-' || c == '"')) return false;
  try {
    Value v = Value::Parse(key);
    if (v.kind() != Value::Kind::kNumber && v.kind() != Value::Kind::kString) return false;
    *out = std::move(v);
    return true;
  } catch (const maelstrom::JsonError&) {
    return false;
  }
}

void Append(std::string& out, const Value& v, EdnKeys keys, bool results);

}  // namespace

void AppendEdnKey(std::string& out, const std::string& key, EdnKeys keys) {
  Value as_value;
  if (keys == EdnKeys::kStrings) {
    AppendEdnString(out, key);
  } else if (KeywordName(key)) {
    out += ':';
    out += key;
  } else if (KeyValue(key, &as_value)) {
    Append(out, as_value, keys, false);
  } else {
    AppendEdnString(out, key);
  }
}

namespace {

void Append(std::string& out, const Value& given, EdnKeys keys, bool results) {
  // A lazy value (a partition's grudge) writes its own EDN where it can; else it shows no
  // members until written and parsed (an empty container costs that once, which is cheap).
  if (const Value::Lazy* lazy = given.lazy(); lazy != nullptr && lazy->AppendEdn(out, keys)) {
    return;
  }
  Value parsed;
  const Value* p = &given;
  Value::Kind kind = given.kind();
  if ((kind == Value::Kind::kArray && given.elements().empty()) ||
      (kind == Value::Kind::kObject && given.members().empty())) {
    parsed = Value::Parse(given.ToJson());
    p = &parsed;
  }
  const Value& v = *p;
  switch (kind) {
    case Value::Kind::kNull:
      out += "nil";
      return;
    case Value::Kind::kBool:
    case Value::Kind::kNumber:
      v.AppendJson(out);  // true, false, and JSON numbers read as the same numbers in EDN
      return;
    case Value::Kind::kString:
      AppendEdnString(out, v.string());
      return;
    case Value::Kind::kArray: {
      out += '[';
      bool first = true;
      for (const Value& e : v.elements()) {
        if (!first) out += ' ';
        first = false;
        Append(out, e, keys, results);
      }
      out += ']';
      return;
    }
    case Value::Kind::kObject: {
      out += '{';
      bool first = true;
      for (const auto& [key, value] : v.members()) {
        if (!first) out += ", ";
        first = false;
        AppendEdnKey(out, key, keys);
        out += ' ';
        if (results && key == "valid?" && value.is_string() && value.string() == "unknown") {
          out += ":unknown";
        } else {
          Append(out, value, keys, results);
        }
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

bool KeywordName(std::string_view name) {
  if (name.empty() || !FirstChar(name[0])) return false;
  if ((name[0] == '+' || name[0] == '-') && name.size() > 1 && Digit(name[1])) return false;
  for (char c : name) {
    if (!(FirstChar(c) || Digit(c) || c == '.' || c == '#' || c == ':')) return false;
  }
  return name.back() != ':';
}

void AppendEdnString(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;  // UTF-8 as is: the reader reads it
        }
    }
  }
  out += '"';
}

void AppendEdnKeyword(std::string& out, std::string_view name) {
  if (!KeywordName(name)) {
    AppendEdnString(out, name);
    return;
  }
  out += ':';
  out += name;
}

void AppendEdn(std::string& out, const Value& v, EdnKeys keys) { Append(out, v, keys, false); }

void AppendResultsEdn(std::string& out, const Value& results) {
  Append(out, results, EdnKeys::kKeywords, true);
}

}  // namespace glomers
