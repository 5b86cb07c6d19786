// IdFormat: which kind of ID a generator issues, and the layout constants the
// time-ordered formats share.

#ifndef IDGEN_ID_FORMAT_H_
#define IDGEN_ID_FORMAT_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace idgen {

enum class IdFormat : uint8_t {
  kFlake64,  // positive 63-bit integer: 41-bit ms since 2025 | 12-bit sequence | 10-bit node
  kUuid7,    // RFC 9562 version 7: 48-bit unix ms | sequence in rand_a | node atop rand_b
  kUuid4,    // RFC 9562 version 4: 122 random bits; unique only with high probability
};

// "flake64", "uuid7", "uuid4".
std::string_view IdFormatName(IdFormat format);
// The inverse of IdFormatName; nullopt for anything else.
std::optional<IdFormat> ParseIdFormat(std::string_view name);

// Both time-ordered formats carry the same logical clock: a millisecond and a 12-bit
// sequence within it, followed by the issuing node's 10-bit index.
inline constexpr int kSequenceBits = 12;
inline constexpr int kNodeIndexBits = 10;
inline constexpr uint32_t kMaxSequence = (1u << kSequenceBits) - 1;    // 4095
inline constexpr uint32_t kMaxNodeIndex = (1u << kNodeIndexBits) - 1;  // 1023

// The longest text NextJson() writes: a quoted 36-character UUID.
inline constexpr size_t kMaxJsonIdSize = 38;

}  // namespace idgen

#endif  // IDGEN_ID_FORMAT_H_
