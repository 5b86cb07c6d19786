// Starting a program as a child process: the one helper the runner (its nodes), every test suite
// (testing/subprocess.h) and the benchmarks use. A library of its own (glomers_child_process),
// with no dependency on the runner.
//
//   SpawnOptions o;
//   o.argv = {"/path/to/node", "arg"};
//   o.out = Stream::Pipe();
//   o.err = Stream::Append("node.log");
//   auto child = ChildProcess::Spawn(o, &error);
//
// The child is started with vfork, so that starting one costs the same from a runner holding
// gigabytes of history as from a small one (fork copies the page tables: 35 ms at 1 GiB here),
// and Spawn returns only once it has executed the program: a program that cannot be executed is
// an error of Spawn ("cannot execute ..."), never a child that exits 127. The child starts with
// every signal at its default action and none blocked, as a node under Maelstrom's JVM does
// (SIGPIPE included, which the runner itself ignores).
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace glomers {

struct SpawnOptions {
  // Where a standard stream of the child goes.
  struct Stream {
    enum class Kind { kInherit, kPipe, kNull, kClosed, kRead, kWrite, kAppend };
    Kind kind = Kind::kInherit;
    std::string path;  // kRead (stdin from a file), kWrite (truncated), kAppend

    static Stream Inherit() { return {}; }
    static Stream Pipe() { return {Kind::kPipe, {}}; }
    static Stream Null() { return {Kind::kNull, {}}; }
    // Closed in the child (to test how a program copes with that).
    static Stream Closed() { return {Kind::kClosed, {}}; }
    static Stream Read(std::string p) { return {Kind::kRead, std::move(p)}; }
    static Stream Write(std::string p) { return {Kind::kWrite, std::move(p)}; }
    static Stream Append(std::string p) { return {Kind::kAppend, std::move(p)}; }
  };

  std::vector<std::string> argv;  // argv[0] is the program's path (no PATH search)
  // Set in the child's environment (over this process's own, which it otherwise inherits).
  std::vector<std::pair<std::string, std::string>> env;
  std::string dir;  // the child's working directory; empty: this process's
  Stream in = Stream::Pipe(), out = Stream::Pipe(), err = Stream::Inherit();
  bool die_with_parent = false;  // SIGKILL the child if this process dies (PR_SET_PDEATHSIG)
  bool nonblocking = false;      // this process's ends of the pipes are O_NONBLOCK
  bool pidfd = false;            // a descriptor that becomes readable when the child exits
};

class ChildProcess {
 public:
  // Starts the child. On failure (pipes, files, the program) returns nullopt and says why.
  static std::optional<ChildProcess> Spawn(const SpawnOptions& options, std::string* error);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  // Closes the pipes; kills and reaps the child if it is still unreaped.
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  // This process's ends of the pipes, -1 for a stream that is not a pipe (or was closed).
  int stdin_fd() const { return stdin_fd_; }
  int stdout_fd() const { return stdout_fd_; }
  int stderr_fd() const { return stderr_fd_; }
  int pidfd() const { return pidfd_; }  // -1 unless asked for (or the kernel has none)
  void CloseStdin() { Close(stdin_fd_); }
  void CloseStdout() { Close(stdout_fd_); }
  void CloseStderr() { Close(stderr_fd_); }

  bool Signal(int signal) const;
  // Reaps the child if it has exited; its wait status.
  std::optional<int> TryReap();
  // Waits for the child to exit; its wait status, and its resource use if asked.
  int Wait(rusage* usage = nullptr);
  // SIGKILL (which also ends a stopped child), then Wait.
  int KillAndReap();
  bool reaped() const { return status_.has_value(); }

 private:
  ChildProcess() = default;
  static void Close(int& fd);
  void Release();

  pid_t pid_ = -1;
  int stdin_fd_ = -1, stdout_fd_ = -1, stderr_fd_ = -1, pidfd_ = -1;
  std::optional<int> status_;
};

// "exited with status 3", "killed by signal 9 (Killed)".
std::string DescribeWaitStatus(int status);

}  // namespace glomers
