// Node::Run on the real stdin and stdout of a process.
#include <gtest/gtest.h>

#include <string>

#include "testing/subprocess.h"

namespace {

using glomers::testing::Subprocess;

TEST(Stdio, StrayPrintsInHandlersGoToStderrNotTheProtocolStream) {
  Subprocess node({STRAY_STDOUT_NODE_BIN});
  node.WriteLine(
      R"({"src":"c0","dest":"n0","body":{"type":"init","node_id":"n0","node_ids":["n0"],"msg_id":1}})");
  node.WriteLine(R"({"src":"c1","dest":"n0","body":{"type":"echo","echo":1,"msg_id":1}})");
  node.CloseStdin();
  EXPECT_EQ(node.ReadAllStdout(),
            R"({"src":"n0","dest":"c0","body":{"type":"init_ok","in_reply_to":1}})"
            "\n"
            R"({"src":"n0","dest":"c1","body":{"type":"echo_ok","echo":1,"in_reply_to":1}})"
            "\n");
  std::string log = node.ReadAllStderr();
  EXPECT_NE(log.find("debug: got an echo"), std::string::npos) << log;
  EXPECT_NE(log.find("printf debug"), std::string::npos) << log;
  EXPECT_EQ(node.ExitCode(), 0);
}

}  // namespace
