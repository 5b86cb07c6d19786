// A Maelstrom message as a node receives it, and the body of one it sends.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include "maelstrom/internal/byte_buffer.h"
#include "maelstrom/json.h"

namespace maelstrom {

// Why a line is not a valid message, and what of it could still be read: a node answers a
// malformed request with code 12 when it knows whom to answer (src) and what (msg_id).
struct MalformedMessage {
  std::string reason;
  std::optional<std::string> src;
  std::optional<std::string> dest;
  std::optional<std::int64_t> msg_id;

  bool answerable() const { return src.has_value() && msg_id.has_value(); }
};

// A validated envelope: `src` and `dest` are strings, `body` an object whose `type` is a string,
// and `msg_id` and `in_reply_to`, when present, integers that fit in 64 signed bits (0 included).
// Unknown keys are ignored at every level; on duplicate keys the last one wins.
//
// Parse borrows the line; a copy of a Message owns its text, so a coroutine handler may keep one
// across suspensions.
class Message {
 public:
  Message() = default;
  Message(const Message& other) = default;
  Message& operator=(const Message& other) = default;
  Message(Message&& other) noexcept = default;
  Message& operator=(Message&& other) noexcept = default;

  // Parses `line` (which must outlive this message, or be copied with it). On failure returns
  // false and fills `malformed`.
  bool Parse(std::string_view line, MalformedMessage* malformed, const JsonLimits& limits = {});
  // Parses and throws JsonError on a malformed line: for tests and tools.
  static Message FromJson(std::string_view line);

  std::string_view src() const { return Text(src_); }
  std::string_view dest() const { return Text(dest_); }
  std::string_view type() const { return Text(type_); }
  std::optional<std::int64_t> msg_id() const { return msg_id_; }
  std::optional<std::int64_t> in_reply_to() const { return in_reply_to_; }
  bool is_reply() const { return in_reply_to_.has_value(); }
  // For a reply of type "error": its code and text.
  bool is_error() const { return type() == "error"; }

  JsonView body() const { return JsonView(&doc_, body_index_); }
  // `src` exactly as it appeared, quotes included: a valid JSON string to address a reply to.
  std::string_view src_json() const;
  // The whole message as received.
  std::string_view json() const { return doc_.text(); }
  // See JsonDocument::ReleaseMemory; the message is empty afterwards if it released anything.
  void ReleaseMemory(std::size_t max_bytes) { doc_.ReleaseMemory(max_bytes); }

 private:
  // A string field: a slice of the text when it has no escapes (the common case, no copy), else
  // its decoded form.
  struct Field {
    std::uint32_t index = 0;            // of its value in the document
    std::uint32_t begin = 0, size = 0;  // the slice of the text, when plain
    std::string decoded;
    bool plain = true;
  };
  std::string_view Text(const Field& f) const {
    return f.plain ? doc_.text().substr(f.begin, f.size) : std::string_view(f.decoded);
  }
  void SetField(Field& f, std::uint32_t index);

  JsonDocument doc_;
  std::uint32_t body_index_ = 0;
  Field src_, dest_, type_;
  std::optional<std::int64_t> msg_id_, in_reply_to_;
};

// The body of an outgoing message, written as JSON as it is built: `Body("echo_ok").Set("echo",
// v)`. `type` comes first; `msg_id` and `in_reply_to` are the node's to set, so Set refuses them.
// Values are anything WriteJson accepts: numbers, strings, booleans, views of received JSON, Json,
// containers and optionals of those.
class Body {
 public:
  explicit Body(std::string_view type);

  template <JsonWritable T>
  Body& Set(std::string_view key, const T& value) & {
    AppendKey(key);
    // The usual values are written straight into the body; others through WriteJson.
    if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::nullptr_t>) {
      AppendRaw(maelstrom::ToJson(value));
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      AppendInteger(static_cast<std::int64_t>(value));
    } else if constexpr (std::is_integral_v<T>) {
      AppendUnsigned(static_cast<std::uint64_t>(value));
    } else if constexpr (std::is_same_v<T, JsonView>) {
      AppendJsonText(value.raw());
    } else if constexpr (std::is_same_v<T, Json>) {
      AppendJsonText(value.text());
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

  std::string_view type() const { return type_; }
  // The members written so far, without the braces: `"type":"echo_ok","echo":...`.
  std::string_view members() const { return members_.view(); }
  // The body as a JSON object.
  std::string ToJson() const { return "{" + std::string(members()) + "}"; }

 private:
  void AppendKey(std::string_view key);
  void AppendRaw(std::string_view json) { members_.Append(json); }
  // Parsed JSON text, with line breaks in its whitespace made spaces (see AppendJsonText in
  // json.h: a reply must stay on one line).
  void AppendJsonText(std::string_view text);
  void AppendInteger(std::int64_t v);
  void AppendUnsigned(std::uint64_t v);
  void AppendString(std::string_view s);

  std::string type_;
  // Replies are small: the usual body never leaves this object.
  internal::ByteBuffer<192> members_;
};

}  // namespace maelstrom
