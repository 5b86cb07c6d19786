// The JSON parser: text in, tape out (json_tape.h).
#include <cstring>
#include <limits>
#include <string>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <bit>

#include "json_tape.h"
#include "scan.h"
#include "utf8.h"

namespace maelstrom::internal {

namespace {

bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }

// Scans the string literal whose opening quote is at `p`. Returns the byte after its closing quote,
// and clears *simple if it has escapes; or returns nullptr, with *what saying what is wrong and
// *stop where.
[[gnu::always_inline]] inline const unsigned char* ScanString(const unsigned char* p,
                                                              const unsigned char* end,
                                                              bool* simple, const char** what,
                                                              const unsigned char** stop) {
  ++p;
#if defined(__SSE2__)
  // The usual string is short, plain and closed within sixteen bytes: find its closing quote
  // from the compare masks, without reading the byte back (that load would wait on the whole
  // chain before it).
  if (end - p >= 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    auto quotes = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('"'))));
    auto others = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(
        _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')), _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)))));
    if (quotes != 0 && (((quotes & (0 - quotes)) - 1) & others) == 0) {
      return p + std::countr_zero(quotes) + 1;  // nothing special before the first quote
    }
  }
#endif
  for (;;) {
    p = internal::SkipPlainAscii(p, end);
    if (p == end) {
      *what = "unterminated string";
      *stop = p;
      return nullptr;
    }
    if (*p == '"') return p + 1;
    if (*p == '\\') {
      *simple = false;
      if (++p == end) {
        *what = "unterminated string";
        *stop = p;
        return nullptr;
      }
      if (*p == 'u') {
        if (end - p < 5 || HexValue(p[1]) < 0 || HexValue(p[2]) < 0 || HexValue(p[3]) < 0 ||
            HexValue(p[4]) < 0) {
          *what = "invalid \\u escape";
          *stop = p;
          return nullptr;
        }
        p += 5;
      } else if (*p == '"' || *p == '\\' || *p == '/' || *p == 'b' || *p == 'f' || *p == 'n' ||
                 *p == 'r' || *p == 't') {
        ++p;
      } else {
        *what = "invalid escape in string";
        *stop = p;
        return nullptr;
      }
    } else if (*p < 0x20) {
      *what = "unescaped control character in string";
      *stop = p;
      return nullptr;
    } else {
      std::size_t len = Utf8SequenceLength(p, end);
      if (len == 0) {
        *what = "invalid UTF-8 in string";
        *stop = p;
        return nullptr;
      }
      p += len;
    }
  }
}

// The parser: one function, one loop, the cursor in a register, and an explicit stack of open
// containers instead of recursion (so depth costs memory, not stack frames). Messages are small,
// so per-value overhead is what matters, not bulk scanning.
class Parser {
 public:
  Parser(std::string_view text, std::vector<JsonEntry>& tape, std::uint32_t& size,
         std::vector<std::uint32_t>& stack, const JsonLimits& limits)
      : text_(text), tape_(tape), size_(size), stack_(stack), limits_(limits) {}

  bool Run(std::string* error);

 private:
  bool Fail(std::string* error, const char* what, const unsigned char* at);

  std::string_view text_;
  std::vector<JsonEntry>& tape_;
  std::uint32_t& size_;
  std::vector<std::uint32_t>& stack_;
  const JsonLimits& limits_;
};

bool Parser::Fail(std::string* error, const char* what, const unsigned char* at) {
  if (error) {
    *error = what;
    *error += " at offset ";
    *error += std::to_string(at - reinterpret_cast<const unsigned char*>(text_.data()));
  }
  size_ = 0;
  return false;
}

[[gnu::always_inline]] inline const unsigned char* SkipSpace(const unsigned char* p,
                                                             const unsigned char* end) {
  // Maelstrom writes compact JSON: the first byte is almost never space.
  if (p != end && *p > ' ') [[likely]] {
    return p;
  }
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) ++p;
  return p;
}

