// The RPCs a node has in flight. Internal to the library.
#pragma once

#include <coroutine>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "maelstrom/node.h"

namespace maelstrom::internal {

// What an RpcCall and the node share: the outcome, once there is one, and who awaits it.
struct CallState {
  std::optional<RpcResult> result;
  bool cancelled = false;
  std::coroutine_handle<> waiter;
};

struct PendingRpc {
  std::string dest;      // only a reply from here counts
  RpcCallback callback;  // for Rpc; null for Call, which has `state`
  std::shared_ptr<CallState> state;
  TimerId timer;  // the timeout
};

struct RpcTable {
  // Set from the clock when the node is made (see Node::Rpc).
  std::int64_t next_msg_id = 1;
  std::unordered_map<std::int64_t, PendingRpc> pending;
};

}  // namespace maelstrom::internal
