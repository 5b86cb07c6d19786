// The one-pass reader of compact messages (maelstrom/src/envelope.h) against the full parser: on
// the lines Maelstrom sends, on every file of the fuzz corpus and regressions (each whole, and
// each of its lines), and on generated variants of Maelstrom's messages. The variants are
// seeded: the seed is printed, and GLOMERS_SEED=N replays a run.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "checks.h"

namespace glomers::fuzz {
namespace {

namespace fs = std::filesystem;
using maelstrom::JsonLimits;

// Checks `line` and returns whether the scan took it.
bool Agrees(std::string_view line, const JsonLimits& limits = {}) {
  bool scanned = false;
  std::string why = CheckEnvelopeScan(line, limits, &scanned);
  EXPECT_EQ(why, "") << "line: " << line;
  return scanned;
}

TEST(EnvelopeScan, TakesTheLinesMaelstromSends) {
  const char* lines[] = {
      R"({"id":17,"src":"c4","dest":"n1","body":{"type":"generate","msg_id":42}})",
      R"({"src":"c4","dest":"n1","body":{"msg_id":42,"type":"generate"},"id":17})",
      R"({"body":{"type":"generate","msg_id":0},"dest":"n1","src":"c4","id":0})",
      R"({"id":3,"src":"c1","dest":"n0","body":{"echo":"Please echo 35","type":"echo","msg_id":1}})",
      R"({"id":3,"src":"c1","dest":"n0","body":{"type":"echo","echo":"a string longer than sixteen bytes, well past one load","msg_id":1}})",
      R"({"id":9,"src":"n2","dest":"n0","body":{"type":"read_ok","in_reply_to":7,"value":true,"other":null,"f":false}})",
      R"({"id":9,"src":"seq-kv","dest":"n0","body":{"type":"error","in_reply_to":7,"code":20,"text":"key does not exist"}})",
      R"({"src":"c1","dest":"n0","body":{}})",
      R"({"src":"c1","dest":"n0","body":{"type":"x","msg_id":1},"body":{"type":"y"}})",
      R"({"src":"c1","dest":"n0","body":{"type":"x","msg_id":1},"meta":{"type":"z","msg_id":2}})",
      R"({"src":"c1","dest":"n0","body":"not an object","id":1})",
      R"({"src":"c1","body":{"type":"x","msg_id":1}})",
  };
  for (const char* line : lines) EXPECT_TRUE(Agrees(line)) << "declined: " << line;
}

TEST(EnvelopeScan, DeclinesWhatItDoesNotRead) {
  // Each is left to the full parser, which accepts some and refuses others.
  const char* lines[] = {
      R"( {"src":"c1","dest":"n0","body":{"type":"x"}})",
      R"({"src":"c1","dest":"n0","body":{"type":"x"}} )",
      R"({"src" :"c1","dest":"n0","body":{"type":"x"}})",
      R"({"src":"c\u0031","dest":"n0","body":{"type":"x"}})",
      "{\"src\":\"caf\xC3\xA9\",\"dest\":\"n0\",\"body\":{\"type\":\"x\"}}",
      R"({"src":"c1","dest":"n0","body":{"type":"x","msg_id":-1}})",
      R"({"src":"c1","dest":"n0","body":{"type":"x","msg_id":1.0}})",
      R"({"src":"c1","dest":"n0","body":{"type":"x","msg_id":1e3}})",
      R"({"src":"c1","dest":"n0","body":{"type":"x","msg_id":01}})",
      R"({"src":"c1","dest":"n0","body":{"type":"x","v":[1,2]}})",
      R"({"src":"c1","dest":"n0","body":{"type":"x","v":{"deep":1}}})",
      R"({"src":"c1","dest":"n0","body":{"type":"x"}}{})",
      R"({"src":"c1","dest":"n0","body":{"type":"x"})",
      R"({"src":"c1","dest":"n0","body":{"type":"x",}})",
      R"({"src":"c1","dest":"n0","body":{"type":"x","v":tru}})",
      R"({})",
      R"([])",
      R"("a string")",
      "",
  };
  for (const char* line : lines) EXPECT_FALSE(Agrees(line)) << "taken: " << line;
  // Within the limits only.
  std::string line = R"({"src":"c1","dest":"n0","body":{"type":"x","msg_id":1}})";
  EXPECT_TRUE(Agrees(line, JsonLimits{2, line.size()}));
  EXPECT_FALSE(Agrees(line, JsonLimits{1, line.size()}));
  EXPECT_FALSE(Agrees(line, JsonLimits{2, line.size() - 1}));
}

std::vector<fs::path> FilesUnder(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().filename() != "README.md") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(EnvelopeScan, AgreesWithTheFullParserOnTheFuzzCorpus) {
  std::size_t lines = 0, taken = 0;
  for (const char* kind : {"corpus/message", "corpus/node_line", "regressions"}) {
    for (const fs::path& file : FilesUnder(fs::path(GLOMERS_FUZZ_DIR) / kind)) {
      SCOPED_TRACE(file.string());
      std::ifstream in(file, std::ios::binary);
      std::string data(std::istreambuf_iterator<char>(in), {});
      // The file as one input, as the message fuzzer reads it, and each of its lines, as a node
      // reads them.
      taken += Agrees(data);
      ++lines;
      for (std::size_t start = 0; start <= data.size();) {
        std::size_t nl = std::min(data.find('\n', start), data.size());
        taken += Agrees(std::string_view(data).substr(start, nl - start));
        ++lines;
        start = nl + 1;
      }
    }
  }
  EXPECT_GT(lines, 100u) << "the corpus is missing";
  // Not a vacuous agreement: the corpus's Maelstrom-shaped lines are read by the scan.
  EXPECT_GT(taken, 20u) << "of " << lines;
}

// Maelstrom's messages, varied: key order, duplicate and unknown keys, every kind of value (the
// scan's and others), whitespace, then sometimes a byte changed, added, or cut.
class Variants {
 public:
  explicit Variants(std::uint64_t seed) : rng_(seed) {}

