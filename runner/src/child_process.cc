#include "runner/src/child_process.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <utility>

extern char** environ;

namespace glomers {

namespace {

void CloseFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

int OpenPidfd(pid_t pid) {
#ifdef SYS_pidfd_open
  long fd = ::syscall(SYS_pidfd_open, pid, 0);
  if (fd >= 0) {
    ::fcntl(static_cast<int>(fd), F_SETFD, FD_CLOEXEC);
    return static_cast<int>(fd);
  }
#endif
  (void)pid;
  return -1;
}

// Everything the child does between vfork and exec, prepared beforehand: it shares this
// process's memory, so it may only make system calls.
struct ChildPlan {
  int fds[3] = {-1, -1, -1};  // what becomes its stdin, stdout, stderr (-1: leave as is)
  bool close[3] = {false, false, false};
  const char* dir = nullptr;
  char* const* argv = nullptr;
  char* const* envp = nullptr;
  bool die_with_parent = false;
  pid_t parent = 0;
  int status_fd = -1;  // gets errno if exec fails
};

[[noreturn]] void RunChild(const ChildPlan& plan) {
  if (plan.die_with_parent) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != plan.parent) ::_exit(127);
  }
  // Caught signals back to their defaults before they are unblocked: a handler of this process
  // must not run in the child. SIGPIPE too, which the runner ignores and a node must not.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig == SIGKILL || sig == SIGSTOP) continue;
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) != 0) continue;
    if (old.sa_handler == SIG_DFL || (old.sa_handler == SIG_IGN && sig != SIGPIPE)) continue;
    ::sigaction(sig, &dfl, nullptr);
  }
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int target = 0; target < 3; ++target) {
    if (plan.fds[target] >= 0) ::dup2(plan.fds[target], target);
    if (plan.close[target]) ::close(target);
  }
  int err = 0;
  if (plan.dir != nullptr && ::chdir(plan.dir) != 0) {
    err = errno;
  } else {
    ::execve(plan.argv[0], plan.argv, plan.envp);
    err = errno;
  }
  ssize_t ignored = ::write(plan.status_fd, &err, sizeof err);
  (void)ignored;
  ::_exit(127);
}

// vfork in a function of its own, so that nothing of the caller's lives across it.
pid_t Start(const ChildPlan& plan) {
  // Every signal blocked while the child shares our memory: unblocked in the child only once its
  // handlers are reset.
  sigset_t all, old;
  sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &old);
  pid_t pid = ::vfork();
  if (pid == 0) RunChild(plan);
  int saved = errno;
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  errno = saved;
  return pid;
}

// The environment: ours, with `env` set over it.
std::vector<std::string> Environment(const std::vector<std::pair<std::string, std::string>>& env) {
  std::vector<std::string> out;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view entry(*e);
    bool replaced = false;
    for (const auto& [key, value] : env) {
      replaced = replaced || (entry.size() > key.size() && entry.substr(0, key.size()) == key &&
                              entry[key.size()] == '=');
    }
    if (!replaced) out.emplace_back(entry);
  }
  for (const auto& [key, value] : env) out.push_back(key + "=" + value);
  return out;
}

}  // namespace

namespace {

// The descriptors a spawn opens: per stream the child's end and ours (pipes), or the file the
// child gets; and the pipe on which the child says that exec failed.
struct Descriptors {
  int child[3] = {-1, -1, -1};
  int ours[3] = {-1, -1, -1};
  int status[2] = {-1, -1};
  void CloseAll() {
    for (int i = 0; i < 3; ++i) CloseFd(child[i]), CloseFd(ours[i]);
    CloseFd(status[0]);
    CloseFd(status[1]);
  }
};

// Opens what stream `i` (0, 1, 2) needs; false and what failed in `what` (errno set) if it cannot.
bool OpenStream(const SpawnOptions::Stream& s, int i, bool nonblocking, Descriptors& d,
                std::string* what) {
  using Kind = SpawnOptions::Stream::Kind;
  auto failed = [&](std::string text) {
    int saved = errno;
    *what = std::move(text);
    errno = saved;
    return false;
  };
  switch (s.kind) {
    case Kind::kInherit:
    case Kind::kClosed:
      return true;
    case Kind::kPipe: {
      int p[2];
      if (::pipe2(p, O_CLOEXEC) != 0) return failed("cannot create pipes");
      d.child[i] = i == 0 ? p[0] : p[1];
      d.ours[i] = i == 0 ? p[1] : p[0];
      if (nonblocking) ::fcntl(d.ours[i], F_SETFL, ::fcntl(d.ours[i], F_GETFL) | O_NONBLOCK);
      return true;
    }
    case Kind::kNull:
      d.child[i] = ::open("/dev/null", (i == 0 ? O_RDONLY : O_WRONLY) | O_CLOEXEC);
      return d.child[i] >= 0 || failed("cannot open /dev/null");
    case Kind::kRead:
    case Kind::kWrite:
    case Kind::kAppend: {
      int flags = s.kind == Kind::kRead    ? O_RDONLY
                  : s.kind == Kind::kWrite ? O_WRONLY | O_CREAT | O_TRUNC
                                           : O_WRONLY | O_CREAT | O_APPEND;
      d.child[i] = ::open(s.path.c_str(), flags | O_CLOEXEC, 0644);
      return d.child[i] >= 0 || failed("cannot open " + s.path);
    }
  }
  return true;
}

// Once vfork has returned, the child has executed the program (the pipe closed) or failed (it
// wrote errno, and exited). Returns that errno, or 0.
int ExecError(int status_fd, pid_t pid) {
  int child_errno = 0;
  ssize_t n;
  do {
    n = ::read(status_fd, &child_errno, sizeof child_errno);
  } while (n < 0 && errno == EINTR);
  if (n != static_cast<ssize_t>(sizeof child_errno)) return 0;
  int ignored;
  while (::waitpid(pid, &ignored, 0) < 0 && errno == EINTR) {
  }
  return child_errno;
}

}  // namespace

