// What a Body keeps inside itself (message.h): its type and the members written so far. Internal
// to the library.
#pragma once

#include <new>
#include <string>

#include "byte_buffer.h"
#include "maelstrom/message.h"

namespace maelstrom::internal {

struct BodyStorage {
  std::string type;
  // Replies are small: the usual body never leaves the Body.
  ByteBuffer<192> members;
};

}  // namespace maelstrom::internal
