// The mark file: its name, derived from the node id, and its one-line, checksummed
// contents:
//
//   idgen-mark v1 node=<escaped node id> ms=<decimal unix ms> crc32c=<8 lowercase hex>\n
//
// The checksum covers everything before " crc32c=". The node id is inside so that a file
// copied or renamed onto another node's name is caught rather than trusted.

#ifndef IDGEN_SRC_MARK_FILE_H_
#define IDGEN_SRC_MARK_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "idgen/status.h"

namespace idgen {

// Marks larger than this (about 35,000 years) are treated as damage.
inline constexpr int64_t kMaxMarkMs = int64_t{1} << 50;

// Keeps [A-Za-z0-9_-] and writes every other byte as %XX (uppercase hex), so the result is
// a safe file name component and distinct node ids always map to distinct names.
std::string EscapeNodeId(std::string_view node_id);

// "<prefix>.<escaped node id>.mark". InvalidArgument for an empty node id, a prefix that
// is empty or not made of [A-Za-z0-9_.-], or a name longer than 200 bytes (room for the
// ".tmp" and ".lock" siblings under the usual 255-byte limit).
Status MarkFileName(std::string_view prefix, std::string_view node_id, std::string* name);

std::string EncodeMark(std::string_view node_id, int64_t mark_ms);

// Corruption, with the reason, unless `contents` is exactly what EncodeMark(node_id, ms)
// produces for some 0 <= ms <= kMaxMarkMs.
Status DecodeMark(std::string_view contents, std::string_view node_id, int64_t* mark_ms);

}  // namespace idgen

#endif  // IDGEN_SRC_MARK_FILE_H_
