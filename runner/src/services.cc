#include "runner/src/services.h"

#include <unordered_map>

#include "runner/src/value.h"

namespace glomers {

using maelstrom::JsonView;

namespace {

struct Entry {
  Value value;
  std::int64_t ts = 0;  // lww-kv only
};

// A store's contents; keys and values compare as Clojure compares them.
using KvState = std::unordered_map<Value, Entry, Value::Hasher>;

// A reply: an ok type with an optional value, or an error.
struct Reply {
  std::string_view type;
  std::optional<Value> value;  // read_ok's
  int code = 0;                // errors
  std::string text;

  void Write(JsonWriter& w) const {
    w.Key("type").String(type);
    if (value) w.Key("value").Json(*value);
    if (type == "error") w.Key("code").Int(code).Key("text").String(text);
  }
};

Reply Error(int code, std::string text) { return {"error", std::nullopt, code, std::move(text)}; }

Value Field(JsonView body, std::string_view key) {
  auto v = body.Find(key);
  return v ? Value::FromJson(*v) : Value();
}

// Clojure truthiness: anything but null and false.
bool Truthy(JsonView body, std::string_view key) {
  auto v = body.Find(key);
  if (!v || v->is_null()) return false;
  return !(v->is_bool() && !v->as_bool());
}

struct Outcome {
  std::optional<KvState> changed;  // the new state, if it differs from the old by value
  std::optional<Reply> reply;
};

// One step of a KV store. `lww` selects lww-kv's rules (timestamps; cas never creates).
Outcome KvStep(const KvState& state, JsonView body, bool lww, std::int64_t* clock) {
  auto type = body.Find("type");
  if (!type || !type->is_string()) return {};
  std::string kind = type->as_string();
  Value key = Field(body, "key");
  auto it = state.find(key);
  if (kind == "read") {
    if (it == state.end()) return {std::nullopt, Error(20, "key does not exist")};
    return {std::nullopt, Reply{"read_ok", it->second.value, 0, {}}};
  }
  auto set = [&](std::string_view field) {
    Entry entry{Field(body, field), 0};
    if (lww) entry.ts = (*clock)++;
    if (!lww && it != state.end() && it->second.value == entry.value) {
      return std::optional<KvState>();  // the same value: the state is unchanged
    }
    KvState next = state;
    next[key] = std::move(entry);
    return std::optional<KvState>(std::move(next));
  };
  if (kind == "write") return {set("value"), Reply{"write_ok", std::nullopt, 0, {}}};
  if (kind == "cas") {
    if (it == state.end()) {
      if (!lww && Truthy(body, "create_if_not_exists")) {
        return {set("to"), Reply{"cas_ok", std::nullopt, 0, {}}};
      }
      return {std::nullopt, Error(20, "key does not exist")};
    }
    Value from = Field(body, "from");
    if (!(from == it->second.value)) {
      auto raw = body.Find("from");
      return {std::nullopt, Error(22, "current value " + it->second.value.ToJson() + " is not " +
                                          std::string(raw ? raw->raw() : "null"))};
    }
    return {set("to"), Reply{"cas_ok", std::nullopt, 0, {}}};
  }
  return {};  // Maelstrom's handler throws on other types: no reply
}

bool Answer(const std::optional<Reply>& reply, JsonWriter& w) {
  if (!reply) return false;
  reply->Write(w);
  return true;
}

class LinearizableKv final : public Service {
 public:
  bool Handle(std::string_view, JsonView body, JsonWriter& w) override {
    Outcome o = KvStep(state_, body, false, nullptr);
    if (o.changed) state_ = std::move(*o.changed);
    return Answer(o.reply, w);
  }

 private:
  KvState state_;
};

class SequentialKv final : public Service {
 public:
  explicit SequentialKv(Random rng) : rng_(rng) {
    buffer_.push_back(std::make_shared<const KvState>());
  }

  bool Handle(std::string_view sender, JsonView body, JsonWriter& w) override {
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
    if (!o.reply) return false;
    if (!o.changed) {
      clients_[std::string(sender)] = index;
      return Answer(o.reply, w);
    }
    // A change could break the sequential order unless it applies to the newest state.
    Outcome latest = KvStep(*buffer_.back(), body, false, nullptr);
    auto next = latest.changed ? std::make_shared<const KvState>(std::move(*latest.changed))
                               : buffer_.back();
    buffer_.push_back(std::move(next));
    if (buffer_.size() > kBufferSize) buffer_.erase(buffer_.begin());
    ++last_index_;
    clients_[std::string(sender)] = last_index_;
    return Answer(latest.reply, w);
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

  bool Handle(std::string_view, JsonView body, JsonWriter& w) override {
    // Maelstrom draws a pair of replicas to merge, then serves the request from the replicas as
    // they were before that merge, so the merge never takes effect: the draws are kept for the
    // same randomness, the merge is not.
    rng_.Below(replicas_.size());
    rng_.Below(replicas_.size());
    Replica& r = replicas_[rng_.Below(replicas_.size())];
    Outcome o = KvStep(r.state, body, true, &r.clock);
    if (o.changed) r.state = std::move(*o.changed);
    return Answer(o.reply, w);
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
  bool Handle(std::string_view, JsonView body, JsonWriter& w) override {
    auto type = body.Find("type");
    if (!type || !type->is_string() || type->as_string() != "ts") return false;
    w.Key("type").String("ts_ok").Key("ts").Int(next_++);
    return true;
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
  std::string reply;
  JsonWriter w(reply);
  w.BeginObject();
  if (!service.Handle(sender, body, w)) return std::nullopt;
  w.Key("in_reply_to");
  if (auto msg_id = body.Find("msg_id")) {
    w.Json(Value::FromJson(*msg_id));
  } else {
    w.Null();
  }
  w.EndObject();
  return reply;
}

}  // namespace glomers
