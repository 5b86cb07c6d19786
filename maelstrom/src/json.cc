#include "maelstrom/json.h"

#include "format.h"
#include "scan.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace maelstrom {

std::string_view KindName(JsonKind kind) {
  switch (kind) {
    case JsonKind::kNull:
      return "null";
    case JsonKind::kBool:
      return "boolean";
    case JsonKind::kNumber:
      return "number";
    case JsonKind::kString:
      return "string";
    case JsonKind::kArray:
      return "array";
    case JsonKind::kObject:
      return "object";
  }
  return "unknown";
}

namespace {

bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }

int HexValue(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Length of the valid UTF-8 sequence starting at p (whose first byte is >= 0x80), or 0 if the
// bytes there are not valid UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past
// U+10FFFF).
std::size_t Utf8SequenceLength(const unsigned char* p, const unsigned char* end) {
  auto cont = [&](std::size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return p + i < end && p[i] >= lo && p[i] <= hi;
  };
  unsigned char c = p[0];
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

void AppendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

constexpr std::uint32_t kReplacementCharacter = 0xFFFD;

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

// Decodes the JSON string literal `raw` (with its quotes), which the parser has validated.
std::string DecodeString(std::string_view raw) {
  std::string out;
  std::string_view body = raw.substr(1, raw.size() - 2);
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    char e = body[++i];
    switch (e) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        auto hex4 = [&](std::size_t at) {
          std::uint32_t v = 0;
          for (std::size_t k = 0; k < 4; ++k) {
            v = v * 16 +
                static_cast<std::uint32_t>(HexValue(static_cast<unsigned char>(body[at + k])));
          }
          return v;
        };
        std::uint32_t cp = hex4(i + 1);
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          // A high surrogate must be followed by a low one; alone, it has no character.
          if (i + 6 < body.size() && body[i + 1] == '\\' && body[i + 2] == 'u') {
            std::uint32_t low = hex4(i + 3);
            if (low >= 0xDC00 && low <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
              i += 6;
            } else {
              cp = kReplacementCharacter;
            }
          } else {
            cp = kReplacementCharacter;
          }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          cp = kReplacementCharacter;
        }
        AppendUtf8(out, cp);
        break;
      }
      default:  // '"', '\\', '/'
        out += e;
        break;
    }
  }
  return out;
}

bool IsNegative(std::string_view raw) { return !raw.empty() && raw[0] == '-'; }

