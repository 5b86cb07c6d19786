// The first messages of a test, for messages.svg: Maelstrom's network journal, kept only as far
// as Maelstrom draws it (the first 10,000 send and receive events; net/viz.clj's
// journal-limit). Beyond that it only counts, so recording costs the runner's hot path a
// comparison and an increment per message; the first events copy their bodies once.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace glomers {

class MessageJournal {
 public:
  static constexpr std::size_t kLimit = 10000;

  struct Event {
    std::int64_t id;   // the network's message id
    int src, dest;     // network addresses
    bool recv;         // false: sent
    std::string body;  // sends only
  };

  void Sent(std::int64_t id, int src, int dest, std::string_view body) {
    ++total_;
    if (events_.size() < kLimit) events_.push_back({id, src, dest, false, std::string(body)});
  }
  void Received(std::int64_t id, int src, int dest) {
    ++total_;
    if (events_.size() < kLimit) events_.push_back({id, src, dest, true, {}});
  }

  const std::vector<Event>& events() const { return events_; }
  // Every event, recorded or not.
  std::int64_t total() const { return total_; }
  bool truncated() const { return static_cast<std::size_t>(total_) > events_.size(); }

 private:
  std::vector<Event> events_;
  std::int64_t total_ = 0;
};

}  // namespace glomers
