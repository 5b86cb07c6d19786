// The one child-process helper: what the child gets (arguments, directory, environment, streams,
// signals), how its end is seen, and that a program that cannot run is Spawn's error.
#include "runner/src/child_process.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "testing/temp_dir.h"

namespace glomers {
namespace {

using glomers::testing::TempDir;

std::string ReadAll(int fd) {
  std::string out;
  char buf[256];
  while (true) {
    pollfd pfd{fd, POLLIN, 0};
    ::poll(&pfd, 1, 5000);
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EAGAIN) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

std::string FileText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// As the runner starts a node.
SpawnOptions NodeLike(std::vector<std::string> argv, const std::string& dir) {
  SpawnOptions o;
  o.argv = std::move(argv);
  o.dir = dir;
  o.err = SpawnOptions::Stream::Append(dir + "/log");
  o.die_with_parent = true;
  o.nonblocking = true;
  o.pidfd = true;
  return o;
}

TEST(ChildProcessTest, StartsInTheDirectoryWithArgumentsAndLogsStderr) {
  TempDir temp;
  const std::string& dir = temp.path();
  std::string error;
  auto p = ChildProcess::Spawn(
      NodeLike({"/bin/sh", "-c", "pwd; echo \"$0 $1\" >&2; read line; echo got:$line", "a1"}, dir),
      &error);
  ASSERT_TRUE(p.has_value()) << error;
  ASSERT_EQ(::write(p->stdin_fd(), "hello\n", 6), 6);
  std::string out = ReadAll(p->stdout_fd());
  char resolved[4096];
  ASSERT_NE(::realpath(dir.c_str(), resolved), nullptr);
  EXPECT_EQ(out, std::string(resolved) + "\ngot:hello\n");
  int status = p->KillAndReap();
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(FileText(dir + "/log"), "a1 \n");
}

TEST(ChildProcessTest, AMissingBinaryIsAClearError) {
  TempDir temp;
  const std::string& dir = temp.path();
  std::string error;
  auto p = ChildProcess::Spawn(NodeLike({"/nonexistent/node"}, dir), &error);
  EXPECT_FALSE(p.has_value());
  EXPECT_NE(error.find("cannot execute /nonexistent/node in " + dir), std::string::npos) << error;
  EXPECT_NE(error.find("No such file"), std::string::npos) << error;
  auto q = ChildProcess::Spawn(NodeLike({"/bin/true"}, dir + "/missing-dir"), &error);
  EXPECT_FALSE(q.has_value());
  EXPECT_NE(error.find("No such file"), std::string::npos) << error;
  SpawnOptions unwritable;
  unwritable.argv = {"/bin/true"};
  unwritable.out = SpawnOptions::Stream::Write("/nonexistent/dir/out");
  EXPECT_FALSE(ChildProcess::Spawn(unwritable, &error).has_value());
  EXPECT_NE(error.find("cannot open /nonexistent/dir/out"), std::string::npos) << error;
}

TEST(ChildProcessTest, ExitIsSeenThroughThePidfd) {
  TempDir temp;
  std::string error;
  auto p = ChildProcess::Spawn(NodeLike({"/bin/sh", "-c", "exit 3"}, temp.path()), &error);
  ASSERT_TRUE(p.has_value()) << error;
  ASSERT_GE(p->pidfd(), 0);
  pollfd pfd{p->pidfd(), POLLIN, 0};
  ASSERT_EQ(::poll(&pfd, 1, 10000), 1);
  auto status = p->TryReap();
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(DescribeWaitStatus(*status), "exited with status 3");
  EXPECT_TRUE(p->reaped());
  EXPECT_EQ(p->pidfd(), -1);
  EXPECT_EQ(p->Wait(), *status);  // reaped once, asked again
}

TEST(ChildProcessTest, StopContinueAndKill) {
  TempDir temp;
  std::string error;
  auto p = ChildProcess::Spawn(NodeLike({"/bin/cat"}, temp.path()), &error);
  ASSERT_TRUE(p.has_value()) << error;
  EXPECT_TRUE(p->Signal(SIGSTOP));
  EXPECT_TRUE(p->Signal(SIGCONT));
  EXPECT_FALSE(p->TryReap().has_value());
  EXPECT_TRUE(p->Signal(SIGSTOP));
  int status = p->KillAndReap();  // SIGKILL ends a stopped process too
  EXPECT_EQ(DescribeWaitStatus(status), "killed by signal 9 (Killed)");
  EXPECT_FALSE(p->Signal(SIGCONT));
}

TEST(ChildProcessTest, FilesEnvironmentAndClosedStreams) {
  TempDir temp;
  const std::string& dir = temp.path();
  { std::ofstream(dir + "/in") << "from a file\n"; }
  ::setenv("GLOMERS_CHILD_TEST_KEPT", "kept", 1);
  ::setenv("GLOMERS_CHILD_TEST_SET", "old", 1);
  SpawnOptions o;
  o.argv = {"/bin/sh", "-c",
            "read l; echo \"$l $GLOMERS_CHILD_TEST_KEPT $GLOMERS_CHILD_TEST_SET\"; echo err >&2"};
  o.env = {{"GLOMERS_CHILD_TEST_SET", "new"}};
  o.in = SpawnOptions::Stream::Read(dir + "/in");
  o.out = SpawnOptions::Stream::Write(dir + "/out");
  o.err = SpawnOptions::Stream::Null();
  std::string error;
  auto p = ChildProcess::Spawn(o, &error);
  ::unsetenv("GLOMERS_CHILD_TEST_KEPT");
  ::unsetenv("GLOMERS_CHILD_TEST_SET");
  ASSERT_TRUE(p.has_value()) << error;
  EXPECT_EQ(p->stdin_fd(), -1);
  EXPECT_EQ(p->stdout_fd(), -1);
  rusage usage{};
  EXPECT_EQ(DescribeWaitStatus(p->Wait(&usage)), "exited with status 0");
  EXPECT_GT(usage.ru_maxrss, 0);
  EXPECT_EQ(FileText(dir + "/out"), "from a file kept new\n");

  // A closed stream is closed in the child: writing to it fails there.
  SpawnOptions closed;
  closed.argv = {"/bin/sh", "-c", "if echo x >&1; then echo open >&2; else echo closed >&2; fi"};
  closed.out = SpawnOptions::Stream::Closed();
  closed.err = SpawnOptions::Stream::Pipe();
  auto q = ChildProcess::Spawn(closed, &error);
  ASSERT_TRUE(q.has_value()) << error;
  EXPECT_NE(ReadAll(q->stderr_fd()).find("closed"), std::string::npos);
  q->Wait();
}

TEST(ChildProcessTest, TheChildStartsWithEverySignalAtItsDefault) {
  // The runner ignores SIGPIPE and a test may catch signals: none of that reaches a node.
  auto old_pipe = ::signal(SIGPIPE, SIG_IGN);
  auto old_usr1 = ::signal(SIGUSR1, [](int) {});
  sigset_t blocked, old_mask;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGUSR2);
  ::pthread_sigmask(SIG_BLOCK, &blocked, &old_mask);
  SpawnOptions o;
  o.argv = {"/bin/cat", "/proc/self/status"};
  std::string error;
  auto p = ChildProcess::Spawn(o, &error);
  ::pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  ::signal(SIGUSR1, old_usr1);
  ::signal(SIGPIPE, old_pipe);
  ASSERT_TRUE(p.has_value()) << error;
  // (Caught signals are the program's own business: exec resets them anyway.)
  std::string status = ReadAll(p->stdout_fd());
  EXPECT_NE(status.find("\nSigBlk:\t0000000000000000\n"), std::string::npos) << status;
  EXPECT_NE(status.find("\nSigIgn:\t0000000000000000\n"), std::string::npos) << status;
  p->Wait();
}

}  // namespace
}  // namespace glomers
