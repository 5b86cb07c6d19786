// Scanning the bytes of JSON strings. Internal to the library.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace maelstrom::internal {

// Skips the bytes a JSON string holds as they are: printable ASCII other than '"' and '\\'.
// Sixteen bytes at a time with SSE2, else eight (SWAR): strings are most of a message, and this is
// the parser's hot loop.
[[gnu::always_inline]] inline const unsigned char* SkipPlainAscii(const unsigned char* p,
                                                                  const unsigned char* end) {
#if defined(__SSE2__)
  // Sixteen bytes at a time: one signed compare catches both control bytes and bytes >= 0x80.
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  while (end - p >= 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i special =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                     _mm_cmplt_epi8(v, space));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(special));
    if (mask != 0) return p + std::countr_zero(mask);
    p += 16;
  }
#endif
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  auto has_zero_byte = [](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  while (end - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    std::uint64_t special = has_zero_byte(w ^ (kOnes * '"')) | has_zero_byte(w ^ (kOnes * '\\')) |
                            ((w - kOnes * 0x20) & ~w & kHigh) | (w & kHigh);
    if (special != 0) {
      // Little-endian: the lowest flagged byte is the first special one (flags above it may be
      // false positives from borrows, never below).
      if constexpr (std::endian::native == std::endian::little) {
        return p + (std::countr_zero(special) >> 3);
      }
      break;
    }
    p += 8;
  }
  while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') ++p;
  return p;
}

// Whether [p, end) needs no escaping in a JSON string.
inline bool IsPlainAscii(const unsigned char* p, const unsigned char* end) {
  return SkipPlainAscii(p, end) == end;
}

}  // namespace maelstrom::internal
