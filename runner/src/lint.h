// What a node writes that Maelstrom lets pass but a careful node would not: text after the message
// on its line, a second message on the same line (lost), raw control characters in strings,
// bytes that are not UTF-8, line ends other than '\n', a body without a string type, and so on.
// Maelstrom judges none of it, so glomers only reports it (results.json "lint", the summary);
// with --strict, any finding fails the run.
//
// One finding per kind for the whole test: the first node and line it was seen on, an excerpt of
// that line, how many lines had it and on how many nodes. Line numbers count a node's stdout
// lines from 1, as Java's readLine cuts them, over the whole test (a restart goes on counting).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runner/src/validity.h"

namespace glomers {

class JsonWriter;

enum class LintKind : std::uint8_t {
  kTrailingText,         // text after the message on its line: ignored
  kSecondMessage,        // a second message on the same line: lost
  kControlCharacter,     // a raw control character inside a string: accepted
  kInvalidUtf8,          // bytes that are not UTF-8: replaced by U+FFFD
  kCrlf,                 // a line ended by "\r\n"
  kBareCr,               // a line ended by a bare '\r'
  kNoFinalLineBreak,     // the last line, cut off by the end of output: still read
  kTypelessBody,         // a body with no string "type": routed
  kBodyNotObject,        // a body that is null, "" or [key, value] pairs: passed on as an object
  kEnvelopeArray,        // a message written as an array of [key, value] pairs: taken as one
  kDuplicateKey,         // a key twice in the message or its body: the last wins
  kNonIntegerMsgId,      // body msg_id not an integer: routed
  kNonIntegerInReplyTo,  // body in_reply_to not an integer: routed, and no client takes it
  kCount,
};

// "trailing-text", "second-message", ...: the key of the finding in results.json.
std::string_view LintName(LintKind kind);
// What Maelstrom does with it, for people.
std::string_view LintMeaning(LintKind kind);

// A set of kinds, one bit each.
using LintSet = std::uint32_t;
constexpr LintSet LintBit(LintKind kind) { return LintSet{1} << static_cast<unsigned>(kind); }

// The line as it can be shown: at most `max` bytes, control characters, '\r' and bytes that are
// not UTF-8 written as \xNN (so the excerpt is valid UTF-8 and shows what was there).
std::string LintExcerpt(std::string_view line, std::size_t max = 160);

struct LintFinding {
  LintKind kind = LintKind::kCount;
  std::string node;        // the first node seen doing it
  std::uint64_t line = 0;  // and the line of that node's stdout
  std::string excerpt;
  std::uint64_t count = 0;  // lines with it, over all nodes
  std::size_t nodes = 0;    // nodes with it
};

class Lint {
 public:
  // A line of node `node` (named `name`), number `line_number`, had `kinds`.
  void Add(LintSet kinds, std::size_t node, std::string_view name, std::string_view line,
           std::uint64_t line_number);
  bool empty() const;
  // The findings in the order of LintKind.
  std::vector<LintFinding> findings() const;

 private:
  struct Kind {
    LintFinding finding;
    std::vector<bool> seen;  // by node index
  };
  std::array<Kind, static_cast<std::size_t>(LintKind::kCount)> kinds_{};
};

// The lint of a test, as judged: reported only, or, with --strict, failing the run.
struct LintResult {
  bool strict = false;
  Validity valid = Validity::kTrue;  // false only when strict and there are findings
  std::vector<LintFinding> findings;
};
LintResult CheckLint(const Lint& lint, bool strict);

// {"valid?":..,"strict":..,"reason":..(when failing),"count":N,
//  "findings":[{"kind":..,"meaning":..,"node":..,"line":..,"excerpt":..,"count":..,"nodes":..}]}
void WriteJson(JsonWriter& w, const LintResult& lint);
// The summary's lines: a headline, then a line or two per finding.
std::vector<std::string> SummarizeLint(const LintResult& lint);

}  // namespace glomers
