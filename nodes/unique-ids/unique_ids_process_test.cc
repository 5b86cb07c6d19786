// The unique-ids binary as Maelstrom runs it, including the fault that in-process tests cannot
// fake: SIGKILL at an arbitrary instant, then a restart with the clock set back a day.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <sys/stat.h>
#include <time.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "testing/subprocess.h"
#include "testing/temp_dir.h"

namespace {

using glomers::testing::Subprocess;
using glomers::testing::TempDir;

const char* kInit =
    R"({"id":0,"src":"c0","dest":"n1","body":{"type":"init","node_id":"n1","node_ids":["n0","n1","n2"],"msg_id":1}})";
const char* kInitOk = R"({"src":"n1","dest":"c0","body":{"type":"init_ok","in_reply_to":1}})";

std::string Generate(int msg_id) {
  return R"({"id":7,"src":"c4","dest":"n1","body":{"type":"generate","msg_id":)" +
         std::to_string(msg_id) + "}}";
}

// Pulls the id out of a generate_ok line, checking the line's exact shape.
uint64_t IdOf(const std::string& line, int msg_id) {
  static const std::regex kReply(
      R"re(\{"src":"n1","dest":"c4","body":\{"type":"generate_ok","id":(\d+),"in_reply_to":(\d+)\}\})re");
  std::smatch m;
  EXPECT_TRUE(std::regex_match(line, m, kReply)) << line;
  if (m.empty()) return 0;
  EXPECT_EQ(m[2], std::to_string(msg_id));
  return std::stoull(m[1]);
}

TEST(UniqueIdsBinary, AnswersGenerateWithAJsonInteger) {
  TempDir dir;
  Subprocess node({UNIQUE_IDS_BIN}, {}, dir.path());
  node.WriteLine(kInit);
  node.WriteLine(Generate(1));
  node.CloseStdin();
  EXPECT_EQ(node.ReadLine(), kInitOk);
  auto line = node.ReadLine();
  ASSERT_TRUE(line.has_value());
  EXPECT_GT(IdOf(*line, 1), 0u);
  EXPECT_EQ(node.ReadLine(), std::nullopt);
  EXPECT_EQ(node.ExitCode(), 0);
  // This process is the node's parent, as the JVM is under Maelstrom.
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/unique-ids-marks." +
                                      std::to_string(::getpid()) + "/unique-ids.1.mark"))
      << "the mark lives in the working directory, in the parent's directory, named after the "
         "node's index";
}

TEST(UniqueIdsBinary, NeverRepeatsAnIdAcrossSigkillAndAClockSetBackADay) {
  // Where each round is killed is random; the seed is printed so a failure can be replayed.
  unsigned seed = std::random_device{}();
  if (const char* s = std::getenv("UNIQUE_IDS_TEST_SEED"))
    seed = static_cast<unsigned>(std::stoul(s));
  std::printf("UNIQUE_IDS_TEST_SEED=%u\n", seed);
  std::mt19937 random(seed);

  TempDir dir;
  std::set<uint64_t> seen;
  uint64_t max_before_restart = 0;
  for (int round = 0; round < 4; ++round) {
    // Rounds after the first run with the clock further and further in the past.
    std::string offset = std::to_string(-86'400'000LL * round);
    Subprocess node({UNIQUE_IDS_BIN}, {{"IDGEN_CLOCK_OFFSET_MS", offset}}, dir.path());
    node.WriteLine(kInit);
    ASSERT_EQ(node.ReadLine(), kInitOk) << "round " << round;

    // A burst of pipelined requests, written by another thread while we read the answers.
    const int burst = 20'000;
    std::thread writer([&] {
      std::string batch;
      for (int i = 1; i <= burst; ++i) batch += Generate(i) + "\n";
      node.Write(batch);  // fails quietly once the node is killed
    });
    int kill_after = std::uniform_int_distribution<int>(1, burst - 1)(random);
    int msg_id = 0;
    uint64_t first_after_restart = 0;
    while (msg_id < kill_after) {
      auto line = node.ReadLine();
      ASSERT_TRUE(line.has_value()) << "round " << round << " after " << msg_id;
      uint64_t id = IdOf(*line, ++msg_id);
      if (msg_id == 1) first_after_restart = id;
      ASSERT_TRUE(seen.insert(id).second) << "repeated id " << id << " in round " << round;
    }
    node.Kill(SIGKILL);
    // Whatever the node wrote before dying was delivered and counts too.
    for (auto line = node.ReadLine(); line; line = node.ReadLine()) {
      uint64_t id = IdOf(*line, ++msg_id);
      ASSERT_TRUE(seen.insert(id).second) << "repeated id " << id << " in round " << round;
    }
    writer.join();
    EXPECT_EQ(node.Wait() & 0x7f, SIGKILL);
    if (round > 0) {
      EXPECT_GT(first_after_restart, max_before_restart)
          << "a restart continues above everything issued before it";
    }
    max_before_restart = *seen.rbegin();
    std::printf("round %d: killed after %d answers (%d delivered), clock offset %s ms\n", round,
                kill_after, msg_id, offset.c_str());
  }
}

