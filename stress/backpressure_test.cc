// The node's output under back-pressure and its ends: a reader that drains slowly or stalls for
// seconds, stdin closed while output is blocked, a reader that goes away (SIGPIPE), stderr gone,
// and signals arriving during poll, read and write (EINTR), or stopping the process (SIGSTOP and
// SIGCONT, Maelstrom's pause). No line may be lost or damaged; no assertion is about speed.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include "answers.h"
#include "harness.h"
#include "process.h"
#include "stream.h"

namespace glomers::stress {
namespace {

using namespace std::chrono_literals;

// A reader that takes what the node writes in pieces of 1 byte to 8 KiB with pauses of up to
// 300 microseconds between them, and stops reading altogether for `stall` once `stall_at` bytes
// are in.
Drain::Pace SlowReader(std::uint64_t seed, std::size_t stall_at, std::chrono::milliseconds stall) {
  auto state = std::make_shared<std::pair<std::uint64_t, bool>>(seed | 1, false);
  return [state, stall_at, stall](std::size_t read) -> std::size_t {
    auto& [x, stalled] = *state;
    if (!stalled && read >= stall_at) {
      stalled = true;
      std::this_thread::sleep_for(stall);
    }
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    std::this_thread::sleep_for(std::chrono::microseconds(x % 300));
    return 1 + (x >> 20) % 8192;
  };
}

// Whether process `pid` has a handler for `signal` (SigCgt in /proc/PID/status).
bool Catches(pid_t pid, int signal) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("SigCgt:", 0) == 0) {
      return (std::stoull(line.substr(7), nullptr, 16) >> (signal - 1)) & 1;
    }
  }
  return false;
}

// The verdict of every run here: the node exits 0 on its own, and its output holds every answer
// due exactly once and nothing else.
void ExpectEveryAnswerAndACleanExit(Process& node, Stream& stream, const std::string& output) {
  EXPECT_EQ(DescribeStatus(node.WaitFor(30s)), "exited with status 0");
  std::vector<std::string> problems = stream.book.Check(output, "n0");
  EXPECT_TRUE(problems.empty()) << JoinLines(problems);
}

