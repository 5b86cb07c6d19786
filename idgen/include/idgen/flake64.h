// flake64: the default ID, a positive 63-bit integer.
//
//   bit 63   62 ........................ 22  21 ........... 10  9 ........ 0
//      +---+-------------------------------+-------------------+------------+
//      | 0 | ms since 2025-01-01T00:00:00Z |     sequence      | node index |
//      +---+-------------------------------+-------------------+------------+
//        1                41                        12               10
//
// The time field is the generator's logical millisecond, which is at or ahead of the wall
// clock, so it is a timestamp only approximately (see docs/ids.md).

#ifndef IDGEN_FLAKE64_H_
#define IDGEN_FLAKE64_H_

#include <cstdint>

#include "idgen/id_format.h"

namespace idgen {

// 2025-01-01T00:00:00Z in Unix milliseconds.
inline constexpr int64_t kFlake64EpochMs = 1'735'689'600'000;
inline constexpr int kFlake64TimeBits = 41;
// The first Unix millisecond that no longer fits (2094-09-07T15:47:35.552Z).
inline constexpr int64_t kFlake64EndMs = kFlake64EpochMs + (int64_t{1} << kFlake64TimeBits);

struct Flake64Fields {
  int64_t unix_ms;      // kFlake64EpochMs <= unix_ms < kFlake64EndMs
  uint32_t sequence;    // <= kMaxSequence
  uint32_t node_index;  // <= kMaxNodeIndex
};

// Requires every field in range (see above).
constexpr uint64_t EncodeFlake64(const Flake64Fields& f) {
  return (static_cast<uint64_t>(f.unix_ms - kFlake64EpochMs) << (kSequenceBits + kNodeIndexBits)) |
         (static_cast<uint64_t>(f.sequence) << kNodeIndexBits) | f.node_index;
}

// False for integers with the top bit set, which no generator issues.
constexpr bool IsValidFlake64(uint64_t id) { return (id >> 63) == 0; }

// Requires IsValidFlake64(id).
constexpr Flake64Fields DecodeFlake64(uint64_t id) {
  return Flake64Fields{
      static_cast<int64_t>(id >> (kSequenceBits + kNodeIndexBits)) + kFlake64EpochMs,
      static_cast<uint32_t>((id >> kNodeIndexBits) & kMaxSequence),
      static_cast<uint32_t>(id & kMaxNodeIndex),
  };
}

}  // namespace idgen

#endif  // IDGEN_FLAKE64_H_
