#include "maelstrom/message.h"

#include <cstring>
#include <memory>
#include <utility>

#include "access.h"
#include "message_state.h"
#include "owned_copy.h"

namespace maelstrom {

namespace internal {

namespace {

// The usual id, read straight off the text of a JSON integer: no sign and at most 18 digits,
// which cannot overflow. Anything else is left to JsonView::as_int64.
std::optional<std::int64_t> ReadPlainId(std::string_view integer) {
  if (integer.size() > 18 || integer[0] == '-') return std::nullopt;
  std::int64_t id = 0;
  for (char c : integer) id = id * 10 + (c - '0');
  return id;
}

// An id is an integer of 64 signed bits; 1.0, "1" and 2^64 are not ids.
std::optional<std::int64_t> ReadId(JsonView v, const char* name, std::string* reason) {
  if (v.is_integer()) {
    if (auto id = ReadPlainId(v.raw())) return id;
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
  // Fixed-size compares, which the compiler turns into a load and a compare each.
  const char* p = k.data();
  switch (k.size()) {
    case 3:
      return std::memcmp(p, "src", 3) == 0 ? Key::kSrc : Key::kOther;
    case 4:
      if (std::memcmp(p, "dest", 4) == 0) return Key::kDest;
      if (std::memcmp(p, "body", 4) == 0) return Key::kBody;
      if (std::memcmp(p, "type", 4) == 0) return Key::kType;
      return Key::kOther;
    case 6:
      return std::memcmp(p, "msg_id", 6) == 0 ? Key::kMsgId : Key::kOther;
    case 11:
      return std::memcmp(p, "in_reply_to", 11) == 0 ? Key::kInReplyTo : Key::kOther;
    default:
      return Key::kOther;
  }
}

}  // namespace

void MessageState::SetField(Field& f, std::uint32_t index) {
  const JsonEntry& e = tape_[index];
  f.index = index;
  f.plain = e.simple;
  if (e.simple) {
    f.begin = e.begin + 1;
    f.size = e.end - e.begin - 2;
  } else {
    f.decoded = DecodeString(tape_.raw(index));
  }
}

bool MessageState::Parse(std::string_view line, MalformedMessage* malformed,
                         const JsonLimits& limits) {
  msg_id_.reset();
  in_reply_to_.reset();
  std::string error;
  if (!tape_.Parse(line, &error, limits)) {
    if (malformed) *malformed = MalformedMessage{"invalid JSON: " + error, {}, {}, {}, {}};
    return false;
  }
  const Tape& tape = tape_;
  std::string_view text = tape.text();
  auto view = [&](std::uint32_t index) { return Access::View(&tape_, index); };
  if (tape[0].kind != JsonKind::kObject) {
    if (malformed) {
      *malformed = MalformedMessage{
          "a message must be a JSON object, found " + view(0).Describe(), {}, {}, {}, {}};
    }
    return false;
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
                         : Classify(DecodeString(tape.raw(i)));
      if (key != Key::kOther) assign(key, i + 1);
    }
  };
  scan(0, [&](Key key, std::uint32_t value) {
    if (key == Key::kSrc) src = value;
    if (key == Key::kDest) dest = value;
    if (key == Key::kBody) body = value;
  });
  auto is = [&](std::uint32_t index, JsonKind kind) {
    return index != kNone && tape[index].kind == kind;
  };
  bool body_ok = is(body, JsonKind::kObject);
  if (body_ok) {
    scan(body, [&](Key key, std::uint32_t value) {
      if (key == Key::kType) type = value;
      if (key == Key::kMsgId) msg_id = value;
      if (key == Key::kInReplyTo) in_reply_to = value;
    });
  }

