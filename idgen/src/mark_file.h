// The mark file: its name, derived from the node index, and its one-line, checksummed
// contents:
//
//   idgen-mark v2 index=<node index> ms=<decimal unix ms> node=<escaped node id> crc32c=<hex>\n
//
// The checksum (8 lowercase hex digits) covers everything before " crc32c=". The index is the
// identity: IDs carry it, so the mark that bounds them belongs to it, and a file copied or
// renamed onto another index is refused. The node id only records who wrote the mark last, for
// the operator (a second init may give the index to another name; that is safe, see
// docs/ids.md).

#ifndef IDGEN_SRC_MARK_FILE_H_
#define IDGEN_SRC_MARK_FILE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "idgen/status.h"

namespace idgen {

// Marks larger than this (about 35,000 years) are treated as damage.
inline constexpr int64_t kMaxMarkMs = int64_t{1} << 50;
// Node ids longer than this are refused at Open, so a mark line stays short.
inline constexpr size_t kMaxNodeIdSize = 200;
// No mark EncodeMark writes comes near this; a larger file is refused unread (a mark symlinked to
// /dev/zero, or garbage, must not be read into memory on every retry).
inline constexpr size_t kMaxMarkFileSize = 4096;

// Keeps [A-Za-z0-9_-] and writes every other byte as %XX (uppercase hex), so the result has no
// spaces or line breaks and distinct node ids always map to distinct texts.
std::string EscapeNodeId(std::string_view node_id);

// "<prefix>.<node index>.mark". InvalidArgument for a prefix that is empty, longer than 100
// bytes, or not made of [A-Za-z0-9_.-].
Status MarkFileName(std::string_view prefix, uint32_t node_index, std::string* name);

std::string EncodeMark(uint32_t node_index, std::string_view node_id, int64_t mark_ms);

struct DecodedMark {
  int64_t ms = 0;
  std::string node;  // the writer's node id, escaped as in the file
};

// Corruption, with the reason, unless `contents` is exactly what EncodeMark(node_index, some
// node id, ms) produces for some 0 <= ms <= kMaxMarkMs.
Status DecodeMark(std::string_view contents, uint32_t node_index, DecodedMark* mark);

}  // namespace idgen

#endif  // IDGEN_SRC_MARK_FILE_H_
