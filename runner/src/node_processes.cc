#include "runner/src/node_processes.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <deque>
#include <fstream>

namespace glomers {

namespace {
constexpr std::size_t kReadChunk = 64 * 1024;
}  // namespace

// Hands a node's lines to the observer, with the node and the time.
class NodeProcesses::Lines final : public NodeOutput::Sink {
 public:
  Lines(Observer& observer, std::size_t node, Nanos now)
      : observer_(observer), node_(node), now_(now) {}
  std::string OnMessage(std::string_view line, const NodeLine& message) override {
    return observer_.OnMessage(node_, line, message, now_);
  }
  void OnInvalid(std::string_view line, const std::string& reason) override {
    observer_.OnInvalidLine(node_, line, reason, now_);
  }
  void OnLint(LintSet kinds, std::string_view line, std::uint64_t number) override {
    observer_.OnLint(node_, kinds, line, number);
  }

 private:
  Observer& observer_;
  std::size_t node_;
  Nanos now_;
};

NodeProcesses::NodeProcesses(EventLoop& loop, Spec spec, std::vector<std::string> names,
                             Observer& observer)
    : loop_(loop), spec_(std::move(spec)), observer_(observer), read_buffer_(kReadChunk) {
  nodes_.resize(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    nodes_[i].log_path = spec_.logs_dir + "/" + names[i] + ".log";
    nodes_[i].name = std::move(names[i]);
  }
}

bool NodeProcesses::accepting(std::size_t node) const {
  const Node& n = nodes_[node];
  return n.process && n.stdin_open &&
         (n.status == NodeStatus::kRunning || n.status == NodeStatus::kPaused);
}

bool NodeProcesses::Start(std::size_t node, std::string* error, std::optional<Nanos> test_time) {
  Node& n = nodes_[node];
  SpawnOptions o;
  o.argv.push_back(spec_.bin);
  o.argv.insert(o.argv.end(), spec_.args.begin(), spec_.args.end());
  o.dir = spec_.dir;
  o.err = SpawnOptions::Stream::Append(n.log_path);
  o.die_with_parent = true;
  o.nonblocking = true;
  o.pidfd = true;
  auto process = ChildProcess::Spawn(o, error);
  if (!process) return false;
  n.process = std::move(*process);
  MarkStart(n, test_time);
  n.status = NodeStatus::kRunning;
  n.stdin_open = true;
  n.output.Reset();
  n.out.clear();
  n.out_offset = 0;
  n.stdout_watch = loop_.Add(n.process->stdout_fd(), EPOLLIN, this, node << 2 | kStdout);
  if (n.process->pidfd() >= 0) {
    n.exit_watch = loop_.Add(n.process->pidfd(), EPOLLIN, this, node << 2 | kExit);
  }
  return true;
}

void NodeProcesses::MarkStart(const Node& n, std::optional<Nanos> test_time) {
  char when[48] = "before the test";
  if (test_time) {
    std::snprintf(when, sizeof when, "at %.3f s", static_cast<double>(*test_time) / 1e9);
  }
  std::FILE* log = std::fopen(n.log_path.c_str(), "a");
  if (log == nullptr) return;  // the node's own stderr goes there all the same
  std::fprintf(log, "=== glomers: %s started (pid %d) %s ===\n", n.name.c_str(),
               static_cast<int>(n.process->pid()), when);
  std::fclose(log);
}

bool NodeProcesses::Kill(std::size_t node) {
  Node& n = nodes_[node];
  if (n.status != NodeStatus::kRunning && n.status != NodeStatus::kPaused) return false;
  n.status = NodeStatus::kKilled;
  Stop(node);
  return true;
}

bool NodeProcesses::Pause(std::size_t node) {
  Node& n = nodes_[node];
  if (n.status != NodeStatus::kRunning || !n.process || !n.process->Signal(SIGSTOP)) return false;
  n.status = NodeStatus::kPaused;
  return true;
}

bool NodeProcesses::Resume(std::size_t node) {
  Node& n = nodes_[node];
  if (n.status != NodeStatus::kPaused) return false;
  if (n.process) n.process->Signal(SIGCONT);
  n.status = NodeStatus::kRunning;
  return true;
}

void NodeProcesses::MarkCrashed(std::size_t node) {
  nodes_[node].status = NodeStatus::kCrashed;
  Stop(node);
}

void NodeProcesses::StopAll(Nanos now, bool notice_exits) {
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    Node& n = nodes_[i];
    if (!n.process) continue;
    // Exited on its own without our noticing yet? Then it crashed.
    bool up = n.status == NodeStatus::kRunning || n.status == NodeStatus::kPaused;
    if (up && notice_exits) Reap(i, now);
    Stop(i);
  }
}