// Integers of any size compare by their digits: the parser only admits canonical forms (no
// leading zeros), so equal values have equal text, except for -0 and 0.
bool IntegersEqual(std::string_view a, std::string_view b) {
  auto strip = [](std::string_view s) { return s == "-0" ? std::string_view("0") : s; };
  return strip(a) == strip(b);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// JsonDocument

JsonDocument::JsonDocument(const JsonDocument& other)
    : owned_(other.text_),
      tape_(other.tape_.begin(), other.tape_.begin() + other.size_),
      size_(other.size_) {
  text_ = owned_;
}

JsonDocument& JsonDocument::operator=(const JsonDocument& other) {
  if (this != &other) {
    owned_.assign(other.text_);
    text_ = owned_;
    tape_.assign(other.tape_.begin(), other.tape_.begin() + other.size_);
    size_ = other.size_;
  }
  return *this;
}

JsonDocument::JsonDocument(JsonDocument&& other) noexcept { *this = std::move(other); }

JsonDocument& JsonDocument::operator=(JsonDocument&& other) noexcept {
  if (this != &other) {
    bool owns = other.text_.data() == other.owned_.data() && other.size_ != 0;
    owned_ = std::move(other.owned_);
    text_ = owns ? std::string_view(owned_) : other.text_;
    tape_ = std::move(other.tape_);
    size_ = std::exchange(other.size_, 0);
    other.owned_.clear();
    other.text_ = {};
    other.tape_.clear();
  }
  return *this;
}

bool JsonDocument::Parse(std::string_view text, std::string* error, const JsonLimits& limits) {
  owned_.clear();
  text_ = text;
  if (!Parser(text_, tape_, size_, stack_, limits).Run(error)) {
    text_ = {};
    return false;
  }
  return true;
}

bool JsonDocument::ParseOwned(std::string text, std::string* error, const JsonLimits& limits) {
  owned_ = std::move(text);
  text_ = owned_;
  if (!Parser(text_, tape_, size_, stack_, limits).Run(error)) {
    owned_.clear();
    text_ = {};
    return false;
  }
  return true;
}

void JsonDocument::ReleaseMemory(std::size_t max_bytes) {
  if (tape_.capacity() * sizeof(JsonEntry) <= max_bytes) return;
  std::vector<JsonEntry>().swap(tape_);
  size_ = 0;
  owned_.clear();
  owned_.shrink_to_fit();
  text_ = {};
}

JsonView JsonDocument::root() const {
  if (size_ == 0) throw JsonError("empty JSON document");
  return JsonView(this, 0);
}

// ---------------------------------------------------------------------------------------------
// JsonView

const JsonEntry& JsonView::entry() const {
  if (doc_ == nullptr || index_ >= doc_->size_) throw JsonError("no JSON value");
  return doc_->tape_[index_];
}

std::string JsonView::Describe() const {
  switch (kind()) {
    case JsonKind::kNull:
      return "null";
    case JsonKind::kBool:
      return "a boolean";
    case JsonKind::kNumber:
      return "the number " + std::string(raw().substr(0, 40));
    case JsonKind::kString:
      return "a string";
    case JsonKind::kArray:
      return "an array";
    case JsonKind::kObject:
      return "an object";
  }
  return "an unknown value";
}

void JsonView::KindMismatch(std::string_view wanted) const {
  throw JsonError("expected " + std::string(wanted) + ", found " + Describe());
}

void JsonView::Expect(JsonKind kind, std::string_view wanted) const {
  if (this->kind() != kind) KindMismatch(wanted);
}

std::string_view JsonView::raw() const {
  const JsonEntry& e = entry();
  return doc_->text_.substr(e.begin, e.end - e.begin);
}

bool JsonView::as_bool() const {
  Expect(JsonKind::kBool, "a boolean");
  return raw()[0] == 't';
}

std::int64_t JsonView::as_int64() const {
  if (!is_integer()) KindMismatch("an integer");
  std::string_view r = raw();
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(r.data(), r.data() + r.size(), v);
  if (ec != std::errc() || ptr != r.data() + r.size()) {
    throw JsonError("integer " + std::string(r) + " does not fit in 64 signed bits");
  }
  return v;
}

std::uint64_t JsonView::as_uint64() const {
  if (!is_integer()) KindMismatch("a non-negative integer");
  std::string_view r = raw();
  if (IsNegative(r)) {
    if (r == "-0") return 0;
    throw JsonError("expected a non-negative integer, found " + std::string(r));
  }
  std::uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(r.data(), r.data() + r.size(), v);
  if (ec != std::errc() || ptr != r.data() + r.size()) {
    throw JsonError("integer " + std::string(r) + " does not fit in 64 unsigned bits");
  }
  return v;
}

double JsonView::as_double() const {
  Expect(JsonKind::kNumber, "a number");
  std::string_view r = raw();
  double v = 0;
  auto [ptr, ec] = std::from_chars(r.data(), r.data() + r.size(), v);
  if (ec == std::errc::result_out_of_range) {
    // As the JVM (and strtod) read them: tiny magnitudes are zero, huge ones infinite.
    std::size_t e = r.find_first_of("eE");
    if (e != std::string_view::npos && r.size() > e + 1 && r[e + 1] == '-') {
      return IsNegative(r) ? -0.0 : 0.0;
    }
    double inf = std::numeric_limits<double>::infinity();
    return IsNegative(r) ? -inf : inf;
  }
  if (ec != std::errc() || ptr != r.data() + r.size()) {
    throw JsonError("invalid number " + std::string(r));
  }
  return v;
}

std::optional<std::string_view> JsonView::string_if_plain() const {
  Expect(JsonKind::kString, "a string");
  if (!entry().simple) return std::nullopt;
  std::string_view r = raw();
  return r.substr(1, r.size() - 2);
}

std::string JsonView::as_string() const {
  Expect(JsonKind::kString, "a string");
  std::string_view r = raw();
  if (entry().simple) return std::string(r.substr(1, r.size() - 2));
  return DecodeString(r);
}

namespace {
bool KeyEquals(const JsonDocument& doc, const JsonEntry& key, std::string_view wanted,
               std::string_view text) {
  std::string_view raw = text.substr(key.begin + 1, key.end - key.begin - 2);
  if (key.simple) return raw == wanted;
  (void)doc;
  return DecodeString(text.substr(key.begin, key.end - key.begin)) == wanted;
}
}  // namespace

std::optional<JsonView> JsonView::Find(std::string_view key) const {
  Expect(JsonKind::kObject, "an object");
  const auto& tape = doc_->tape_;
  std::optional<JsonView> found;
  std::uint32_t end = tape[index_].next;
  for (std::uint32_t i = index_ + 1; i < end;) {
    std::uint32_t value = i + 1;
    if (KeyEquals(*doc_, tape[i], key, doc_->text_)) found = JsonView(doc_, value);
    i = tape[value].next;
  }
  return found;
}

JsonView JsonView::operator[](std::string_view key) const {
  std::optional<JsonView> v = Find(key);
  if (!v) throw JsonError("missing key \"" + std::string(key) + "\"");
  return *v;
}

std::size_t JsonView::size() const {
  const JsonEntry& e = entry();
  if (e.kind != JsonKind::kArray && e.kind != JsonKind::kObject) {
    KindMismatch("an array or an object");
  }
  return e.count;
}

JsonView JsonView::At(std::size_t index) const {
  Expect(JsonKind::kArray, "an array");
  if (index >= entry().count) {
    throw JsonError("index " + std::to_string(index) + " out of range for an array of " +
                    std::to_string(entry().count));
  }
  std::uint32_t i = index_ + 1;
  for (std::size_t k = 0; k < index; ++k) i = doc_->tape_[i].next;
  return JsonView(doc_, i);
}

JsonView::Range<JsonView::ElementIterator> JsonView::elements() const {
  Expect(JsonKind::kArray, "an array");
  return {ElementIterator(doc_, index_ + 1), ElementIterator(doc_, entry().next)};
}

JsonView::Range<JsonView::MemberIterator> JsonView::members() const {
  Expect(JsonKind::kObject, "an object");
  return {MemberIterator(doc_, index_ + 1), MemberIterator(doc_, entry().next)};
}

JsonView::ElementIterator& JsonView::ElementIterator::operator++() {
  index_ = doc_->tape_[index_].next;
  return *this;
}

JsonMember JsonView::MemberIterator::operator*() const {
  JsonMember m;
  m.key_ = JsonView(doc_, index_);
  m.value_ = JsonView(doc_, index_ + 1);
  return m;
}

JsonView::MemberIterator& JsonView::MemberIterator::operator++() {
  index_ = doc_->tape_[index_ + 1].next;
  return *this;
}

bool operator==(const JsonView& a, const JsonView& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case JsonKind::kNull:
      return true;
    case JsonKind::kBool:
      return a.as_bool() == b.as_bool();
    case JsonKind::kNumber:
      if (a.is_integer() != b.is_integer()) return false;
      if (a.is_integer()) return IntegersEqual(a.raw(), b.raw());
      return a.as_double() == b.as_double();
    case JsonKind::kString:
      if (a.entry().simple && b.entry().simple) return a.raw() == b.raw();
      return a.as_string() == b.as_string();
    case JsonKind::kArray: {
      if (a.size() != b.size()) return false;
      auto ea = a.elements(), eb = b.elements();
      for (auto i = ea.begin(), j = eb.begin(); i != ea.end(); ++i, ++j) {
        if (!(*i == *j)) return false;
      }
      return true;
    }
    case JsonKind::kObject: {
      // Duplicate keys resolve last-wins on both sides, as Find() does.
      std::map<std::string, JsonView> left, right;
      for (JsonMember m : a.members()) left.insert_or_assign(m.key(), m.value());
      for (JsonMember m : b.members()) right.insert_or_assign(m.key(), m.value());
      if (left.size() != right.size()) return false;
      for (auto i = left.begin(), j = right.begin(); i != left.end(); ++i, ++j) {
        if (i->first != j->first || !(i->second == j->second)) return false;
      }
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Writing

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

void WriteJson(std::string& out, long long v) {
  char buf[internal::kMaxIntegerDigits];
  out.append(buf, static_cast<std::size_t>(internal::WriteSigned(v, buf)));
}

void WriteJson(std::string& out, unsigned long long v) {
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
