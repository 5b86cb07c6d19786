// Integer to decimal text, for the JSON the node writes on every reply. Internal.
#pragma once

#include <bit>
#include <cstdint>

namespace maelstrom::internal {

inline constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// Writes n < 10^8 as exactly eight digits, zero-padded. Fixed-point arithmetic instead of
// division: n / 10^6 in 32.32 form, then each next pair of digits is the integer part of the
// fraction times 100 (the constants are from James Anhalt's itoa; format_test.cc compares with
// snprintf).
inline void WriteEightDigits(std::uint32_t n, char* out) {
  std::uint64_t t = static_cast<std::uint64_t>(n) * 2'251'799'815u;  // ceil(2^51 / 10^6) + 1
  t >>= 19;
  t += 4;
  for (int i = 0; i < 4; ++i) {
    auto pair = static_cast<std::uint32_t>(t >> 32);
    out[2 * i] = kDigitPairs[pair * 2];
    out[2 * i + 1] = kDigitPairs[pair * 2 + 1];
    t = (t & 0xFFFF'FFFFu) * 100;
  }
}

// Writes the digits of v so that they end at `end`; returns where they start. The 18-digit IDs
// unique-ids replies carry take two fixed-point groups of eight and one pair.
inline char* FormatUnsigned(std::uint64_t v, char* end) {
  char* p = end;
  if (v >= 100'000'000) {
    WriteEightDigits(static_cast<std::uint32_t>(v % 100'000'000), p -= 8);
    v /= 100'000'000;
    if (v >= 100'000'000) {
      WriteEightDigits(static_cast<std::uint32_t>(v % 100'000'000), p -= 8);
      v /= 100'000'000;
    }
  }
  auto rest = static_cast<std::uint32_t>(v);
  while (rest >= 100) {
    std::uint32_t pair = rest % 100;
    rest /= 100;
    *--p = kDigitPairs[pair * 2 + 1];
    *--p = kDigitPairs[pair * 2];
  }
  if (rest >= 10) {
    *--p = kDigitPairs[rest * 2 + 1];
    *--p = kDigitPairs[rest * 2];
  } else {
    *--p = static_cast<char>('0' + rest);
  }
  return p;
}

// Enough for any 64-bit integer and its sign.
inline constexpr int kMaxIntegerDigits = 21;

// How many decimal digits v has (one for 0): floor(log10(2) * bit width), corrected by one
// comparison with a power of ten.
inline int DecimalDigits(std::uint64_t v) {
  static constexpr std::uint64_t kPowersOfTen[] = {1ull,
                                                   10ull,
                                                   100ull,
                                                   1'000ull,
                                                   10'000ull,
                                                   100'000ull,
                                                   1'000'000ull,
                                                   10'000'000ull,
                                                   100'000'000ull,
                                                   1'000'000'000ull,
                                                   10'000'000'000ull,
                                                   100'000'000'000ull,
                                                   1'000'000'000'000ull,
                                                   10'000'000'000'000ull,
                                                   100'000'000'000'000ull,
                                                   1'000'000'000'000'000ull,
                                                   10'000'000'000'000'000ull,
                                                   100'000'000'000'000'000ull,
                                                   1'000'000'000'000'000'000ull,
                                                   10'000'000'000'000'000'000ull};
  v |= 1;
  int guess = (std::bit_width(v) * 1233) >> 12;  // 1233 / 4096 ~ log10(2), never above
  return guess + (v >= kPowersOfTen[guess] ? 1 : 0);
}

// Writes v's digits at `out`, which has room for kMaxIntegerDigits, and returns how many. The
// digits go straight to their final place: formatting into a stack buffer and copying them out
// made the copy's 16-byte load wait on the byte stores before it (a failed store-to-load
// forward), the hottest instruction of the reply path in perf.
inline int WriteUnsigned(std::uint64_t v, char* out) {
  int n = DecimalDigits(v);
  FormatUnsigned(v, out + n);
  return n;
}

inline int WriteSigned(std::int64_t v, char* out) {
  if (v >= 0) return WriteUnsigned(static_cast<std::uint64_t>(v), out);
  *out = '-';
  return 1 + WriteUnsigned(0 - static_cast<std::uint64_t>(v), out + 1);
}

}  // namespace maelstrom::internal
