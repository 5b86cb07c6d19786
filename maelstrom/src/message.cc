#include "maelstrom/message.h"

#include <cstring>
#include <memory>
#include <utility>

#include "access.h"
#include "envelope.h"
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
                         const JsonLimits& limits, bool scan) {
  msg_id_.reset();
  in_reply_to_.reset();
  // The lines Maelstrom sends are read in one pass (envelope.h); any other goes through the full
  // parser and a walk of its tape, which find the same entries when both read a line.
  EnvelopeSlots slots;
  if (!scan || !ScanCompactMessage(line, limits, &tape_, &slots)) {
    std::string error;
    if (!tape_.Parse(line, &error, limits)) {
      if (malformed) *malformed = MalformedMessage{"invalid JSON: " + error, {}, {}, {}, {}};
      return false;
    }
    if (tape_[0].kind != JsonKind::kObject) {
      if (malformed) {
        *malformed = MalformedMessage{
            "a message must be a JSON object, found " + Access::View(&tape_, 0).Describe(),
            {},
            {},
            {},
            {}};
      }
      return false;
    }
    slots = FindEnvelope(tape_);
  }
  return Read(slots, malformed);
}

bool MessageState::Read(const EnvelopeSlots& slots, MalformedMessage* malformed) {
  const Tape& tape = tape_;
  std::string_view text = tape.text();
  auto view = [&](std::uint32_t index) { return Access::View(&tape_, index); };
  constexpr std::uint32_t kNone = 0;
  const std::uint32_t src = slots.src, dest = slots.dest, body = slots.body;
  const std::uint32_t type = slots.type, msg_id = slots.msg_id, in_reply_to = slots.in_reply_to;
  auto is = [&](std::uint32_t index, JsonKind kind) {
    return index != kNone && tape[index].kind == kind;
  };
  bool body_ok = is(body, JsonKind::kObject);

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
