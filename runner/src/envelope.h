// What a node may write on stdout: one message per line, validated as strictly as Maelstrom does.
// A line that fails means Maelstrom stops reading that node (the caller's business).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "maelstrom/json.h"

namespace glomers {

// A validated line. Views point into the line.
struct NodeLine {
  std::string src;
  std::string dest;
  std::string_view body;  // the body object's JSON text
  std::string_view type;  // raw JSON string of body.type, quotes included
  std::optional<std::int64_t> msg_id;
  std::optional<std::int64_t> in_reply_to;
};

// Checks that `line` is a JSON object with exactly src, dest and body (and optionally an integer
// id); src and dest strings; body an object whose type is a string and whose msg_id and
// in_reply_to, if present, are integers. Whether src and dest name live entities is the
// network's question. On failure returns false and says why in `reason`. `doc` is scratch space,
// reused across calls to avoid allocation.
bool ParseNodeLine(std::string_view line, maelstrom::JsonDocument& doc, NodeLine* out,
                   std::string* reason);

}  // namespace glomers
