// Clients for Maelstrom's services: the key-value stores lin-kv (linearizable), seq-kv
// (sequentially consistent) and lww-kv (last write wins), and the timestamp oracle lin-tso.
// Each call is an RPC to the service; co_await it inside a coroutine handler. A missing key
// throws Error code 20 (key-does-not-exist), a failed compare-and-set code 22
// (precondition-failed), no answer in time code 0 (timeout).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "maelstrom/json.h"
#include "maelstrom/node.h"
#include "maelstrom/task.h"

namespace maelstrom {

class KV {
 public:
  static constexpr std::string_view kLinearizable = "lin-kv";
  static constexpr std::string_view kSequential = "seq-kv";
  static constexpr std::string_view kLastWriteWins = "lww-kv";

  KV(Node& node, std::string_view service, Duration timeout = std::chrono::seconds(1))
      : node_(node), service_(service), timeout_(timeout) {}

  // Keys and values are any JSON: Json converts from strings, numbers, containers.
  Task<Json> Read(Json key);
  // The value, or nullopt if the key does not exist.
  Task<std::optional<Json>> ReadIfPresent(Json key);
  Task<void> Write(Json key, Json value);
  // Sets key to `to` if it holds `from`; with create_if_not_exists, a missing key counts as
  // holding `from`.
  Task<void> Cas(Json key, Json from, Json to, bool create_if_not_exists = false);

  const std::string& service() const { return service_; }

 private:
  Node& node_;
  std::string service_;
  Duration timeout_;
};

class TSO {
 public:
  static constexpr std::string_view kService = "lin-tso";

  explicit TSO(Node& node, Duration timeout = std::chrono::seconds(1))
      : node_(node), timeout_(timeout) {}

  // A timestamp greater than every timestamp it handed out before.
  Task<std::int64_t> Ts();

 private:
  Node& node_;
  Duration timeout_;
};

}  // namespace maelstrom