  std::string Next() {
    std::string line = Message();
    if (Chance(4)) Mutate(line);
    return line;
  }

 private:
  bool Chance(int one_in) { return Pick(one_in) == 0; }
  std::size_t Pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }

  std::string PlainString() {
    std::string s = "\"";
    std::size_t n = Chance(3) ? Pick(40) : Pick(6);
    for (std::size_t i = 0; i < n; ++i) s += static_cast<char>(0x20 + Pick(0x60));  // 0x20..0x7F
    std::replace(s.begin() + 1, s.end(), '"', 'q');
    std::replace(s.begin() + 1, s.end(), '\\', 'b');
    return s + "\"";
  }

  std::string Value(int depth) {
    static const char* const kOthers[] = {"\"a\\\"b\"",
                                          "\"\\u0041\"",
                                          "\"caf\xC3\xA9\"",
                                          "\"\xFF\"",
                                          "\"a\tb\"",
                                          "-1",
                                          "-0",
                                          "1.0",
                                          "1e5",
                                          "1E+2",
                                          "0.5",
                                          "00",
                                          "01",
                                          "123456789012345678901234567890",
                                          "9223372036854775807",
                                          "9223372036854775808",
                                          "18446744073709551616",
                                          "true",
                                          "false",
                                          "null",
                                          "tru",
                                          "nul",
                                          "[]",
                                          "{\"a\":{\"b\":1}}",
                                          "[1,\"a\",{}]",
                                          "{}",
                                          "\"\"",
                                          "-",
                                          "+1",
                                          "1."};
    switch (Pick(depth >= 2 ? 5 : 6)) {
      case 0:
      case 1:
        return PlainString();
      case 2:
        return std::to_string(Chance(2) ? Pick(100) : rng_());
      case 3:
        return kOthers[Pick(std::size(kOthers))];
      case 4:
        return Chance(2) ? "true" : "null";
      default:
        return Object(depth + 1, false);
    }
  }

