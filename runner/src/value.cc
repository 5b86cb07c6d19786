#include "runner/src/value.h"

#include <charconv>
#include <cstring>
#include <unordered_map>

namespace glomers {

using maelstrom::JsonKind;
using maelstrom::JsonView;

struct Value::Block {
  std::uint32_t refs = 1;
  virtual ~Block() = default;
};
struct Value::NumberBlock final : Block {
  double value = 0;
  bool integer = false;  // an integer beyond 64 bits (else a fraction or an exponent)
  std::string text;      // as the sender wrote it
};
struct Value::StringBlock final : Block {
  std::string text;
};
struct Value::ArrayBlock final : Block {
  std::vector<Value> elements;
};
struct Value::ObjectBlock final : Block {
  std::vector<Member> members;
};
struct Value::LazyBlock final : Block {
  std::shared_ptr<const Lazy> lazy;
};

namespace {

std::uint64_t Mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

int Sign(int x) { return (x > 0) - (x < 0); }

// Compares two integers written in JSON beyond 64 bits or not (no leading zeros, as JSON has
// none; "-0" never reaches here, it is the 64-bit 0).
int CompareIntegerTexts(std::string_view a, std::string_view b) {
  bool neg_a = a.starts_with('-'), neg_b = b.starts_with('-');
  if (neg_a != neg_b) return neg_a ? -1 : 1;
  if (neg_a) a.remove_prefix(1), b.remove_prefix(1);
  int magnitude = a.size() != b.size() ? (a.size() < b.size() ? -1 : 1) : Sign(a.compare(b));
  return neg_a ? -magnitude : magnitude;
}

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::u16string Utf16(std::string_view s) {
  std::u16string out;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    char32_t cp = c;
    std::size_t len = 1;
    if (c >= 0xF0) {
      cp = c & 0x07, len = 4;
    } else if (c >= 0xE0) {
      cp = c & 0x0F, len = 3;
    } else if (c >= 0x80) {
      cp = c & 0x1F, len = 2;
    }
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (cp >> 10));
      out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
    } else {
      out += static_cast<char16_t>(cp);
    }
  }
  return out;
}

