// A small EDN reader for the tests of the store's EDN files: nil, booleans, integers and
// floats, strings (Clojure's escapes), keywords, symbols, vectors, lists, maps and sets. Throws
// std::runtime_error, naming the offset, on anything else or on text after the value.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace glomers::testing {

struct Edn {
  enum class Kind {
    kNil,
    kBool,
    kInt,
    kFloat,
    kString,
    kKeyword,
    kSymbol,
    kVector,
    kList,
    kMap,
    kSet
  };
  Kind kind = Kind::kNil;
  bool b = false;
  std::int64_t i = 0;
  double f = 0;
  std::string text;                                 // strings, keywords (without ':'), symbols
  std::vector<Edn> items;                           // vectors, lists, sets; maps: key, value, ...
  const Edn* Get(std::string_view keyword) const {  // a map's value at :keyword
    for (std::size_t k = 0; k + 1 < items.size(); k += 2) {
      if (items[k].kind == Kind::kKeyword && items[k].text == keyword) return &items[k + 1];
    }
    return nullptr;
  }
};

class EdnReader {
 public:
  static Edn Read(std::string_view text) {
    EdnReader r(text);
    Edn v = r.Value();
    r.Space();
    if (r.at_ != text.size()) r.Fail("text after the value");
    return v;
  }

 private:
  explicit EdnReader(std::string_view t) : t_(t) {}
  [[noreturn]] void Fail(const std::string& what) const {
    throw std::runtime_error("EDN: " + what + " at offset " + std::to_string(at_));
  }
  void Space() {
    while (at_ < t_.size() && (t_[at_] == ' ' || t_[at_] == ',' || t_[at_] == '\n' ||
                               t_[at_] == '\t' || t_[at_] == '\r'))
      ++at_;
  }
  static bool SymbolChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("*+!-_?<>=.#:/'").find(c) != std::string_view::npos;
  }
  std::string Token() {
    std::size_t start = at_;
    while (at_ < t_.size() && SymbolChar(t_[at_])) ++at_;
    if (at_ == start) Fail("expected a value");
    return std::string(t_.substr(start, at_ - start));
  }
  Edn Seq(Edn::Kind kind, char close) {
    Edn v;
    v.kind = kind;
    for (;;) {
      Space();
      if (at_ >= t_.size()) Fail("unclosed collection");
      if (t_[at_] == close) {
        ++at_;
        break;
      }
      v.items.push_back(Value());
    }
    if (kind == Edn::Kind::kMap && v.items.size() % 2 != 0) Fail("a map with an odd count");
    return v;
  }
  Edn Value() {
    Space();
    if (at_ >= t_.size()) Fail("end of text");
    char c = t_[at_];
    Edn v;
    if (c == '[') return ++at_, Seq(Edn::Kind::kVector, ']');
    if (c == '(') return ++at_, Seq(Edn::Kind::kList, ')');
    if (c == '{') return ++at_, Seq(Edn::Kind::kMap, '}');
    if (c == '#' && at_ + 1 < t_.size() && t_[at_ + 1] == '{')
      return at_ += 2, Seq(Edn::Kind::kSet, '}');
    if (c == '"') return String();
    if (c == ':') {
      ++at_;
      v.kind = Edn::Kind::kKeyword;
      v.text = Token();
      if (std::isdigit(static_cast<unsigned char>(v.text[0])))
        Fail("a keyword starting with a digit");
      return v;
    }
    std::string tok = Token();
    if (tok == "nil") return v;
    if (tok == "true" || tok == "false") {
      v.kind = Edn::Kind::kBool;
      v.b = tok == "true";
      return v;
    }
    char first = tok[0];
    if (std::isdigit(static_cast<unsigned char>(first)) ||
        ((first == '-' || first == '+') && tok.size() > 1 &&
         std::isdigit(static_cast<unsigned char>(tok[1])))) {
      std::size_t used = 0;
      if (tok.find_first_of(".eE") == std::string::npos) {
        std::string digits = tok.back() == 'N' ? tok.substr(0, tok.size() - 1) : tok;
        v.kind = Edn::Kind::kInt;
        try {
          v.i = std::stoll(digits, &used);
        } catch (const std::out_of_range&) {
          v.kind = Edn::Kind::kFloat;  // a big integer: its value as a double is enough here
          v.f = std::stod(digits, &used);
        }
        if (used != digits.size()) Fail("bad number " + tok);
      } else {
        v.kind = Edn::Kind::kFloat;
        v.f = std::stod(tok, &used);
        if (used != tok.size()) Fail("bad number " + tok);
      }
      return v;
    }
    v.kind = Edn::Kind::kSymbol;
    v.text = tok;
    return v;
  }
  Edn String() {
    Edn v;
    v.kind = Edn::Kind::kString;
    ++at_;
    for (;;) {
      if (at_ >= t_.size()) Fail("unclosed string");
      char c = t_[at_++];
      if (c == '"') break;
      if (c != '\\') {
        v.text += c;
        continue;
      }
      if (at_ >= t_.size()) Fail("unclosed string");
      char e = t_[at_++];
      switch (e) {
        case 'n':
          v.text += '\n';
          break;
        case 't':
          v.text += '\t';
          break;
        case 'r':
          v.text += '\r';
          break;
        case '"':
          v.text += '"';
          break;
        case '\\':
          v.text += '\\';
          break;
        case 'u': {
          if (at_ + 4 > t_.size()) Fail("short \\u escape");
          unsigned code =
              static_cast<unsigned>(std::stoul(std::string(t_.substr(at_, 4)), nullptr, 16));
          at_ += 4;
          if (code < 0x80)
            v.text += static_cast<char>(code);
          else
            v.text += "?";  // not needed by these tests
          break;
        }
        default:
          Fail(std::string("unknown escape \\") + e);
      }
    }
    return v;
  }

  std::string_view t_;
  std::size_t at_ = 0;
};

}  // namespace glomers::testing
