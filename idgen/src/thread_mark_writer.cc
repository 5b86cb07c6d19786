// The thread behind NewThreadMarkWriter.

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "idgen/mark_writer.h"

namespace idgen {

namespace {

class ThreadMarkWriter final : public MarkWriter {
 public:
  ThreadMarkWriter() : thread_([this] { Run(); }) {}
  ~ThreadMarkWriter() override {
    {
      std::lock_guard<std::mutex> l(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

  void Start(std::function<void()> write) override {
    {
      std::lock_guard<std::mutex> l(mu_);
      queue_.push_back(std::move(write));
    }
    cv_.notify_one();
  }

 private:
  void Run() {
    std::unique_lock<std::mutex> l(mu_);
    for (;;) {
      cv_.wait(l, [this] { return stop_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left that a generator waits for
      std::function<void()> write = std::move(queue_.front());
      queue_.pop_front();
      l.unlock();
      write();
      l.lock();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  bool stop_ = false;                        // guarded by mu_
  std::thread thread_;                       // last: started once the rest is ready
};

}  // namespace

std::unique_ptr<MarkWriter> NewThreadMarkWriter() { return std::make_unique<ThreadMarkWriter>(); }

}  // namespace idgen
