#include "maelstrom/kv.h"

namespace maelstrom {

Task<Json> KV::Read(Json key) {
  Message reply = co_await node_.Call(service_, Body("read").Set("key", key), timeout_);
  co_return Json(reply.body()["value"]);
}

Task<std::optional<Json>> KV::ReadIfPresent(Json key) {
  try {
    co_return co_await Read(std::move(key));
  } catch (const Error& e) {
    if (!e.is(ErrorCode::kKeyDoesNotExist)) throw;
  }
  co_return std::nullopt;
}

Task<void> KV::Write(Json key, Json value) {
  co_await node_.Call(service_, Body("write").Set("key", key).Set("value", value), timeout_);
}

Task<void> KV::Cas(Json key, Json from, Json to, bool create_if_not_exists) {
  Body body("cas");
  body.Set("key", key).Set("from", from).Set("to", to);
  if (create_if_not_exists) body.Set("create_if_not_exists", true);
  co_await node_.Call(service_, body, timeout_);
}

Task<std::int64_t> TSO::Ts() {
  Message reply = co_await node_.Call(kService, Body("ts"), timeout_);
  co_return reply.body()["ts"].as_int64();
}

}  // namespace maelstrom
