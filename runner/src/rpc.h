// How a Maelstrom client judges the reply to a request (its defrpc): an error reply becomes fail
// (a definite code) or info (any other code); any other reply must match the RPC's closed schema
// (its type, its fields, in_reply_to, optionally msg_id), or it is a malformed response, which
// leaves the operation indeterminate (info) with the exception Maelstrom's client throws. A
// request that gets no reply in time is info with error "net-timeout".
#pragma once

#include <string_view>
#include <vector>

#include "maelstrom/json.h"
#include "runner/src/history.h"

namespace glomers {

struct RpcSchema {
  std::string_view reply_type;
  // Keys the reply must carry besides type, in_reply_to and the optional msg_id.
  std::vector<std::string_view> reply_fields;
};

struct RpcOutcome {
  OpType type = OpType::kOk;  // kOk: the reply matched; the caller reads its value from it
  OpDetails details;          // else: Jepsen's :error and :exception
};

// `node` and `request` (the body sent) go into the malformed-response text, as in Maelstrom.
RpcOutcome JudgeReply(const RpcSchema& schema, maelstrom::JsonView reply, std::string_view node,
                      std::string_view request);

// The error of an operation whose reply never came.
Value NetTimeout();

}  // namespace glomers
