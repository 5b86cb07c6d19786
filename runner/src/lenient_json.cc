#include "runner/src/lenient_json.h"

#include <cstdio>

namespace glomers {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool Continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// How many bytes at s[i] form one character (> 0), or, negated, how many bytes Java's decoder
// takes as one malformed sequence there: the bytes of a valid prefix (Unicode's "maximal
// subpart"), except that an encoded surrogate (ED A0..BF xx) is one malformed sequence of three.
int Utf8Step(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) -> int {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : -1;
  };
  int c = b(0);
  if (c < 0x80) return 1;
  int n = c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
  if (n == 0) return -1;
  int lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
  int hi = c == 0xF4 ? 0x8F : 0xBF;
  int first = b(1);
  if (c == 0xED && first >= 0xA0 && first <= 0xBF) {
    return b(2) >= 0 && Continuation(static_cast<unsigned char>(b(2))) ? -3 : -2;
  }
  if (first < lo || first > hi) return -1;
  for (int k = 2; k < n; ++k) {
    int next = b(static_cast<std::size_t>(k));
    if (next < 0 || !Continuation(static_cast<unsigned char>(next))) return -k;
  }
  return n;
}

bool JsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void EscapeControl(std::string& out, unsigned char c) {
  switch (c) {
    case '\b':
      out += "\\b";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\r':
      out += "\\r";
      return;
    default:
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\u%04X", c);
      out += hex;
  }
}

}  // namespace

bool ReplaceInvalidUtf8(std::string_view in, std::string* out) {
  std::size_t i = 0;
  // Most lines are ASCII or valid: find the first bad sequence before copying anything.
  for (int step; i < in.size() && (step = Utf8Step(in, i)) > 0;)
    i += static_cast<std::size_t>(step);
  if (i == in.size()) return false;
  out->assign(in.substr(0, i));
  while (i < in.size()) {
    int step = Utf8Step(in, i);
    if (step > 0) {
      out->append(in.substr(i, static_cast<std::size_t>(step)));
      i += static_cast<std::size_t>(step);
    } else {
      out->append(kReplacement);
      i += static_cast<std::size_t>(-step);
    }
  }
  return true;
}

RepairedLine RepairLine(std::string_view line) {
  RepairedLine r;
  std::string decoded;
  if (ReplaceInvalidUtf8(line, &decoded)) {
    r.lint |= LintBit(LintKind::kInvalidUtf8);
    line = decoded;
  }
  std::size_t i = 0;
  while (i < line.size() && JsonSpace(line[i])) ++i;
  if (i == line.size()) return r;
  std::size_t end = line.size();
  if (line[i] == '{' || line[i] == '[') {
    // The first value ends where its outermost bracket closes (outside strings). Whether the
    // brackets match is the strict parser's to say.
    int depth = 0;
    bool in_string = false;
    r.text.reserve(line.size());
    for (std::size_t j = i; j < line.size(); ++j) {
      auto c = static_cast<unsigned char>(line[j]);
      if (in_string) {
        if (c == '\\' && j + 1 < line.size()) {
          r.text += line[j];
          r.text += line[++j];
          continue;
        }
        if (c == '"') in_string = false;
        if (c < 0x20) {
          EscapeControl(r.text, c);
          r.lint |= LintBit(LintKind::kControlCharacter);
          continue;
        }
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        r.text += line[j];
        end = j + 1;
        break;
      }
      r.text += line[j];
    }
  } else {
    // A scalar is no message whatever follows it; the strict parser says what it is.
    r.text.assign(line.substr(i));
    return r;
  }
  std::size_t rest = end;
  while (rest < line.size() && JsonSpace(line[rest])) ++rest;
  if (rest < line.size()) {
    r.lint |= LintBit(line[rest] == '{' ? LintKind::kSecondMessage : LintKind::kTrailingText);
  }
  return r;
}

}  // namespace glomers
