// JSON for Maelstrom messages: a strict validating parser that keeps where each value lies in the
// source text, read-only views over it, an owned value type, and the writers a message body is
// built with.
//
// Why our own: every value keeps its exact source text, so a node can echo any JSON (integers
// beyond 64 bits, 1.0 versus 1, escapes) byte for byte without a decode/encode round trip, an
// owned copy of a message is a string copy, and a small message is parsed without per-document set
// up. docs/json.md has the measurements against simdjson, RapidJSON and nlohmann/json.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <ranges>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace maelstrom {

namespace internal {
class Tape;     // a parsed text: src/json_tape.h
struct Access;  // the library's own way in: src/access.h
}  // namespace internal

// Thrown when a JSON value is not what the reader asked for (a missing key, a string where an
// integer was expected), and by Json::Parse. A handler that lets one escape answers with code 12
// (malformed-request) only when the value lies in the request it is handling; any other (a
// service's reply that lacks a field, a value the handler built) is the node's fault: code 13.
// See Error in error.h for the whole rule.
class JsonError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class JsonKind : std::uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };

// The name of a kind: "null", "boolean", "number", ...
std::string_view KindName(JsonKind kind);

struct JsonLimits {
  std::size_t max_depth = 128;                    // nesting of arrays and objects
  std::size_t max_bytes = std::size_t{64} << 20;  // of the whole text
};

class JsonView;

// Parsed JSON text. The text is either borrowed (Parse) or owned (copies, ParseOwned); a copy of a
// document always owns its text, so it outlives the buffer it was parsed from.
class JsonDocument {
 public:
  JsonDocument();
  JsonDocument(const JsonDocument& other);
  JsonDocument& operator=(const JsonDocument& other);
  JsonDocument(JsonDocument&& other) noexcept;
  JsonDocument& operator=(JsonDocument&& other) noexcept;
  ~JsonDocument();

  // Parses `text` without copying it: the text must outlive the document's use. Returns false and
  // sets `error` (if given) on invalid JSON: bad syntax, invalid UTF-8, unescaped control
  // characters, trailing content, nesting or size over `limits`.
  bool Parse(std::string_view text, std::string* error = nullptr, const JsonLimits& limits = {});
  // Same, but the document keeps its own copy of `text`.
  bool ParseOwned(std::string text, std::string* error = nullptr, const JsonLimits& limits = {});

  bool empty() const;
  // If a huge document made the parser's memory larger than `max_bytes`, empties the document
  // and gives that memory back: a document reused for every message would keep it for good.
  void ReleaseMemory(std::size_t max_bytes);
  std::string_view text() const;
  // The top-level value; throws JsonError if the document is empty.
  JsonView root() const;

 private:
  std::unique_ptr<internal::Tape> tape_;  // null until the first parse
};

class JsonMember;

// A read-only view of one value in a parsed text; valid while the text's document (or message, or
// Json) lives and is not reparsed. Accessors throw JsonError on a kind mismatch or a missing key.
class JsonView {
 public:
  JsonView() = default;

  JsonKind kind() const;
  bool is_null() const { return kind() == JsonKind::kNull; }
  bool is_bool() const { return kind() == JsonKind::kBool; }
  bool is_number() const { return kind() == JsonKind::kNumber; }
  // A number written without fraction or exponent (any size).
  bool is_integer() const;
  bool is_string() const { return kind() == JsonKind::kString; }
  bool is_array() const { return kind() == JsonKind::kArray; }
  bool is_object() const { return kind() == JsonKind::kObject; }

  bool as_bool() const;
  std::int64_t as_int64() const;  // integers in range only: 1.0 and 1e3 are not integers
  std::uint64_t as_uint64() const;
  // Any number; one beyond a double's range is an infinity (or a zero), as the JVM reads it.
  double as_double() const;
  std::string as_string() const;  // decoded
  // The string's bytes without decoding, when it has no escapes (the common case).
  std::optional<std::string_view> string_if_plain() const;
  // The exact source text of this value.
  std::string_view raw() const;
  // What the value is, for error texts: "a string", "an array", "the number 1.5", "null".
  std::string Describe() const;

  // Objects.
  std::optional<JsonView> Find(std::string_view key) const;  // last one wins on duplicates
  bool Contains(std::string_view key) const { return Find(key).has_value(); }
  JsonView operator[](std::string_view key) const;
  JsonView operator[](const char* key) const { return (*this)[std::string_view(key)]; }