// Java orders strings by UTF-16 code units; UTF-8 bytes order by code point, which differs only
// where a character beyond U+FFFF meets one in U+E000..U+FFFF.
int CompareStrings(std::string_view a, std::string_view b) {
  if (IsAscii(a) || IsAscii(b)) return Sign(a.compare(b));
  return Sign(Utf16(a).compare(Utf16(b)));
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Construction and lifetime

Value::Value(const Value& other) noexcept : rep_(other.rep_) {
  if (has_block()) ++rep_.boxed.block->refs;
}

Value::Value(Value&& other) noexcept : rep_(other.rep_) { other.rep_.tag = Tag::kNull; }

Value& Value::operator=(const Value& other) noexcept {
  if (this != &other) {
    Value copy(other);
    *this = std::move(copy);
  }
  return *this;
}

Value& Value::operator=(Value&& other) noexcept {
  if (this != &other) {
    Release();
    rep_ = other.rep_;
    other.rep_.tag = Tag::kNull;
  }
  return *this;
}

void Value::Release() noexcept {
  if (has_block() && --rep_.boxed.block->refs == 0) delete rep_.boxed.block;
  rep_.tag = Tag::kNull;
}

Value Value::OfBlock(Tag tag, Block* block) {
  Value v;
  v.rep_.boxed.tag = tag;
  v.rep_.boxed.block = block;
  return v;
}

Value Value::Bool(bool b) {
  Value v;
  v.rep_.tag = b ? Tag::kTrue : Tag::kFalse;
  return v;
}

Value Value::Int(std::int64_t i) {
  Value v;
  v.rep_.boxed.tag = Tag::kInt;
  v.rep_.boxed.i = i;
  return v;
}

Value Value::String(std::string_view s) {
  if (s.size() <= kShortMax) {
    Value v;
    v.rep_.short_string.tag = Tag::kShortString;
    v.rep_.short_string.size = static_cast<std::uint8_t>(s.size());
    std::memcpy(v.rep_.short_string.chars, s.data(), s.size());
    return v;
  }
  auto* block = new StringBlock;
  block->text = s;
  return OfBlock(Tag::kString, block);
}

Value Value::Array(std::vector<Value> elements) {
  auto* block = new ArrayBlock;
  block->elements = std::move(elements);
  return OfBlock(Tag::kArray, block);
}

Value Value::Object(std::vector<Member> members) {
  auto* block = new ObjectBlock;
  block->members.reserve(members.size());
  if (members.size() <= 16) {
    for (Member& m : members) {
      Member* seen = nullptr;
      for (Member& s : block->members) {
        if (s.first == m.first) seen = &s;
      }
      if (seen != nullptr) {
        seen->second = std::move(m.second);
      } else {
        block->members.push_back(std::move(m));
      }
    }
  } else {
    // Keys point into block->members, which never reallocates (reserved above).
    std::unordered_map<std::string_view, std::size_t> at;
    for (Member& m : members) {
      if (auto it = at.find(m.first); it != at.end()) {
        block->members[it->second].second = std::move(m.second);
        continue;
      }
      block->members.push_back(std::move(m));
      at.emplace(block->members.back().first, block->members.size() - 1);
    }
  }
  return OfBlock(Tag::kObject, block);
}

Value Value::FromLazy(std::shared_ptr<const Lazy> lazy) {
  auto* block = new LazyBlock;
  block->lazy = std::move(lazy);
  return OfBlock(Tag::kLazy, block);
}

Value Value::FromJson(JsonView json) {
  switch (json.kind()) {
    case JsonKind::kNull:
      return Value();
    case JsonKind::kBool:
      return Bool(json.as_bool());
    case JsonKind::kNumber: {
      std::string_view raw = json.raw();
      if (json.is_integer()) {
        std::int64_t i = 0;
        auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), i);
        if (ec == std::errc() && end == raw.data() + raw.size()) return Int(i);
      }
      auto* block = new NumberBlock;
      block->value = json.as_double();
      block->integer = json.is_integer();
      block->text = raw;
      return OfBlock(Tag::kNumber, block);
    }
    case JsonKind::kString: {
      if (auto plain = json.string_if_plain()) return String(*plain);
      return String(json.as_string());
    }
    case JsonKind::kArray: {
      std::vector<Value> elements;
      elements.reserve(json.size());
      for (JsonView e : json.elements()) elements.push_back(FromJson(e));
      return Array(std::move(elements));
    }
    case JsonKind::kObject: {
      std::vector<Member> members;
      members.reserve(json.size());
      for (auto m : json.members()) {
        auto plain = m.key_view().string_if_plain();
        members.emplace_back(plain ? std::string(*plain) : m.key(), FromJson(m.value()));
      }
      return Object(std::move(members));
    }
  }
  return Value();
}

Value Value::Parse(std::string_view text) {
  maelstrom::JsonDocument doc;
  std::string error;
  if (!doc.Parse(text, &error)) throw maelstrom::JsonError("not JSON: " + error);
  return FromJson(doc.root());
}

// ---------------------------------------------------------------------------------------------
// Reading

const Value::NumberBlock& Value::number() const {
  return *static_cast<const NumberBlock*>(rep_.boxed.block);
}

const Value::Lazy* Value::lazy() const {
  if (rep_.tag != Tag::kLazy) return nullptr;
  return static_cast<const LazyBlock*>(rep_.boxed.block)->lazy.get();
}

const Value& Value::Resolved(Value& scratch) const {
  if (rep_.tag != Tag::kLazy) return *this;
  scratch = Parse(ToJson());
  return scratch;
}

Value::Kind Value::kind() const {
  switch (rep_.tag) {
    case Tag::kNull:
      return Kind::kNull;
    case Tag::kFalse:
    case Tag::kTrue:
      return Kind::kBool;
    case Tag::kInt:
    case Tag::kNumber:
      return Kind::kNumber;
    case Tag::kShortString:
    case Tag::kString:
      return Kind::kString;
    case Tag::kArray:
      return Kind::kArray;
    case Tag::kObject:
      return Kind::kObject;
    case Tag::kLazy: {
      Value scratch;
      return Resolved(scratch).kind();
    }
  }
  return Kind::kNull;
}