void NodeProcesses::OnReady(std::uint64_t tag, Nanos now) {
  std::size_t node = tag >> 2;
  switch (static_cast<Event>(tag & 3)) {
    case kStdout:
      Read(node, now, false);
      break;
    case kStdin:
      Flush(node);
      break;
    case kExit:
      Read(node, now, true);  // what it wrote before it exited still counts
      Reap(node, now);
      break;
  }
}

void NodeProcesses::Read(std::size_t node, Nanos now, bool drain) {
  Node& n = nodes_[node];
  if (!n.process || n.stdout_watch.fd < 0) return;
  Lines lines(observer_, node, now);
  // At most 1 MiB at a time (epoll is level-triggered: the loop comes back). Draining an exited
  // node's pipe stops at 64 MiB, in case something it left behind still writes to it.
  const int max_reads = drain ? 1024 : 16;
  bool open = true;
  for (int reads = 0; reads < max_reads; ++reads) {
    ssize_t got = ::read(n.stdout_watch.fd, read_buffer_.data(), read_buffer_.size());
    if (got > 0) {
      open = n.output.Feed(std::string_view(read_buffer_.data(), static_cast<std::size_t>(got)),
                           lines);
      if (!open || static_cast<std::size_t>(got) < read_buffer_.size()) break;
      continue;
    }
    if (got < 0 && (errno == EAGAIN || errno == EINTR)) break;
    // End of output (the node exited or closed stdout): readLine still returns a last line
    // without its line break.
    if (got == 0) n.output.End(lines);
    open = false;
    break;
  }
  if (!open) loop_.Remove(n.stdout_watch);
}

void NodeProcesses::Settle() {
  for (std::size_t node : dirty_) {
    nodes_[node].dirty = false;
    Flush(node);
  }
  dirty_.clear();
}

void NodeProcesses::Flush(std::size_t node) {
  Node& n = nodes_[node];
  if (!n.process || !n.stdin_open) return;
  int fd = n.process->stdin_fd();
  while (n.out_offset < n.out.size()) {
    ssize_t wrote = ::write(fd, n.out.data() + n.out_offset, n.out.size() - n.out_offset);
    if (wrote > 0) {
      n.out_offset += static_cast<std::size_t>(wrote);
      continue;
    }
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0 && errno == EAGAIN) {
      // The node is not reading (busy, or paused): wait until its pipe has room.
      if (n.stdin_watch.fd < 0) n.stdin_watch = loop_.Add(fd, EPOLLOUT, this, node << 2 | kStdin);
      return;
    }
    // The node closed stdin or died; its exit is noticed through its pidfd.
    n.stdin_open = false;
    break;
  }
  n.out.clear();
  n.out_offset = 0;
  loop_.Remove(n.stdin_watch);
}

void NodeProcesses::Reap(std::size_t node, Nanos now) {
  Node& n = nodes_[node];
  if (!n.process) return;
  auto status = n.process->TryReap();
  if (!status) return;
  // It exited on its own: a crash, as Maelstrom sees it.
  n.status = NodeStatus::kCrashed;
  Stop(node);
  observer_.OnExit(node, *status, now);
}

void NodeProcesses::Stop(std::size_t node) {
  Node& n = nodes_[node];
  loop_.Remove(n.stdout_watch);
  loop_.Remove(n.stdin_watch);
  loop_.Remove(n.exit_watch);
  if (!n.process) return;
  n.process->KillAndReap();
  n.process.reset();
  n.stdin_open = false;
  n.out.clear();
  n.out_offset = 0;
}

std::vector<std::string> TailLines(const std::string& path, std::size_t count) {
  std::ifstream in(path);
  std::deque<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    lines.push_back(line.size() > 500 ? line.substr(0, 500) + "..." : line);
    if (lines.size() > count) lines.pop_front();
  }
  return {lines.begin(), lines.end()};
}

}  // namespace glomers
