// The event loop: input read in chunks and handled line by line, timers, what other threads
// post, and output written once per round.
#include <csignal>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <cstring>
#include <exception>
#include <span>
#include <vector>

#include "log_failure.h"
#include "maelstrom/log.h"
#include "maelstrom/transport.h"
#include "node_core.h"

namespace maelstrom {

int Node::Run() {
  std::signal(SIGPIPE, SIG_IGN);  // a closed stdout is an error to report, not a death
  FdTransport transport = FdTransport::Stdio();
  return Run(transport);
}

namespace internal {

void NodeCore::Post(std::function<void()> fn) {
  std::lock_guard lock(mailbox_.mu);
  mailbox_.posted.push_back(std::move(fn));
  mailbox_.has_posted.store(true, std::memory_order_release);
  if (mailbox_.transport) mailbox_.transport->Wake();
}

void NodeCore::RunPosted() {
  if (!mailbox_.has_posted.load(std::memory_order_acquire)) return;
  std::vector<std::function<void()>> batch;
  {
    std::lock_guard lock(mailbox_.mu);
    batch.swap(mailbox_.posted);
    mailbox_.has_posted.store(false, std::memory_order_relaxed);
  }
  for (auto& fn : batch) {
    try {
      fn();
    } catch (...) {
      LogFailure("posted function", std::current_exception());
    }
  }
}

void NodeCore::Stop() {
  mailbox_.stop.store(true);
  std::lock_guard lock(mailbox_.mu);
  if (mailbox_.transport) mailbox_.transport->Wake();
}

int NodeCore::Run(Transport& transport) {
  {
    std::lock_guard lock(mailbox_.mu);
    mailbox_.transport = &transport;
  }
  // Input is read straight into this buffer and handled in place; it grows only for a line
  // longer than it, up to the size limit.
  constexpr std::size_t kReadSize = 64 * 1024;
  std::vector<char> in(2 * kReadSize);
  std::size_t head = 0, tail = 0;  // unhandled input is in[head, tail)
  bool discarding = false;         // inside a line over the size limit, until its newline
  bool at_end = false;
  int status = 0;
  while (!mailbox_.stop.load()) {
    RunPosted();
    timers_.RunDue();

    while (const void* nl = std::memchr(in.data() + head, '\n', tail - head)) {
      std::size_t end = static_cast<std::size_t>(static_cast<const char*>(nl) - in.data());
      if (!discarding) HandleLine(std::string_view(in.data() + head, end - head));
      discarding = false;
      head = end + 1;
    }
    if (tail - head > limits_.max_bytes) {
      if (!discarding) {
        MAELSTROM_LOG(kError, "dropping an input line longer than ", limits_.max_bytes, " bytes");
      }
      discarding = true;
      head = tail;
    }
    if (at_end && !discarding && tail > head) {
      HandleLine(std::string_view(in.data() + head, tail - head));  // a last line, no newline
      head = tail;
    }

    if (!outbox_.empty()) {
      if (!transport.Write(outbox_.view())) {
        status = 1;
        break;
      }
      outbox_.Clear(kKeptMemory);
    }
    if (huge_line_seen_ && head == tail) {
      // Everything a huge line made the node take is free now; hand it back to the system
      // (glibc keeps freed heap memory otherwise).
      if (in.size() > kKeptMemory) std::vector<char>(2 * kReadSize).swap(in);
#if defined(__GLIBC__)
      ::malloc_trim(0);
#endif
      huge_line_seen_ = false;
    }
    if (at_end) break;

    if (head == tail) {
      head = tail = 0;
    } else if (in.size() - tail < kReadSize) {
      std::memmove(in.data(), in.data() + head, tail - head);
      tail -= head;
      head = 0;
      if (in.size() - tail < kReadSize) in.resize(in.size() * 2);
    }
    std::optional<Duration> timeout;
    if (auto deadline = timers_.NextDeadline()) timeout = *deadline - clock_->Now();
    if (mailbox_.has_posted.load(std::memory_order_acquire)) timeout = Duration::zero();
    std::size_t got = 0;
    auto read = transport.Read(std::span<char>(in.data() + tail, in.size() - tail), &got, timeout);
    tail += got;
    if (read == Transport::ReadStatus::kEnd) at_end = true;
  }
  std::lock_guard lock(mailbox_.mu);
  mailbox_.transport = nullptr;
  return status;
}

}  // namespace internal

}  // namespace maelstrom
