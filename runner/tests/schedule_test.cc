#include "runner/src/schedule.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace glomers {
namespace {

constexpr Nanos kMs = 1'000'000;

TEST(StaggerTest, FirstItemGoesAtOnceThenGapsBelowTwiceTheMean) {
  Stagger s(0.010, Random(5));  // a mean gap of 10 ms: --rate 100
  EXPECT_EQ(s.NextTime(0), 0);
  Nanos t = 0, max_gap = 0;
  double sum = 0;
  const int n = 10000;
  for (int i = 0; i < n; ++i) {
    s.Took(t);
    Nanos next = s.NextTime(0);  // a worker always free
    ASSERT_GE(next, t);
    ASSERT_LT(next - t, 20 * kMs);
    max_gap = std::max(max_gap, next - t);
    sum += static_cast<double>(next - t);
    t = next;
  }
  EXPECT_NEAR(sum / n / kMs, 10.0, 0.3);
  EXPECT_GT(max_gap, 19 * kMs);  // the whole range is used
}

TEST(StaggerTest, BusyWorkersDelayWithoutCatchingUp) {
  Stagger s(0.010, Random(5));
  s.Took(0);
  Nanos planned = s.NextTime(0);
  // No worker is free until 100 ms: the item goes then, and the next gap counts from then.
  EXPECT_EQ(s.NextTime(100 * kMs), 100 * kMs);
  s.Took(100 * kMs);
  Nanos after = s.NextTime(0);
  EXPECT_GE(after, 100 * kMs);
  EXPECT_LT(after, 120 * kMs);
  EXPECT_LT(planned, 20 * kMs);
}

// Runs a nemesis schedule with operations that take no time, up to `limit`.
std::vector<std::pair<Nanos, NemesisOp>> RunSchedule(const std::set<Fault>& faults, double interval,
                                                     std::uint64_t seed, Nanos limit) {
  NemesisSchedule s(faults, interval, seed);
  std::vector<std::pair<Nanos, NemesisOp>> ops;
  Nanos ready = 0;
  while (true) {
    auto at = s.NextTime(ready);
    if (!at || *at >= limit) break;
    ops.emplace_back(*at, s.Take(ready, *at));
    ready = *at;
  }
  return ops;
}

bool Same(const NemesisOp& a, const NemesisOp& b) {
  return a.f == b.f && a.partition == b.partition && a.target == b.target;
}

TEST(NemesisScheduleTest, NoFaultsNoOperations) {
  NemesisSchedule s({}, 10, 1);
  EXPECT_TRUE(s.empty());
  EXPECT_FALSE(s.NextTime(0).has_value());
}

TEST(NemesisScheduleTest, PartitionsAlternateStartAndStopOnStaggeredGaps) {
  auto ops = RunSchedule({Fault::kPartition}, 10, 42, 3600 * kNanosPerSecond);
  ASSERT_GT(ops.size(), 300u);
  EXPECT_EQ(ops[0].first, 0);  // the first fault comes at once, as in Jepsen
  std::set<PartitionSpec> specs;
  double sum = 0;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    EXPECT_EQ(ops[i].second.f, i % 2 == 0 ? NemesisF::kStartPartition : NemesisF::kStopPartition);
    if (i % 2 == 0) specs.insert(ops[i].second.partition);
    if (i > 0) {
      Nanos gap = ops[i].first - ops[i - 1].first;
      EXPECT_GE(gap, 0);
      EXPECT_LT(gap, 20 * kNanosPerSecond);
      sum += static_cast<double>(gap);
    }
  }
  EXPECT_EQ(specs.size(), 4u);  // one, majority, minority-third, majorities-ring
  EXPECT_NEAR(sum / static_cast<double>(ops.size() - 1) / 1e9, 10, 1);
}

TEST(NemesisScheduleTest, KillAndPauseEachAlternateWithinAMix) {
  auto ops = RunSchedule({Fault::kKill, Fault::kPause}, 1, 7, 600 * kNanosPerSecond);
  bool killed = false, paused = false;
  int kills = 0, pauses = 0;
  for (const auto& [t, op] : ops) {
    switch (op.f) {
      case NemesisF::kKill:
        EXPECT_FALSE(killed) << "kill follows start";
        killed = true;
        ++kills;
        break;
      case NemesisF::kStart:
        EXPECT_TRUE(killed);
        killed = false;
        break;
      case NemesisF::kPause:
        EXPECT_FALSE(paused);
        paused = true;
        ++pauses;
        break;
      case NemesisF::kResume:
        EXPECT_TRUE(paused);
        paused = false;
        break;
      default:
        ADD_FAILURE() << "no partitions asked for";
    }
  }
  EXPECT_GT(kills, 50);
  EXPECT_GT(pauses, 50);
}

TEST(NemesisScheduleTest, SameSeedSameFaults) {
  std::set<Fault> all = {Fault::kPartition, Fault::kKill, Fault::kPause};
  auto a = RunSchedule(all, 2, 1234, 300 * kNanosPerSecond);
  auto b = RunSchedule(all, 2, 1234, 300 * kNanosPerSecond);
  auto c = RunSchedule(all, 2, 1235, 300 * kNanosPerSecond);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].first, b[i].first);
    EXPECT_TRUE(Same(a[i].second, b[i].second));
  }
  bool differ = a.size() != c.size();
  for (std::size_t i = 0; !differ && i < a.size(); ++i) {
    differ = a[i].first != c[i].first || !Same(a[i].second, c[i].second);
  }
  EXPECT_TRUE(differ);
}

TEST(NemesisScheduleTest, EachFaultKeepsItsOwnSequenceWhenCombined) {
  // Partitions draw from their own stream: adding kills changes when they run, never which.
  auto alone = RunSchedule({Fault::kPartition}, 5, 99, 600 * kNanosPerSecond);
  auto mixed = RunSchedule({Fault::kPartition, Fault::kKill}, 5, 99, 600 * kNanosPerSecond);
  std::vector<NemesisOp> partitions;
  for (const auto& [t, op] : mixed) {
    if (op.f == NemesisF::kStartPartition || op.f == NemesisF::kStopPartition) {
      partitions.push_back(op);
    }
  }
  ASSERT_EQ(partitions.size(), alone.size());
  for (std::size_t i = 0; i < alone.size(); ++i) EXPECT_TRUE(Same(partitions[i], alone[i].second));
}

TEST(NemesisScheduleTest, ABusyNemesisDelaysTheNextFault) {
  NemesisSchedule s({Fault::kKill}, 1, 3);
  ASSERT_EQ(s.NextTime(0), 0);
  s.Take(0, 0);
  Nanos planned = *s.NextTime(0);
  // Still busy restarting nodes at 5 s: the next fault waits for it.
  EXPECT_EQ(*s.NextTime(5 * kNanosPerSecond), std::max(planned, 5 * kNanosPerSecond));
}

}  // namespace
}  // namespace glomers
