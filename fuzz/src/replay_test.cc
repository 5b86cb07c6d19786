// Replays the seed corpus and every crash the fuzzers ever found (fuzz/regressions/<target>/)
// through the same checks the fuzz targets run, in the normal build: g++ and the sanitizer builds
// check them on every test run, without clang or libFuzzer.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "checks.h"

namespace glomers::fuzz {
namespace {

namespace fs = std::filesystem;
using Check = std::function<std::string(std::string_view)>;

std::vector<fs::path> FilesIn(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().filename() != "README.md") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Contents(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Runs `check` on every file of fuzz/<kind>/<target>/ and returns how many there were.
std::size_t Replay(const std::string& kind, const std::string& target, const Check& check) {
  std::vector<fs::path> files = FilesIn(fs::path(GLOMERS_FUZZ_DIR) / kind / target);
  for (const fs::path& file : files) {
    EXPECT_EQ(check(Contents(file)), "") << file;
  }
  return files.size();
}

struct Target {
  const char* name;
  Check check;
};

const Target kTargets[] = {
    {"message", CheckMessage},
    {"node_line", CheckNodeLine},
    {"decode_id", CheckDecodeId},
};

TEST(FuzzReplay, SeedCorpusUpholdsEveryInvariant) {
  for (const Target& t : kTargets) {
    SCOPED_TRACE(t.name);
    EXPECT_GT(Replay("corpus", t.name, t.check), 0u) << "no seed corpus for " << t.name;
  }
}

TEST(FuzzReplay, EveryCrashFoundStaysFixed) {
  std::size_t total = 0;
  for (const Target& t : kTargets) {
    SCOPED_TRACE(t.name);
    total += Replay("regressions", t.name, t.check);
  }
  EXPECT_GT(total, 0u) << "fuzz/regressions/ is empty: the replay checks nothing";
}

}  // namespace
}  // namespace glomers::fuzz
