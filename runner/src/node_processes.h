// The test's node processes: each started in the test's shared working directory, stdin and
// stdout on non-blocking pipes watched by the event loop, stderr appended straight to its log
// file (so a chatty node never waits on the runner), a pidfd that tells when it exits, and
// death with the runner (no node outlives a test).
//
// Messages for a node are buffered and written when the loop settles, in one write per node;
// a node that does not read (busy, or paused) is written to again when its pipe has room. What
// a node writes is read a bounded amount at a time (so that one that writes without pause cannot
// starve the others) and handed to its NodeOutput reader; what the lines mean is the observer's
// business, as is a node that exits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runner/src/child_process.h"
#include "runner/src/event_loop.h"
#include "runner/src/node_output.h"

namespace glomers {

enum class NodeStatus { kRunning, kPaused, kKilled, kCrashed };

class NodeProcesses final : public EventLoop::Handler, public EventLoop::Task {
 public:
  class Observer {
   public:
    virtual ~Observer() = default;
    // A message; returns why it cannot be taken (see NodeOutput::Sink), or empty.
    virtual std::string OnMessage(std::size_t node, std::string_view line, const NodeLine& message,
                                  Nanos now) = 0;
    // A line that is not a message; the node is no longer read.
    virtual void OnInvalidLine(std::size_t node, std::string_view line, const std::string& reason,
                               Nanos now) = 0;
    // A line that was taken had lint (see NodeOutput::Sink).
    virtual void OnLint(std::size_t node, LintSet kinds, std::string_view line,
                        std::uint64_t number) = 0;
    // The node exited on its own (not killed): its wait status.
    virtual void OnExit(std::size_t node, int status, Nanos now) = 0;
  };

  struct Spec {
    std::string bin;  // absolute path
    std::vector<std::string> args;
    std::string dir;       // the working directory every node shares
    std::string logs_dir;  // NAME.log for each node's stderr
  };

  NodeProcesses(EventLoop& loop, Spec spec, std::vector<std::string> names, Observer& observer);
  NodeProcesses(const NodeProcesses&) = delete;
  NodeProcesses& operator=(const NodeProcesses&) = delete;

  std::size_t size() const { return nodes_.size(); }
  const std::string& name(std::size_t node) const { return nodes_[node].name; }
  const std::string& log_path(std::size_t node) const { return nodes_[node].log_path; }
  NodeStatus status(std::size_t node) const { return nodes_[node].status; }
  // Whether messages for it are still taken (it runs or is paused, and has not closed stdin).
  bool accepting(std::size_t node) const;

  // Starts (or restarts, after Kill) the node's process, and marks the start in its log with a
  // line of its own, "=== glomers: n1 started (pid 123) at 5.600 s ===" (`test_time`: since the
  // test began; nullopt before, "before the test"), so that a restart shows in the log. The mark
  // is appended once the process exists; a node that writes at once may get a line in first.
  bool Start(std::size_t node, std::string* error, std::optional<Nanos> test_time = std::nullopt);
  // The nemesis's faults. Each returns false if the node was not in a state to take it.
  bool Kill(std::size_t node);
  bool Pause(std::size_t node);
  bool Resume(std::size_t node);
  // The node could not be restarted, or exited on its own.
  void MarkCrashed(std::size_t node);
  // Kills every process (the end of the test), first noticing any that exited on its own
  // (unless the test is being abandoned).
  void StopAll(Nanos now, bool notice_exits = true);

  // Queues for the node's stdin what `write(std::string&)` appends (built in place), unless the
  // node does not take messages. Returns whether it was queued.
  template <class F>
  bool Append(std::size_t node, F&& write) {
    if (!accepting(node)) return false;
    Node& n = nodes_[node];
    write(n.out);
    if (!n.dirty) {
      n.dirty = true;
      dirty_.push_back(node);
    }
    return true;
  }

  // EventLoop::Task: writes what was queued, once the loop settles.
  bool RunDue(Nanos) override { return false; }
  std::optional<Nanos> NextDue(Nanos) const override { return std::nullopt; }
  void Settle() override;
  // EventLoop::Handler.
  void OnReady(std::uint64_t tag, Nanos now) override;

 private:
  enum Event : std::uint64_t { kStdout = 0, kStdin = 1, kExit = 2 };
  struct Node {
    std::string name;
    std::string log_path;
    std::optional<ChildProcess> process;
    NodeStatus status = NodeStatus::kRunning;
    EventLoop::Watch stdout_watch, stdin_watch, exit_watch;
    bool stdin_open = false;
    NodeOutput output;
    std::string out;  // stdin not yet written
    std::size_t out_offset = 0;
    bool dirty = false;
  };
  class Lines;

  void Read(std::size_t node, Nanos now, bool drain);
  void Flush(std::size_t node);
  void Reap(std::size_t node, Nanos now);
  void Stop(std::size_t node);
  static void MarkStart(const Node& n, std::optional<Nanos> test_time);

  EventLoop& loop_;
  Spec spec_;
  Observer& observer_;
  std::vector<Node> nodes_;
  std::vector<std::size_t> dirty_;
  std::vector<char> read_buffer_;
};

// The last `count` lines of a file (each cut at 500 bytes), for crash reports.
std::vector<std::string> TailLines(const std::string& path, std::size_t count);

}  // namespace glomers
