#include "stream.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

#include "maelstrom/json.h"

namespace glomers::stress {

namespace {

std::string Quote(std::string_view s) {
  std::string out;
  maelstrom::WriteJsonString(out, s);
  return out;
}

// The stream's random choices: a 64-bit generator of our own (splitmix64), so that a seed means
// the same bytes with any standard library.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  std::size_t Below(std::size_t n) { return static_cast<std::size_t>(Next() % n); }
  bool OneIn(std::size_t n) { return Below(n) == 0; }
  template <class T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }

 private:
  std::uint64_t state_;
};

class Builder {
 public:
  explicit Builder(const StreamOptions& o) : o_(o), random_(o.seed), node_(Quote(o.node)) {}

  Stream Build() {
    std::vector<std::string> lines;
    for (int i = 0; i < o_.valid; ++i) lines.push_back(Valid());
    for (int i = 0; i < o_.hostile; ++i) lines.push_back(Hostile());
    if (o_.huge) {
      lines.push_back(HugeValid());
      for (int i = 0; i < 2; ++i) lines.push_back(Deep(i == 0));
    }
    if (o_.over_limit) lines.push_back(OverLimit());
    // Fisher-Yates with our generator: valid and hostile lines interleaved.
    for (std::size_t i = lines.size(); i > 1; --i) std::swap(lines[i - 1], lines[random_.Below(i)]);
    std::string init = Line(Quote("c0"), R"({"type":"init","node_id":)" + node_ +
                                             R"(,"node_ids":["n0","n1","n2"],"msg_id":1})");
    stream_.book.Expect("c0", 1, Answer{"init_ok", {}, {}});
    std::size_t size = init.size() + 1;
    for (const auto& l : lines) size += l.size() + 1;
    stream_.input.reserve(size);
    stream_.input += init;
    stream_.input += '\n';
    for (const auto& l : lines) {
      stream_.input += l;
      stream_.input += '\n';
    }
    return std::move(stream_);
  }

 private:
  bool echo() const { return o_.workload == Workload::kEcho; }

  std::string Line(std::string_view src_json, std::string_view body) {
    // Maelstrom's own key order, sometimes with its network-wide id.
    std::string id = random_.OneIn(2) ? R"("id":)" + std::to_string(random_.Below(1000000)) + ","
                                      : std::string();
    return "{" + id + R"("src":)" + std::string(src_json) + R"(,"dest":)" + node_ + R"(,"body":)" +
           std::string(body) + "}";
  }

