// A node's handlers, by message type. Internal to the library.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "maelstrom/node.h"

namespace maelstrom::internal {

class HandlerTable {
 public:
  struct Handlers {
    Node::Handler sync;
    Node::AsyncHandler async;  // set instead of sync for coroutine handlers
  };

  // Registers (or replaces) the handlers of `type`. A replaced one is kept until the node goes:
  // a coroutine it started may still be running on its captures, and a handler may replace
  // itself while it runs.
  void Set(std::string type, Handlers handlers) {
    auto& slot = map_[std::move(type)];
    if (slot) retired_.push_back(std::move(slot));
    slot = std::make_unique<Handlers>(std::move(handlers));
    last_type_ = nullptr;
    last_ = nullptr;
  }

  // The handlers of `type`, or null. A stream of requests is mostly of one type, so the last one
  // found is kept, and looking it up again costs a compare, not a hash.
  const Handlers* Find(std::string_view type) {
    if (last_type_ != nullptr && *last_type_ == type) return last_;
    auto it = map_.find(type);
    if (it == map_.end()) return nullptr;
    last_type_ = &it->first;
    last_ = it->second.get();
    return last_;
  }

 private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::unique_ptr<Handlers>, StringHash, std::equal_to<>> map_;
  std::vector<std::unique_ptr<Handlers>> retired_;
  const std::string* last_type_ = nullptr;
  const Handlers* last_ = nullptr;
};

}  // namespace maelstrom::internal
