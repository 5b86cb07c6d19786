#include "runner/src/process.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "testing/temp_dir.h"

namespace glomers {
namespace {

using glomers::testing::TempDir;

TEST(ProcessTest, StartsInTheDirectoryWithArgumentsAndLogsStderr) {
  TempDir temp;
  const std::string& dir = temp.path();
  std::string error;
  auto p = ChildProcess::Spawn({"/bin/sh",
                                {"-c", "pwd; echo \"$0 $1\" >&2; read line; echo got:$line", "a1"},
                                dir,
                                dir + "/log"},
                               &error);
  ASSERT_TRUE(p.has_value()) << error;
  ASSERT_EQ(::write(p->stdin_fd(), "hello\n", 6), 6);
  std::string out;
  char buf[256];
  while (true) {
    pollfd pfd{p->stdout_fd(), POLLIN, 0};
    ::poll(&pfd, 1, 5000);
    ssize_t n = ::read(p->stdout_fd(), buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  char resolved[4096];
  ASSERT_NE(::realpath(dir.c_str(), resolved), nullptr);
  EXPECT_EQ(out, std::string(resolved) + "\ngot:hello\n");
  int status = p->KillAndReap();
  EXPECT_TRUE(WIFEXITED(status));
  std::ifstream log(dir + "/log");
  std::string line;
  std::getline(log, line);
  EXPECT_EQ(line, "a1 ");
}

TEST(ProcessTest, AMissingBinaryIsAClearError) {
  TempDir temp;
  const std::string& dir = temp.path();
  std::string error;
  auto p = ChildProcess::Spawn({"/nonexistent/node", {}, dir, dir + "/log"}, &error);
  EXPECT_FALSE(p.has_value());
  EXPECT_NE(error.find("cannot execute /nonexistent/node"), std::string::npos) << error;
  EXPECT_NE(error.find("No such file"), std::string::npos) << error;
}

TEST(ProcessTest, ExitIsSeenThroughThePidfd) {
  TempDir temp;
  const std::string& dir = temp.path();
  std::string error;
  auto p = ChildProcess::Spawn({"/bin/sh", {"-c", "exit 3"}, dir, dir + "/log"}, &error);
  ASSERT_TRUE(p.has_value()) << error;
  ASSERT_GE(p->pidfd(), 0);
  pollfd pfd{p->pidfd(), POLLIN, 0};
  ASSERT_EQ(::poll(&pfd, 1, 10000), 1);
  auto status = p->TryReap();
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(DescribeWaitStatus(*status), "exited with status 3");
  EXPECT_TRUE(p->reaped());
}

TEST(ProcessTest, StopContinueAndKill) {
  TempDir temp;
  const std::string& dir = temp.path();
  std::string error;
  auto p = ChildProcess::Spawn({"/bin/cat", {}, dir, dir + "/log"}, &error);
  ASSERT_TRUE(p.has_value()) << error;
  EXPECT_TRUE(p->Signal(SIGSTOP));
  EXPECT_TRUE(p->Signal(SIGCONT));
  EXPECT_FALSE(p->TryReap().has_value());
  EXPECT_TRUE(p->Signal(SIGSTOP));
  int status = p->KillAndReap();  // SIGKILL ends a stopped process too
  EXPECT_EQ(DescribeWaitStatus(status), "killed by signal 9 (Killed)");
  EXPECT_FALSE(p->Signal(SIGCONT));
}

}  // namespace
}  // namespace glomers
