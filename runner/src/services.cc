#include "runner/src/services.h"

#include <map>
#include <unordered_map>

#include "runner/src/json_value.h"

namespace glomers {

using maelstrom::JsonView;

namespace {

struct Value {
  std::string json;       // as the writer sent it
  std::string canonical;  // for comparisons
  std::int64_t ts = 0;    // lww-kv only
};

// A store's contents by canonical key.
using KvState = std::map<std::string, Value>;

std::string ErrorBody(int code, std::string_view text) {
  std::string out = "{\"type\":\"error\",\"code\":" + std::to_string(code) + ",\"text\":";
  maelstrom::WriteJsonString(out, text);
  out += '}';
  return out;
}

std::string Field(JsonView body, std::string_view key) {
  auto v = body.Find(key);
  return v ? std::string(v->raw()) : std::string("null");
}

// Clojure truthiness: anything but null and false.
bool Truthy(JsonView body, std::string_view key) {
  auto v = body.Find(key);
  if (!v || v->is_null()) return false;
  return !(v->is_bool() && !v->as_bool());
}

struct Outcome {
  std::optional<KvState> changed;  // the new state, if it differs from the old by value
  std::optional<std::string> reply;
};

// One step of a KV store. `lww` selects lww-kv's rules (timestamps; cas never creates).
Outcome KvStep(const KvState& state, JsonView body, bool lww, std::int64_t* clock) {
  std::string type;
  try {
    type = body["type"].as_string();
  } catch (const maelstrom::JsonError&) {
    return {};
  }
  auto key_view = body.Find("key");
  std::string key = key_view ? CanonicalJson(*key_view) : "null";
  auto it = state.find(key);
  if (type == "read") {
    if (it == state.end()) return {std::nullopt, ErrorBody(20, "key does not exist")};
    return {std::nullopt, "{\"type\":\"read_ok\",\"value\":" + it->second.json + "}"};
  }
  auto set = [&](std::string_view field) {
    auto v = body.Find(field);
    Value value{v ? std::string(v->raw()) : "null", v ? CanonicalJson(*v) : "null", 0};
    if (lww) value.ts = (*clock)++;
    if (!lww && it != state.end() && it->second.canonical == value.canonical) {
      return std::optional<KvState>();  // the same value: the state is unchanged
    }
    KvState next = state;
    next[key] = std::move(value);
    return std::optional<KvState>(std::move(next));
  };
  if (type == "write") return {set("value"), "{\"type\":\"write_ok\"}"};
  if (type == "cas") {
    if (it == state.end()) {
      if (!lww && Truthy(body, "create_if_not_exists")) return {set("to"), "{\"type\":\"cas_ok\"}"};
      return {std::nullopt, ErrorBody(20, "key does not exist")};
    }
    auto from = body.Find("from");
    std::string from_canonical = from ? CanonicalJson(*from) : "null";
    if (from_canonical != it->second.canonical) {
      return {std::nullopt,
              ErrorBody(22, "current value " + it->second.json + " is not " + Field(body, "from"))};
    }
    return {set("to"), "{\"type\":\"cas_ok\"}"};
  }
  return {};  // Maelstrom's handler throws on other types: no reply
}

class LinearizableKv final : public Service {
 public:
  std::optional<std::string> Handle(std::string_view, JsonView body) override {
    Outcome o = KvStep(state_, body, false, nullptr);
    if (o.changed) state_ = std::move(*o.changed);
    return o.reply;
  }

 private:
  KvState state_;
};

class SequentialKv final : public Service {
 public:
  explicit SequentialKv(Random rng) : rng_(rng) {
    buffer_.push_back(std::make_shared<const KvState>());
  }

