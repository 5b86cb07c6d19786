#include "maelstrom/message.h"

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

// The keys a message is read by. Matching by length first keeps this to one compare per key.
enum class Key { kOther, kSrc, kDest, kBody, kType, kMsgId, kInReplyTo };

Key Classify(std::string_view k) {
  switch (k.size()) {
    case 3:
      return k == "src" ? Key::kSrc : Key::kOther;
    case 4:
      if (k == "dest") return Key::kDest;
      if (k == "body") return Key::kBody;
      if (k == "type") return Key::kType;
      return Key::kOther;
    case 6:
      return k == "msg_id" ? Key::kMsgId : Key::kOther;
    case 11:
      return k == "in_reply_to" ? Key::kInReplyTo : Key::kOther;
    default:
      return Key::kOther;
  }
}

}  // namespace

std::string_view Message::src_json() const { return JsonView(&doc_, src_.index).raw(); }

void Message::SetField(Field& f, std::uint32_t index) {
  const JsonEntry& e = doc_.tape_[index];
  f.index = index;
  f.plain = e.simple;
  if (e.simple) {
    f.begin = e.begin + 1;
    f.size = e.end - e.begin - 2;
  } else {
    f.decoded = JsonView(&doc_, index).as_string();
  }
}

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
  const JsonEntry* tape = doc_.tape_.data();
  std::string_view text = doc_.text();
  if (tape[0].kind != JsonKind::kObject) {
    return fail("a message must be a JSON object, found " + doc_.root().Describe());
  }

  // One pass over the envelope's members and one over the body's, reading the tape directly:
  // this runs for every message. On duplicate keys the last one wins, as in JsonView::Find.
  constexpr std::uint32_t kNone = 0;  // index 0 is the root, never a member
  std::uint32_t src = kNone, dest = kNone, body = kNone;
  std::uint32_t type = kNone, msg_id = kNone, in_reply_to = kNone;
  auto scan = [&](std::uint32_t object, auto&& assign) {
    for (std::uint32_t i = object + 1; i < tape[object].next; i = tape[i + 1].next) {
      const JsonEntry& k = tape[i];
      Key key = k.simple ? Classify(text.substr(k.begin + 1, k.end - k.begin - 2))
                         : Classify(JsonView(&doc_, i).as_string());
      if (key != Key::kOther) assign(key, i + 1);
    }
  };
  scan(0, [&](Key key, std::uint32_t value) {
    if (key == Key::kSrc) src = value;
    if (key == Key::kDest) dest = value;
    if (key == Key::kBody) body = value;
  });
  bool body_ok = body != kNone && tape[body].kind == JsonKind::kObject;
  if (body_ok) {
    scan(body, [&](Key key, std::uint32_t value) {
      if (key == Key::kType) type = value;
      if (key == Key::kMsgId) msg_id = value;
      if (key == Key::kInReplyTo) in_reply_to = value;
    });
  }
  auto view = [&](std::uint32_t index) { return JsonView(&doc_, index); };
  auto is = [&](std::uint32_t index, JsonKind kind) {
    return index != kNone && tape[index].kind == kind;
  };

  // Read what identifies the sender and the request first, so that even a message that is wrong
  // elsewhere can be answered.
  if (is(src, JsonKind::kString)) SetField(src_, src);
  if (is(dest, JsonKind::kString)) SetField(dest_, dest);
  std::string id_error;
  if (msg_id != kNone) msg_id_ = ReadId(view(msg_id), "msg_id", &id_error);
  if (malformed) {
    if (is(src, JsonKind::kString)) malformed->src = std::string(this->src());
    if (is(dest, JsonKind::kString)) malformed->dest = std::string(this->dest());
    malformed->msg_id = msg_id_;
  }

  if (src == kNone) return fail("missing \"src\"");
  if (!is(src, JsonKind::kString)) {
    return fail("\"src\" must be a string, found " + view(src).Describe());
  }
  if (dest == kNone) return fail("missing \"dest\"");
  if (!is(dest, JsonKind::kString)) {
    return fail("\"dest\" must be a string, found " + view(dest).Describe());
  }
  if (body == kNone) return fail("missing \"body\"");
  if (!body_ok) return fail("\"body\" must be an object, found " + view(body).Describe());
  if (!id_error.empty()) return fail(id_error);
  if (type == kNone) return fail("missing \"type\" in body");
  if (!is(type, JsonKind::kString)) {
    return fail("\"type\" must be a string, found " + view(type).Describe());
  }
  if (in_reply_to != kNone) {
    std::string reason;
    in_reply_to_ = ReadId(view(in_reply_to), "in_reply_to", &reason);
    if (!in_reply_to_) return fail(reason);
  }
  SetField(type_, type);
  body_index_ = body;
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
