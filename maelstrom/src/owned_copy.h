// Copying the state a public class keeps behind a pointer (JsonDocument, Message). Internal to
// the library.
#pragma once

#include <memory>

namespace maelstrom::internal {

// A deep copy of what `p` owns; null stays null.
template <class T>
std::unique_ptr<T> CopyOwned(const std::unique_ptr<T>& p) {
  return p ? std::make_unique<T>(*p) : nullptr;
}

// Copies what `from` owns into `to`, reusing `to`'s object (and so its memory) when it has one.
template <class T>
void AssignOwned(std::unique_ptr<T>& to, const std::unique_ptr<T>& from) {
  if (!from) {
    to.reset();
  } else if (to) {
    *to = *from;
  } else {
    to = std::make_unique<T>(*from);
  }
}

}  // namespace maelstrom::internal
