// Decoding: what an ID says about when and where it was issued.

#ifndef IDGEN_DECODE_H_
#define IDGEN_DECODE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "idgen/id_format.h"
#include "idgen/status.h"

namespace idgen {

struct DecodedId {
  IdFormat format;
  // For flake64 and uuid7 only; a uuid4 carries no time, sequence or node.
  int64_t unix_ms = 0;
  uint32_t sequence = 0;
  uint32_t node_index = 0;
};

// Accepts a flake64 as decimal digits (below 2^63), or a version 7 or version 4 UUID in
// 8-4-4-4-12 form with the RFC 9562 variant. Anything else is InvalidArgument with the
// reason: empty, sign, non-digit, overflow, top bit set, bad UUID syntax, version or
// variant.
Status DecodeId(std::string_view text, DecodedId* out);

// "2025-01-01T00:00:00.000Z" (UTC, proleptic Gregorian, millisecond precision).
std::string FormatIso8601Ms(int64_t unix_ms);

}  // namespace idgen

#endif  // IDGEN_DECODE_H_