  // Read what identifies the sender and the request first, so that even a message that is wrong
  // elsewhere can be answered.
  bool src_ok = is(src, JsonKind::kString), dest_ok = is(dest, JsonKind::kString);
  if (src_ok) SetField(src_, src);
  if (dest_ok) SetField(dest_, dest);
  std::string reason;
  if (msg_id != kNone) {
    const JsonEntry& e = tape[msg_id];
    if (e.kind == JsonKind::kNumber && e.simple) {  // every request's: the tape, not a JsonView
      msg_id_ = ReadPlainId(text.substr(e.begin, e.end - e.begin));
    }
    if (!msg_id_) msg_id_ = ReadId(view(msg_id), "msg_id", &reason);
  }

  if (!src_ok) {
    reason = src == kNone ? "missing \"src\""
                          : "\"src\" must be a string, found " + view(src).Describe();
  } else if (!dest_ok) {
    reason = dest == kNone ? "missing \"dest\""
                           : "\"dest\" must be a string, found " + view(dest).Describe();
  } else if (!body_ok) {
    reason = body == kNone ? "missing \"body\""
                           : "\"body\" must be an object, found " + view(body).Describe();
  } else if (!reason.empty()) {
    // msg_id is not an id: reason says why.
  } else if (!is(type, JsonKind::kString)) {
    reason = type == kNone ? "missing \"type\" in body"
                           : "\"type\" must be a string, found " + view(type).Describe();
  } else if (in_reply_to != kNone &&
             !(in_reply_to_ = ReadId(view(in_reply_to), "in_reply_to", &reason))) {
    // reason says why.
  } else {
    SetField(type_, type);
    body_index_ = body;
    return true;
  }
  if (malformed) {
    malformed->reason = std::move(reason);
    malformed->src = src_ok ? std::optional<std::string>(this->src()) : std::nullopt;
    malformed->dest = dest_ok ? std::optional<std::string>(this->dest()) : std::nullopt;
    malformed->msg_id = msg_id_;
    malformed->in_reply_to = std::nullopt;
    if (in_reply_to != kNone) {
      std::string ignored;  // an ill-typed in_reply_to answers nothing
      malformed->in_reply_to = ReadId(view(in_reply_to), "in_reply_to", &ignored);
    }
  }
  return false;
}

}  // namespace internal

// --- Message ---------------------------------------------------------------------------------

using internal::MessageState;

Message::Message() = default;
Message::~Message() = default;
Message::Message(Message&& other) noexcept = default;
Message& Message::operator=(Message&& other) noexcept = default;

Message::Message(const Message& other) : state_(internal::CopyOwned(other.state_)) {}

Message& Message::operator=(const Message& other) {
  if (this != &other) internal::AssignOwned(state_, other.state_);
  return *this;
}

bool Message::Parse(std::string_view line, MalformedMessage* malformed, const JsonLimits& limits) {
  if (!state_) state_ = std::make_unique<MessageState>();
  return state_->Parse(line, malformed, limits);
}

Message Message::FromJson(std::string_view line) {
  Message m;
  MalformedMessage bad;
  if (!m.Parse(line, &bad)) throw JsonError("malformed message: " + bad.reason);
  return Message(m);  // a copy owns its text
}

std::string_view Message::src() const { return state_ ? state_->src() : std::string_view(); }
std::string_view Message::dest() const { return state_ ? state_->dest() : std::string_view(); }
std::string_view Message::type() const { return state_ ? state_->type() : std::string_view(); }

std::optional<std::int64_t> Message::msg_id() const {
  return state_ ? state_->msg_id() : std::nullopt;
}

std::optional<std::int64_t> Message::in_reply_to() const {
  return state_ ? state_->in_reply_to() : std::nullopt;
}

JsonView Message::body() const {
  if (!state_) return JsonView();  // reading it throws: no JSON value
  return internal::Access::View(&state_->tape(), state_->body_index());
}

std::string_view Message::src_json() const {
  return state_ ? state_->src_json() : std::string_view();
}

std::string_view Message::json() const {
  return state_ ? state_->tape().text() : std::string_view();
}

void Message::ReleaseMemory(std::size_t max_bytes) {
  if (state_) state_->ReleaseMemory(max_bytes);
}

}  // namespace maelstrom