  std::string Object(int depth, bool body) {
    static const char* const kBodyKeys[] = {"type", "msg_id", "in_reply_to", "echo", "id", "code"};
    std::vector<std::string> members;
    std::size_t n = Pick(5);
    for (std::size_t i = 0; i < n; ++i) {
      std::string key =
          body && !Chance(4) ? std::string("\"") + kBodyKeys[Pick(6)] + "\"" : PlainString();
      members.push_back(key + ":" + Value(depth));
    }
    if (body && !Chance(8))
      members.push_back("\"type\":" + (Chance(8) ? Value(depth) : "\"generate\""));
    if (body && !Chance(8))
      members.push_back("\"msg_id\":" + (Chance(8) ? Value(depth) : std::to_string(Pick(1000))));
    std::shuffle(members.begin(), members.end(), rng_);
    return Join(members);
  }

  std::string Message() {
    std::vector<std::string> members;
    if (!Chance(10)) members.push_back("\"id\":" + std::to_string(Pick(1'000'000)));
    if (!Chance(10))
      members.push_back("\"src\":" +
                        (Chance(10) ? Value(1) : "\"c" + std::to_string(Pick(20)) + "\""));
    if (!Chance(10))
      members.push_back("\"dest\":" +
                        (Chance(10) ? Value(1) : "\"n" + std::to_string(Pick(5)) + "\""));
    if (!Chance(10)) members.push_back("\"body\":" + (Chance(10) ? Value(1) : Object(2, true)));
    for (std::size_t extra = Pick(3); extra > 0; --extra) {
      members.push_back((Chance(2) ? "\"body\"" : PlainString()) + ":" + Value(1));
    }
    std::shuffle(members.begin(), members.end(), rng_);
    return Join(members);
  }

  std::string Join(const std::vector<std::string>& members) {
    std::string out = Space() + "{";
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (i > 0) out += Space() + "," + Space();
      out += members[i];
    }
    return out + Space() + "}" + Space();
  }

  std::string Space() {
    static const char* const kSpace[] = {" ", "\t", "\r", "\n", "  "};
    return Chance(60) ? kSpace[Pick(5)] : "";
  }

  void Mutate(std::string& line) {
    static const char kBytes[] = "{}[]\":,0123456789.-e \\atn\x01\x80";
    std::size_t at = line.empty() ? 0 : Pick(line.size());
    switch (Pick(4)) {
      case 0:
        if (!line.empty()) line[at] = kBytes[Pick(sizeof kBytes - 1)];
        break;
      case 1:
        line.insert(line.begin() + static_cast<std::ptrdiff_t>(at),
                    kBytes[Pick(sizeof kBytes - 1)]);
        break;
      case 2:
        if (!line.empty()) line.erase(at, 1);
        break;
      default:
        line.resize(at);
        break;
    }
  }

  std::mt19937_64 rng_;
};

TEST(EnvelopeScan, AgreesWithTheFullParserOnGeneratedVariants) {
  std::uint64_t seed = std::random_device()();
  if (const char* s = std::getenv("GLOMERS_SEED")) seed = std::strtoull(s, nullptr, 10);
  std::printf("EnvelopeScan variants: seed %llu (GLOMERS_SEED=%llu replays it)\n",
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
  SCOPED_TRACE("seed " + std::to_string(seed));
  Variants variants(seed);
  std::size_t taken = 0, declined = 0;
  constexpr int kLines = 20000;
  for (int i = 0; i < kLines && !HasFailure(); ++i) {
    std::string line = variants.Next();
    // Mostly the default limits; sometimes limits at the line's own depth and size.
    JsonLimits limits;
    if (i % 16 == 0) limits = JsonLimits{static_cast<std::size_t>(i / 16 % 4), line.size()};
    if (i % 16 == 8) limits = JsonLimits{2, line.empty() ? 0 : line.size() - 1};
    (Agrees(line, limits) ? taken : declined)++;
  }
  std::printf("EnvelopeScan variants: %zu taken by the scan, %zu declined\n", taken, declined);
  // Both ways are exercised, every run.
  EXPECT_GT(taken, kLines / 10u);
  EXPECT_GT(declined, kLines / 10u);
}

}  // namespace
}  // namespace glomers::fuzz
