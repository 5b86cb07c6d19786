#include "maelstrom/message.h"

#include <array>
#include <utility>

namespace maelstrom {

namespace {

// An id is an integer of 64 signed bits; 1.0, "1" and 2^64 are not ids.
std::optional<std::int64_t> ReadId(JsonView v, const char* name, std::string* reason) {
  if (v.is_integer()) {
    try {
      return v.as_int64();
    } catch (const JsonError&) {
    }
  }
  *reason =
      std::string("\"") + name + "\" must be an integer of at most 64 bits, found " + v.Describe();
  return std::nullopt;
}

// Finds several keys of an object in one pass over its members (the last duplicate wins, as in
// JsonView::Find): the envelope is read for every message, so this is on the hot path.
template <std::size_t N>
void FindKeys(JsonView object, const std::array<std::string_view, N>& keys,
              std::array<std::optional<JsonView>, N>& found) {
  for (JsonMember member : object.members()) {
    std::optional<std::string_view> plain = member.key_view().string_if_plain();
    std::string decoded;
    if (!plain) {
      decoded = member.key();
      plain = decoded;
    }
    for (std::size_t i = 0; i < N; ++i) {
      if (*plain == keys[i]) {
        found[i] = member.value();
        break;
      }
    }
  }
}

constexpr std::array<std::string_view, 3> kEnvelopeKeys = {"src", "dest", "body"};
constexpr std::array<std::string_view, 3> kBodyKeys = {"type", "msg_id", "in_reply_to"};

}  // namespace

Message::Message(const Message& other) : doc_(other.doc_) { CopyFieldsFrom(other); }

Message& Message::operator=(const Message& other) {
  if (this != &other) {
    doc_ = other.doc_;
    CopyFieldsFrom(other);
  }
  return *this;
}

Message::Message(Message&& other) noexcept : doc_(std::move(other.doc_)) { CopyFieldsFrom(other); }

Message& Message::operator=(Message&& other) noexcept {
  if (this != &other) {
    doc_ = std::move(other.doc_);
    CopyFieldsFrom(other);
  }
  return *this;
}

void Message::CopyFieldsFrom(const Message& other) {
  body_index_ = other.body_index_;
  src_index_ = other.src_index_;
  src_ = other.src_;
  dest_ = other.dest_;
  type_ = other.type_;
  msg_id_ = other.msg_id_;
  in_reply_to_ = other.in_reply_to_;
}

std::string_view Message::src_json() const { return JsonView(&doc_, src_index_).raw(); }

bool Message::Parse(std::string_view line, MalformedMessage* malformed, const JsonLimits& limits) {
  std::string error;
  auto fail = [&](std::string reason) {
    if (malformed) malformed->reason = std::move(reason);
    return false;
  };
  if (malformed) *malformed = MalformedMessage{};
  msg_id_.reset();
  in_reply_to_.reset();
  if (!doc_.Parse(line, &error, limits)) return fail("invalid JSON: " + error);
  JsonView root = doc_.root();
  if (!root.is_object()) return fail("a message must be a JSON object, found " + root.Describe());

  // Read what identifies the sender and the request first, so that even a message that is wrong
  // elsewhere can be answered.
  std::array<std::optional<JsonView>, 3> envelope;
  FindKeys(root, kEnvelopeKeys, envelope);
  auto& [src, dest, body] = envelope;
  if (src && src->is_string()) {
    src_ = src->as_string();
    src_index_ = src->index_;
    if (malformed) malformed->src = src_;
  }
  if (dest && dest->is_string()) {
    dest_ = dest->as_string();
    if (malformed) malformed->dest = dest_;
  }
  std::array<std::optional<JsonView>, 3> reserved;
  if (body && body->is_object()) FindKeys(*body, kBodyKeys, reserved);
  auto& [type, msg_id, in_reply_to] = reserved;
  std::string id_error;
  if (msg_id) {
    msg_id_ = ReadId(*msg_id, "msg_id", &id_error);
    if (malformed) malformed->msg_id = msg_id_;
  }

  if (!src) return fail("missing \"src\"");
  if (!src->is_string()) return fail("\"src\" must be a string, found " + src->Describe());
  if (!dest) return fail("missing \"dest\"");
  if (!dest->is_string()) return fail("\"dest\" must be a string, found " + dest->Describe());
  if (!body) return fail("missing \"body\"");
  if (!body->is_object()) return fail("\"body\" must be an object, found " + body->Describe());
  if (!id_error.empty()) return fail(id_error);
  if (!type) return fail("missing \"type\" in body");
  if (!type->is_string()) return fail("\"type\" must be a string, found " + type->Describe());
  if (in_reply_to) {
    std::string reason;
    in_reply_to_ = ReadId(*in_reply_to, "in_reply_to", &reason);
    if (!in_reply_to_) return fail(reason);
  }
  std::optional<std::string_view> plain = type->string_if_plain();
  if (plain) {
    type_.assign(*plain);
  } else {
    type_ = type->as_string();
  }
  body_index_ = body->index_;
  return true;
}

Message Message::FromJson(std::string_view line) {
  Message m;
  MalformedMessage bad;
  if (!m.Parse(line, &bad)) throw JsonError("malformed message: " + bad.reason);
  return Message(m);  // a copy owns its text
}

Body::Body(std::string_view type) : type_(type) {
  members_ = "\"type\":";
  WriteJsonString(members_, type);
}

void Body::AppendKey(std::string_view key) {
  if (key == "type" || key == "msg_id" || key == "in_reply_to") {
    throw std::invalid_argument("Body::Set: \"" + std::string(key) +
                                "\" is set by the node, not by the handler");
  }
  members_ += ',';
  WriteJsonString(members_, key);
  members_ += ':';
}

}  // namespace maelstrom
