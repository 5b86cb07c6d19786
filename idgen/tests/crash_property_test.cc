// Many lives of one node on a simulated disk: each life issues IDs under a clock that
// wanders (and is often set back a day at restart) and dies at a random point, often in
// the middle of writing its mark, by SIGKILL or by power loss. No ID may ever repeat, and
// each life must start above everything earlier lives issued.

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "fake_file_system.h"
#include "idgen/flake64.h"
#include "idgen/id_generator.h"
#include "test_util.h"

namespace idgen {
namespace {

using test::kDayMs;

TEST(CrashPropertyTest, NoIdRepeatsAcrossKillsAndPowerLosses) {
  const uint64_t seed = test::TestSeed();
  SCOPED_TRACE("IDGEN_TEST_SEED=" + std::to_string(seed));
  std::mt19937_64 rng(seed);
  test::FakeFileSystem fs;
  test::FakeClock clock(test::kSomeTimeMs);
  std::set<uint64_t> seen;
  uint64_t highest = 0;
  int crashes_in_writes = 0;

  for (int life = 0; life < 150; ++life) {
    SCOPED_TRACE("life " + std::to_string(life));
    switch (rng() % 4) {
      case 0:
        clock.Advance(-kDayMs);
        break;
      case 1:
        clock.Advance(-static_cast<int64_t>(rng() % 5000));
        break;
      default:
        clock.Advance(static_cast<int64_t>(rng() % 5000));
    }
    Options o;
    o.node_id = "n3";
    o.node_index = 3;
    o.mark_dir = "d";
    o.clock = &clock;
    o.file_system = &fs;
    o.lease_ms = std::vector<int64_t>{2, 20, 1000}[rng() % 3];
    o.refresh_ahead_ms = o.lease_ms / 2;
    o.max_lead_ms = o.lease_ms / 4;
    // Dies inside one of its next few file system mutations (if it lives that long).
    fs.CrashAtMutation(1 + static_cast<int>(rng() % 6), rng());

    std::unique_ptr<IdGenerator> gen;
    ASSERT_TRUE(IdGenerator::Open(o, &gen).ok());
    const int steps = static_cast<int>(rng() % 30);
    for (int step = 0; step < steps && !fs.crashed(); ++step) {
      if (rng() % 3 == 0) {
        Status s = gen->Maintain();
        ASSERT_FALSE(s.IsCorruption()) << s.ToString();
      }
      clock.Advance(static_cast<int64_t>(rng() % 7) - 2);
      const int burst = static_cast<int>(rng() % 9000);
      for (int i = 0; i < burst; ++i) {
        uint64_t id = 0;
        Status s = gen->NextFlake(&id);
        if (!s.ok()) {
          // An honest disk never produces a damaged mark; the only failure is the crash.
          ASSERT_TRUE(fs.crashed()) << s.ToString();
          ASSERT_TRUE(s.IsUnavailable()) << s.ToString();
          break;
        }
        ASSERT_GT(id, highest);
        highest = id;
        ASSERT_TRUE(seen.insert(id).second);
      }
    }
    if (fs.crashed()) ++crashes_in_writes;
    gen.reset();
    if (rng() % 2 == 0) {
      fs.Kill();
    } else {
      fs.PowerLoss(rng());
    }
  }
  // The test only means something if lives really died inside mark writes.
  EXPECT_GT(crashes_in_writes, 30);
  EXPECT_GT(seen.size(), 100'000u);
}

}  // namespace
}  // namespace idgen
