// Finding a message's envelope: on a full parse's tape, or in one pass over a compact line.
#include "envelope.h"

#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "scan.h"

namespace maelstrom::internal {

namespace {

// The keys a message is read by. Matching by length first keeps this to one compare per key.
enum class Key { kOther, kSrc, kDest, kBody, kType, kMsgId, kInReplyTo };

[[gnu::always_inline]] inline Key Classify(const char* p, std::size_t size) {
  // Fixed-size compares, which the compiler turns into a load and a compare each.
  switch (size) {
    case 3:
      return std::memcmp(p, "src", 3) == 0 ? Key::kSrc : Key::kOther;
    case 4:
      if (std::memcmp(p, "dest", 4) == 0) return Key::kDest;
      if (std::memcmp(p, "body", 4) == 0) return Key::kBody;
      if (std::memcmp(p, "type", 4) == 0) return Key::kType;
      return Key::kOther;
    case 6:
      return std::memcmp(p, "msg_id", 6) == 0 ? Key::kMsgId : Key::kOther;
    case 11:
      return std::memcmp(p, "in_reply_to", 11) == 0 ? Key::kInReplyTo : Key::kOther;
    default:
      return Key::kOther;
  }
}

Key Classify(std::string_view k) { return Classify(k.data(), k.size()); }

// The byte after the plain string whose contents start at `p` (just past its opening quote):
// its closing quote's successor, or null if a byte before that quote is not printable ASCII
// (an escape, a control byte, UTF-8), or the line ends first.
[[gnu::always_inline]] inline const unsigned char* SkipPlainString(const unsigned char* p,
                                                                   const unsigned char* end) {
  p = SkipPlainAscii(p, end);
  return p != end && *p == '"' ? p + 1 : nullptr;
}

// The byte after the integer whose first digit is at `p`: digits up to the first other byte, or
// just the '0' when it is one (JSON has no leading zeros: what follows it is then not a digit
// the caller accepts). Eight bytes at a time while eight are there.
[[gnu::always_inline]] inline const unsigned char* SkipInteger(const unsigned char* p,
                                                               const unsigned char* end) {
  if (*p == '0') return p + 1;
  if constexpr (std::endian::native == std::endian::little) {
    constexpr std::uint64_t kHigh = 0xF0F0F0F0F0F0F0F0ull, kThrees = 0x3030303030303030ull;
    while (end - p >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      // A digit is 0x30-0x39: its high nibble is 3, and still 3 once 6 is added. A carry out of
      // a byte comes only from a byte that is no digit, so the lowest flagged byte is right.
      std::uint64_t other =
          ((w & kHigh) ^ kThrees) | (((w + 0x0606060606060606ull) & kHigh) ^ kThrees);
      if (other != 0) return p + (std::countr_zero(other) >> 3);
      p += 8;
    }
  }
  while (p != end && *p >= '0' && *p <= '9') ++p;
  return p;
}

// Whether the bytes at p are those of `literal` (4 to 16 of them), within the line. Compared as
// two words that may overlap: a memcmp of 9 bytes is a call.
template <std::size_t n>
[[gnu::always_inline]] inline bool Matches(const unsigned char* p, const unsigned char* end,
                                           const char (&literal)[n]) {
  constexpr std::size_t size = n - 1;
  static_assert(size >= 4 && size <= 16);
  using Word = std::conditional_t<(size >= 8), std::uint64_t, std::uint32_t>;
  constexpr std::size_t w = sizeof(Word);
  if (static_cast<std::size_t>(end - p) < size) return false;
  Word a, b, x, y;
  std::memcpy(&a, p, w);
  std::memcpy(&b, p + size - w, w);
  std::memcpy(&x, literal, w);
  std::memcpy(&y, literal + size - w, w);
  return ((a ^ x) | (b ^ y)) == 0;
}

}  // namespace

EnvelopeSlots FindEnvelope(const Tape& tape) {
  EnvelopeSlots s;
  std::string_view text = tape.text();
  auto scan = [&](std::uint32_t object, auto&& assign) {
    for (std::uint32_t i = object + 1; i < tape[object].next; i = tape[i + 1].next) {
      const JsonEntry& k = tape[i];
      Key key = k.simple ? Classify(text.substr(k.begin + 1, k.end - k.begin - 2))
                         : Classify(DecodeString(tape.raw(i)));
      if (key != Key::kOther) assign(key, i + 1);
    }
  };
  scan(0, [&](Key key, std::uint32_t value) {
    if (key == Key::kSrc) s.src = value;
    if (key == Key::kDest) s.dest = value;
    if (key == Key::kBody) s.body = value;
  });
  if (s.body != 0 && tape[s.body].kind == JsonKind::kObject) {
    scan(s.body, [&](Key key, std::uint32_t value) {
      if (key == Key::kType) s.type = value;
      if (key == Key::kMsgId) s.msg_id = value;
      if (key == Key::kInReplyTo) s.in_reply_to = value;
    });
  }
  return s;
}

// One loop over the members of the root and of the objects in it, the container being read in
// a variable rather than on a stack (there are two levels). Every entry is written as
// json_parser.cc writes it: begin, end, next and count alike. One function, longer than most, for
// the reason json_parser.cc's loop is: the cursor, the tape pointer and the entry count stay in
// registers across the whole line, which calls between parts would spill.
bool ScanCompactMessage(std::string_view line, const JsonLimits& limits, Tape* tape,
                        EnvelopeSlots* slots) {
  auto decline = [&] {
    tape->size_ = 0;
    tape->text_ = {};
    return false;
  };
  if (line.size() > limits.max_bytes || line.size() >= std::numeric_limits<std::uint32_t>::max() ||
      limits.max_depth < 2 || line.empty() || line[0] != '{') {
    return decline();
  }
  const auto* begin = reinterpret_cast<const unsigned char*>(line.data());
  const auto* end = begin + line.size();
  const unsigned char* p = begin;

  std::vector<JsonEntry>& entries = tape->entries_;
  if (entries.size() < 64) entries.resize(64);
  JsonEntry* t = entries.data();
  auto capacity = static_cast<std::uint32_t>(entries.size());
  std::uint32_t n = 0;
  auto push = [&](JsonKind kind, const unsigned char* at) __attribute__((always_inline)) {
    if (n == capacity) [[unlikely]] {
      entries.resize(entries.size() * 2);
      t = entries.data();
      capacity = static_cast<std::uint32_t>(entries.size());
    }
    JsonEntry& e = t[n];
    e.begin = static_cast<std::uint32_t>(at - begin);
    e.count = 0;
    e.kind = kind;
    e.simple = true;
    return n++;
  };
  auto close = [&](std::uint32_t index) __attribute__((always_inline)) {
    t[index].end = static_cast<std::uint32_t>(p - begin);
    t[index].next = n;
  };

  auto entry = [&](JsonKind kind, const unsigned char* from, const unsigned char* to)
      __attribute__((always_inline)) {
    std::uint32_t index = push(kind, from);
    t[index].end = static_cast<std::uint32_t>(to - begin);
    t[index].next = n;
    return index;
  };

  EnvelopeSlots s;
  std::uint32_t container = 0;  // the object whose members are being read: the root or one in it
  bool in_body = false;         // reading the members of the latest "body"
  // Maelstrom writes every envelope in one order, {"id":N,"src":S,"dest":D,"body":{...}}: that
  // prefix is matched as literals, its entries written straight, and the loop below goes on from
  // the body's first member. Any other line is read by the loop from its first byte.
  const unsigned char* const number = begin + 6;
  const unsigned char *number_end, *src_end, *dest_end;
  if (Matches(begin, end, R"({"id":)") && number != end && *number >= '0' && *number <= '9' &&
      Matches(number_end = SkipInteger(number, end), end, R"(,"src":")") &&
      (src_end = SkipPlainString(number_end + 8, end)) != nullptr &&
      Matches(src_end, end, R"(,"dest":")") &&
      (dest_end = SkipPlainString(src_end + 9, end)) != nullptr &&
      Matches(dest_end, end, R"(,"body":{")")) {
    push(JsonKind::kObject, begin);
    t[0].count = 3;  // id, src, dest; the body counts when it closes
    entry(JsonKind::kString, begin + 1, begin + 5);
    entry(JsonKind::kNumber, number, number_end);
    entry(JsonKind::kString, number_end + 1, number_end + 6);
    s.src = entry(JsonKind::kString, number_end + 7, src_end);
    entry(JsonKind::kString, src_end + 1, src_end + 7);
    s.dest = entry(JsonKind::kString, src_end + 8, dest_end);
    entry(JsonKind::kString, dest_end + 1, dest_end + 7);
    s.body = container = push(JsonKind::kObject, dest_end + 8);
    in_body = true;
    p = dest_end + 9;  // the opening quote of the body's first key
  } else {
    push(JsonKind::kObject, p);  // the root, 0
    ++p;
  }
  for (;;) {
    // A member: its key, ':', its value.
    if (p == end || *p != '"') return decline();
    std::uint32_t key = push(JsonKind::kString, p);
    const char* key_text = reinterpret_cast<const char*>(p + 1);
    if ((p = SkipPlainString(p + 1, end)) == nullptr) return decline();
    close(key);
    if (p == end || *p != ':') return decline();
    ++p;
    Key which = Classify(key_text, reinterpret_cast<const char*>(p) - 2 - key_text);
    if (which != Key::kOther) {
      if (container == 0) {
        if (which == Key::kSrc) s.src = n;
        if (which == Key::kDest) s.dest = n;
        if (which == Key::kBody) {
          s.body = n;
          s.type = s.msg_id = s.in_reply_to = 0;  // only this body's members count
        }
      } else if (in_body) {
        if (which == Key::kType) s.type = n;
        if (which == Key::kMsgId) s.msg_id = n;
        if (which == Key::kInReplyTo) s.in_reply_to = n;
      }
    }
    if (p == end) return decline();
    unsigned char c = *p;
    if (c == '"') {
      std::uint32_t v = push(JsonKind::kString, p);
      if ((p = SkipPlainString(p + 1, end)) == nullptr) return decline();
      close(v);
    } else if (c >= '0' && c <= '9') {
      // A leading zero ends the number, as in JSON: "01" is then declined below, as the full
      // parser refuses it. A fraction or an exponent is declined there too.
      std::uint32_t v = push(JsonKind::kNumber, p);
      ++p;
      if (c != '0') {
        while (p != end && *p >= '0' && *p <= '9') ++p;
      }
      close(v);
    } else if (c == '{') {
      if (container != 0) return decline();  // a third level
      std::uint32_t v = push(JsonKind::kObject, p);
      ++p;
      if (p != end && *p == '}') {
        ++p;
        close(v);
      } else {
        container = v;
        in_body = which == Key::kBody;
        continue;  // its first member
      }
    } else if (c == 't' && end - p >= 4 && std::memcmp(p, "true", 4) == 0) {
      std::uint32_t v = push(JsonKind::kBool, p);
      p += 4;
      close(v);
    } else if (c == 'f' && end - p >= 5 && std::memcmp(p, "false", 5) == 0) {
      std::uint32_t v = push(JsonKind::kBool, p);
      p += 5;
      close(v);
    } else if (c == 'n' && end - p >= 4 && std::memcmp(p, "null", 4) == 0) {
      std::uint32_t v = push(JsonKind::kNull, p);
      p += 4;
      close(v);
    } else {
      return decline();
    }
    // After a value: the next member, or the end of its object (and perhaps of the root).
    for (;;) {
      ++t[container].count;
      if (p == end) return decline();
      if (*p == ',') {
        ++p;
        break;
      }
      if (*p != '}') return decline();
      ++p;
      close(container);
      if (container == 0) {
        if (p != end) return decline();  // trailing bytes, whitespace included
        tape->owned_.clear();
        tape->text_ = line;
        tape->size_ = n;
        *slots = s;
        return true;
      }
      container = 0;  // the inner object was a value of the root's
      in_body = false;
    }
  }
}

}  // namespace maelstrom::internal