bool Parser::Run(std::string* error) {
  const auto* begin = reinterpret_cast<const unsigned char*>(text_.data());
  const auto* end = begin + text_.size();
  const unsigned char* p = begin;
  if (text_.size() > limits_.max_bytes ||
      text_.size() >= std::numeric_limits<std::uint32_t>::max()) {
    if (error) *error = "JSON text larger than " + std::to_string(limits_.max_bytes) + " bytes";
    size_ = 0;
    return false;
  }
  // The tape only grows: entries past size_ are left from earlier parses, so the next message
  // reuses them without clearing or allocating.
  if (tape_.size() < 64) tape_.resize(64);
  JsonEntry* tape = tape_.data();
  std::uint32_t capacity = static_cast<std::uint32_t>(tape_.size());
  std::uint32_t n = 0;
  // The open containers: sized once for the deepest nesting allowed, then a plain array.
  if (stack_.size() < limits_.max_depth) stack_.resize(limits_.max_depth);
  std::uint32_t* stack = stack_.data();
  std::size_t depth = 0;
  const char* what = nullptr;

  auto push = [&](JsonKind kind, const unsigned char* at) __attribute__((always_inline))
                  ->JsonEntry& {
    if (n == capacity) [[unlikely]] {
      tape_.resize(tape_.size() * 2);
      tape = tape_.data();
      capacity = static_cast<std::uint32_t>(tape_.size());
    }
    JsonEntry& e = tape[n];
    e.begin = static_cast<std::uint32_t>(at - begin);
    e.count = 0;
    e.kind = kind;
    e.simple = true;
    ++n;
    return e;
  };
  auto close = [&](JsonEntry & e) __attribute__((always_inline)) {
    e.end = static_cast<std::uint32_t>(p - begin);
    e.next = n;
  };

  p = SkipSpace(p, end);

value:
  if (p == end) {
    what = "unexpected end of JSON text";
    goto fail;
  }
  switch (*p) {
    case '"':
      goto string;
    case '{':
    case '[': {
      if (depth >= limits_.max_depth) {
        what = "JSON nested too deep";
        goto fail;
      }
      bool object = *p == '{';
      push(object ? JsonKind::kObject : JsonKind::kArray, p);
      stack[depth++] = n - 1;
      p = SkipSpace(p + 1, end);
      if (p < end && *p == (object ? '}' : ']')) {
        ++p;
        close(tape[n - 1]);
        --depth;
        goto after_value;
      }
      if (object) goto key;
      goto value;
    }
    case 't':
      if (end - p >= 4 && std::memcmp(p, "true", 4) == 0) {
        JsonEntry& e = push(JsonKind::kBool, p);
        p += 4;
        close(e);
        goto after_value;
      }
      what = "invalid literal";
      goto fail;
    case 'f':
      if (end - p >= 5 && std::memcmp(p, "false", 5) == 0) {
        JsonEntry& e = push(JsonKind::kBool, p);
        p += 5;
        close(e);
        goto after_value;
      }
      what = "invalid literal";
      goto fail;
    case 'n':
      if (end - p >= 4 && std::memcmp(p, "null", 4) == 0) {
        JsonEntry& e = push(JsonKind::kNull, p);
        p += 4;
        close(e);
        goto after_value;
      }
      what = "invalid literal";
      goto fail;
    default: {
      if (*p != '-' && !IsDigit(*p)) {
        what = "unexpected character";
        goto fail;
      }
      JsonEntry& e = push(JsonKind::kNumber, p);
      if (*p == '-') ++p;
      if (p == end || !IsDigit(*p)) {
        what = "invalid number";
        goto fail;
      }
      if (*p == '0') {
        ++p;
      } else {
        while (p < end && IsDigit(*p)) ++p;
      }
      if (p < end && *p == '.') {
        e.simple = false;
        ++p;
        if (p == end || !IsDigit(*p)) {
          what = "invalid number: no digit after '.'";
          goto fail;
        }
        while (p < end && IsDigit(*p)) ++p;
      }
      if (p < end && (*p == 'e' || *p == 'E')) {
        e.simple = false;
        ++p;
        if (p < end && (*p == '+' || *p == '-')) ++p;
        if (p == end || !IsDigit(*p)) {
          what = "invalid number: no digit in exponent";
          goto fail;
        }
        while (p < end && IsDigit(*p)) ++p;
      }
      close(e);
      goto after_value;
    }
  }

key:
  if (p < end && *p != '"') p = SkipSpace(p, end);  // whitespace after ',' or '{'
  if (p == end || *p != '"') {
    what = "expected a string key in object";
    goto fail;
  }
  // A key is a string entry followed by ':' and its value.
  {
    JsonEntry& e = push(JsonKind::kString, p);
    const unsigned char* after = ScanString(p, end, &e.simple, &what, &p);
    if (after == nullptr) goto fail;
    p = after;
    close(e);
  }
  // Compact JSON, as Maelstrom writes it, has the ':' right there.
  if (p < end && *p == ':') [[likely]] {
    ++p;
  } else {
    p = SkipSpace(p, end);
    if (p == end || *p != ':') {
      what = "expected ':' after object key";
      goto fail;
    }
    ++p;
  }
  p = SkipSpace(p, end);
  goto value;

string : {
  JsonEntry& e = push(JsonKind::kString, p);
  const unsigned char* after = ScanString(p, end, &e.simple, &what, &p);
  if (after == nullptr) goto fail;
  p = after;
  close(e);
}

after_value:
  if (depth == 0) {
    p = SkipSpace(p, end);
    if (p != end) {
      what = "unexpected content after the JSON value";
      goto fail;
    }
    size_ = n;
    return true;
  }
  {
    JsonEntry& top = tape[stack[depth - 1]];
    ++top.count;
    bool object = top.kind == JsonKind::kObject;
    if (p < end && *p == ',') [[likely]] {
      ++p;
      if (object) goto key;
      p = SkipSpace(p, end);
      goto value;
    }
    p = SkipSpace(p, end);
    if (p == end) {
      what = object ? "unterminated object" : "unterminated array";
      goto fail;
    }
    if (*p == ',') {
      p = SkipSpace(p + 1, end);
      if (object) goto key;
      goto value;
    }
    if (*p == (object ? '}' : ']')) {
      ++p;
      close(top);
      --depth;
      goto after_value;
    }
    what = object ? "expected ',' or '}' in object" : "expected ',' or ']' in array";
    goto fail;
  }

fail:
  return Fail(error, what, p);
}

}  // namespace

