// Writing JSON: strings, numbers, parsed values, and the owned Json value.
#include <charconv>
#include <cmath>
#include <cstring>
#include <string>

#include "format.h"
#include "json_tape.h"
#include "maelstrom/json.h"
#include "scan.h"
#include "utf8.h"

namespace maelstrom {

using internal::AppendUtf8;
using internal::kReplacementCharacter;
using internal::Utf8SequenceLength;

void WriteJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto* begin = reinterpret_cast<const unsigned char*>(s.data());
  if (s.size() <= 62 && internal::IsPlainAscii(begin, begin + s.size())) {
    // The common case, names and keys: nothing to escape, one append.
    char quoted[64];
    quoted[0] = '"';
    std::memcpy(quoted + 1, s.data(), s.size());
    quoted[s.size() + 1] = '"';
    out.append(quoted, s.size() + 2);
    return;
  }
  out += '"';
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const auto* run = p;
    p = internal::SkipPlainAscii(p, end);
    out.append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(p - run));
    if (p == end) break;
    unsigned char c = *p;
    if (c >= 0x80) {
      std::size_t n = Utf8SequenceLength(p, end);
      if (n == 0) {
        AppendUtf8(out, kReplacementCharacter);
        ++p;
      } else {
        out.append(reinterpret_cast<const char*>(p), n);
        p += n;
      }
      continue;
    }
    ++p;
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
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out += '"';
}

void WriteJson(std::string& out, std::nullptr_t) { out += "null"; }

void WriteJsonInteger(std::string& out, std::int64_t v) {
  char buf[internal::kMaxIntegerDigits];
  out.append(buf, static_cast<std::size_t>(internal::WriteSigned(v, buf)));
}

void WriteJsonInteger(std::string& out, std::uint64_t v) {
  char buf[internal::kMaxIntegerDigits];
  out.append(buf, static_cast<std::size_t>(internal::WriteUnsigned(v, buf)));
}

void WriteJson(std::string& out, double v) {
  if (!std::isfinite(v)) throw JsonError("JSON has no NaN or infinity");
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  std::string_view text(buf, static_cast<std::size_t>(r.ptr - buf));
  out += text;
  // Keep a double a double for the reader: 1.0 must not come back as the integer 1.
  if (text.find_first_of(".e") == std::string_view::npos) out += ".0";
}

void WriteJson(std::string& out, const JsonView& v) {
  std::string_view text = v.raw();
  std::size_t at = out.size();
  out += text;
  internal::BlankLineBreaks(out.data() + at, text.size());
}

// ---------------------------------------------------------------------------------------------
// Json

Json::Json(std::nullptr_t) { Adopt("null"); }

void Json::Adopt(std::string text) {
  std::string error;
  if (!doc_.ParseOwned(std::move(text), &error)) {
    throw JsonError("internal error: wrote invalid JSON: " + error);
  }
}

Json Json::Parse(std::string_view text, const JsonLimits& limits) {
  Json json;
  std::string error;
  if (!json.doc_.ParseOwned(std::string(text), &error, limits)) throw JsonError(error);
  return json;
}

Json Json::Array(std::initializer_list<Json> elements) {
  std::string text = "[";
  for (const Json& e : elements) {
    if (text.size() > 1) text += ',';
    text += e.text();
  }
  text += ']';
  Json json;
  json.Adopt(std::move(text));
  return json;
}

Json Json::Object(std::initializer_list<std::pair<std::string_view, Json>> members) {
  std::string text = "{";
  for (const auto& [key, value] : members) {
    if (text.size() > 1) text += ',';
    WriteJsonString(text, key);
    text += ':';
    text += value.text();
  }
  text += '}';
  Json json;
  json.Adopt(std::move(text));
  return json;
}

}  // namespace maelstrom
