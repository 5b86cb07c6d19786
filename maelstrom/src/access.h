// How the library's own code reaches what its public classes keep private (the parse of a view, a
// message's state, a body's storage) without a call: the only friend those classes have. Internal
// to the library.
#pragma once

#include <cstdint>
#include <new>

#include "body_storage.h"
#include "json_tape.h"
#include "maelstrom/json.h"
#include "maelstrom/message.h"

namespace maelstrom::internal {

class MessageState;

struct Access {
  static JsonView View(const Tape* tape, std::uint32_t index) { return JsonView(tape, index); }
  static const Tape* TapeOf(const JsonView& v) { return v.tape_; }
  static std::uint32_t IndexOf(const JsonView& v) { return v.index_; }

  // Null while the message is empty.
  static const MessageState* State(const Message& m) { return m.state_.get(); }

  static BodyStorage& Storage(Body& b) {
    return *std::launder(reinterpret_cast<BodyStorage*>(b.storage_));
  }
  static const BodyStorage& Storage(const Body& b) {
    return *std::launder(reinterpret_cast<const BodyStorage*>(b.storage_));
  }
  static std::uint64_t Serial(const ReplyShape& shape) { return shape.serial_; }
  static constexpr std::size_t kBodyStorageSize = sizeof(Body::storage_);
  static constexpr std::size_t kBodyStorageAlign = alignof(Body);
};

static_assert(sizeof(BodyStorage) <= Access::kBodyStorageSize, "Body::storage_ is too small");
static_assert(alignof(BodyStorage) <= Access::kBodyStorageAlign, "Body::storage_ is misaligned");

}  // namespace maelstrom::internal