std::optional<ChildProcess> ChildProcess::Spawn(const SpawnOptions& options, std::string* error) {
  Descriptors d;
  auto fail = [&](const std::string& what) {
    if (error) *error = what + ": " + std::strerror(errno);
    int saved = errno;
    d.CloseAll();
    errno = saved;
    return std::nullopt;
  };
  if (options.argv.empty()) {
    errno = EINVAL;
    return fail("no program to start");
  }
  const SpawnOptions::Stream* streams[3] = {&options.in, &options.out, &options.err};
  std::string what;
  for (int i = 0; i < 3; ++i) {
    if (!OpenStream(*streams[i], i, options.nonblocking, d, &what)) return fail(what);
  }
  if (::pipe2(d.status, O_CLOEXEC) != 0) return fail("cannot create pipes");

  std::vector<std::string> argv_storage = options.argv;
  std::vector<std::string> env_storage = Environment(options.env);
  std::vector<char*> argv, envp;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);
  ChildPlan plan;
  for (int i = 0; i < 3; ++i) {
    plan.fds[i] = d.child[i];
    plan.close[i] = streams[i]->kind == SpawnOptions::Stream::Kind::kClosed;
  }
  plan.dir = options.dir.empty() ? nullptr : options.dir.c_str();
  plan.argv = argv.data();
  plan.envp = envp.data();
  plan.die_with_parent = options.die_with_parent;
  plan.parent = ::getpid();
  plan.status_fd = d.status[1];

  pid_t pid = Start(plan);
  if (pid < 0) return fail("cannot start a process");
  for (int i = 0; i < 3; ++i) CloseFd(d.child[i]);
  CloseFd(d.status[1]);
  if (int exec_errno = ExecError(d.status[0], pid)) {
    errno = exec_errno;
    return fail("cannot execute " + options.argv[0] +
                (options.dir.empty() ? std::string() : " in " + options.dir));
  }
  CloseFd(d.status[0]);
  ChildProcess child;
  child.pid_ = pid;
  child.stdin_fd_ = d.ours[0];
  child.stdout_fd_ = d.ours[1];
  child.stderr_fd_ = d.ours[2];
  if (options.pidfd) child.pidfd_ = OpenPidfd(pid);
  return child;
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept { *this = std::move(other); }

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    Release();
    pid_ = std::exchange(other.pid_, -1);
    stdin_fd_ = std::exchange(other.stdin_fd_, -1);
    stdout_fd_ = std::exchange(other.stdout_fd_, -1);
    stderr_fd_ = std::exchange(other.stderr_fd_, -1);
    pidfd_ = std::exchange(other.pidfd_, -1);
    status_ = std::exchange(other.status_, std::nullopt);
  }
  return *this;
}

ChildProcess::~ChildProcess() { Release(); }

void ChildProcess::Close(int& fd) { CloseFd(fd); }

void ChildProcess::Release() {
  if (pid_ > 0 && !status_) KillAndReap();
  CloseFd(stdin_fd_);
  CloseFd(stdout_fd_);
  CloseFd(stderr_fd_);
  CloseFd(pidfd_);
  pid_ = -1;
}

bool ChildProcess::Signal(int signal) const {
  if (pid_ <= 0 || status_) return false;
  return ::kill(pid_, signal) == 0;
}

std::optional<int> ChildProcess::TryReap() {
  if (pid_ <= 0 || status_) return std::nullopt;
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid_, &status, WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r != pid_) return std::nullopt;
  status_ = status;
  CloseFd(pidfd_);
  return status;
}

int ChildProcess::Wait(rusage* usage) {
  if (pid_ <= 0) return 0;
  if (status_) return *status_;
  int status = 0;
  rusage ignored{};
  while (::wait4(pid_, &status, 0, usage ? usage : &ignored) < 0 && errno == EINTR) {
  }
  status_ = status;
  CloseFd(pidfd_);
  return status;
}

int ChildProcess::KillAndReap() {
  if (pid_ <= 0) return 0;
  if (status_) return *status_;
  ::kill(pid_, SIGKILL);
  return Wait();
}

std::string DescribeWaitStatus(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    const char* name = ::strsignal(sig);
    return "killed by signal " + std::to_string(sig) + (name ? std::string(" (") + name + ")" : "");
  }
  return "ended with wait status " + std::to_string(status);
}

}  // namespace glomers
