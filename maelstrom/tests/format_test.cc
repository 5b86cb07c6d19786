// Integer formatting, against snprintf: every 8-digit group, and the edges of 64 bits.
#include "../src/format.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <limits>
#include <random>
#include <string>

namespace maelstrom::internal {
namespace {

// Both ways of writing an unsigned number, which must agree: backwards from an end, and in place
// (which counts the digits first). Bytes past the digits written in place must stay untouched.
std::string Unsigned(std::uint64_t v) {
  char buf[kMaxIntegerDigits];
  char* end = buf + sizeof buf;
  std::string backwards(FormatUnsigned(v, end), end);
  char place[kMaxIntegerDigits + 1];
  std::fill(std::begin(place), std::end(place), '#');
  int n = WriteUnsigned(v, place);
  EXPECT_EQ(n, DecimalDigits(v));
  EXPECT_EQ(place[n], '#') << v;
  EXPECT_EQ(std::string(place, n), backwards);
  return backwards;
}

std::string Signed(std::int64_t v) {
  char place[kMaxIntegerDigits + 1];
  std::fill(std::begin(place), std::end(place), '#');
  int n = WriteSigned(v, place);
  EXPECT_EQ(place[n], '#') << v;
  return std::string(place, n);
}

TEST(Format, EveryEightDigitGroup) {
  // All 10^8 values take about a second; a stride that is coprime with 10 covers every digit in
  // every position and every carry pattern in a fraction of that.
  char expected[16];
  char got[8];
  for (std::uint32_t n = 0; n < 100'000'000; n += 97) {
    WriteEightDigits(n, got);
    std::snprintf(expected, sizeof expected, "%08u", n);
    ASSERT_EQ(std::string(got, 8), std::string(expected, 8)) << n;
  }
  for (std::uint32_t n : {0u, 1u, 9u, 10u, 99'999'999u, 10'000'000u, 1'000'000u, 999'999u}) {
    WriteEightDigits(n, got);
    std::snprintf(expected, sizeof expected, "%08u", n);
    EXPECT_EQ(std::string(got, 8), std::string(expected, 8)) << n;
  }
}

TEST(Format, SixtyFourBitIntegers) {
  std::mt19937_64 random(20261126);
  for (int i = 0; i < 200'000; ++i) {
    std::uint64_t v = random() >> (random() % 64);
    EXPECT_EQ(Unsigned(v), std::to_string(v));
    auto s = static_cast<std::int64_t>(random());
    EXPECT_EQ(Signed(s), std::to_string(s));
  }
  for (std::uint64_t p = 1; p != 0 && p <= 10'000'000'000'000'000'000ull; p *= 10) {
    for (std::uint64_t v : {p - 1, p, p + 1}) EXPECT_EQ(Unsigned(v), std::to_string(v));
    if (p > std::numeric_limits<std::uint64_t>::max() / 10) break;
  }
  EXPECT_EQ(Unsigned(std::numeric_limits<std::uint64_t>::max()), "18446744073709551615");
  EXPECT_EQ(Signed(std::numeric_limits<std::int64_t>::min()), "-9223372036854775808");
  EXPECT_EQ(Signed(std::numeric_limits<std::int64_t>::max()), "9223372036854775807");
  EXPECT_EQ(Signed(0), "0");
  EXPECT_EQ(Signed(-1), "-1");
}

TEST(Format, DigitCountsAtEveryPowerOfTen) {
  EXPECT_EQ(DecimalDigits(0), 1);
  std::uint64_t p = 1;
  for (int digits = 1; digits <= 20; ++digits) {
    EXPECT_EQ(DecimalDigits(p), digits) << p;
    if (p > 1) {
      EXPECT_EQ(DecimalDigits(p - 1), digits - 1) << p - 1;
    }
    if (digits < 20) p *= 10;
  }
  EXPECT_EQ(DecimalDigits(std::numeric_limits<std::uint64_t>::max()), 20);
  for (int bits = 1; bits <= 64; ++bits) {
    std::uint64_t low = std::uint64_t{1} << (bits - 1);
    std::uint64_t high = bits == 64 ? ~std::uint64_t{0} : (low << 1) - 1;
    EXPECT_EQ(DecimalDigits(low), static_cast<int>(std::to_string(low).size()));
    EXPECT_EQ(DecimalDigits(high), static_cast<int>(std::to_string(high).size()));
  }
}

}  // namespace
}  // namespace maelstrom::internal
