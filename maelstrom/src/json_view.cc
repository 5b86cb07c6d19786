// Reading parsed JSON: JsonDocument and JsonView over a tape (json_tape.h).
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <string>

#include "access.h"
#include "json_tape.h"
#include "maelstrom/json.h"
#include "owned_copy.h"
#include "utf8.h"

namespace maelstrom {

using internal::Access;
using internal::JsonEntry;
using internal::JsonValueError;
using internal::Tape;

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

std::string internal::DecodeString(std::string_view raw) {
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

namespace {

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

JsonDocument::JsonDocument() = default;
JsonDocument::~JsonDocument() = default;
JsonDocument::JsonDocument(JsonDocument&& other) noexcept = default;
JsonDocument& JsonDocument::operator=(JsonDocument&& other) noexcept = default;

JsonDocument::JsonDocument(const JsonDocument& other) : tape_(internal::CopyOwned(other.tape_)) {}

JsonDocument& JsonDocument::operator=(const JsonDocument& other) {
  if (this != &other) internal::AssignOwned(tape_, other.tape_);
  return *this;
}

bool JsonDocument::Parse(std::string_view text, std::string* error, const JsonLimits& limits) {
  if (!tape_) tape_ = std::make_unique<Tape>();
  return tape_->Parse(text, error, limits);
}

bool JsonDocument::ParseOwned(std::string text, std::string* error, const JsonLimits& limits) {
  if (!tape_) tape_ = std::make_unique<Tape>();
  return tape_->ParseOwned(std::move(text), error, limits);
}

bool JsonDocument::empty() const { return !tape_ || tape_->empty(); }

void JsonDocument::ReleaseMemory(std::size_t max_bytes) {
  if (tape_) tape_->ReleaseMemory(max_bytes);
}

std::string_view JsonDocument::text() const { return tape_ ? tape_->text() : std::string_view(); }

JsonView JsonDocument::root() const {
  if (empty()) throw JsonError("empty JSON document");
  return Access::View(tape_.get(), 0);
}

// ---------------------------------------------------------------------------------------------
// JsonView

namespace {

const JsonEntry& EntryOf(const JsonView& v) {
  const Tape* tape = Access::TapeOf(v);
  if (tape == nullptr || Access::IndexOf(v) >= tape->size()) {
    throw JsonValueError(tape, "no JSON value");
  }
  return (*tape)[Access::IndexOf(v)];
}

[[noreturn]] void Fail(const JsonView& v, const std::string& what) {
  throw JsonValueError(Access::TapeOf(v), what);
}

[[noreturn]] void KindMismatch(const JsonView& v, std::string_view wanted) {
  Fail(v, "expected " + std::string(wanted) + ", found " + v.Describe());
}

void Expect(const JsonView& v, JsonKind kind, std::string_view wanted) {
  if (EntryOf(v).kind != kind) KindMismatch(v, wanted);
}

}  // namespace

JsonKind JsonView::kind() const { return EntryOf(*this).kind; }

bool JsonView::is_integer() const {
  const JsonEntry& e = EntryOf(*this);
  return e.kind == JsonKind::kNumber && e.simple;
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

std::string_view JsonView::raw() const {
  EntryOf(*this);
  return tape_->raw(index_);
}

bool JsonView::as_bool() const {
  Expect(*this, JsonKind::kBool, "a boolean");
  return raw()[0] == 't';
}

std::int64_t JsonView::as_int64() const {
  if (!is_integer()) KindMismatch(*this, "an integer");
  std::string_view r = raw();
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(r.data(), r.data() + r.size(), v);
  if (ec != std::errc() || ptr != r.data() + r.size()) {
    Fail(*this, "integer " + std::string(r) + " does not fit in 64 signed bits");
  }
  return v;
}

std::uint64_t JsonView::as_uint64() const {
  if (!is_integer()) KindMismatch(*this, "a non-negative integer");
  std::string_view r = raw();
  if (IsNegative(r)) {
    if (r == "-0") return 0;
    Fail(*this, "expected a non-negative integer, found " + std::string(r));
  }
  std::uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(r.data(), r.data() + r.size(), v);
  if (ec != std::errc() || ptr != r.data() + r.size()) {
    Fail(*this, "integer " + std::string(r) + " does not fit in 64 unsigned bits");
  }
  return v;
}

double JsonView::as_double() const {
  Expect(*this, JsonKind::kNumber, "a number");
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
    Fail(*this, "invalid number " + std::string(r));
  }
  return v;
}

std::optional<std::string_view> JsonView::string_if_plain() const {
  Expect(*this, JsonKind::kString, "a string");
  if (!(*tape_)[index_].simple) return std::nullopt;
  return tape_->plain(index_);
}

std::string JsonView::as_string() const {
  Expect(*this, JsonKind::kString, "a string");
  if ((*tape_)[index_].simple) return std::string(tape_->plain(index_));
  return internal::DecodeString(tape_->raw(index_));
}

std::optional<JsonView> JsonView::Find(std::string_view key) const {
  Expect(*this, JsonKind::kObject, "an object");
  const Tape& tape = *tape_;
  std::optional<JsonView> found;
  std::uint32_t end = tape[index_].next;
  for (std::uint32_t i = index_ + 1; i < end;) {
    std::uint32_t value = i + 1;
    bool match = tape[i].simple ? tape.plain(i) == key : internal::DecodeString(tape.raw(i)) == key;
    if (match) found = JsonView(tape_, value);
    i = tape[value].next;
  }
  return found;
}

JsonView JsonView::operator[](std::string_view key) const {
  std::optional<JsonView> v = Find(key);
  if (!v) Fail(*this, "missing key \"" + std::string(key) + "\"");
  return *v;
}

std::size_t JsonView::size() const {
  const JsonEntry& e = EntryOf(*this);
  if (e.kind != JsonKind::kArray && e.kind != JsonKind::kObject) {
    KindMismatch(*this, "an array or an object");
  }
  return e.count;
}

JsonView JsonView::At(std::size_t index) const {
  Expect(*this, JsonKind::kArray, "an array");
  std::uint32_t count = (*tape_)[index_].count;
  if (index >= count) {
    Fail(*this, "index " + std::to_string(index) + " out of range for an array of " +
                    std::to_string(count));
  }
  std::uint32_t i = index_ + 1;
  for (std::size_t k = 0; k < index; ++k) i = (*tape_)[i].next;
  return JsonView(tape_, i);
}

JsonView::Range<JsonView::ElementIterator> JsonView::elements() const {
  Expect(*this, JsonKind::kArray, "an array");
  return {ElementIterator(JsonView(tape_, index_ + 1)),
          ElementIterator(JsonView(tape_, (*tape_)[index_].next))};
}

JsonView::Range<JsonView::MemberIterator> JsonView::members() const {
  Expect(*this, JsonKind::kObject, "an object");
  return {MemberIterator(JsonView(tape_, index_ + 1)),
          MemberIterator(JsonView(tape_, (*tape_)[index_].next))};
}

JsonView::ElementIterator& JsonView::ElementIterator::operator++() {
  at_.index_ = (*at_.tape_)[at_.index_].next;
  return *this;
}

JsonMember JsonView::MemberIterator::operator*() const {
  JsonMember m;
  m.key_ = key_;
  m.value_ = JsonView(key_.tape_, key_.index_ + 1);
  return m;
}

JsonView::MemberIterator& JsonView::MemberIterator::operator++() {
  key_.index_ = (*key_.tape_)[key_.index_ + 1].next;
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
      if (auto pa = a.string_if_plain(), pb = b.string_if_plain(); pa && pb) return *pa == *pb;
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

}  // namespace maelstrom
