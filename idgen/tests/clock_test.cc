#include "idgen/clock.h"

#include <gtest/gtest.h>
#include <time.h>

#include "test_util.h"
#include "ticking_clock.h"

namespace idgen {
namespace {

int64_t RealNowMs(clockid_t id = CLOCK_REALTIME) {
  timespec ts;
  clock_gettime(id, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

TEST(ClockOffsetTest, Parses) {
  int64_t v = 7;
  ASSERT_TRUE(ParseClockOffset(nullptr, &v).ok());
  EXPECT_EQ(v, 0);
  ASSERT_TRUE(ParseClockOffset("", &v).ok());
  EXPECT_EQ(v, 0);
  ASSERT_TRUE(ParseClockOffset("-86400000", &v).ok());
  EXPECT_EQ(v, -86'400'000);
  ASSERT_TRUE(ParseClockOffset("5", &v).ok());
  EXPECT_EQ(v, 5);
}

TEST(ClockOffsetTest, RejectsTypos) {
  int64_t v;
  for (const char* bad : {"-", "abc", "1d", " 5", "+5", "5 ", "1e6", "99999999999999999999"}) {
    Status s = ParseClockOffset(bad, &v);
    EXPECT_TRUE(s.IsInvalidArgument()) << bad;
    EXPECT_NE(s.message().find("IDGEN_CLOCK_OFFSET_MS"), std::string_view::npos);
  }
}

// Readings are bracketed by real readings taken before and after, so these hold however
// slowly the test runs.
TEST(SystemClockTest, AppliesTheOffset) {
  for (int64_t offset : {int64_t{0}, -test::kDayMs, int64_t{3'600'000}}) {
    auto clock = NewSystemClock(offset);
    const int64_t before = RealNowMs();
    const int64_t reading = clock->NowMs();
    const int64_t after = RealNowMs();
    EXPECT_GE(reading, before + offset);
    EXPECT_LE(reading, after + offset);
  }
}

// Bracketed by raw readings of the coarse clock itself: how far that clock trails
// CLOCK_REALTIME depends on when the kernel's last tick ran (6 ms behind a 4 ms tick was seen on
// a loaded VM), so only readings of the same clock bound it exactly.
TEST(CoarseSystemClockTest, ReadsTheCoarseClockAndAppliesTheOffset) {
  for (int64_t offset : {int64_t{0}, -test::kDayMs, int64_t{3'600'000}}) {
    auto clock = NewCoarseSystemClock(offset);
    const int64_t before = RealNowMs(CLOCK_REALTIME_COARSE);
    const int64_t reading = clock->NowMs();
    const int64_t after = RealNowMs(CLOCK_REALTIME_COARSE);
    EXPECT_GE(reading, before + offset);
    EXPECT_LE(reading, after + offset);
  }
}

TEST(TickingClockTest, IsValidAtOnceAndNeverAhead) {
  const int64_t before = RealNowMs();
  auto clock = NewTickingClock(-test::kDayMs);
  for (int i = 0; i < 1000; ++i) {
    const int64_t reading = clock->NowMs();
    EXPECT_GE(reading, before - test::kDayMs);
    EXPECT_LE(reading, RealNowMs() - test::kDayMs);
  }
}

TEST(TickingClockTest, AdvancesAndKeepsTheOffset) {
  const int64_t before = RealNowMs();
  auto clock = NewTickingClock(-test::kDayMs);
  const int64_t first = clock->NowMs();
  // Waits for the ticker thread's own readings without asserting how long they take (the
  // bound only stops a broken ticker from hanging the suite).
  for (int i = 0; i < 10'000 && clock->NowMs() <= first + 1; ++i) clock->SleepMs(1);
  const int64_t reading = clock->NowMs();
  EXPECT_GT(reading, first + 1);
  EXPECT_GE(reading, before - test::kDayMs);
  EXPECT_LE(reading, RealNowMs() - test::kDayMs);
}

TEST(TickingClockTest, BusyCallersRefreshItThemselvesWhenTheTickerDoesNotRun) {
  auto clock = NewTickingClockWithTicker(0, /*run_ticker=*/false);
  const int64_t first = clock->NowMs();
  const int64_t wait_until = RealNowMs() + 2;
  while (RealNowMs() < wait_until) clock->SleepMs(1);
  // Without a ticker only the callers' own checks can move it; 64 calls include one.
  int64_t latest = first;
  for (int i = 0; i < 64; ++i) latest = std::max(latest, clock->NowMs());
  EXPECT_GE(latest, first + 2);
  EXPECT_LE(latest, RealNowMs());
  // And what one caller saw, the next reading keeps.
  EXPECT_GE(clock->NowMs(), latest);
}

}  // namespace
}  // namespace idgen