  // Arrays and objects: number of elements or members.
  std::size_t size() const;
  // Arrays. (A template so that v[0] means an index, not a null key.)
  JsonView At(std::size_t index) const;
  template <std::integral I>
  JsonView operator[](I index) const {
    if (index < 0) throw JsonError("negative array index");
    return At(static_cast<std::size_t>(index));
  }

  class ElementIterator;
  class MemberIterator;
  template <class It>
  struct Range {
    It first, last;
    It begin() const { return first; }
    It end() const { return last; }
  };
  Range<ElementIterator> elements() const;  // of an array
  Range<MemberIterator> members() const;    // of an object

  // Structural equality: objects ignore member order; integers compare exactly (however large);
  // other numbers by double value; an integer never equals a non-integer (1 != 1.0), as in
  // Maelstrom's Clojure.
  friend bool operator==(const JsonView& a, const JsonView& b);

 private:
  friend struct internal::Access;
  JsonView(const internal::Tape* tape, std::uint32_t index) : tape_(tape), index_(index) {}

  const internal::Tape* tape_ = nullptr;
  std::uint32_t index_ = 0;
};

class JsonMember {
 public:
  JsonView key_view() const { return key_; }
  std::string key() const { return key_.as_string(); }
  JsonView value() const { return value_; }

 private:
  friend class JsonView::MemberIterator;
  JsonView key_, value_;
};

class JsonView::ElementIterator {
 public:
  using value_type = JsonView;
  using difference_type = std::ptrdiff_t;
  ElementIterator() = default;
  JsonView operator*() const { return at_; }
  ElementIterator& operator++();
  ElementIterator operator++(int) {
    auto copy = *this;
    ++*this;
    return copy;
  }
  bool operator==(const ElementIterator& other) const { return at_.index_ == other.at_.index_; }

 private:
  friend class JsonView;
  explicit ElementIterator(JsonView at) : at_(at) {}
  JsonView at_;
};

class JsonView::MemberIterator {
 public:
  using value_type = JsonMember;
  using difference_type = std::ptrdiff_t;
  MemberIterator() = default;
  JsonMember operator*() const;
  MemberIterator& operator++();
  MemberIterator operator++(int) {
    auto copy = *this;
    ++*this;
    return copy;
  }
  bool operator==(const MemberIterator& other) const { return key_.index_ == other.key_.index_; }

 private:
  friend class JsonView;
  explicit MemberIterator(JsonView key) : key_(key) {}
  JsonView key_;  // the member's key; its value is the entry after it
};

// ---------------------------------------------------------------------------------------------
// Writing JSON. WriteJson appends the JSON text of a value; it is defined for the C++ types a
// message body is made of, and may be overloaded for user types (found by argument-dependent
// lookup). Strings are written with the escapes JSON requires; invalid UTF-8 is replaced by
// U+FFFD so the output is always valid JSON. Parsed values (JsonView, Json) are written as their
// source text, with any line break between their tokens written as a space: a reader of lines
// would take it for the end of the message (Maelstrom reads node output with Java's readLine,
// which ends a line at '\r' as well as '\n'), and a space changes no value.

class Json;

template <class T>
concept JsonStringLike = std::is_convertible_v<const T&, std::string_view>;

void WriteJsonString(std::string& out, std::string_view s);

void WriteJson(std::string& out, std::nullptr_t);
// Exactly bool (a template, so that a pointer never converts to it).
template <std::same_as<bool> B>
void WriteJson(std::string& out, B b) {
  out += b ? "true" : "false";
}
void WriteJsonInteger(std::string& out, std::int64_t v);
void WriteJsonInteger(std::string& out, std::uint64_t v);
template <std::integral I>
requires(!std::same_as<I, bool>) void WriteJson(std::string& out, I v) {
  if constexpr (std::is_signed_v<I>) {
    WriteJsonInteger(out, static_cast<std::int64_t>(v));
  } else {
    WriteJsonInteger(out, static_cast<std::uint64_t>(v));
  }
}
void WriteJson(std::string& out, double v);  // throws JsonError for NaN and infinities
template <JsonStringLike S>
void WriteJson(std::string& out, const S& s) {
  WriteJsonString(out, std::string_view(s));
}
void WriteJson(std::string& out, const JsonView& v);
// A template so that checking whether some type is writable never considers converting it to
// Json, whose converting constructor asks that same question.
template <std::same_as<Json> J>
void WriteJson(std::string& out, const J& v);

