// A MarkWriter (idgen/mark_writer.h) that runs mark writes only when the test says so, on the
// test's thread: a test decides exactly when each write lands. Run every pending write before
// the generator that started them is destroyed, which waits for them.
#pragma once

#include <deque>
#include <functional>

#include "idgen/mark_writer.h"

namespace glomers::testing {

class ManualMarkWriter final : public idgen::MarkWriter {
 public:
  void Start(std::function<void()> write) override { queue_.push_back(std::move(write)); }
  size_t pending() const { return queue_.size(); }
  void RunAll() {
    while (!queue_.empty()) {
      auto write = std::move(queue_.front());
      queue_.pop_front();
      write();
    }
  }

 private:
  std::deque<std::function<void()>> queue_;
};

}  // namespace glomers::testing
