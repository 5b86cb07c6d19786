// A real node process that sends before init (early_sender_node.cc): its stdout stays empty
// until init, then carries every message with the right src, in order.
#include <poll.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>

#include "testing/subprocess.h"

namespace {

using glomers::testing::Subprocess;

// Reads the child's stderr until it holds `needle`; false after 20 s or at its end.
bool WaitForLog(Subprocess& node, std::string& log, const std::string& needle) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (log.find(needle) == std::string::npos) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    pollfd p{node.stderr_fd(), POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char chunk[4096];
    ssize_t n = ::read(node.stderr_fd(), chunk, sizeof chunk);
    if (n <= 0) return false;
    log.append(chunk, static_cast<std::size_t>(n));
  }
  return true;
}

TEST(BeforeInitProcess, NothingReachesStdoutBeforeInitThenEverythingWithTheName) {
  Subprocess node({EARLY_SENDER_NODE_BIN});
  std::string log;
  ASSERT_TRUE(WaitForLog(node, log, "gossiped three times")) << log;
  // The loop writes its output each round, and it has gone round since the sends: whatever the
  // node wrote would be there by now.
  EXPECT_EQ(node.ReadLine(std::chrono::milliseconds(0)), std::nullopt);
  node.WriteLine(
      R"({"src":"c0","dest":"n0","body":{"type":"init","node_id":"n0","node_ids":["n0","n1"],"msg_id":1}})");
  // The write's msg_id comes from the clock (see Node::Rpc): read it off the line.
  const std::string write =
      R"({"src":"n0","dest":"lin-kv","body":{"type":"write","key":"k","value":1,"msg_id":)";
  std::optional<std::string> first = node.ReadLine();
  ASSERT_TRUE(first.has_value());
  ASSERT_EQ(first->substr(0, write.size()), write) << *first;
  std::string msg_id = first->substr(write.size(), first->size() - write.size() - 2);
  EXPECT_EQ(first->substr(write.size() + msg_id.size()), "}}");
  ASSERT_FALSE(msg_id.empty());
  EXPECT_EQ(msg_id.find_first_not_of("0123456789"), std::string::npos) << msg_id;
  const char* expected[] = {
      R"({"src":"n0","dest":"n1","body":{"type":"gossip","tick":1}})",
      R"({"src":"n0","dest":"n1","body":{"type":"gossip","tick":2}})",
      R"({"src":"n0","dest":"n1","body":{"type":"gossip","tick":3}})",
      R"({"src":"n0","dest":"c0","body":{"type":"init_ok","in_reply_to":1}})",
  };
  for (const char* line : expected) EXPECT_EQ(node.ReadLine(), line);
  node.WriteLine(R"({"src":"lin-kv","dest":"n0","body":{"type":"write_ok","in_reply_to":)" +
                 msg_id + "}}");
  EXPECT_TRUE(WaitForLog(node, log, "write done")) << log;
  node.CloseStdin();
  EXPECT_EQ(node.ReadAllStdout(), "");
  EXPECT_EQ(node.ExitCode(), 0);
}

}  // namespace