// --- Tape --------------------------------------------------------------------------------------

Tape::Tape(const Tape& other)
    : owned_(other.text_),
      entries_(other.entries_.begin(), other.entries_.begin() + other.size_),
      size_(other.size_) {
  text_ = owned_;
}

Tape& Tape::operator=(const Tape& other) {
  if (this != &other) {
    owned_.assign(other.text_);
    text_ = owned_;
    entries_.assign(other.entries_.begin(), other.entries_.begin() + other.size_);
    size_ = other.size_;
  }
  return *this;
}

Tape::Tape(Tape&& other) noexcept { *this = std::move(other); }

Tape& Tape::operator=(Tape&& other) noexcept {
  if (this != &other) {
    bool owns = other.text_.data() == other.owned_.data() && other.size_ != 0;
    owned_ = std::move(other.owned_);
    text_ = owns ? std::string_view(owned_) : other.text_;
    entries_ = std::move(other.entries_);
    size_ = std::exchange(other.size_, 0);
    stack_ = std::move(other.stack_);
    other.owned_.clear();
    other.text_ = {};
    other.entries_.clear();
  }
  return *this;
}

bool Tape::Run(std::string* error, const JsonLimits& limits) {
  return Parser(text_, entries_, size_, stack_, limits).Run(error);
}

bool Tape::Parse(std::string_view text, std::string* error, const JsonLimits& limits) {
  owned_.clear();
  text_ = text;
  if (!Run(error, limits)) {
    text_ = {};
    return false;
  }
  return true;
}

bool Tape::ParseOwned(std::string text, std::string* error, const JsonLimits& limits) {
  owned_ = std::move(text);
  text_ = owned_;
  if (!Run(error, limits)) {
    owned_.clear();
    text_ = {};
    return false;
  }
  return true;
}

void Tape::ReleaseMemory(std::size_t max_bytes) {
  if (entries_.capacity() * sizeof(JsonEntry) <= max_bytes) return;
  std::vector<JsonEntry>().swap(entries_);
  size_ = 0;
  owned_.clear();
  owned_.shrink_to_fit();
  text_ = {};
}

}  // namespace maelstrom::internal
