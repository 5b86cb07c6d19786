#include "runner/src/latency.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "runner/src/random.h"

namespace glomers {
namespace {

constexpr std::uint64_t kSeed = 20240601;

TEST(RandomTest, SameSeedSameStreamSameDraws) {
  Random a(kSeed, Random::kOps), b(kSeed, Random::kOps), c(kSeed, Random::kLatency);
  bool streams_differ = false;
  for (int i = 0; i < 100; ++i) {
    std::uint64_t x = a.Next();
    EXPECT_EQ(x, b.Next());
    streams_differ = streams_differ || x != c.Next();
  }
  EXPECT_TRUE(streams_differ);
}

TEST(RandomTest, BelowAndUnitStayInRangeAndCoverIt) {
  Random r(kSeed);
  std::vector<int> seen(7, 0);
  for (int i = 0; i < 7000; ++i) {
    auto x = r.Below(7);
    ASSERT_LT(x, 7u);
    ++seen[x];
    double u = r.Unit();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
  for (int count : seen) EXPECT_GT(count, 800);  // about 1000 each
}

TEST(LatencyTest, ConstantIsTheMean) {
  Random r(kSeed);
  LatencyDistribution d(LatencyShape::kConstant, 42);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(d.DrawMs(r), 42);
}

TEST(LatencyTest, ZeroMeanIsZeroForEveryShape) {
  Random r(kSeed);
  for (auto shape : {LatencyShape::kConstant, LatencyShape::kUniform, LatencyShape::kExponential}) {
    LatencyDistribution d(shape, 0);
    for (int i = 0; i < 10; ++i) EXPECT_EQ(d.DrawMs(r), 0);
  }
}

TEST(LatencyTest, UniformIsBetweenZeroAndTwiceTheMean) {
  Random r(kSeed);
  LatencyDistribution d(LatencyShape::kUniform, 10);
  std::int64_t lo = 100, hi = -1, sum = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    std::int64_t x = d.DrawMs(r);
    lo = std::min(lo, x);
    hi = std::max(hi, x);
    sum += x;
  }
  EXPECT_EQ(lo, 0);
  EXPECT_EQ(hi, 19);
  EXPECT_NEAR(static_cast<double>(sum) / n, 9.5, 0.2);  // integers 0..19
}

TEST(LatencyTest, ExponentialHasTheMeanAndALongTail) {
  Random r(kSeed);
  LatencyDistribution d(LatencyShape::kExponential, 100);
  const int n = 20000;
  double sum = 0;
  int beyond_three_means = 0;
  for (int i = 0; i < n; ++i) {
    std::int64_t x = d.DrawMs(r);
    ASSERT_GE(x, 0);
    sum += static_cast<double>(x);
    beyond_three_means += x > 300;
  }
  // Truncation to whole ms lowers the mean by about half a millisecond.
  EXPECT_NEAR(sum / n, 99.5, 3);
  EXPECT_NEAR(static_cast<double>(beyond_three_means) / n, 0.0498, 0.01);  // e^-3
}

TEST(LatencyTest, SeededDrawsReplay) {
  LatencyDistribution d(LatencyShape::kExponential, 30);
  Random a(kSeed, Random::kLatency), b(kSeed, Random::kLatency);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(d.DrawMs(a), d.DrawMs(b));
}

}  // namespace
}  // namespace glomers
