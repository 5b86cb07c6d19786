// What Maelstrom's parser reads from a line the strict JSON parser refuses. Maelstrom decodes a
// node's stdout with Java's UTF-8 decoder (each bad byte sequence becomes U+FFFD) and parses
// each line with cheshire's parse-string: Jackson with unquoted control characters allowed,
// reading the first JSON value and never looking at what follows it.
//
// RepairLine gives that first value as text the strict parser (and any node it is passed on
// to) reads the same way: bad UTF-8 replaced by U+FFFD, raw control characters inside strings
// escaped, whatever follows the value cut off. It does not judge the value: if Jackson would
// fail on it, so does the strict parse of the repaired text. Only lines the strict parser
// refused come here, so the usual line never pays for it.
#pragma once

#include <string>
#include <string_view>

#include "runner/src/lint.h"

namespace glomers {

struct RepairedLine {
  std::string text;  // the first JSON value, repaired (empty if the line is blank)
  // What was repaired: kInvalidUtf8, kControlCharacter, kTrailingText or kSecondMessage (text
  // after the value that starts with '{').
  LintSet lint = 0;
};

RepairedLine RepairLine(std::string_view line);

// Java's UTF-8 decoding, back in UTF-8: each malformed sequence (as Java's decoder measures it)
// becomes U+FFFD. Returns false and leaves `out` alone if `in` is valid UTF-8.
bool ReplaceInvalidUtf8(std::string_view in, std::string* out);

}  // namespace glomers
