// Integer to decimal text, for the JSON the node writes on every reply. Internal.
#pragma once

#include <cstdint>

namespace maelstrom::internal {

// Writes the digits of v so that they end at `end`; returns where they start.
// Two digits at a time from a table, and 32-bit arithmetic for each group of eight digits:
// std::to_chars costs several times more for the 18-digit IDs unique-ids replies carry.
inline char* FormatUnsigned(std::uint64_t v, char* end) {
  static constexpr char kPairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  char* p = end;
  auto pair = [&](std::uint32_t two) {
    *--p = kPairs[two * 2 + 1];
    *--p = kPairs[two * 2];
  };
  while (v >= 100'000'000) {  // the low eight digits, zero-padded
    auto low = static_cast<std::uint32_t>(v % 100'000'000);
    v /= 100'000'000;
    for (int i = 0; i < 4; ++i) {
      pair(low % 100);
      low /= 100;
    }
  }
  auto rest = static_cast<std::uint32_t>(v);
  while (rest >= 100) {
    pair(rest % 100);
    rest /= 100;
  }
  if (rest >= 10) {
    pair(rest);
  } else {
    *--p = static_cast<char>('0' + rest);
  }
  return p;
}

inline char* FormatSigned(std::int64_t v, char* end) {
  std::uint64_t magnitude =
      v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  char* p = FormatUnsigned(magnitude, end);
  if (v < 0) *--p = '-';
  return p;
}

// The number of decimal digits of v.
inline int DigitCount(std::uint64_t v) {
  int n = 1;
  for (; v >= 10'000; v /= 10'000) n += 4;
  if (v >= 1'000) return n + 3;
  if (v >= 100) return n + 2;
  if (v >= 10) return n + 1;
  return n;
}

// Writes the digits of v at `out`, returns the end.
inline char* WriteUnsigned(std::uint64_t v, char* out) {
  char* end = out + DigitCount(v);
  FormatUnsigned(v, end);
  return end;
}

inline char* WriteSigned(std::int64_t v, char* out) {
  if (v < 0) {
    *out++ = '-';
    return WriteUnsigned(0 - static_cast<std::uint64_t>(v), out);
  }
  return WriteUnsigned(static_cast<std::uint64_t>(v), out);
}

// Enough for any 64-bit integer and its sign.
inline constexpr int kMaxIntegerDigits = 21;

}  // namespace maelstrom::internal
