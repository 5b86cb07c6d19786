// The event loop over real streams: memory, pipes, and other threads posting work.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <string>
#include <thread>
#include <vector>

#include "maelstrom/node.h"
#include "maelstrom/transport.h"
#include "testing/node_harness.h"

namespace maelstrom {
namespace {

using namespace std::chrono_literals;
using testing::LogCapture;
using testing::SplitLines;
using Lines = std::vector<std::string>;

const std::string kInit =
    R"({"src":"c0","dest":"n0","body":{"type":"init","node_id":"n0","node_ids":["n0"],"msg_id":1}})";
const std::string kInitOk = R"({"src":"n0","dest":"c0","body":{"type":"init_ok","in_reply_to":1}})";

void AddEcho(Node& node) {
  node.On("echo",
          [&](const Message& m) { node.Reply(m, Body("echo_ok").Set("echo", m.body()["echo"])); });
}

std::string Echo(int i) {
  return R"({"src":"c1","dest":"n0","body":{"type":"echo","echo":)" + std::to_string(i) +
         R"(,"msg_id":)" + std::to_string(i) + "}}";
}
std::string EchoOk(int i) {
  return R"({"src":"n0","dest":"c1","body":{"type":"echo_ok","echo":)" + std::to_string(i) +
         R"(,"in_reply_to":)" + std::to_string(i) + "}}";
}

TEST(Run, ServesUntilInputEndsThenReturnsZero) {
  Node node;
  AddEcho(node);
  MemoryTransport t;
  // Lines split anywhere across reads, and a last line without its newline.
  std::string input = kInit + "\n" + Echo(1) + "\n" + Echo(2);
  t.Push(input.substr(0, 10));
  t.Push(input.substr(10, 100));
  t.Push(input.substr(110));
  t.Close();
  EXPECT_EQ(node.Run(t), 0);
  EXPECT_EQ(SplitLines(t.Output()), (Lines{kInitOk, EchoOk(1), EchoOk(2)}));
}

TEST(Run, RefusesALineOverTheSizeLimitAndGoesOn) {
  NodeOptions options;
  options.limits.max_bytes = 1000;
  Node node(options);
  AddEcho(node);
  MemoryTransport t;
  LogCapture log;
  t.Push(kInit + "\n" + R"({"src":"c1","dest":"n0","body":{"type":"echo","echo":")" +
         std::string(5000, 'x') + "\",\"msg_id\":7}}\n" + Echo(1) + "\n");
  t.Close();
  EXPECT_EQ(node.Run(t), 0);
  EXPECT_EQ(SplitLines(t.Output()), (Lines{kInitOk, EchoOk(1)}));
  EXPECT_TRUE(log.Contains("JSON text larger than 1000 bytes"));
}

TEST(Run, DiscardsALineOverTheSizeLimitWithoutBufferingIt) {
  // Through a pipe the long line arrives in pieces: the loop must drop it as it comes rather than
  // hold it all, then resume at the next line.
  int in[2], out[2];
  ASSERT_EQ(::pipe(in), 0);
  ASSERT_EQ(::pipe(out), 0);
  std::thread writer([fd = in[1]] {
    std::string input = kInit + "\n" + std::string(1 << 20, 'x') + "\n" + Echo(1) + "\n";
    for (std::string_view rest = input; !rest.empty();) {
      ssize_t n = ::write(fd, rest.data(), rest.size());
      if (n <= 0) break;
      rest.remove_prefix(static_cast<std::size_t>(n));
    }
    ::close(fd);
  });
  LogCapture log;
  {
    NodeOptions options;
    options.limits.max_bytes = 1000;
    Node node(options);
    AddEcho(node);
    FdTransport t(in[0], out[1]);
    EXPECT_EQ(node.Run(t), 0);
  }
  writer.join();
  ::close(in[0]);
  ::close(out[1]);
  std::string output;
  char buf[4096];
  for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) > 0;)
    output.append(buf, static_cast<std::size_t>(n));
  ::close(out[0]);
  EXPECT_EQ(SplitLines(output), (Lines{kInitOk, EchoOk(1)}));
  EXPECT_TRUE(log.Contains("dropping an input line longer than 1000 bytes"));
}