bool Value::is_integer() const {
  if (rep_.tag == Tag::kInt) return true;
  if (rep_.tag == Tag::kNumber) return number().integer;
  if (rep_.tag != Tag::kLazy) return false;
  Value scratch;
  return Resolved(scratch).is_integer();
}

std::optional<std::int64_t> Value::int64() const {
  if (rep_.tag == Tag::kInt) return rep_.boxed.i;
  return std::nullopt;
}

std::string_view Value::string() const {
  if (rep_.tag == Tag::kShortString) {
    return std::string_view(rep_.short_string.chars, rep_.short_string.size);
  }
  if (rep_.tag == Tag::kString) return static_cast<const StringBlock*>(rep_.boxed.block)->text;
  return {};
}

std::span<const Value> Value::elements() const {
  if (rep_.tag != Tag::kArray) return {};
  return static_cast<const ArrayBlock*>(rep_.boxed.block)->elements;
}

std::span<const Value::Member> Value::members() const {
  if (rep_.tag != Tag::kObject) return {};
  return static_cast<const ObjectBlock*>(rep_.boxed.block)->members;
}

const Value* Value::Find(std::string_view key) const {
  for (const Member& m : members()) {
    if (m.first == key) return &m.second;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// Writing

void Value::AppendJson(std::string& out) const {
  switch (rep_.tag) {
    case Tag::kNull:
      out += "null";
      return;
    case Tag::kFalse:
      out += "false";
      return;
    case Tag::kTrue:
      out += "true";
      return;
    case Tag::kInt:
      AppendDecimal(out, rep_.boxed.i);
      return;
    case Tag::kNumber:
      out += number().text;
      return;
    case Tag::kShortString:
    case Tag::kString:
      maelstrom::WriteJsonString(out, string());
      return;
    case Tag::kArray: {
      out += '[';
      bool first = true;
      for (const Value& e : elements()) {
        if (!first) out += ',';
        first = false;
        e.AppendJson(out);
      }
      out += ']';
      return;
    }
    case Tag::kObject: {
      out += '{';
      bool first = true;
      for (const Member& m : members()) {
        if (!first) out += ',';
        first = false;
        maelstrom::WriteJsonString(out, m.first);
        out += ':';
        m.second.AppendJson(out);
      }
      out += '}';
      return;
    }
    case Tag::kLazy:
      static_cast<const LazyBlock*>(rep_.boxed.block)->lazy->AppendJson(out);
      return;
  }
}

std::string Value::ToJson() const {
  std::string out;
  AppendJson(out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Equality, hashing, order

bool operator==(const Value& x, const Value& y) {
  using Tag = Value::Tag;
  if (x.rep_.tag == Tag::kInt && y.rep_.tag == Tag::kInt) {
    return x.rep_.boxed.i == y.rep_.boxed.i;  // the common case, first
  }
  Value scratch_x, scratch_y;
  const Value& a = x.Resolved(scratch_x);
  const Value& b = y.Resolved(scratch_y);
  Value::Kind kind = a.kind();
  if (kind != b.kind()) return false;
  switch (kind) {
    case Value::Kind::kNull:
    case Value::Kind::kBool:
      return a.rep_.tag == b.rep_.tag;
    case Value::Kind::kNumber: {
      // Every integer that fits in 64 bits is a kInt, so a kInt never equals a kNumber.
      if (a.rep_.tag == Tag::kInt || b.rep_.tag == Tag::kInt) {
        return a.rep_.tag == b.rep_.tag && a.rep_.boxed.i == b.rep_.boxed.i;
      }
      const Value::NumberBlock &na = a.number(), &nb = b.number();
      if (na.integer != nb.integer) return false;
      if (na.integer) return na.text == nb.text;
      // By the double's value, -0.0 apart from 0.0, as Clojure's hash sets tell them apart.
      return std::memcmp(&na.value, &nb.value, sizeof na.value) == 0;
    }
    case Value::Kind::kString:
      return a.string() == b.string();
    case Value::Kind::kArray: {
      auto ea = a.elements(), eb = b.elements();
      if (ea.size() != eb.size()) return false;
      for (std::size_t i = 0; i < ea.size(); ++i) {
        if (!(ea[i] == eb[i])) return false;
      }
      return true;
    }
    case Value::Kind::kObject: {
      auto ma = a.members();
      if (ma.size() != b.members().size()) return false;
      for (const Value::Member& m : ma) {
        const Value* other = b.Find(m.first);
        if (other == nullptr || !(m.second == *other)) return false;
      }
      return true;
    }
  }
  return false;
}

std::size_t Value::Hash() const {
  if (rep_.tag == Tag::kInt) return Mix(static_cast<std::uint64_t>(rep_.boxed.i));
  Value scratch;
  const Value& v = Resolved(scratch);
  switch (v.rep_.tag) {
    case Tag::kNull:
      return 0x6E756C6C;
    case Tag::kFalse:
      return 0x66616C7365;
    case Tag::kTrue:
      return 0x74727565;
    case Tag::kInt:
      return Mix(static_cast<std::uint64_t>(v.rep_.boxed.i));
    case Tag::kNumber: {
      const NumberBlock& n = v.number();
      if (n.integer) return std::hash<std::string_view>{}(n.text) ^ 0x5A5A;
      std::uint64_t bits = 0;
      std::memcpy(&bits, &n.value, sizeof bits);
      return Mix(bits ^ 0xD0D0D0D0);
    }
    case Tag::kShortString:
    case Tag::kString:
      return std::hash<std::string_view>{}(v.string());
    case Tag::kArray: {
      std::uint64_t h = 0xA77A7;
      for (const Value& e : v.elements()) h = Mix(h * 31 + e.Hash());
      return h;
    }
    case Tag::kObject: {
      // Independent of member order.
      std::uint64_t h = Mix(v.members().size() + 0x0B1EC7);
      for (const Member& m : v.members()) {
        h += Mix(std::hash<std::string_view>{}(m.first) + 0x9E3779B97F4A7C15ull * m.second.Hash());
      }
      return h;
    }
    case Tag::kLazy:
      break;
  }
  return 0;
}

std::optional<int> Value::Compare(const Value& x, const Value& y) {
  if (x.rep_.tag == Tag::kInt && y.rep_.tag == Tag::kInt) {
    return (x.rep_.boxed.i > y.rep_.boxed.i) - (x.rep_.boxed.i < y.rep_.boxed.i);
  }
  Value scratch_x, scratch_y;
  const Value& a = x.Resolved(scratch_x);
  const Value& b = y.Resolved(scratch_y);
  if (a.is_null()) return b.is_null() ? 0 : -1;
  if (b.is_null()) return 1;
  Kind kind = a.kind();
  if (kind != b.kind()) return std::nullopt;
  switch (kind) {
    case Kind::kNumber: {
      if (a.is_integer() && b.is_integer()) {
        bool small_a = a.rep_.tag == Tag::kInt, small_b = b.rep_.tag == Tag::kInt;
        if (small_a && small_b) {
          return (a.rep_.boxed.i > b.rep_.boxed.i) - (a.rep_.boxed.i < b.rep_.boxed.i);
        }
        // An integer beyond 64 bits lies beyond every 64-bit one, on its sign's side.
        if (small_a) return b.number().text.starts_with('-') ? 1 : -1;
        if (small_b) return a.number().text.starts_with('-') ? -1 : 1;
        return CompareIntegerTexts(a.number().text, b.number().text);
      }
      auto as_double = [](const Value& v) {
        return v.rep_.tag == Tag::kInt ? static_cast<double>(v.rep_.boxed.i) : v.number().value;
      };
      double p = as_double(a), q = as_double(b);
      return (p > q) - (p < q);
    }
    case Kind::kString:
      return CompareStrings(a.string(), b.string());
    case Kind::kBool:
      return static_cast<int>(a.rep_.tag == Tag::kTrue) -
             static_cast<int>(b.rep_.tag == Tag::kTrue);
    case Kind::kArray: {
      auto ea = a.elements(), eb = b.elements();
      if (ea.size() != eb.size()) return ea.size() < eb.size() ? -1 : 1;
      for (std::size_t i = 0; i < ea.size(); ++i) {
        auto c = Compare(ea[i], eb[i]);
        if (!c || *c != 0) return c;
      }
      return 0;
    }
    case Kind::kObject:
    case Kind::kNull:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace glomers
