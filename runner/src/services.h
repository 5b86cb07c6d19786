// Maelstrom's built-in services, which nodes may call like any other node:
//   lin-kv   a linearizable key-value store
//   seq-kv   a sequentially consistent one: reads may see any of the last 32 states not older
//            than what that caller saw before; anything that changes the store applies to the
//            newest state
//   lww-kv   last-write-wins, eventually consistent: two replicas, each request served by a
//            random one
//   lin-tso  a timestamp oracle counting up from 0
// KV requests: read {key} -> read_ok {value} | error 20; write {key, value} -> write_ok;
// cas {key, from, to, create_if_not_exists} -> cas_ok | error 22 (from differs) | error 20
// (missing key, unless create_if_not_exists; lww-kv always answers 20). lin-tso: ts -> ts_ok {ts}.
// Keys and values are any JSON, compared as Clojure compares them. A request of any other type
// gets no reply at all.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "maelstrom/json.h"
#include "runner/src/json_writer.h"
#include "runner/src/random.h"

namespace glomers {

class Service {
 public:
  virtual ~Service() = default;
  // Handles a request body from `sender`: writes the reply's members (type and payload; the
  // caller adds in_reply_to) and returns true, or returns false when Maelstrom would not answer.
  virtual bool Handle(std::string_view sender, maelstrom::JsonView body, JsonWriter& reply) = 0;
};

// The services every test offers, by name: lin-kv, seq-kv, lww-kv, lin-tso.
const std::vector<std::string>& ServiceNames();
std::unique_ptr<Service> MakeService(std::string_view name, Random rng);

// The whole reply: the service's answer plus in_reply_to (null when the request had no msg_id,
// as Maelstrom does).
std::optional<std::string> ServiceReply(Service& service, std::string_view sender,
                                        std::string_view request_body);

}  // namespace glomers
