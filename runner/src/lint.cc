#include "runner/src/lint.h"

#include <cstdio>

#include "runner/src/json_writer.h"

namespace glomers {

namespace {

struct KindText {
  std::string_view name;
  std::string_view meaning;
};

constexpr std::array<KindText, static_cast<std::size_t>(LintKind::kCount)> kKinds = {{
    {"trailing-text", "text after the message on its line; Maelstrom ignores it"},
    {"second-message",
     "a second message on the same line; Maelstrom takes the first and loses the rest"},
    {"control-character",
     "a raw control character inside a string; Maelstrom's parser accepts it (JSON requires "
     "an escape)"},
    {"invalid-utf8", "bytes that are not UTF-8; Maelstrom reads each bad sequence as U+FFFD"},
    {"crlf", "a line ended by \\r\\n; Maelstrom's readLine takes it as one line end"},
    {"bare-cr",
     "a line ended by a bare \\r; Maelstrom's readLine ends the line there (a \\r inside a "
     "message cuts it in two)"},
    {"no-final-line-break",
     "output that ended without a line break; Maelstrom's readLine still reads that last line"},
    {"typeless-body",
     "a body with no string \"type\"; Maelstrom routes it (a client or service would not take "
     "it)"},
    {"body-not-object",
     "a body that is null, \"\" or an array of [key, value] pairs; Maelstrom passes it on as an "
     "object"},
    {"envelope-array",
     "a message written as an array of [key, value] pairs; Maelstrom takes it as the object"},
    {"duplicate-key", "a key written twice in the message or its body; Maelstrom keeps the last"},
    {"non-integer-msg_id", "a body msg_id that is not an integer; Maelstrom routes it"},
    {"non-integer-in_reply_to",
     "a body in_reply_to that is not an integer; Maelstrom routes it, and a client drops it as "
     "the reply to nothing"},
}};

bool Utf8At(std::string_view s, std::size_t i, std::size_t* len) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  std::size_t n = c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return false;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c == 0xE0) lo = 0xA0;
  if (c == 0xED) hi = 0x9F;
  if (c == 0xF0) lo = 0x90;
  if (c == 0xF4) hi = 0x8F;
  if (b(i + 1) < lo || b(i + 1) > hi) return false;
  for (std::size_t k = 2; k < n; ++k) {
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return false;
  }
  *len = n;
  return true;
}

}  // namespace

std::string_view LintName(LintKind kind) { return kKinds[static_cast<std::size_t>(kind)].name; }

std::string_view LintMeaning(LintKind kind) {
  return kKinds[static_cast<std::size_t>(kind)].meaning;
}

std::string LintExcerpt(std::string_view line, std::size_t max) {
  std::string out;
  bool cut = line.size() > max;
  if (cut) line = line.substr(0, max);
  for (std::size_t i = 0; i < line.size();) {
    auto c = static_cast<unsigned char>(line[i]);
    std::size_t len = 1;
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
    } else if (c >= 0x80 && Utf8At(line, i, &len)) {
      out.append(line.substr(i, len));
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      out += hex;
    }
    i += len;
  }
  if (cut) out += "...";
  return out;
}

void Lint::Add(LintSet kinds, std::size_t node, std::string_view name, std::string_view line,
               std::uint64_t line_number) {
  for (std::size_t k = 0; kinds != 0 && k < kinds_.size(); ++k) {
    if ((kinds & LintBit(static_cast<LintKind>(k))) == 0) continue;
    kinds &= ~LintBit(static_cast<LintKind>(k));
    Kind& kind = kinds_[k];
    LintFinding& f = kind.finding;
    if (f.count++ == 0) {
      f.kind = static_cast<LintKind>(k);
      f.node = std::string(name);
      f.line = line_number;
      f.excerpt = LintExcerpt(line);
    }
    if (kind.seen.size() <= node) kind.seen.resize(node + 1);
    if (!kind.seen[node]) {
      kind.seen[node] = true;
      ++f.nodes;
    }
  }
}

bool Lint::empty() const {
  for (const Kind& k : kinds_) {
    if (k.finding.count > 0) return false;
  }
  return true;
}

std::vector<LintFinding> Lint::findings() const {
  std::vector<LintFinding> out;
  for (const Kind& k : kinds_) {
    if (k.finding.count > 0) out.push_back(k.finding);
  }
  return out;
}

LintResult CheckLint(const Lint& lint, bool strict) {
  LintResult r;
  r.strict = strict;
  r.findings = lint.findings();
  r.valid = FromBool(!strict || r.findings.empty());
  return r;
}

namespace {
std::string Reason(const LintResult& lint) {
  return "--strict: the nodes wrote " + std::to_string(lint.findings.size()) +
         " kind(s) of output that Maelstrom lets pass (see findings)";
}
}  // namespace

void WriteJson(JsonWriter& w, const LintResult& lint) {
  w.BeginObject().Key("valid?");
  WriteJson(w, lint.valid);
  w.Key("strict").Bool(lint.strict);
  if (lint.valid == Validity::kFalse) w.Key("reason").String(Reason(lint));
  w.Key("count").Uint(lint.findings.size()).Key("findings").BeginArray();
  for (const LintFinding& f : lint.findings) {
    w.BeginObject().Key("kind").String(LintName(f.kind)).Key("meaning").String(LintMeaning(f.kind));
    w.Key("node").String(f.node).Key("line").Uint(f.line).Key("excerpt").String(f.excerpt);
    w.Key("count").Uint(f.count).Key("nodes").Uint(f.nodes).EndObject();
  }
  w.EndArray().EndObject();
}

std::vector<std::string> SummarizeLint(const LintResult& lint) {
  std::vector<std::string> lines;
  std::string head = lint.valid == Validity::kFalse ? "FAIL" : "ok  ";
  head +=
      " lint: " + std::to_string(lint.findings.size()) + " kind(s) of output Maelstrom lets pass";
  head += lint.strict ? " (--strict: each fails the run)"
                      : " (reported, not judged; --strict fails on them)";
  lines.push_back(std::move(head));
  for (const LintFinding& f : lint.findings) {
    lines.push_back("       " + std::string(LintName(f.kind)) + ": first on " + f.node + " line " +
                    std::to_string(f.line) + " (" + std::to_string(f.count) + " line(s) on " +
                    std::to_string(f.nodes) + " node(s)): " + std::string(LintMeaning(f.kind)));
    lines.push_back("         " + f.excerpt);
  }
  return lines;
}

}  // namespace glomers
