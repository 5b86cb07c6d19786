// A Maelstrom message as a node receives it, and the body of one it sends.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "maelstrom/json.h"

namespace maelstrom {

namespace internal {
class MessageState;  // src/message_state.h
}  // namespace internal

// Why a line is not a valid message, and what of it could still be read: a node answers a
// malformed request with code 12 when it knows whom to answer (src) and what (msg_id), and ends
// the RPC a malformed reply answers (in_reply_to) with code 13.
struct MalformedMessage {
  std::string reason;
  std::optional<std::string> src;
  std::optional<std::string> dest;
  std::optional<std::int64_t> msg_id;
  std::optional<std::int64_t> in_reply_to;

  bool answerable() const { return src.has_value() && msg_id.has_value(); }
};

// A validated envelope: `src` and `dest` are strings, `body` an object whose `type` is a string,
// and `msg_id` and `in_reply_to`, when present, integers that fit in 64 signed bits (0 included).
// Unknown keys are ignored at every level; on duplicate keys the last one wins.
//
// Parse borrows the line; a copy of a Message owns its text, so a coroutine handler may keep one
// across suspensions. A default-constructed (or moved-from) message is empty: its strings are
// empty, it has no ids, and reading its body throws JsonError.
class Message {
 public:
  Message();
  Message(const Message& other);
  Message& operator=(const Message& other);
  Message(Message&& other) noexcept;
  Message& operator=(Message&& other) noexcept;
  ~Message();

  // Parses `line` (which must outlive this message, or be copied with it). On failure returns
  // false and fills `malformed`.
  bool Parse(std::string_view line, MalformedMessage* malformed, const JsonLimits& limits = {});
  // Parses and throws JsonError on a malformed line: for tests and tools.
  static Message FromJson(std::string_view line);

  std::string_view src() const;
  std::string_view dest() const;
  std::string_view type() const;
  std::optional<std::int64_t> msg_id() const;
  std::optional<std::int64_t> in_reply_to() const;
  bool is_reply() const { return in_reply_to().has_value(); }
  // For a reply of type "error": its code and text.
  bool is_error() const { return type() == "error"; }

  JsonView body() const;
  // `src` exactly as it appeared, quotes included: a valid JSON string to address a reply to.
  std::string_view src_json() const;
  // The whole message as received.
  std::string_view json() const;
  // See JsonDocument::ReleaseMemory; the message is empty afterwards if it released anything.
  void ReleaseMemory(std::size_t max_bytes);

 private:
  friend struct internal::Access;
  std::unique_ptr<internal::MessageState> state_;  // null while empty
};

// The body of an outgoing message, written as JSON as it is built: `Body("echo_ok").Set("echo",
// v)`. `type` comes first; `msg_id` and `in_reply_to` are the node's to set, so Set refuses them.
// Values are anything WriteJson accepts: numbers, strings, booleans, views of received JSON, Json,
// containers and optionals of those.
class Body {
 public:
  explicit Body(std::string_view type);
  Body(const Body& other);
  Body& operator=(const Body& other);
  Body(Body&& other) noexcept;
  Body& operator=(Body&& other) noexcept;
  ~Body();

  template <JsonWritable T>
  Body& Set(std::string_view key, const T& value) & {
    AppendKey(key);
    // The usual values are written straight into the body; others through WriteJson.
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      if constexpr (std::is_signed_v<T>) {
        AppendInteger(static_cast<std::int64_t>(value));
      } else {
        AppendUnsigned(static_cast<std::uint64_t>(value));
      }
    } else if constexpr (std::is_same_v<T, JsonView>) {
      AppendValue(value);
    } else if constexpr (std::is_same_v<T, Json>) {
      AppendValue(value.view());
    } else if constexpr (JsonStringLike<T>) {
      AppendString(std::string_view(value));
    } else {
      AppendRaw(maelstrom::ToJson(value));
    }
    return *this;
  }
  template <JsonWritable T>
  Body&& Set(std::string_view key, const T& value) && {
    return std::move(Set(key, value));
  }

  std::string_view type() const;
  // The members written so far, without the braces: `"type":"echo_ok","echo":...`.
  std::string_view members() const;
  // The body as a JSON object.
  std::string ToJson() const;

 private:
  friend struct internal::Access;
  void AppendKey(std::string_view key);
  void AppendRaw(std::string_view json);
  void AppendValue(const JsonView& value);  // its source text, line breaks made spaces
  void AppendInteger(std::int64_t v);
  void AppendUnsigned(std::uint64_t v);
  void AppendString(std::string_view s);

  // The type and the members written so far (src/body_storage.h), kept inside this object
  // while they fit, as a reply's body usually does: building one allocates nothing.
  alignas(8) unsigned char storage_[256];
};

// The shape of a reply body that is its type and one member, {"type":TYPE,KEY:value}, made once
// for a handler that answers every request alike (unique-ids' generate_ok, echo's echo_ok).
// Node::Reply(request, shape, value) writes the same line as Node::Reply(request,
// Body(TYPE).Set(KEY, value)), but straight into the node's output from a template the node keeps
// per shape and destination: per reply only the value and in_reply_to are written. The key is
// checked as Body::Set checks it (std::invalid_argument for "type", "msg_id", "in_reply_to").
class ReplyShape {
 public:
  ReplyShape(std::string_view type, std::string_view key);

  std::string_view type() const { return type_; }
  // The body's members before the value: `"type":TYPE,KEY:`.
  std::string_view members_before_value() const { return before_value_; }

 private:
  friend struct internal::Access;
  std::string type_;
  std::string before_value_;
  // Tells shapes apart in a node's templates (copies share it: they are the same shape).
  std::uint64_t serial_;
};

}  // namespace maelstrom
