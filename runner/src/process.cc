#include "runner/src/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

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

}  // namespace

std::optional<ChildProcess> ChildProcess::Spawn(const SpawnSpec& spec, std::string* error) {
  int in[2] = {-1, -1}, out[2] = {-1, -1}, status[2] = {-1, -1};
  auto fail = [&](const std::string& what) {
    if (error) *error = what + ": " + std::strerror(errno);
    for (int* fd : {&in[0], &in[1], &out[0], &out[1], &status[0], &status[1]}) CloseFd(*fd);
    return std::nullopt;
  };
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 ||
      ::pipe2(status, O_CLOEXEC) != 0) {
    return fail("cannot create pipes");
  }
  int log = ::open(spec.log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) return fail("cannot open " + spec.log_path);

  // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
  std::vector<std::string> argv_storage;
  argv_storage.push_back(spec.bin);
  argv_storage.insert(argv_storage.end(), spec.args.begin(), spec.args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t parent = ::getpid();

  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log);
    return fail("cannot fork");
  }
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(log, 2);
    int err = 0;
    if (::chdir(spec.dir.c_str()) != 0) {
      err = errno;
    } else {
      ::execv(argv[0], argv.data());
      err = errno;
    }
    ssize_t ignored = ::write(status[1], &err, sizeof err);
    (void)ignored;
    ::_exit(127);
  }

  ::close(log);
  CloseFd(in[0]);
  CloseFd(out[1]);
  CloseFd(status[1]);
  int child_errno = 0;
  ssize_t n;
  do {
    n = ::read(status[0], &child_errno, sizeof child_errno);
  } while (n < 0 && errno == EINTR);
  CloseFd(status[0]);
  if (n == static_cast<ssize_t>(sizeof child_errno)) {
    int ignored_status;
    ::waitpid(pid, &ignored_status, 0);
    errno = child_errno;
    return fail("cannot execute " + spec.bin + " in " + spec.dir);
  }

  ChildProcess p;
  p.pid_ = pid;
  p.stdin_fd_ = in[1];
  p.stdout_fd_ = out[0];
  ::fcntl(p.stdin_fd_, F_SETFL, ::fcntl(p.stdin_fd_, F_GETFL) | O_NONBLOCK);
  ::fcntl(p.stdout_fd_, F_SETFL, ::fcntl(p.stdout_fd_, F_GETFL) | O_NONBLOCK);
  p.pidfd_ = OpenPidfd(pid);
  return p;
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept { *this = std::move(other); }

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    Release();
    pid_ = std::exchange(other.pid_, -1);
    stdin_fd_ = std::exchange(other.stdin_fd_, -1);
    stdout_fd_ = std::exchange(other.stdout_fd_, -1);
    pidfd_ = std::exchange(other.pidfd_, -1);
    reaped_ = std::exchange(other.reaped_, false);
  }
  return *this;
}

ChildProcess::~ChildProcess() { Release(); }

void ChildProcess::Release() {
  if (pid_ > 0 && !reaped_) KillAndReap();
  CloseFd(stdin_fd_);
  CloseFd(stdout_fd_);
  CloseFd(pidfd_);
  pid_ = -1;
}

bool ChildProcess::Signal(int signal) const {
  if (pid_ <= 0 || reaped_) return false;
  return ::kill(pid_, signal) == 0;
}

std::optional<int> ChildProcess::TryReap() {
  if (pid_ <= 0 || reaped_) return std::nullopt;
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid_, &status, WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r != pid_) return std::nullopt;
  reaped_ = true;
  CloseFd(pidfd_);
  return status;
}

int ChildProcess::KillAndReap() {
  if (pid_ <= 0 || reaped_) return 0;
  ::kill(pid_, SIGKILL);
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid_, &status, 0);
  } while (r < 0 && errno == EINTR);
  reaped_ = true;
  CloseFd(pidfd_);
  return status;
}

void ChildProcess::CloseStdin() { CloseFd(stdin_fd_); }
void ChildProcess::CloseStdout() { CloseFd(stdout_fd_); }

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
