// An operation's value, as Maelstrom's Clojure holds it once Cheshire has parsed a message: null,
// a boolean, a number, a string, an array or an object. A reply is parsed once, where the client
// receives it; from there the value is kept, compared and written without being parsed again.
//
// Semantics are Clojure's, on values read from JSON:
// - equality: integers exactly (any size); other numbers by their double value, and never equal
//   to an integer (1 and 1.0 differ); strings by their decoded text; arrays element by element;
//   objects as maps (member order does not matter; of duplicate keys the last wins);
// - Compare: Clojure's compare, which orders null first, numbers by value, strings by UTF-16 code
//   units (as Java does), booleans false first, arrays by length and then element by element, and
//   refuses (nullopt, where Clojure throws) objects and values of different kinds.
//
// A Value is 16 bytes: null, booleans, 64-bit integers and strings of up to 14 bytes live inside
// it; anything else is a reference-counted immutable block, so copies are cheap. Not for sharing
// between threads: the counts are not atomic.
//
// A Lazy value is one whose JSON is only written when asked (a partition's grudge on a thousand
// nodes is megabytes of JSON that the history file needs and nothing else does).
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "maelstrom/json.h"

namespace glomers {

enum class EdnKeys;  // edn_writer.h

class Value {
 public:
  enum class Kind : std::uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };
  using Member = std::pair<std::string, Value>;

  // A value whose JSON is written on demand. Comparing or hashing one writes and parses it.
  class Lazy {
   public:
    virtual ~Lazy() = default;
    virtual void AppendJson(std::string& out) const = 0;
    // Appends the value as EDN (edn_writer.h), as AppendEdn would write it once parsed, and
    // returns true; or returns false, and the writer parses the JSON. A lazy value is large, so
    // one that can write its EDN directly spares every EDN file that parse.
    virtual bool AppendEdn(std::string& out, EdnKeys keys) const {
      (void)out, (void)keys;
      return false;
    }
  };

  Value() noexcept { rep_.tag = Tag::kNull; }
  Value(const Value& other) noexcept;
  Value(Value&& other) noexcept;
  Value& operator=(const Value& other) noexcept;
  Value& operator=(Value&& other) noexcept;
  ~Value() { Release(); }

  static Value Bool(bool b);
  static Value Int(std::int64_t i);
  static Value String(std::string_view s);  // s must be UTF-8
  static Value Array(std::vector<Value> elements);
  // Of duplicate keys, the last wins, in the first one's place.
  static Value Object(std::vector<Member> members);
  static Value FromLazy(std::shared_ptr<const Lazy> lazy);
  // The Lazy of a value made by FromLazy; nullptr for any other.
  const Lazy* lazy() const;
  // From a parsed JSON value.
  static Value FromJson(maelstrom::JsonView json);
  // From JSON text; throws maelstrom::JsonError if it is not valid JSON.
  static Value Parse(std::string_view text);

  Kind kind() const;
  bool is_null() const { return kind() == Kind::kNull; }
  bool is_string() const { return kind() == Kind::kString; }
  bool is_object() const { return kind() == Kind::kObject; }
  bool is_array() const { return kind() == Kind::kArray; }
  // A number written without fraction or exponent.
  bool is_integer() const;
  // The integer, when it fits in 64 bits.
  std::optional<std::int64_t> int64() const;
  // Strings: the decoded text. Empty for other kinds.
  std::string_view string() const;
  // Arrays: the elements; objects: the members. Empty for other kinds.
  std::span<const Value> elements() const;
  std::span<const Member> members() const;
  // Objects: the value of `key`, or nullptr.
  const Value* Find(std::string_view key) const;

  void AppendJson(std::string& out) const;
  std::string ToJson() const;

  friend bool operator==(const Value& a, const Value& b);
  // Consistent with ==.
  std::size_t Hash() const;
  // Clojure's compare: negative, zero or positive; nullopt where Clojure throws.
  static std::optional<int> Compare(const Value& a, const Value& b);

  struct Hasher {
    std::size_t operator()(const Value& v) const { return v.Hash(); }
  };

 private:
  enum class Tag : std::uint8_t {
    kNull,
    kFalse,
    kTrue,
    kInt,          // int64 inline
    kShortString,  // up to 14 bytes inline
    kNumber,       // an integer beyond 64 bits, or a non-integer: NumberBlock
    kString,       // StringBlock
    kArray,        // ArrayBlock
    kObject,       // ObjectBlock
    kLazy,         // LazyBlock
  };
  struct Block;
  struct NumberBlock;
  struct StringBlock;
  struct ArrayBlock;
  struct ObjectBlock;
  struct LazyBlock;
  static constexpr std::size_t kShortMax = 14;

  // Both views start with the tag, so it can be read through either (common initial sequence).
  struct Inline {
    Tag tag;
    std::uint8_t size;
    char chars[kShortMax];
  };
  struct Boxed {
    Tag tag;
    std::uint8_t unused[7];
    union {
      std::int64_t i;
      Block* block;
    };
  };
  union Rep {
    Tag tag;
    Inline short_string;
    Boxed boxed;
  };

  bool has_block() const { return rep_.tag >= Tag::kNumber; }
  void Release() noexcept;
  static Value OfBlock(Tag tag, Block* block);
  const NumberBlock& number() const;
  // A lazy value, written and parsed; any other value unchanged.
  const Value& Resolved(Value& scratch) const;

  Rep rep_;
};

static_assert(sizeof(Value) == 16);

// Appends v in decimal, as JSON and EDN write integers. The digits are written in place at the
// end of `out` (formatting them on the stack and copying them out made the copy's load wait on
// the digits' stores: the hottest instruction of the history files, millions of integers).
inline void AppendDecimal(std::string& out, std::int64_t v) {
  std::size_t at = out.size();
  out.resize(at + 20);  // "-9223372036854775808"
  char* begin = out.data() + at;
  auto r = std::to_chars(begin, begin + 20, v);
  out.resize(at + static_cast<std::size_t>(r.ptr - begin));
}

}  // namespace glomers