  std::optional<std::string> Handle(std::string_view sender, JsonView body) override {
    std::int64_t oldest = last_index_ - static_cast<std::int64_t>(buffer_.size()) + 1;
    auto seen = clients_.find(std::string(sender));
    std::int64_t client_index = seen == clients_.end() ? 0 : seen->second;
    if (client_index < oldest) client_index = oldest;
    // Any state from the one this client last saw to the newest.
    std::int64_t index =
        client_index + static_cast<std::int64_t>(
                           rng_.Below(static_cast<std::uint64_t>(last_index_ - client_index + 1)));
    const KvState& state = *buffer_[static_cast<std::size_t>(index - oldest)];
    Outcome o = KvStep(state, body, false, nullptr);
    if (!o.reply) return std::nullopt;
    if (!o.changed) {
      clients_[std::string(sender)] = index;
      return o.reply;
    }
    // A change could break the sequential order unless it applies to the newest state.
    Outcome latest = KvStep(*buffer_.back(), body, false, nullptr);
    auto next = latest.changed ? std::make_shared<const KvState>(std::move(*latest.changed))
                               : buffer_.back();
    buffer_.push_back(std::move(next));
    if (buffer_.size() > kBufferSize) buffer_.erase(buffer_.begin());
    ++last_index_;
    clients_[std::string(sender)] = last_index_;
    return latest.reply;
  }

 private:
  static constexpr std::size_t kBufferSize = 32;
  Random rng_;
  std::vector<std::shared_ptr<const KvState>> buffer_;  // oldest first
  std::int64_t last_index_ = 0;
  std::unordered_map<std::string, std::int64_t> clients_;
};

class LastWriteWinsKv final : public Service {
 public:
  explicit LastWriteWinsKv(Random rng) : rng_(rng), replicas_(2) {}

  std::optional<std::string> Handle(std::string_view, JsonView body) override {
    // Maelstrom draws a pair of replicas to merge, then serves the request from the replicas as
    // they were before that merge, so the merge never takes effect: the draws are kept for the
    // same randomness, the merge is not.
    rng_.Below(replicas_.size());
    rng_.Below(replicas_.size());
    Replica& r = replicas_[rng_.Below(replicas_.size())];
    Outcome o = KvStep(r.state, body, true, &r.clock);
    if (o.changed) r.state = std::move(*o.changed);
    return o.reply;
  }

 private:
  struct Replica {
    std::int64_t clock = 0;
    KvState state;
  };
  Random rng_;
  std::vector<Replica> replicas_;
};

class TimestampOracle final : public Service {
 public:
  std::optional<std::string> Handle(std::string_view, JsonView body) override {
    auto type = body.Find("type");
    if (!type || !type->is_string() || type->as_string() != "ts") return std::nullopt;
    return "{\"type\":\"ts_ok\",\"ts\":" + std::to_string(next_++) + "}";
  }

 private:
  std::int64_t next_ = 0;
};

}  // namespace

const std::vector<std::string>& ServiceNames() {
  static const std::vector<std::string> names = {"lin-kv", "seq-kv", "lww-kv", "lin-tso"};
  return names;
}

std::unique_ptr<Service> MakeService(std::string_view name, Random rng) {
  if (name == "lin-kv") return std::make_unique<LinearizableKv>();
  if (name == "seq-kv") return std::make_unique<SequentialKv>(rng);
  if (name == "lww-kv") return std::make_unique<LastWriteWinsKv>(rng);
  if (name == "lin-tso") return std::make_unique<TimestampOracle>();
  return nullptr;
}

std::optional<std::string> ServiceReply(Service& service, std::string_view sender,
                                        std::string_view request_body) {
  maelstrom::JsonDocument doc;
  if (!doc.Parse(request_body) || !doc.root().is_object()) return std::nullopt;
  JsonView body = doc.root();
  auto reply = service.Handle(sender, body);
  if (!reply) return std::nullopt;
  reply->pop_back();  // the closing brace
  *reply += ",\"in_reply_to\":";
  auto msg_id = body.Find("msg_id");
  *reply += msg_id ? msg_id->raw() : std::string_view("null");
  *reply += '}';
  return reply;
}

}  // namespace glomers
