#include "maelstrom/kv.h"

#include <string>

namespace maelstrom {

namespace {

// A service's reply must be of the type its request calls for, with the fields the client reads.
// Anything else is the service's fault and says nothing of whether the request took effect: code
// 13 (crash, indefinite) with what was wrong, never the 12 a JsonError would suggest.
class ReplyReader {
 public:
  ReplyReader(const Message& reply, std::string_view service, std::string_view request,
              std::string_view type)
      : reply_(reply), service_(service), request_(request) {
    if (reply.type() != type) {
      Fail("expected \"" + std::string(type) + "\", got \"" + std::string(reply.type()) + "\"");
    }
  }

  Json Value(std::string_view key) const {
    std::optional<JsonView> v = reply_.body().Find(key);
    if (!v) Fail("missing key \"" + std::string(key) + "\"");
    return Json(*v);
  }

  std::int64_t Integer(std::string_view key) const {
    Json v = Value(key);
    try {
      return v.as_int64();
    } catch (const JsonError& e) {
      Fail("\"" + std::string(key) + "\": " + e.what());
    }
  }

 private:
  [[noreturn]] void Fail(const std::string& what) const {
    throw Error(ErrorCode::kCrash, "malformed reply from " + std::string(service_) + " to " +
                                       std::string(request_) + ": " + what);
  }

  const Message& reply_;
  std::string_view service_, request_;
};

}  // namespace

Task<Json> KV::Read(Json key) {
  Message reply = co_await node_.Call(service_, Body("read").Set("key", key), timeout_);
  co_return ReplyReader(reply, service_, "read", "read_ok").Value("value");
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
  Message reply =
      co_await node_.Call(service_, Body("write").Set("key", key).Set("value", value), timeout_);
  ReplyReader(reply, service_, "write", "write_ok");
}

Task<void> KV::Cas(Json key, Json from, Json to, bool create_if_not_exists) {
  Body body("cas");
  body.Set("key", key).Set("from", from).Set("to", to);
  if (create_if_not_exists) body.Set("create_if_not_exists", true);
  Message reply = co_await node_.Call(service_, body, timeout_);
  ReplyReader(reply, service_, "cas", "cas_ok");
}

Task<std::int64_t> TSO::Ts() {
  Message reply = co_await node_.Call(kService, Body("ts"), timeout_);
  co_return ReplyReader(reply, kService, "ts", "ts_ok").Integer("ts");
}

}  // namespace maelstrom