// The flake64 ID's millisecond, as Unix time.
int64_t UnixMsOf(uint64_t id) { return static_cast<int64_t>(id >> 22) + 1'735'689'600'000; }

int64_t RealtimeMs() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

// One life of n1 in `dir`: init, `requests` generates, SIGKILL. Returns how far its first ID ran
// ahead of the real clock, read once the answer was in.
int64_t LeadOfALife(const std::string& dir, int requests) {
  Subprocess node({UNIQUE_IDS_BIN}, {}, dir);
  node.WriteLine(kInit);
  EXPECT_EQ(node.ReadLine(), kInitOk);
  int64_t lead = 0;
  for (int i = 1; i <= requests; ++i) {
    node.WriteLine(Generate(i));
    auto line = node.ReadLine();
    if (!line) {
      ADD_FAILURE() << "no answer: " << node.ReadAllStderr();
      break;
    }
    if (i == 1) lead = UnixMsOf(IdOf(*line, i)) - RealtimeMs();
  }
  node.Kill(SIGKILL);
  EXPECT_EQ(node.Wait() & 0x7f, SIGKILL);
  return lead;
}

TEST(UniqueIdsBinary, ARestartAfterSigkillIssuesAtMostALeaseAheadOfTheClock) {
  TempDir dir;
  LeadOfALife(dir.path(), 3'000);  // long enough to have rewritten its mark several times
  const int64_t one_kill = LeadOfALife(dir.path(), 10);
  int64_t worst = one_kill;
  for (int kill = 0; kill < 20; ++kill) worst = std::max(worst, LeadOfALife(dir.path(), 1 + kill));
  std::printf("lead after one kill: %lld ms; worst after 20 more: %lld ms\n",
              static_cast<long long>(one_kill), static_cast<long long>(worst));
  EXPECT_LE(one_kill, 250);
  EXPECT_LE(worst, 1'000);
  EXPECT_LE(worst, 250) << "restarts do not stack leases";
}

TEST(UniqueIdsBinary, AClosedOrFinishedStdinEndsTheNodeWithExitZero) {
  for (const char* script : {R"(exec "$0" <&-)", R"(exec "$0" </dev/null)"}) {
    TempDir dir;
    Subprocess node({"/bin/sh", "-c", script, UNIQUE_IDS_BIN}, {}, dir.path());
    EXPECT_EQ(node.ReadAllStdout(), "") << script;
    EXPECT_EQ(node.ExitCode(), 0) << script << ": " << node.ReadAllStderr();
  }
}

// Starts the node as a child of a shell of its own, as another Maelstrom test's JVM would be its
// parent. (`; exit` keeps the shell from exec'ing the node, so the shell stays its parent.)
std::unique_ptr<Subprocess> UnderAnotherParent(
    const std::string& dir, std::vector<std::pair<std::string, std::string>> env = {}) {
  return std::make_unique<Subprocess>(
      std::vector<std::string>{"/bin/sh", "-c", R"("$0"; exit $?)", UNIQUE_IDS_BIN}, env, dir);
}

const char* kInitN0 =
    R"({"id":0,"src":"c0","dest":"n0","body":{"type":"init","node_id":"n0","node_ids":["n0","n1","n2"],"msg_id":1}})";
const char* kGenerateN0 = R"({"src":"c4","dest":"n0","body":{"type":"generate","msg_id":2}})";

TEST(UniqueIdsBinary, TwoTestsAtOnceInOneDirectoryEachServe) {
  TempDir dir;
  // The default mark directory: the JVM's temp directory, here the same for both "tests".
  auto a = UnderAnotherParent(dir.path());
  auto b = UnderAnotherParent(dir.path());
  for (Subprocess* node : {a.get(), b.get()}) {
    node->WriteLine(kInitN0);
    ASSERT_TRUE(node->ReadLine().has_value());
  }
  for (Subprocess* node : {a.get(), b.get()}) {  // both hold index 0 at once, in one directory
    node->WriteLine(kGenerateN0);
    auto line = node->ReadLine();
    ASSERT_TRUE(line.has_value());
    EXPECT_NE(line->find(R"("type":"generate_ok")"), std::string::npos) << *line;
  }
  for (Subprocess* node : {a.get(), b.get()}) {
    EXPECT_TRUE(std::filesystem::exists(dir.path() + "/unique-ids-marks." +
                                        std::to_string(node->pid()) + "/unique-ids.0.mark"));
  }
}

TEST(UniqueIdsBinary, TwoLiveProcessesNeverIssueUnderOneIndexFromOneMarkDirectory) {
  TempDir dir;
  auto a = UnderAnotherParent(dir.path(), {{"UNIQUE_IDS_MARK_DIR", dir.path() + "/shared"}});
  auto b = UnderAnotherParent(dir.path(), {{"UNIQUE_IDS_MARK_DIR", dir.path() + "/shared"}});
  ASSERT_EQ(::mkdir((dir.path() + "/shared").c_str(), 0700), 0);
  a->WriteLine(kInitN0);
  ASSERT_TRUE(a->ReadLine().has_value());
  a->WriteLine(kGenerateN0);
  ASSERT_NE(a->ReadLine().value_or("").find("generate_ok"), std::string::npos);
  b->WriteLine(kInitN0);
  ASSERT_TRUE(b->ReadLine().has_value());
  b->WriteLine(kGenerateN0);
  const std::string refused = b->ReadLine().value_or("");
  EXPECT_NE(refused.find(R"("code":11,"text":"unique-ids: Unavailable: lock file )"),
            std::string::npos)
      << refused;
  b->CloseStdin();
  EXPECT_NE(b->ReadAllStderr().find("is held by another generator"), std::string::npos);
}

TEST(UniqueIdsBinary, RejectsABadFlagWithAClearMessage) {
  Subprocess node({UNIQUE_IDS_BIN, "--format", "uuid9"});
  node.CloseStdin();
  EXPECT_EQ(node.ReadAllStdout(), "");
  EXPECT_NE(node.ReadAllStderr().find("unique-ids: unknown format \"uuid9\""), std::string::npos);
  EXPECT_EQ(node.ExitCode(), 2);
}

TEST(UniqueIdsBinary, RejectsABadClockOffsetWithAClearMessageNotACrash) {
  Subprocess node({UNIQUE_IDS_BIN}, {{"IDGEN_CLOCK_OFFSET_MS", "abc"}});
  node.CloseStdin();
  EXPECT_EQ(node.ReadAllStdout(), "");
  EXPECT_NE(node.ReadAllStderr().find(
                "unique-ids: InvalidArgument: IDGEN_CLOCK_OFFSET_MS=\"abc\" is not an integer"),
            std::string::npos);
  EXPECT_EQ(node.ExitCode(), 2);
}

TEST(UniqueIdsBinary, HelpExplainsTheFlags) {
  Subprocess node({UNIQUE_IDS_BIN, "--help"});
  std::string out = node.ReadAllStdout();
  EXPECT_NE(out.find("--mark-dir"), std::string::npos);
  EXPECT_NE(out.find("UNIQUE_IDS_FORMAT"), std::string::npos);
  EXPECT_EQ(node.ExitCode(), 0);
}

}  // namespace
