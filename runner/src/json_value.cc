#include "runner/src/json_value.h"

#include <charconv>
#include <map>
#include <string_view>

namespace glomers {

using maelstrom::JsonKind;
using maelstrom::JsonView;

namespace {

void AppendCanonical(std::string& out, JsonView v) {
  switch (v.kind()) {
    case JsonKind::kNull:
    case JsonKind::kBool:
      out += v.raw();
      return;
    case JsonKind::kNumber:
      if (v.is_integer()) {
        std::string_view raw = v.raw();
        if (raw == "-0") raw = "0";
        out += raw;
      } else {
        // Marked so that 1.0 never meets the integer 1.
        char buf[32];
        auto r = std::to_chars(buf, buf + sizeof buf, v.as_double());
        out += "d";
        out.append(buf, r.ptr);
      }
      return;
    case JsonKind::kString:
      maelstrom::WriteJsonString(out, v.as_string());
      return;
    case JsonKind::kArray: {
      out += '[';
      bool first = true;
      for (JsonView e : v.elements()) {
        if (!first) out += ',';
        first = false;
        AppendCanonical(out, e);
      }
      out += ']';
      return;
    }
    case JsonKind::kObject: {
      std::map<std::string, std::string> members;
      for (auto m : v.members()) {
        std::string value;
        AppendCanonical(value, m.value());
        members[m.key()] = std::move(value);
      }
      out += '{';
      bool first = true;
      for (const auto& [key, value] : members) {
        if (!first) out += ',';
        first = false;
        maelstrom::WriteJsonString(out, key);
        out += ':';
        out += value;
      }
      out += '}';
      return;
    }
  }
}

// Compares two integers written in JSON (any size).
int CompareIntegers(std::string_view a, std::string_view b) {
  bool neg_a = a.starts_with('-'), neg_b = b.starts_with('-');
  if (neg_a) a.remove_prefix(1);
  if (neg_b) b.remove_prefix(1);
  if (a == "0") neg_a = false;
  if (b == "0") neg_b = false;
  if (neg_a != neg_b) return neg_a ? -1 : 1;
  int magnitude = a.size() != b.size() ? (a.size() < b.size() ? -1 : 1) : a.compare(b);
  if (magnitude > 0) magnitude = 1;
  if (magnitude < 0) magnitude = -1;
  return neg_a ? -magnitude : magnitude;
}

std::u16string Utf16(const std::string& s) {
  std::u16string out;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    char32_t cp;
    std::size_t len;
    if (c < 0x80) {
      cp = c;
      len = 1;
    } else if (c < 0xE0) {
      cp = c & 0x1F;
      len = 2;
    } else if (c < 0xF0) {
      cp = c & 0x0F;
      len = 3;
    } else {
      cp = c & 0x07;
      len = 4;
    }
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (cp >> 10));
      out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
    } else {
      out += static_cast<char16_t>(cp);
    }
  }
  return out;
}

int Sign(int x) { return (x > 0) - (x < 0); }

}  // namespace

std::string CanonicalJson(JsonView value) {
  std::string out;
  AppendCanonical(out, value);
  return out;
}

std::optional<int> CompareJson(JsonView a, JsonView b) {
  if (a.is_null()) return b.is_null() ? 0 : -1;
  if (b.is_null()) return 1;
  if (a.kind() != b.kind()) return std::nullopt;
  switch (a.kind()) {
    case JsonKind::kNumber: {
      if (a.is_integer() && b.is_integer()) return CompareIntegers(a.raw(), b.raw());
      double x = a.as_double(), y = b.as_double();
      return (x > y) - (x < y);
    }
    case JsonKind::kString: {
      if (auto pa = a.string_if_plain(), pb = b.string_if_plain(); pa && pb) {
        bool ascii = true;
        for (char c : *pa) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
        for (char c : *pb) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
        if (ascii) return Sign(pa->compare(*pb));
      }
      return Sign(Utf16(a.as_string()).compare(Utf16(b.as_string())));
    }
    case JsonKind::kBool:
      return static_cast<int>(a.as_bool()) - static_cast<int>(b.as_bool());
    case JsonKind::kArray: {
      if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
      auto ib = b.elements().begin();
      for (JsonView ea : a.elements()) {
        auto c = CompareJson(ea, *ib++);
        if (!c) return std::nullopt;
        if (*c != 0) return c;
      }
      return 0;
    }
    case JsonKind::kObject:
    case JsonKind::kNull:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace glomers