struct Case {
  const char* name;
  const char* bin;
  Workload workload;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class BackPressure : public ::testing::TestWithParam<Case> {};

// Output several times a pipe's capacity, read slowly, with a two-second stall in the middle:
// the node blocks in write and must lose and corrupt nothing.
TEST_P(BackPressure, ASlowAndStallingReaderLosesNoLine) {
  std::uint64_t seed = StressSeed(3);
  SCOPED_TRACE(SeedNote(seed));
  // About 3 MiB of answers either way: echo_ok carries its 2 KiB payload, generate_ok does not.
  bool echo = GetParam().workload == Workload::kEcho;
  Stream stream = MakeStream({
      .workload = GetParam().workload,
      .seed = seed,
      .valid = echo ? 1500 : 30000,
      .hostile = 300,
      .huge = false,
      .payload = 2048,
  });
  TempDir dir;
  Process node({GetParam().bin}, {}, dir.path());
  constexpr std::size_t kStallAt = 256 << 10;
  Drain out(node.stdout_fd(), SlowReader(seed, kStallAt, 2s)), err(node.stderr_fd());
  Feeder feeder(node, stream.input, seed);
  EXPECT_TRUE(feeder.Join());
  std::string output = out.Join();
  err.Join();
  EXPECT_FALSE(out.gave_up());
  ExpectEveryAnswerAndACleanExit(node, stream, output);
  // The stall came, and far more than a pipe holds was written after it.
  EXPECT_GT(output.size(), kStallAt + (1u << 20));
}

// Input closed while the node is blocked writing and nobody reads for a second: it must answer
// everything it was sent (the last line has no newline) and then exit 0.
TEST_P(BackPressure, StdinClosedTheNodeFinishesItsWorkAndExitsZero) {
  std::uint64_t seed = StressSeed(4);
  SCOPED_TRACE(SeedNote(seed));
  Stream stream = MakeStream({
      .workload = GetParam().workload,
      .seed = seed,
      .valid = 2000,
      .hostile = 200,
      .huge = false,
      .payload = 1024,
  });
  stream.input.pop_back();  // the last line ends without a newline
  TempDir dir;
  Process node({GetParam().bin}, {}, dir.path());
  Drain err(node.stderr_fd());
  Feeder feeder(node, stream.input, seed);
  std::this_thread::sleep_for(1s);  // the node fills stdout and blocks; stdin may close meanwhile
  Drain out(node.stdout_fd());
  EXPECT_TRUE(feeder.Join());
  std::string output = out.Join();
  err.Join();
  ExpectEveryAnswerAndACleanExit(node, stream, output);
}

// The reader of stdout goes away while the node has answers to write. Writing to a pipe without
// a reader raises SIGPIPE, which kills a process by default: the node must instead see the error,
// say so on stderr and exit with status 1 on its own, not die of the signal nor hang.
TEST_P(BackPressure, AReaderThatGoesAwayEndsTheNodeWithStatusOneNotASignal) {
  std::uint64_t seed = StressSeed(5);
  SCOPED_TRACE(SeedNote(seed));
  Stream stream = MakeStream({
      .workload = GetParam().workload,
      .seed = seed,
      .valid = 20000,
      .hostile = 0,
      .huge = false,
      .payload = 64,
  });
  TempDir dir;
  Process node({GetParam().bin}, {}, dir.path());
  Drain err(node.stderr_fd());
  // Read a little, then go away.
  std::string head;
  {
    Drain out(node.stdout_fd(),
              [](std::size_t read) -> std::size_t { return read < 4096 ? 512 : 0; });
    Feeder feeder(node, stream.input, seed);
    head = out.Join();
    node.CloseStdout();
    feeder.Join();  // ends when the node is gone or has read everything
  }
  std::optional<int> status = node.WaitFor(30s);
  std::string log = err.Join();
  EXPECT_EQ(DescribeStatus(status), "exited with status 1") << log.substr(0, 2000);
  EXPECT_NE(log.find("writing output failed"), std::string::npos) << log.substr(0, 2000);
  EXPECT_GE(head.size(), 4096u);
}

// stderr's reader goes away: logging fails (EPIPE, every malformed line logs a warning), but
// the protocol goes on: every request is still answered and the node exits 0.
TEST_P(BackPressure, AClosedStderrDoesNotStopTheNode) {
  std::uint64_t seed = StressSeed(6);
  SCOPED_TRACE(SeedNote(seed));
  Stream stream = MakeStream({
      .workload = GetParam().workload,
      .seed = seed,
      .valid = 1000,
      .hostile = 1000,
      .huge = false,
  });
  TempDir dir;
  Process node({GetParam().bin}, {}, dir.path());
  node.CloseStderr();
  Drain out(node.stdout_fd());
  Feeder feeder(node, stream.input, seed);
  EXPECT_TRUE(feeder.Join());
  std::string output = out.Join();
  ExpectEveryAnswerAndACleanExit(node, stream, output);
}

// Maelstrom's pause: SIGSTOP and SIGCONT, over and over, while the node reads and writes.
TEST_P(BackPressure, StopAndContinueStormsLoseNothing) {
  std::uint64_t seed = StressSeed(7);
  SCOPED_TRACE(SeedNote(seed));
  Stream stream = MakeStream({
      .workload = GetParam().workload,
      .seed = seed,
      .valid = 3000,
      .hostile = 500,
      .huge = false,
      .payload = 512,
  });
  TempDir dir;
  Process node({GetParam().bin}, {}, dir.path());
  Drain out(node.stdout_fd(), SlowReader(seed, 128 << 10, 500ms)), err(node.stderr_fd());
  std::atomic<bool> done{false};
  std::atomic<int> pauses{0};
  std::thread pauser([&] {
    while (!done.load()) {
      ::kill(node.pid(), SIGSTOP);
      std::this_thread::sleep_for(2ms);
      ::kill(node.pid(), SIGCONT);
      ++pauses;
      std::this_thread::sleep_for(3ms);
    }
  });
  Feeder feeder(node, stream.input, seed);
  EXPECT_TRUE(feeder.Join());
  std::string output = out.Join();
  done = true;
  pauser.join();
  ::kill(node.pid(), SIGCONT);
  err.Join();
  ExpectEveryAnswerAndACleanExit(node, stream, output);
  EXPECT_GT(pauses.load(), 0);
}

INSTANTIATE_TEST_SUITE_P(Nodes, BackPressure,
                         ::testing::Values(Case{"echo", ECHO_BIN, Workload::kEcho},
                                           Case{"unique_ids", UNIQUE_IDS_BIN,
                                                Workload::kUniqueIds}),
                         [](const auto& info) { return std::string(info.param.name); });

// Signals with handlers installed without SA_RESTART, every 200 microseconds and in bursts from
// here, while the node polls, reads and writes against a slow, stalling reader: every interrupted
// call must be resumed, no byte lost or doubled.
TEST(Signals, EintrDuringPollReadAndWriteLosesNothing) {
  std::uint64_t seed = StressSeed(8);
  SCOPED_TRACE(SeedNote(seed));
  Stream stream = MakeStream({
      .seed = seed,
      .valid = 2000,
      .hostile = 500,
      .huge = true,  // a 3 MiB line: long reads and one long write
      .payload = 1024,
  });
  Process node({EINTR_ECHO_NODE_BIN});
  Drain out(node.stdout_fd(), SlowReader(seed, 512 << 10, 1s)), err(node.stderr_fd());
  std::atomic<bool> done{false};
  std::thread bursts([&] {
    // SIGUSR1 kills a process that has no handler for it yet: wait until the node has one.
    while (!done.load() && !Catches(node.pid(), SIGUSR1)) std::this_thread::sleep_for(1ms);
    while (!done.load()) {
      for (int i = 0; i < 50; ++i) ::kill(node.pid(), SIGUSR1);
      std::this_thread::sleep_for(1ms);
    }
  });
  Feeder feeder(node, stream.input, seed);
  EXPECT_TRUE(feeder.Join());
  std::string output = out.Join();
  done = true;
  bursts.join();
  std::string log = err.Join();
  ExpectEveryAnswerAndACleanExit(node, stream, output);
  // The signals really came.
  std::size_t at = log.find("signals handled: ");
  ASSERT_NE(at, std::string::npos) << log.substr(log.size() > 2000 ? log.size() - 2000 : 0);
  long signals = std::stol(log.substr(at + 17));
  std::cout << "[ stress   ] the node took " << signals << " signals" << std::endl;
  EXPECT_GT(signals, 0);
}

}  // namespace
}  // namespace glomers::stress