  // A JSON value for echo to carry back byte for byte.
  std::string Value(int depth) {
    static const std::vector<std::string> kNumbers = {"0",
                                                      "-0",
                                                      "7",
                                                      "-42",
                                                      "1.5",
                                                      "-0.0",
                                                      "1e10",
                                                      "2.5E-3",
                                                      "1e999999",
                                                      "-1e-999999",
                                                      "123456789012345678901234567890",
                                                      "9223372036854775808",
                                                      "-9223372036854775809",
                                                      "0.1",
                                                      "1E+2"};
    static const std::vector<std::string> kStrings = {R"("")",
                                                      R"("Please echo 35")",
                                                      R"("\"\\\/\b\f\n\r\t")",
                                                      R"("\u00e9\u4e2d\ud83d\ude00")",
                                                      "\"\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\"",
                                                      R"("\u0000")",
                                                      R"("\ud800")",
                                                      "\"\x7f\""};
    switch (random_.Below(depth > 0 ? 9 : 6)) {
      case 0:
        return std::to_string(static_cast<std::int64_t>(random_.Next()));
      case 1:
      case 2:
        return random_.Pick(kNumbers);
      case 3:
        return random_.Pick(kStrings);
      case 4:
        return Quote("s" + std::to_string(random_.Next()));
      case 5:
        return random_.Pick(std::vector<std::string>{"true", "false", "null"});
      case 6:
      case 7: {
        std::string a = "[";
        for (std::size_t i = 0, n = random_.Below(4); i < n; ++i) {
          a += (i ? "," : "") + Value(depth - 1);
        }
        return a + "]";
      }
      default: {
        std::string o = "{";
        for (std::size_t i = 0, n = random_.Below(4); i < n; ++i) {
          o += (i ? "," : "") +
               Quote(
                   random_.Pick(std::vector<std::string>{"a", "b", "type", "msg_id", "\xc3\xa9"})) +
               ":" + Value(depth - 1);
        }
        return o + "}";
      }
    }
  }

  std::string Payload() {
    if (o_.payload == 0) return Value(3);
    std::string s(o_.payload, 'p');
    for (char& c : s) c = static_cast<char>('a' + random_.Below(26));
    return "\"" + s + "\"";
  }

  // A valid request from one of eight clients, each counting its msg_ids from 1 as Maelstrom's do.
  std::string Valid() {
    std::size_t client = 1 + random_.Below(8);
    std::int64_t msg_id = ++client_ids_[client];
    std::string src = "c" + std::to_string(client);
    if (echo()) {
      std::string value = Payload();
      stream_.book.Expect(src, msg_id, Answer{"echo_ok", {}, value});
      ++stream_.kinds["valid echo"];
      std::string id = std::to_string(msg_id);
      return Line(Quote(src),
                  random_.OneIn(2)
                      ? R"({"echo":)" + value + R"(,"type":"echo","msg_id":)" + id + "}"
                      : R"({"type":"echo","msg_id":)" + id + R"(,"echo":)" + value + "}");
    }
    stream_.book.Expect(src, msg_id, Answer{"generate_ok", {}, {}});
    ++stream_.kinds["valid generate"];
    std::string body = R"({"type":"generate","msg_id":)" + std::to_string(msg_id);
    if (o_.payload) body += R"(,"pad":)" + Payload();
    return Line(Quote(src), body + "}");
  }

  // The request the workload serves, from `src` with `msg_id`, answered as it must be.
  std::string Request(const std::string& src, std::int64_t msg_id, std::string_view src_json = {}) {
    std::string body;
    if (echo()) {
      std::string value = Value(2);
      stream_.book.Expect(src, msg_id, Answer{"echo_ok", {}, value});
      body = R"({"type":"echo","echo":)" + value + R"(,"msg_id":)" + std::to_string(msg_id) + "}";
    } else {
      stream_.book.Expect(src, msg_id, Answer{"generate_ok", {}, {}});
      body = R"({"type":"generate","msg_id":)" + std::to_string(msg_id) + "}";
    }
    return Line(src_json.empty() ? Quote(src) : src_json, body);
  }

  std::string Type() const { return echo() ? R"("echo")" : R"("generate")"; }

  // A sender for lines that must get an answer (with a fresh msg_id), and one for lines that must
  // get none: separate names, so that a wrong answer can never pass for a due one.
  std::pair<std::string, std::int64_t> Answerable() {
    return {"h" + std::to_string(1 + random_.Below(4)), ++hostile_id_};
  }
  std::string Unanswerable() { return Quote("x" + std::to_string(1 + random_.Below(4))); }
  std::string SomeId() { return std::to_string(++hostile_id_); }

  std::string Malformed(std::string_view kind, std::string_view body_tail, std::int64_t code = 12) {
    auto [src, id] = Answerable();
    stream_.book.Expect(src, id, Answer{"error", code, {}});
    ++stream_.kinds[std::string(kind)];
    return Line(Quote(src), R"({"msg_id":)" + std::to_string(id) + std::string(body_tail) + "}");
  }
  std::string Nothing(std::string_view kind, std::string line) {
    ++stream_.kinds[std::string(kind)];
    return line;
  }

  std::string Hostile() {
    // A throwaway valid line to damage.
    std::string base =
        Line(Unanswerable(), R"({"type":"echo","echo":"abcdef","msg_id":)" + SomeId() + "}");
    switch (random_.Below(32)) {
      case 0:
        return Nothing("truncated JSON", base.substr(0, 1 + random_.Below(base.size() - 2)));
      case 1: {
        static const std::vector<std::string> kBad = {
            "\xff", "\xc0\x80", "\xed\xa0\x80", "\x80", "\xe2\x82", "\xf4\x90\x80\x80", "\xfe\xfe"};
        std::string line = base;
        line.insert(line.find("abcdef") + 3, random_.Pick(kBad));
        return Nothing("invalid UTF-8", line);
      }
      case 2: {
        std::string line = base;
        char c = static_cast<char>(random_.Pick(std::vector<int>{0, 1, 8, 11, 12, 27, 31}));
        line.insert(line.find("abcdef") + 2, 1, c);
        return Nothing("control byte in a string", line);
      }
      case 3: {
        std::string line = base;
        char c = static_cast<char>(random_.Pick(std::vector<int>{0, 1, 11, 12, 27, 127}));
        line.insert(line.find(",\"dest\""), 1, c);
        return Nothing("NUL or control byte between tokens", line);
      }
      case 4:
        return Nothing("two objects on one line", base + base);
      case 5:
        return Nothing("trailing garbage",
                       base + random_.Pick(std::vector<std::string>{" x", "}", ",", " 1", "\x01"}));
      case 6:
        return Nothing(
            "leading garbage",
            random_.Pick(std::vector<std::string>{"x", ",", "\xef\xbb\xbf", "]"}) + base);
      case 7:
        return Nothing("not an object",
                       random_.Pick(std::vector<std::string>{"[1,2]", R"("src")", "42", "null",
                                                             "true", "[]", "garbage", "{", "}"}));
      case 8:
        return Nothing("blank line",
                       random_.Pick(std::vector<std::string>{"", " ", "\t", "\r", " \t\r "}));
      case 9:
        return Nothing("msg_id not an integer",
                       Line(Unanswerable(),
                            R"({"type":)" + Type() + R"(,"msg_id":)" +
                                random_.Pick(std::vector<std::string>{
                                    "1.0", "1e2", "-0.5", R"("3")", "true", "null", "[1]", "{}"}) +
                                "}"));
      case 10:
        return Nothing("msg_id out of range",
                       Line(Unanswerable(),
                            R"({"type":)" + Type() + R"(,"msg_id":)" +
                                random_.Pick(std::vector<std::string>{
                                    "9223372036854775808", "-9223372036854775809",
                                    "18446744073709551616", "100000000000000000000000000000"}) +
                                "}"));
      case 11:
        return Nothing("missing src", R"({"dest":)" + node_ + R"(,"body":{"type":)" + Type() +
                                          R"(,"msg_id":)" + SomeId() + "}}");
      case 12:
        return Nothing("src not a string",
                       R"({"src":)" +
                           random_.Pick(std::vector<std::string>{"1", "null", "[\"c1\"]", "{}"}) +
                           R"(,"dest":)" + node_ + R"(,"body":{"type":)" + Type() +
                           R"(,"msg_id":)" + SomeId() + "}}");
      case 13:
        return Nothing("missing body", R"({"src":"x1","dest":)" + node_ + "}");
      case 14:
        return Nothing("body not an object",
                       Line(Unanswerable(), random_.Pick(std::vector<std::string>{
                                                "null", "[]", "\"generate\"", "7"})));
      case 15:
        return Nothing("a reply nobody awaits",
                       Line(Quote("n1"), R"({"type":"echo_ok","in_reply_to":)" + SomeId() + "}"));
      case 16:
        return Malformed("missing type", "");
      case 17:
        return Malformed("type not a string",
                         R"(,"type":)" + random_.Pick(std::vector<std::string>{
                                             "5", "null", "[\"echo\"]", "{}", "true"}));
      case 18: {
        auto [src, id] = Answerable();
        stream_.book.Expect(src, id, Answer{"error", 12, {}});
        ++stream_.kinds["missing dest"];
        return "{"
               R"("src":)" +
               Quote(src) + R"(,"body":{"type":)" + Type() + R"(,"msg_id":)" + std::to_string(id) +
               "}}";
      }
      case 19: {
        auto [src, id] = Answerable();
        stream_.book.Expect(src, id, Answer{"error", 12, {}});
        ++stream_.kinds["dest not a string"];
        return R"({"src":)" + Quote(src) + R"(,"dest":["n0"],"body":{"type":)" + Type() +
               R"(,"msg_id":)" + std::to_string(id) + "}}";
      }
      case 20:
        return Malformed("in_reply_to not an integer",
                         R"(,"type":)" + Type() + R"(,"in_reply_to":)" +
                             random_.Pick(std::vector<std::string>{"\"1\"", "1.5", "null",
                                                                   "99999999999999999999"}));
      case 21:
        return Malformed("invalid init", R"(,"type":"init","node_id":"n0","node_ids":)" +
                                             random_.Pick(std::vector<std::string>{
                                                 "\"n0\"", "[1]", "null", "[\"n1\"]"}));
      case 22:
        return Malformed("unknown type",
                         R"(,"type":)" + Quote("t" + std::to_string(random_.Below(100))), 10);
      case 23:
        if (echo()) return Malformed("echo without echo", R"(,"type":"echo")");
        return Malformed("unknown type", R"(,"type":"echo","echo":1)", 10);
      case 24: {
        ++stream_.kinds["negative msg_id (valid)"];
        std::int64_t id = -++negative_ids_;
        if (negative_ids_ == 1) id = INT64_MIN;
        return Request("m1", id);
      }
      case 25:
        ++stream_.kinds["msg_id 0 (valid)"];
        return Request("z" + std::to_string(++zero_clients_), 0);
      case 26: {
        // Duplicate keys: the last one wins, at every level.
        ++stream_.kinds["duplicate keys (valid, last wins)"];
        std::int64_t id = ++dup_ids_;
        std::string line = Request("d1", id);
        std::string fake = std::to_string(id + 1000000000);
        line.replace(line.find(R"("src":)"), 6, R"("src":"x9","src":)");
        line.replace(line.find(R"("body":{)"), 8,
                     R"("body":{"msg_id":)" + fake + R"(,"type":"crash",)");
        return line;
      }
      case 27:
        ++stream_.kinds["escaped src (valid)"];
        return Request("e1", ++escaped_ids_, R"("e\u0031")");
      case 28:
        ++stream_.kinds["CRLF line end (valid)"];
        return Request("r1", ++crlf_ids_) + "\r";
      case 29: {
        ++stream_.kinds["whitespace between all tokens (valid)"];
        std::int64_t id = ++spaced_ids_;
        // Line breaks inside a value: '\r' (Run splits lines at '\n' only) is JSON whitespace, but
        // a reader of the node's output that ends lines at '\r' too, as Java's does, would cut
        // the echo in two: it must come back as a space.
        std::string value = echo() ? Value(2) : "0";
        stream_.book.Expect("w1", id,
                            echo() ? Answer{"echo_ok", {}, "[ 1 , " + value + " ]"}
                                   : Answer{"generate_ok", {}, {}});
        return " \t{ \"src\" : \"w1\" ,\t\"dest\"\t:\t" + node_ +
               " , \"body\" :\r{ \"type\" : " + Type() + " , \"msg_id\" : " + std::to_string(id) +
               " , \"echo\" :\r[\r1 ,\r" + value + "\r]\r} } \t";
      }
      case 30:
        return Nothing(
            "deep but shallow enough to parse, no msg_id",
            Line(Unanswerable(), R"({"type":)" + Type() + R"(,"x":)" + std::string(100, '[') +
                                     std::string(100, ']') + "}"));
      default:
        return Nothing("duplicate msg_id, the last not an integer",
                       Line(Unanswerable(), R"({"type":)" + Type() + R"(,"msg_id":)" + SomeId() +
                                                R"(,"msg_id":"1"})"));
    }
  }

  std::string HugeValid() {
    ++stream_.kinds["a 3 MiB valid request"];
    std::string big(3 << 20, 'x');
    for (std::size_t i = 0; i < big.size(); i += 4096)
      big[i] = static_cast<char>('a' + random_.Below(26));
    if (echo()) {
      std::string value = "[\"" + big + "\",\"\\u00e9\"]";
      stream_.book.Expect("c9", 1, Answer{"echo_ok", {}, value});
      return Line(Quote("c9"), R"({"type":"echo","msg_id":1,"echo":)" + value + "}");
    }
    stream_.book.Expect("c9", 1, Answer{"generate_ok", {}, {}});
    return Line(Quote("c9"), R"({"type":"generate","msg_id":1,"pad":")" + big + "\"}");
  }

  std::string Deep(bool arrays) {
    ++stream_.kinds["nested 100,000 deep"];
    constexpr std::size_t kDepth = 100000;
    std::string value = arrays ? std::string(kDepth, '[') + std::string(kDepth, ']') : [&] {
      std::string v;
      for (std::size_t i = 0; i < kDepth; ++i) v += R"({"a":)";
      v += "1";
      v += std::string(kDepth, '}');
      return v;
    }();
    return Line(Unanswerable(),
                R"({"type":)" + Type() + R"(,"msg_id":)" + SomeId() + R"(,"echo":)" + value + "}");
  }

  std::string OverLimit() {
    ++stream_.kinds["a 65 MiB line (over the limit)"];
    return Line(Unanswerable(), R"({"type":)" + Type() + R"(,"msg_id":)" + SomeId() +
                                    R"(,"echo":")" + std::string(65 << 20, 'o') + "\"}");
  }

  const StreamOptions& o_;
  Random random_;
  std::string node_;
  Stream stream_;
  std::int64_t client_ids_[9] = {};
  std::int64_t hostile_id_ = 0, negative_ids_ = 0, dup_ids_ = 0, escaped_ids_ = 0, crlf_ids_ = 0,
               spaced_ids_ = 0;
  int zero_clients_ = 0;
};

}  // namespace

Stream MakeStream(const StreamOptions& options) { return Builder(options).Build(); }

std::uint64_t StressSeed(std::uint64_t fallback) {
  const char* env = std::getenv("STRESS_SEED");
  if (env == nullptr || *env == '\0') return fallback;
  return std::strtoull(env, nullptr, 0);
}

}  // namespace glomers::stress