TEST(Run, TimersFireWhileWaitingForInput) {
  Node node;
  MemoryTransport t;
  node.OnInit([&] { node.After(1ms, [&] { node.Send("lin-kv", Body("tick")); }); });
  std::thread loop([&] { node.Run(t); });
  t.Push(kInit + "\n");
  std::string out = t.WaitForLines(2);
  t.Close();
  loop.join();
  EXPECT_EQ(SplitLines(out),
            (Lines{kInitOk, R"({"src":"n0","dest":"lin-kv","body":{"type":"tick"}})"}));
}

TEST(Run, OtherThreadsPostWorkToTheLoop) {
  Node node;
  AddEcho(node);
  MemoryTransport t;
  std::thread loop([&] { node.Run(t); });
  int counter = 0;  // touched only on the loop thread: ThreadSanitizer checks that
  std::vector<std::thread> posters;
  for (int p = 0; p < 4; ++p) {
    posters.emplace_back([&] {
      for (int i = 0; i < 500; ++i) node.Post([&] { ++counter; });
    });
  }
  for (int i = 1; i <= 50; ++i) t.Push(Echo(i) + "\n");
  for (auto& p : posters) p.join();
  // Stop is posted work too, and the loop may take posted work before input it has not read yet:
  // wait for the answers first, so the test does not race the loop.
  std::string out = t.WaitForLines(50);
  std::atomic<int> seen{-1};
  node.Post([&] {
    seen = counter;
    node.Stop();
  });
  loop.join();
  EXPECT_EQ(seen.load(), 2000);
  // Every echo was answered (with "not initialized": no init was sent), none lost.
  EXPECT_EQ(SplitLines(out).size(), 50u);
  EXPECT_EQ(SplitLines(t.Output()).size(), 50u);
}

TEST(Run, StopEndsTheLoop) {
  Node node;
  MemoryTransport t;
  std::thread loop([&] { EXPECT_EQ(node.Run(t), 0); });
  node.Stop();
  loop.join();
}

TEST(FdTransport, PassesLinesThroughPipes) {
  int in[2], out[2];
  ASSERT_EQ(::pipe(in), 0);
  ASSERT_EQ(::pipe(out), 0);
  std::string input = kInit + "\n" + Echo(1) + "\n";
  ASSERT_EQ(::write(in[1], input.data(), input.size()), static_cast<ssize_t>(input.size()));
  ::close(in[1]);
  {
    Node node;
    AddEcho(node);
    FdTransport t(in[0], out[1]);
    EXPECT_EQ(node.Run(t), 0);
  }
  ::close(in[0]);
  ::close(out[1]);
  std::string output;
  char buf[4096];
  for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) > 0;)
    output.append(buf, static_cast<std::size_t>(n));
  ::close(out[0]);
  EXPECT_EQ(SplitLines(output), (Lines{kInitOk, EchoOk(1)}));
}

TEST(FdTransport, AClosedReaderEndsRunWithStatusOne) {
  int in[2], out[2];
  ASSERT_EQ(::pipe(in), 0);
  ASSERT_EQ(::pipe(out), 0);
  ::close(out[0]);  // nobody will read what the node writes
  auto old = std::signal(SIGPIPE, SIG_IGN);
  std::string input = kInit + "\n";
  ASSERT_EQ(::write(in[1], input.data(), input.size()), static_cast<ssize_t>(input.size()));
  ::close(in[1]);
  LogCapture log;
  {
    Node node;
    FdTransport t(in[0], out[1]);
    EXPECT_EQ(node.Run(t), 1);
  }
  std::signal(SIGPIPE, old);
  ::close(in[0]);
  ::close(out[1]);
  EXPECT_TRUE(log.Contains("writing output failed"));
}

}  // namespace
}  // namespace maelstrom
