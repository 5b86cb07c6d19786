// A parsed JSON text: the text itself (borrowed or owned) and its tape, one entry per value in
// document order. What a JsonDocument, a Message and a Json hold, and what a JsonView points
// into. Internal to the library.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "maelstrom/json.h"

namespace maelstrom::internal {

struct EnvelopeSlots;  // envelope.h

// One value. A container is followed by its members (for objects: key, value, key, value, ...).
struct JsonEntry {
  std::uint32_t begin;  // offset of the value's first byte
  std::uint32_t end;    // one past its last byte
  std::uint32_t next;   // index of the entry after this value and everything inside it
  std::uint32_t count;  // containers: number of elements or members
  JsonKind kind;
  bool simple;  // numbers: an integer (no fraction or exponent); strings: no escapes
};

class Tape {
 public:
  Tape() = default;
  // A copy owns its text, so it outlives the buffer the original was parsed from.
  Tape(const Tape& other);
  Tape& operator=(const Tape& other);
  Tape(Tape&& other) noexcept;
  Tape& operator=(Tape&& other) noexcept;

  // See JsonDocument::Parse and ParseOwned.
  bool Parse(std::string_view text, std::string* error, const JsonLimits& limits);
  bool ParseOwned(std::string text, std::string* error, const JsonLimits& limits);
  // See JsonDocument::ReleaseMemory.
  void ReleaseMemory(std::size_t max_bytes);

  bool empty() const { return size_ == 0; }
  std::uint32_t size() const { return size_; }
  std::string_view text() const { return text_; }
  const JsonEntry& operator[](std::uint32_t index) const { return entries_[index]; }
  // The source text of the value at `index`.
  std::string_view raw(std::uint32_t index) const {
    const JsonEntry& e = entries_[index];
    return text_.substr(e.begin, e.end - e.begin);
  }
  // The bytes between the quotes of the string at `index`, which has no escapes.
  std::string_view plain(std::uint32_t index) const {
    const JsonEntry& e = entries_[index];
    return text_.substr(e.begin + 1, e.end - e.begin - 2);
  }

 private:
  bool Run(std::string* error, const JsonLimits& limits);
  // The one-pass reader of compact messages writes the tape itself (envelope.h).
  friend bool ScanCompactMessage(std::string_view line, const JsonLimits& limits, Tape* tape,
                                 EnvelopeSlots* slots);

  std::string owned_;
  std::string_view text_;
  std::vector<JsonEntry> entries_;  // grows, never shrinks; entries [0, size_) are this parse
  std::uint32_t size_ = 0;
  std::vector<std::uint32_t> stack_;  // the parser's open containers, kept to reuse its memory
};

// Decodes the JSON string literal `raw` (with its quotes), which the parser has validated.
std::string DecodeString(std::string_view raw);

// What JsonView's accessors throw: it knows which text the value it found wanting lies in, so
// that a node tells a fault in the request it handles (code 12) from any other (code 13).
class JsonValueError final : public JsonError {
 public:
  JsonValueError(const Tape* tape, const std::string& what) : JsonError(what), tape_(tape) {}
  const Tape* tape() const { return tape_; }

 private:
  const Tape* tape_;
};

// Makes the line breaks in the n bytes at p spaces (see "Writing JSON" in json.h).
inline void BlankLineBreaks(char* p, std::size_t n) {
  if (n == 0 || (std::memchr(p, '\n', n) == nullptr && std::memchr(p, '\r', n) == nullptr)) {
    return;  // the usual case, found by two library scans
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (p[i] == '\n' || p[i] == '\r') p[i] = ' ';
  }
}

}  // namespace maelstrom::internal
