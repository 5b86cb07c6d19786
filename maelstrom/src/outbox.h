// The one writer of a node's outgoing lines. Every message a node sends (a reply, an error, a
// send, a request) is written here as {"src":...,"dest":...,"body":{...}}, so one place decides
// each line's src, and no line is ever written without one.
//
// Before init names the node there is no src to write. Answers to requests go out anyway, from
// the name the request was addressed to: that is whom its sender believes it is talking to.
// Sends and requests wait here, in order, until Name gives the name, and then go out with it; a
// request whose RPC ends meanwhile (a timeout, a cancel) is forgotten, never sent. More than
// kMaxWaitingBytes of them make the next one throw Error code 11, so that a node that never gets
// init does not grow without bound.
//
// A line to a name Maelstrom does not know is as fatal: it stops reading the node (protocol
// §10). Whom it knows is not all visible from here (clients come and go, services are its own),
// but a node's name is n0, n1, ... and init lists them all: a send or request to an empty name
// or to a node name not in node_ids throws Error code 1 (node-not-found) instead, and one that
// waited for init is dropped when init shows it wrong. Internal to the library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "byte_buffer.h"
#include "format.h"

namespace maelstrom::internal {

class Outbox {
 public:
  static constexpr std::size_t kMaxWaitingBytes = std::size_t{1} << 20;

  // Gives the node its name and its peers' (again, after another init) and writes what waited
  // for them. Returns the msg_ids of the waiting requests dropped for a wrong destination.
  std::vector<std::int64_t> Name(std::string_view id, const std::vector<std::string>& node_ids);
  bool named() const { return !src_json_.empty(); }

  // Answers a request from `to_json` (a JSON string) that carried msg_id `in_reply_to`.
  // `addressed_json` is the request's dest, the src used while the node has no name (a request
  // addressed to no name, "" or none, is then not answered).
  void Reply(std::string_view to_json, std::string_view addressed_json, std::string_view members,
             std::int64_t in_reply_to);
  // The same line as Reply(to_json, addressed_json, before_value + value, in_reply_to), where
  // `value` is what `write_value` writes (at most `value_size` bytes, at the pointer it is given;
  // it returns how many), with the bytes up to the value copied from a template kept per
  // `shape` (a ReplyShape's serial) and destination.
  template <class WriteValue>
  void ReplyShaped(std::uint64_t shape, std::string_view before_value, std::string_view to_json,
                   std::string_view addressed_json, std::size_t value_size,
                   const WriteValue& write_value, std::int64_t in_reply_to);
  // A message to `dest` (a name, not JSON): a request when it has a msg_id. Waits while the node
  // has no name; throws Error 1 for a wrong destination, Error 11 when too much waits.
  void Send(std::string_view dest, std::string_view members, std::optional<std::int64_t> msg_id);
  // The request with this msg_id, if it still waits for the name, will never be sent.
  void Forget(std::int64_t msg_id);
  std::size_t waiting() const { return waiting_.size(); }

  // What was written and not yet taken: whole lines, each ending in '\n'.
  std::string_view view() const { return out_.view(); }
  bool empty() const { return out_.empty(); }
  // Empties the output; memory over `keep` bytes (after a huge message) goes back.
  void Clear(std::size_t keep) { out_.Clear(keep); }

 private:
  struct Waiting {
    std::string dest;
    std::string dest_json;
    std::string members;
    std::optional<std::int64_t> msg_id;
  };
  // The envelope, written once for every kind of message. `id_key` is `,"in_reply_to":` or
  // `,"msg_id":`, or empty for a message without an id.
  void Write(std::string_view src_json, std::string_view dest_json, std::string_view members,
             std::string_view id_key, std::int64_t id);

  // A reply's bytes up to its value, `{"src":...,"dest":...,"body":{` and the members before the
  // value, for one shape and destination. The table is direct-mapped and small: a node answers
  // a few clients at a time, and one that answers more only rebuilds templates more often.
  struct Template {
    std::uint64_t shape = 0;  // 0: empty
    std::string dest_json;
    std::string head;
  };
  static constexpr int kTemplateBits = 6;
  static constexpr std::size_t kTemplates = std::size_t{1} << kTemplateBits;
  const std::string& Head(std::uint64_t shape, std::string_view before_value,
                          std::string_view to_json);
  // A reply of a shape before init named the node: through Reply, from a string.
  void ReplyUnnamed(std::string_view before_value, std::string_view value, std::string_view to_json,
                    std::string_view addressed_json, std::int64_t in_reply_to);

  // Why `dest` cannot be sent to, or empty if it may be.
  std::string WrongDestination(std::string_view dest) const;

  std::string src_json_;  // the node's name as a JSON string; empty until init
  std::vector<std::string> node_ids_;
  ByteBuffer<4096> out_;
  std::vector<Waiting> waiting_;
  std::size_t waiting_bytes_ = 0;
  std::vector<Template> templates_;  // kTemplates of them once a shape is used
};

inline const std::string& Outbox::Head(std::uint64_t shape, std::string_view before_value,
                                       std::string_view to_json) {
  // A hash of the destination's bytes (a client's name is a few of them) and the shape.
  // (FNV-1a, then a multiplication whose top bits depend on every bit: names that differ in one
  // byte land apart.)
  std::uint64_t h = shape;
  for (char c : to_json) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
  h = (h ^ (h >> 32)) * 0x9E3779B97F4A7C15ull;
  if (templates_.empty()) [[unlikely]] {
    templates_.resize(kTemplates);
  }
  Template& t = templates_[h >> (64 - kTemplateBits)];
  if (t.shape != shape || t.dest_json.size() != to_json.size() ||
      std::memcmp(t.dest_json.data(), to_json.data(), to_json.size()) != 0) [[unlikely]] {
    t.shape = shape;
    t.dest_json.assign(to_json);
    t.head.clear();
    t.head.append(R"({"src":)").append(src_json_).append(R"(,"dest":)").append(to_json);
    t.head.append(R"(,"body":{)").append(before_value);
  }
  return t.head;
}

template <class WriteValue>
void Outbox::ReplyShaped(std::uint64_t shape, std::string_view before_value,
                         std::string_view to_json, std::string_view addressed_json,
                         std::size_t value_size, const WriteValue& write_value,
                         std::int64_t in_reply_to) {
  constexpr std::string_view kInReplyTo = R"(,"in_reply_to":)";
  if (!named()) [[unlikely]] {
    std::string value(value_size, '\0');
    value.resize(write_value(value.data()));
    ReplyUnnamed(before_value, value, to_json, addressed_json, in_reply_to);
    return;
  }
  const std::string& head = Head(shape, before_value, to_json);
  char* begin = out_.Reserve(head.size() + value_size + kInReplyTo.size() + kMaxIntegerDigits + 3);
  char* p = begin;
  CopyBytes(p, head.data(), head.size());
  p += head.size();
  p += write_value(p);
  CopyBytes(p, kInReplyTo.data(), kInReplyTo.size());
  p += kInReplyTo.size();
  p += WriteSigned(in_reply_to, p);
  std::memcpy(p, "}}\n", 3);
  out_.Commit(static_cast<std::size_t>(p + 3 - begin));
}

}  // namespace maelstrom::internal
