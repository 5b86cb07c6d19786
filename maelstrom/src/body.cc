// Body: an outgoing message's body, written as JSON as it is built; and ReplyShape, the fixed part
// of one.
#include <atomic>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>

#include "access.h"
#include "body_storage.h"
#include "format.h"
#include "json_tape.h"
#include "maelstrom/message.h"
#include "scan.h"

namespace maelstrom {

using internal::Access;
using internal::BodyStorage;

namespace {
internal::ByteBuffer<192>& Members(Body& b) { return Access::Storage(b).members; }
}  // namespace

Body::Body(std::string_view type) {
  // Default-initialized, not value-initialized: `BodyStorage{}` would zero the inline bytes.
  auto* storage = new (storage_) BodyStorage;
  storage->type.assign(type);
  storage->members.Append(R"("type":)");
  AppendString(type);
}

Body::Body(const Body& other) { new (storage_) BodyStorage(Access::Storage(other)); }

Body::Body(Body&& other) noexcept { new (storage_) BodyStorage(std::move(Access::Storage(other))); }

Body& Body::operator=(const Body& other) {
  Access::Storage(*this) = Access::Storage(other);
  return *this;
}

Body& Body::operator=(Body&& other) noexcept {
  Access::Storage(*this) = std::move(Access::Storage(other));
  return *this;
}

Body::~Body() { Access::Storage(*this).~BodyStorage(); }

std::string_view Body::type() const { return Access::Storage(*this).type; }

std::string_view Body::members() const { return Access::Storage(*this).members.view(); }

std::string Body::ToJson() const { return "{" + std::string(members()) + "}"; }

void Body::AppendString(std::string_view s) {
  auto& members = Members(*this);
  const auto* begin = reinterpret_cast<const unsigned char*>(s.data());
  if (s.size() <= 256 && internal::IsPlainAscii(begin, begin + s.size())) {
    // Names, keys, most values: nothing to escape.
    char* out = members.Reserve(s.size() + 2);
    out[0] = '"';
    internal::CopyBytes(out + 1, s.data(), s.size());
    out[s.size() + 1] = '"';
    members.Commit(s.size() + 2);
    return;
  }
  std::string escaped;
  WriteJsonString(escaped, s);
  members.Append(escaped);
}

void Body::AppendRaw(std::string_view json) { Members(*this).Append(json); }

void Body::AppendValue(const JsonView& value) {
  auto& members = Members(*this);
  std::string_view text = value.raw();
  char* out = members.Reserve(text.size());
  internal::CopyBytes(out, text.data(), text.size());
  internal::BlankLineBreaks(out, text.size());
  members.Commit(text.size());
}

void Body::AppendInteger(std::int64_t v) {
  auto& members = Members(*this);
  members.Commit(internal::WriteSigned(v, members.Reserve(internal::kMaxIntegerDigits)));
}

void Body::AppendUnsigned(std::uint64_t v) {
  auto& members = Members(*this);
  members.Commit(internal::WriteUnsigned(v, members.Reserve(internal::kMaxIntegerDigits)));
}

void Body::AppendKey(std::string_view key) {
  if (key == "type" || key == "msg_id" || key == "in_reply_to") {
    throw std::invalid_argument("Body::Set: \"" + std::string(key) +
                                "\" is set by the node, not by the handler");
  }
  auto& members = Members(*this);
  members.Append(',');
  AppendString(key);
  members.Append(':');
}

}  // namespace maelstrom

// --- ReplyShape --------------------------------------------------------------------------------

namespace maelstrom {

namespace {
std::atomic<std::uint64_t> next_shape_serial{1};
}  // namespace

ReplyShape::ReplyShape(std::string_view type, std::string_view key)
    : type_(type), serial_(next_shape_serial.fetch_add(1, std::memory_order_relaxed)) {
  // Body writes the members, so that the two ways of replying cannot write them differently.
  Body body(type);
  body.Set(key, Json());  // written "null"
  std::string_view members = body.members();
  before_value_ = members.substr(0, members.size() - 4);  // without the "null"
}

}  // namespace maelstrom
