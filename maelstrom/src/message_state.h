// What a Message holds: the parse of its line and the envelope read from it. Its accessors are
// inline, for the node's hot path (the node reaches them through Access). Internal to the
// library.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "envelope.h"
#include "json_tape.h"
#include "maelstrom/message.h"

namespace maelstrom::internal {

class MessageState {
 public:
  // See Message::Parse. `scan` false skips the one-pass reader (envelope.h), for the tests that
  // compare the two ways of reading a line.
  bool Parse(std::string_view line, MalformedMessage* malformed, const JsonLimits& limits,
             bool scan = true);

  std::string_view src() const { return Text(src_); }
  std::string_view dest() const { return Text(dest_); }
  std::string_view type() const { return Text(type_); }
  std::optional<std::int64_t> msg_id() const { return msg_id_; }
  std::optional<std::int64_t> in_reply_to() const { return in_reply_to_; }
  // src and dest exactly as they appeared, quotes included: valid JSON strings.
  std::string_view src_json() const { return tape_.raw(src_.index); }
  std::string_view dest_json() const { return tape_.raw(dest_.index); }
  const Tape& tape() const { return tape_; }
  std::uint32_t body_index() const { return body_index_; }
  void ReleaseMemory(std::size_t max_bytes) { tape_.ReleaseMemory(max_bytes); }

 private:
  // A string field: a slice of the text when it has no escapes (the common case, no copy), else
  // its decoded form.
  struct Field {
    std::uint32_t index = 0;            // of its value on the tape
    std::uint32_t begin = 0, size = 0;  // the slice of the text, when plain
    std::string decoded;
    bool plain = true;
  };
  std::string_view Text(const Field& f) const {
    return f.plain ? tape_.text().substr(f.begin, f.size) : std::string_view(f.decoded);
  }
  void SetField(Field& f, std::uint32_t index);
  // Checks and reads the envelope found on the tape.
  bool Read(const EnvelopeSlots& slots, MalformedMessage* malformed);

  Tape tape_;
  std::uint32_t body_index_ = 0;
  Field src_, dest_, type_;
  std::optional<std::int64_t> msg_id_, in_reply_to_;
};

}  // namespace maelstrom::internal
