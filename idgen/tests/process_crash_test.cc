// The real thing: `idgen generate` killed with SIGKILL in the middle of a burst (and so,
// often, in the middle of a mark write), restarted with its clock set back a day, again
// and again. Nothing it printed may ever repeat.

#include <gtest/gtest.h>
#include <signal.h>

#include <set>

#include "idgen/flake64.h"
#include "test_util.h"

namespace idgen {
namespace {

constexpr int64_t kDayMs = test::kDayMs;

std::vector<std::string> GenerateArgs(const std::string& dir, const std::string& count) {
  // A 20 ms lease makes the generator rewrite its mark every 10 ms or so, so kills land
  // inside mark writes often.
  return {IDGEN_TOOL_PATH, "generate",   "--node", "7",          "-n",
          count,           "--mark-dir", dir,      "--lease-ms", "20"};
}

// Runs one life: reads `ids` IDs, then kills the process. Returns the complete lines it
// printed, including any still in the pipe after the kill.
std::vector<uint64_t> LiveAndDie(const std::string& dir, int64_t offset_ms, size_t ids) {
  test::ChildProcess child(GenerateArgs(dir, "1000000000"),
                           {{"IDGEN_CLOCK_OFFSET_MS", std::to_string(offset_ms)}});
  std::vector<uint64_t> out;
  while (out.size() < ids) {
    std::optional<std::string> line = child.ReadLine();
    if (!line.has_value()) break;
    out.push_back(std::stoull(*line));
  }
  child.Kill(SIGKILL);
  for (const std::string& line : child.ReadAllLines()) out.push_back(std::stoull(line));
  EXPECT_EQ(child.Wait(), 128 + SIGKILL) << child.Stderr();
  EXPECT_GE(out.size(), ids) << "the generator stopped early: " << child.Stderr();
  return out;
}

TEST(ProcessCrashTest, SigkillMidBurstThenRestartADayEarlierNeverRepeats) {
  test::TempDir dir;
  // Offsets per life: now, a day back, two days back, a day back, a little ahead.
  const int64_t offsets[] = {0, -kDayMs, -2 * kDayMs, -kDayMs, 1000, -kDayMs};
  std::set<uint64_t> seen;
  uint64_t highest = 0;
  for (size_t life = 0; life < std::size(offsets); ++life) {
    SCOPED_TRACE("life " + std::to_string(life));
    const std::vector<uint64_t> ids = LiveAndDie(dir.path(), offsets[life], 30'000);
    ASSERT_FALSE(ids.empty());
    // Each life starts above everything the previous ones printed...
    EXPECT_GT(ids.front(), highest);
    for (size_t i = 0; i < ids.size(); ++i) {
      // ...and climbs strictly, so nothing repeats.
      if (i > 0) {
        ASSERT_GT(ids[i], ids[i - 1]);
      }
      ASSERT_TRUE(seen.insert(ids[i]).second) << ids[i];
      ASSERT_EQ(DecodeFlake64(ids[i]).node_index, 7u);
    }
    highest = ids.back();
  }
  // A clean run afterwards, still a day back, also stays above.
  test::ChildProcess last(GenerateArgs(dir.path(), "100"),
                          {{"IDGEN_CLOCK_OFFSET_MS", std::to_string(-kDayMs)}});
  const std::vector<std::string> lines = last.ReadAllLines();
  ASSERT_EQ(last.Wait(), 0) << last.Stderr();
  ASSERT_EQ(lines.size(), 100u);
  EXPECT_GT(std::stoull(lines.front()), highest);
}

}  // namespace
}  // namespace idgen
