// A node's process: started with fork/exec in the test's shared working directory, stdin and
// stdout on pipes (non-blocking, for the event loop), stderr appended straight to its log file
// (so a chatty node never waits on the runner), and a pidfd that becomes readable when it exits.
// The child dies with the runner (PR_SET_PDEATHSIG), so no node outlives a test.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace glomers {

struct SpawnSpec {
  std::string bin;  // absolute path
  std::vector<std::string> args;
  std::string dir;
  std::string log_path;  // stderr, appended
};

class ChildProcess {
 public:
  // Starts the process. On failure (cannot create pipes, cannot execute the binary) returns
  // nullopt and says why in `error`.
  static std::optional<ChildProcess> Spawn(const SpawnSpec& spec, std::string* error);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  // Closes the pipes; kills and reaps the process if still unreaped.
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  int stdin_fd() const { return stdin_fd_; }
  int stdout_fd() const { return stdout_fd_; }
  int pidfd() const { return pidfd_; }  // -1 if the kernel has no pidfd_open

  bool Signal(int signal) const;
  // Reaps the process if it has exited; returns its wait status.
  std::optional<int> TryReap();
  // SIGKILL (also wakes a stopped process) and wait for it; returns its wait status.
  int KillAndReap();
  bool reaped() const { return reaped_; }
  void CloseStdin();
  void CloseStdout();

 private:
  ChildProcess() = default;
  void Release();

  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  int pidfd_ = -1;
  bool reaped_ = false;
};

// "exited with status 3", "killed by signal 9 (Killed)".
std::string DescribeWaitStatus(int status);

}  // namespace glomers
