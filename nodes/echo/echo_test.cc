// The echo binary, as Maelstrom runs it: lines on stdin, lines on stdout.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <string>

#include "testing/subprocess.h"

namespace {

using glomers::testing::Subprocess;

const char* kInit =
    R"({"id":0,"src":"c0","dest":"n0","body":{"type":"init","node_id":"n0","node_ids":["n0"],"msg_id":1}})";

TEST(EchoBinary, AnswersInitAndEchoWithExactlyTheRightLines) {
  Subprocess node({ECHO_BIN});
  node.WriteLine(kInit);
  node.WriteLine(
      R"({"id":1,"src":"c1","dest":"n0","body":{"echo":"Please echo 35","type":"echo","msg_id":1}})");
  node.CloseStdin();
  EXPECT_EQ(
      node.ReadAllStdout(),
      R"({"src":"n0","dest":"c0","body":{"type":"init_ok","in_reply_to":1}})"
      "\n"
      R"({"src":"n0","dest":"c1","body":{"type":"echo_ok","echo":"Please echo 35","in_reply_to":1}})"
      "\n");
  EXPECT_EQ(node.ExitCode(), 0);  // stdin closed: it finishes and exits cleanly
}

TEST(EchoBinary, SurvivesHostileLinesAndKeepsAnswering) {
  Subprocess node({ECHO_BIN});
  node.WriteLine(kInit);
  node.WriteLine("garbage");
  node.WriteLine(std::string(100000, '['));
  node.WriteLine(
      "{\"src\":\"c1\",\"dest\":\"n0\",\"body\":{\"type\":\"echo\",\"echo\":\"\xFF\",\"msg_id\":2}"
      "}");
  node.WriteLine(R"({"src":"c1","dest":"n0","body":{"type":"nope","msg_id":3}})");
  node.WriteLine(
      R"({"src":"c1","dest":"n0","body":{"type":"echo","echo":[1,{"a":null}],"msg_id":4}})");
  node.CloseStdin();
  EXPECT_EQ(
      node.ReadAllStdout(),
      R"({"src":"n0","dest":"c0","body":{"type":"init_ok","in_reply_to":1}})"
      "\n"
      R"({"src":"n0","dest":"c1","body":{"type":"error","code":10,"text":"unknown message type \"nope\"","in_reply_to":3}})"
      "\n"
      R"({"src":"n0","dest":"c1","body":{"type":"echo_ok","echo":[1,{"a":null}],"in_reply_to":4}})"
      "\n");
  std::string log = node.ReadAllStderr();
  EXPECT_NE(log.find("invalid JSON"), std::string::npos) << log;
  EXPECT_NE(log.find("nested too deep"), std::string::npos) << log;
  EXPECT_NE(log.find("invalid UTF-8"), std::string::npos) << log;
  EXPECT_EQ(node.ExitCode(), 0);
}

// Resident memory of a live process, from /proc.
long ResidentKiB(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

TEST(EchoBinary, GivesBackTheMemoryAHugeMessageTook) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  // A sanitizer's allocator keeps freed memory in quarantine and ignores malloc_trim: what is
  // measured here is glibc's heap, so it is measured in the normal build only.
  GTEST_SKIP() << "resident memory is the sanitizer allocator's, not glibc's";
#endif
  Subprocess node({ECHO_BIN});
  node.WriteLine(kInit);
  ASSERT_TRUE(node.ReadLine().has_value());
  // Three million values: tens of megabytes of parse, input and output buffers at the peak.
  std::string values;
  for (int i = 0; i < 3'000'000; ++i) values += i ? ",1" : "1";
  node.WriteLine(R"({"src":"c1","dest":"n0","body":{"type":"echo","msg_id":2,"echo":[)" + values +
                 "]}}");
  auto reply = node.ReadLine();
  ASSERT_TRUE(reply.has_value());
  EXPECT_NE(reply->find(values), std::string::npos);
  // One more round trip: by its answer the node has finished with the huge one.
  node.WriteLine(R"({"src":"c1","dest":"n0","body":{"type":"echo","msg_id":3,"echo":3}})");
  ASSERT_TRUE(node.ReadLine().has_value());
  long rss = ResidentKiB(node.pid());
  EXPECT_GT(rss, 0);
  EXPECT_LT(rss, 16 * 1024) << "KiB still resident after the huge message";
}

// Run by hand, the node says what it is: --help is usage and exit 0 without reading stdin (the
// test keeps stdin open and writes nothing; the wait's limit only stops a hang from hanging the
// suite), and anything else is refused.
TEST(EchoBinary, AnswersHelpWithoutReadingAndRefusesArguments) {
  Subprocess help({ECHO_BIN, "--help"});
  ASSERT_TRUE(help.WaitFor(std::chrono::seconds(60)).has_value()) << "--help waited on stdin";
  EXPECT_EQ(help.ExitCode(), 0);
  const std::string usage = help.ReadAllStdout();
  EXPECT_EQ(usage.rfind("usage: echo\n", 0), 0u) << usage;
  Subprocess bogus({ECHO_BIN, "--bogus"});
  ASSERT_TRUE(bogus.WaitFor(std::chrono::seconds(60)).has_value());
  EXPECT_EQ(bogus.ExitCode(), 2);
  EXPECT_EQ(bogus.ReadAllStdout(), "");
  const std::string err = bogus.ReadAllStderr();
  EXPECT_NE(err.find("unknown option --bogus"), std::string::npos) << err;
}

// Started with stdin closed (`echo <&-`), the node reads the end of input and exits 0; before,
// its wake-up pipe took descriptor 0 and it read that pipe forever.
TEST(EchoBinary, AClosedStdinIsTheEndOfInput) {
  Subprocess node({"/bin/sh", "-c", "exec \"$0\" <&-", ECHO_BIN});
  ASSERT_TRUE(node.WaitFor(std::chrono::seconds(60)).has_value()) << "it never finished";
  EXPECT_EQ(node.ExitCode(), 0);
  EXPECT_EQ(node.ReadAllStdout(), "");
}

}  // namespace
