// Uuid: 16 bytes in RFC 9562 byte order, with the canonical text form and the layouts of
// the two versions idgen issues.
//
// Version 7 as idgen fills it (network byte order, most significant bit first):
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                       unix_ts_ms (32 high bits)               |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  unix_ts_ms (16 low bits)     | ver=7 | rand_a = sequence (12)|
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |var| node index (10) | random (20)                             |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                          random (32)                          |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// (unix_ts_ms, sequence, node index) is unique by construction, as for flake64; the 52
// random bits only make the IDs harder to guess.

#ifndef IDGEN_UUID_H_
#define IDGEN_UUID_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "idgen/id_format.h"

namespace idgen {

struct Uuid {
  std::array<uint8_t, 16> bytes{};

  // The 4-bit version field (7 or 4 for what idgen issues).
  int version() const { return bytes[6] >> 4; }
  // True when the variant field is binary 10 (RFC 9562).
  bool has_rfc_variant() const { return (bytes[8] >> 6) == 0b10; }
  // The two halves as big-endian integers; order of (high, low) is the byte order.
  uint64_t high() const;
  uint64_t low() const;
  static Uuid FromHalves(uint64_t high, uint64_t low);

  friend bool operator==(const Uuid&, const Uuid&) = default;
  friend auto operator<=>(const Uuid&, const Uuid&) = default;
};

inline constexpr size_t kUuidTextSize = 36;
// The first Unix millisecond a version 7 UUID cannot hold (year 10889).
inline constexpr int64_t kUuid7EndMs = int64_t{1} << 48;

// Writes the canonical lowercase 8-4-4-4-12 form into exactly 36 bytes (no terminator).
void FormatUuid(const Uuid& uuid, char* out);
std::string FormatUuid(const Uuid& uuid);

// Parses the 8-4-4-4-12 form, hex digits in either case. False for anything else.
bool ParseUuid(std::string_view text, Uuid* out);

struct Uuid7Fields {
  int64_t unix_ms;      // 0 <= unix_ms < kUuid7EndMs
  uint32_t sequence;    // <= kMaxSequence
  uint32_t node_index;  // <= kMaxNodeIndex
  uint64_t random;      // only the low 52 bits are used
};

Uuid EncodeUuid7(const Uuid7Fields& f);
// Meaningful for node_index only if the UUID came from idgen; other version 7 UUIDs
// decode to arbitrary sequence and node values.
Uuid7Fields DecodeUuid7(const Uuid& uuid);

// A version 4 UUID from 128 random bits: 6 of them become the version and variant.
Uuid MakeUuid4(uint64_t random_high, uint64_t random_low);

}  // namespace idgen

#endif  // IDGEN_UUID_H_