// Maps with string keys become objects.
template <class M>
concept JsonMapLike = std::ranges::input_range<const M> && requires(const M& m) {
  { m.begin()->first } -> std::convertible_to<std::string_view>;
  m.begin()->second;
};

// Other sequences (vector, array, set, list, ...) become arrays.
template <class R>
concept JsonSequenceLike =
    std::ranges::input_range<const R> && !JsonStringLike<R> && !JsonMapLike<R>;

// Declared together so that each can contain the others (a vector of maps of optionals).
template <class T>
void WriteJson(std::string& out, const std::optional<T>& v);
template <JsonSequenceLike R>
void WriteJson(std::string& out, const R& range);
template <JsonMapLike M>
void WriteJson(std::string& out, const M& map);

template <class T>
void WriteJson(std::string& out, const std::optional<T>& v) {
  if (v) {
    WriteJson(out, *v);
  } else {
    out += "null";
  }
}

template <JsonSequenceLike R>
void WriteJson(std::string& out, const R& range) {
  out += '[';
  bool first = true;
  for (const auto& element : range) {
    if (!first) out += ',';
    first = false;
    WriteJson(out, element);
  }
  out += ']';
}

template <JsonMapLike M>
void WriteJson(std::string& out, const M& map) {
  out += '{';
  bool first = true;
  for (const auto& [key, value] : map) {
    if (!first) out += ',';
    first = false;
    WriteJsonString(out, key);
    out += ':';
    WriteJson(out, value);
  }
  out += '}';
}

template <class T>
concept JsonWritable = requires(std::string& out, const T& v) {
  WriteJson(out, v);
};

// ---------------------------------------------------------------------------------------------
// An owned JSON value of any kind, kept as compact text with its parse. Construct it from C++
// values (anything WriteJson accepts), from a view, or by parsing text; read it like a view.
class Json {
 public:
  Json() : Json(nullptr) {}
  Json(std::nullptr_t);
  template <class T>
  requires(JsonWritable<T> && !std::is_same_v<std::remove_cvref_t<T>, Json>)
      Json(const T& value) {  // NOLINT: implicit on purpose, as for any value type
    std::string text;
    WriteJson(text, value);
    Adopt(std::move(text));
  }
  Json(const char* s) : Json(std::string_view(s)) {}

  // Parses text; throws JsonError if it is not valid JSON.
  static Json Parse(std::string_view text, const JsonLimits& limits = {});
  static Json Array(std::initializer_list<Json> elements);
  static Json Object(std::initializer_list<std::pair<std::string_view, Json>> members);

  JsonView view() const { return doc_.root(); }
  operator JsonView() const { return view(); }  // NOLINT
  std::string_view text() const { return doc_.text(); }

  JsonKind kind() const { return view().kind(); }
  bool is_null() const { return view().is_null(); }
  bool is_integer() const { return view().is_integer(); }
  bool is_string() const { return view().is_string(); }
  bool is_array() const { return view().is_array(); }
  bool is_object() const { return view().is_object(); }
  bool as_bool() const { return view().as_bool(); }
  std::int64_t as_int64() const { return view().as_int64(); }
  std::uint64_t as_uint64() const { return view().as_uint64(); }
  double as_double() const { return view().as_double(); }
  std::string as_string() const { return view().as_string(); }
  JsonView operator[](std::string_view key) const { return view()[key]; }
  JsonView operator[](const char* key) const { return view()[std::string_view(key)]; }
  template <std::integral I>
  JsonView operator[](I index) const {
    return view()[index];
  }
  std::size_t size() const { return view().size(); }

  friend bool operator==(const Json& a, const Json& b) { return a.view() == b.view(); }

 private:
  void Adopt(std::string text);  // text is known to be valid JSON
  JsonDocument doc_;
};

template <std::same_as<Json> J>
void WriteJson(std::string& out, const J& v) {
  WriteJson(out, v.view());
}

// The JSON text of a value.
template <class T>
std::string ToJson(const T& value) {
  std::string out;
  WriteJson(out, value);
  return out;
}

}  // namespace maelstrom
