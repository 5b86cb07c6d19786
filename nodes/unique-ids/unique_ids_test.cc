// The unique-ids node in-process: exact reply lines, uniqueness and order through clock changes,
// restarts from the mark, a mark that cannot be written, and the other formats.
#include "unique_ids.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "flags.h"
#include "idgen/clock.h"
#include "idgen/file_system.h"
#include "testing/manual_mark_writer.h"
#include "testing/node_harness.h"
#include "testing/temp_dir.h"

namespace unique_ids {
namespace {

using glomers::testing::TempDir;
using maelstrom::Message;
using maelstrom::testing::Harness;
using maelstrom::testing::LogCapture;
using Lines = std::vector<std::string>;

constexpr int64_t kDayMs = 86'400'000;

class FakeClock : public idgen::Clock {
 public:
  int64_t NowMs() override { return now_ms; }
  void SleepMs(int64_t ms) override { now_ms += ms; }
  int64_t now_ms = 1'790'000'000'000;  // 2026
};

std::string InitLine(std::string_view id, int nodes = 3) {
  std::string ids;
  for (int i = 0; i < nodes; ++i) ids += (i ? ",\"n" : "\"n") + std::to_string(i) + "\"";
  return R"({"src":"c0","dest":")" + std::string(id) + R"(","body":{"type":"init","node_id":")" +
         std::string(id) + R"(","node_ids":[)" + ids + R"(],"msg_id":1}})";
}

// An init with node_ids spelled out, e.g. {"n1", "n0", "n2"}.
std::string InitLine(std::string_view id, const std::vector<std::string>& node_ids) {
  std::string ids;
  for (const std::string& n : node_ids) ids += (ids.empty() ? "\"" : ",\"") + n + "\"";
  return R"({"src":"c0","dest":")" + std::string(id) + R"(","body":{"type":"init","node_id":")" +
         std::string(id) + R"(","node_ids":[)" + ids + R"(],"msg_id":1}})";
}

std::string GenerateLine(std::string_view node, int msg_id) {
  return R"({"id":5,"src":"c3","dest":")" + std::string(node) +
         R"(","body":{"type":"generate","msg_id":)" + std::to_string(msg_id) + "}}";
}

// A node with the unique-ids handlers, its own clocks, and a mark directory.
class Fixture {
 public:
  explicit Fixture(const std::string& mark_dir,
                   idgen::IdFormat format = idgen::IdFormat::kFlake64) {
    Config config;
    config.mark_dir = mark_dir;
    config.clock = &clock;
    config.format = format;
    ids = std::make_unique<UniqueIds>(h.node, config);
  }
  // Generates one ID and returns its JSON text, checking the whole reply line.
  std::string Generate(std::string_view node = "n1") {
    int msg_id = ++next_msg_id;
    Lines out = h.Send(GenerateLine(node, msg_id));
    EXPECT_EQ(out.size(), 1u);
    if (out.empty()) return "";
    static const std::regex kReply(
        R"re(\{"src":"(n\d+)","dest":"c3","body":\{"type":"generate_ok","id":([^,]+),"in_reply_to":(\d+)\}\})re");
    std::smatch m;
    EXPECT_TRUE(std::regex_match(out[0], m, kReply)) << out[0];
    if (m.empty()) return "";
    EXPECT_EQ(m[1].str(), node);
    EXPECT_EQ(m[3], std::to_string(msg_id));
    return m[2];
  }
  uint64_t GenerateFlake(std::string_view node = "n1") { return std::stoull(Generate(node)); }
  // The whole reply to one generate, whatever it is.
  std::string GenerateReply(std::string_view node) {
    Lines out = h.Send(GenerateLine(node, ++next_msg_id));
    return out.size() == 1 ? out[0] : "";
  }

  FakeClock clock;
  Harness h;
  std::unique_ptr<UniqueIds> ids;
  int next_msg_id = 0;
};

TEST(UniqueIds, RepliesWithAPositive63BitIntegerCarryingTheNodeIndex) {
  TempDir dir;
  Fixture f(dir.path());
  EXPECT_EQ(f.h.Send(InitLine("n1")),
            Lines{R"({"src":"n1","dest":"c0","body":{"type":"init_ok","in_reply_to":1}})"});
  uint64_t previous = 0;
  for (int i = 0; i < 10'000; ++i) {  // more than the 4096 a millisecond holds: borrows ahead
    uint64_t id = f.GenerateFlake();
    EXPECT_GT(id, previous);
    EXPECT_LT(id, uint64_t{1} << 63);
    EXPECT_EQ(id & 1023, 1u);  // n1 is index 1 of node_ids
    previous = id;
  }
}

TEST(UniqueIds, StaysOrderedWhenTheClockJumpsBackAndForth) {
  TempDir dir;
  Fixture f(dir.path());
  f.h.Send(InitLine("n2"));
  std::set<uint64_t> seen;
  uint64_t previous = 0;
  const int64_t steps[] = {5, -kDayMs, 1, 3 * kDayMs, -2 * kDayMs, 0, 7};
  for (int64_t step : steps) {
    f.clock.now_ms += step;
    for (int i = 0; i < 100; ++i) {
      uint64_t id = f.GenerateFlake("n2");
      EXPECT_GT(id, previous);
      EXPECT_TRUE(seen.insert(id).second);
      previous = id;
    }
  }
}

TEST(UniqueIds, ARestartedNodeStartsAboveEverythingItIssuedEvenWithItsClockSetBack) {
  TempDir dir;
  uint64_t max_before = 0;
  {
    Fixture first(dir.path());
    first.h.Send(InitLine("n0"));
    for (int i = 0; i < 1000; ++i) max_before = first.GenerateFlake("n0");
  }
  Fixture second(dir.path());
  second.clock.now_ms -= kDayMs;
  second.h.Send(InitLine("n0"));
  EXPECT_GT(second.GenerateFlake("n0"), max_before);
}

TEST(UniqueIds, NodesSharingAMarkDirectoryNeverCollide) {
  TempDir dir;
  std::vector<std::unique_ptr<Fixture>> nodes;
  std::set<uint64_t> seen;
  for (int n = 0; n < 3; ++n) {
    nodes.push_back(std::make_unique<Fixture>(dir.path()));
    nodes.back()->h.Send(InitLine("n" + std::to_string(n)));
  }
  for (int i = 0; i < 2000; ++i) {
    for (int n = 0; n < 3; ++n) {
      EXPECT_TRUE(seen.insert(nodes[n]->GenerateFlake("n" + std::to_string(n))).second);
    }
  }
  EXPECT_EQ(seen.size(), 6000u);
}

TEST(UniqueIds, AMarkThatCannotBeWrittenMeansCode11NotAnUnvouchedId) {
  TempDir dir;
  std::string not_a_dir = dir.path() + "/file";
  ASSERT_EQ(::close(::creat(not_a_dir.c_str(), 0644)), 0);
  LogCapture log;
  Fixture f(not_a_dir);
  f.h.Send(InitLine("n1"));
  Lines out = f.h.Send(GenerateLine("n1", 7));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].find(R"("type":"error","code":11,"text":"unique-ids: Unavailable: )"),
            std::string::npos)
      << out[0];
  EXPECT_NE(out[0].find(R"("in_reply_to":7)"), std::string::npos);
  EXPECT_TRUE(log.Contains("cannot vouch for new IDs")) << "the reason is logged";
}

TEST(UniqueIds, Uuid7IsACanonicalStringInTimeOrder) {
  TempDir dir;
  Fixture f(dir.path(), idgen::IdFormat::kUuid7);
  f.h.Send(InitLine("n1"));
  static const std::regex kUuid7(
      R"("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")");
  std::string previous;
  for (int i = 0; i < 5000; ++i) {
    std::string id = f.Generate();
    EXPECT_TRUE(std::regex_match(id, kUuid7)) << id;
    EXPECT_GT(id, previous);  // canonical text sorts as the bytes do
    previous = id;
  }
}

TEST(UniqueIds, Uuid4IsACanonicalRandomString) {
  TempDir dir;
  Fixture f(dir.path(), idgen::IdFormat::kUuid4);
  f.h.Send(InitLine("n1"));
  static const std::regex kUuid4(
      R"("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = f.Generate();
    EXPECT_TRUE(std::regex_match(id, kUuid4)) << id;
    EXPECT_TRUE(seen.insert(id).second);
  }
}

TEST(UniqueIds, MoreNodesThanTheFormatHoldsIsRefusedAtInit) {
  TempDir dir;
  Fixture f(dir.path());
  Lines out = f.h.Send(InitLine("n1100", 1200));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(
      out[0].find(
          R"("code":13,"text":"unique-ids: node n1100 is number 1101 of 1200; flake64 has room for 1024 nodes")"),
      std::string::npos)
      << out[0];
}

TEST(UniqueIds, ASecondInitRenamesTheNode) {
  TempDir dir;
  Fixture f(dir.path());
  f.h.Send(InitLine("n1"));
  const uint64_t first = f.GenerateFlake("n1");
  EXPECT_EQ(first & 1023, 1u);
  f.h.Send(InitLine("n2"));
  EXPECT_EQ(f.GenerateFlake("n2") & 1023, 2u);
  f.h.Send(InitLine("n1"));  // back: above what index 1 issued before
  EXPECT_GT(f.GenerateFlake("n1"), first);
}

// The index is the identity (issue 9): whoever takes an index continues above its mark.

TEST(UniqueIds, ASecondInitGivingTheIndexToAnotherNameContinuesAboveItsMark) {
  TempDir dir;
  Fixture f(dir.path());
  std::set<uint64_t> seen;
  const int64_t start = f.clock.now_ms;
  f.h.Send(InitLine("n0"));
  for (int i = 0; i < 20'000; ++i) ASSERT_TRUE(seen.insert(f.GenerateFlake("n0")).second);
  f.clock.now_ms = start;                        // and the clock back to where those IDs began
  f.h.Send(InitLine("n9", {"n9", "n1", "n2"}));  // index 0 again, under another name
  for (int i = 0; i < 20'000; ++i) {
    const uint64_t id = f.GenerateFlake("n9");
    ASSERT_EQ(id & 1023, 0u);
    ASSERT_TRUE(seen.insert(id).second) << "repeated after " << i;
  }
}

TEST(UniqueIds, ARestartWithNodeIdsReorderedNeverRepeats) {
  TempDir dir;
  std::set<uint64_t> seen;
  const int64_t start = FakeClock().now_ms;
  for (const std::vector<std::string>& order :
       {std::vector<std::string>{"n0", "n1", "n2"}, std::vector<std::string>{"n1", "n0", "n2"}}) {
    Fixture a(dir.path()), b(dir.path());
    a.clock.now_ms = b.clock.now_ms = start;  // the second run's clocks back at the first's
    a.h.Send(InitLine("n0", order));
    b.h.Send(InitLine("n1", order));
    // n0 issues in a burst; n1 for half a minute, so its index's IDs reach far beyond n0's.
    for (int i = 0; i < 10'000; ++i) ASSERT_TRUE(seen.insert(a.GenerateFlake("n0")).second);
    for (int i = 0; i < 30'000; ++i) {
      ASSERT_TRUE(seen.insert(b.GenerateFlake("n1")).second);
      b.clock.now_ms += 1;
      if (i % 10 == 0) b.h.Advance(std::chrono::milliseconds(10));  // its maintenance timer
    }
  }  // each run ends as by SIGKILL: nothing but the marks on disk is left
  EXPECT_EQ(seen.size(), 80'000u);
}

TEST(UniqueIds, MovingOntoALiveNodesIndexIsRefusedUntilItIsFree) {
  TempDir dir;
  auto live = std::make_unique<Fixture>(dir.path());
  live->clock.now_ms += 8'500;  // its clock runs fast, so its IDs are ahead
  live->h.Send(InitLine("n1"));
  uint64_t highest = 0;
  for (int i = 0; i < 5'000; ++i) highest = live->GenerateFlake("n1");

  LogCapture log;
  Fixture mover(dir.path());
  mover.h.Send(InitLine("n0"));
  mover.GenerateFlake("n0");
  mover.h.Send(InitLine("n0", {"n1", "n0", "n2"}));  // n0 is now index 1, which n1 holds
  for (int i = 0; i < 100; ++i) {
    const std::string reply = mover.GenerateReply("n0");
    ASSERT_NE(reply.find(R"("type":"error","code":11,"text":"unique-ids: Unavailable: lock file )"),
              std::string::npos)
        << reply;
    ASSERT_NE(reply.find("unique-ids.1.mark.lock is held by another generator"), std::string::npos);
  }
  int logged = 0;
  for (const std::string& line : log.lines()) logged += line.find("held by another") != line.npos;
  EXPECT_EQ(logged, 1) << "the reason is logged once, not once per request";

  live.reset();  // n1 goes away: its index is free, and its mark says where it got to
  const uint64_t id = mover.GenerateFlake("n0");
  EXPECT_EQ(id & 1023, 1u);
  EXPECT_GT(id, highest);
  mover.h.Advance(std::chrono::milliseconds(10));  // the maintenance timer reports the change
  EXPECT_TRUE(log.Contains("mark is durable again; issuing IDs (index 1 was last held by n1)"));
}

TEST(UniqueIds, AHostileMarkIsCode11AndALogLineThenServesOnceFixed) {
  TempDir dir;
  const std::string mark = dir.path() + "/unique-ids.1.mark";
  ASSERT_EQ(::mkfifo(mark.c_str(), 0644), 0);
  LogCapture log;
  Fixture f(dir.path());
  f.h.Send(InitLine("n1"));  // would hang in open() if the FIFO were opened blocking
  EXPECT_TRUE(log.Contains("cannot vouch for new IDs: Corruption: mark file " + mark +
                           " is damaged (" + mark + " is a FIFO, not a regular file"));
  const std::string reply = f.GenerateReply("n1");
  EXPECT_NE(reply.find(R"("code":11,"text":"unique-ids: Corruption: mark file )"),
            std::string::npos)
      << reply;
  ASSERT_EQ(::unlink(mark.c_str()), 0);
  EXPECT_EQ(f.GenerateFlake() & 1023, 1u);
}

TEST(UniqueIds, TheDefaultMarkDirectoryIsOnePerParentProcess) {
  EXPECT_EQ(DefaultMarkDir(4242), "unique-ids-marks.4242");
}

TEST(Flags, DefaultsEnvironmentAndFlags) {
  auto no_env = [](const char*) -> const char* { return nullptr; };
  ParsedFlags d = ParseFlags({}, no_env);
  EXPECT_EQ(d.error, "");
  EXPECT_EQ(d.config.format, idgen::IdFormat::kFlake64);
  EXPECT_EQ(d.config.mark_dir, "");  // DefaultMarkDir, one per parent process
  EXPECT_TRUE(d.config.coarse_clock);
  EXPECT_EQ(d.config.mark_fsync, std::nullopt);  // auto: by where the marks are

  auto env = [](const char* name) -> const char* {
    if (std::string_view(name) == "UNIQUE_IDS_FORMAT") return "uuid7";
    if (std::string_view(name) == "UNIQUE_IDS_MARK_DIR") return "/var/lib/ids";
    if (std::string_view(name) == "UNIQUE_IDS_MARK_FSYNC") return "yes";
    return nullptr;
  };
  ParsedFlags e = ParseFlags(
      {"--format", "uuid4", "--max-lead-ms=50", "--lead-policy", "reject", "--clock", "precise"},
      env);
  EXPECT_EQ(e.error, "");
  EXPECT_EQ(e.config.format, idgen::IdFormat::kUuid4);  // flags win over the environment
  EXPECT_EQ(e.config.mark_dir, "/var/lib/ids");
  EXPECT_EQ(e.config.max_lead_ms, 50);
  EXPECT_EQ(e.config.lead_policy, idgen::LeadPolicy::kReject);
  EXPECT_FALSE(e.config.coarse_clock);
  EXPECT_EQ(e.config.mark_fsync, true);
  EXPECT_EQ(ParseFlags({"--mark-fsync=no"}, env).config.mark_fsync, false);
  EXPECT_EQ(ParseFlags({"--mark-fsync", "auto"}, env).config.mark_fsync, std::nullopt);
  EXPECT_TRUE(ParseFlags({"--help"}, no_env).help);
  EXPECT_TRUE(ParseFlags({"--format", "--help"}, no_env).help);
  EXPECT_TRUE(ParseFlags({"--bogus", "-h"}, no_env).help);
}

TEST(Flags, EveryMistakeIsNamed) {
  auto no_env = [](const char*) -> const char* { return nullptr; };
  struct Case {
    std::vector<std::string> args;
    std::string error;
  };
  std::vector<Case> cases = {
      {{"--format", "uuid9"}, "unknown format \"uuid9\" (use flake64, uuid7 or uuid4)"},
      {{"--format"}, "--format needs a value"},
      {{"--mark-dir="}, "the mark directory cannot be empty"},
      {{"--max-lead-ms", "-1"}, "max-lead-ms must be a non-negative integer, not \"-1\""},
      {{"--max-lead-ms", "10x"}, "max-lead-ms must be a non-negative integer, not \"10x\""},
      {{"--max-lead-ms", "100"},
       "max-lead-ms must be below 100 (half the 200 ms mark lease), not 100"},
      {{"--lead-policy", "spin"}, "lead-policy must be wait or reject, not \"spin\""},
      {{"--clock", "atomic"}, "clock must be coarse or precise, not \"atomic\""},
      {{"--mark-fsync", "maybe"}, "mark-fsync must be auto, yes or no, not \"maybe\""},
      {{"--colour", "red"}, "unknown flag --colour"},
      {{"--bogus"}, "unknown flag --bogus"},  // not "--bogus needs a value"
      {{"--bogus=1"}, "unknown flag --bogus"},
      {{"stray"}, "unexpected argument \"stray\""},
  };
  for (const Case& c : cases) EXPECT_EQ(ParseFlags(c.args, no_env).error, c.error);
  auto bad_env = [](const char* name) -> const char* {
    return std::string_view(name) == "UNIQUE_IDS_FORMAT" ? "snowflake" : nullptr;
  };
  EXPECT_EQ(ParseFlags({}, bad_env).error,
            "UNIQUE_IDS_FORMAT: unknown format \"snowflake\" (use flake64, uuid7 or uuid4)");
}

}  // namespace
}  // namespace unique_ids

namespace unique_ids {
namespace {

// An idle node wakes to keep its mark ahead and for nothing else: about ten writes a second
// (each pushes the mark half a lease further), a wakeup when each falls due and one to collect
// it. A fixed 10 ms timer woke it 100 times a second.
TEST(UniqueIds, AnIdleNodeWakesOnlyToKeepItsMark) {
  TempDir dir;
  glomers::testing::ManualMarkWriter writer;  // each write lands within the millisecond
  FakeClock clock;
  Harness h;
  Config config;
  config.mark_dir = dir.path();
  config.clock = &clock;
  config.mark_writer = &writer;
  auto ids = std::make_unique<UniqueIds>(h.node, config);
  h.Send(InitLine("n1"));
  writer.RunAll();
  const uint64_t runs_before = ids->maintenance_runs();
  const uint64_t writes_before = ids->generator()->mark_stats().writes;
  for (int ms = 1; ms <= 10'000; ++ms) {
    clock.now_ms += 1;
    h.Advance(std::chrono::milliseconds(1));
    writer.RunAll();
    ASSERT_GE(ids->generator()->durable_mark_ms() - clock.now_ms, config.lease_ms / 4)
        << "the mark fell behind at " << ms << " ms";
  }
  const uint64_t writes = ids->generator()->mark_stats().writes - writes_before;
  const uint64_t runs = ids->maintenance_runs() - runs_before;
  EXPECT_GE(writes, 95u);
  EXPECT_LE(writes, 101u);
  EXPECT_LE(runs, 2 * writes + 2) << writes << " writes";
  EXPECT_GE(runs, writes);
  // A request after all that idling is answered at once, with no write in the call.
  EXPECT_EQ(h.Send(GenerateLine("n1", 7)).size(), 1u);
  EXPECT_EQ(writer.pending(), 0u);
  EXPECT_EQ(ids->generator()->mark_stats().writes_in_calls, 0u);
  ids.reset();
}

// The real file system, counting how marks are written.
class CountingFileSystem final : public idgen::FileSystem {
 public:
  idgen::Status ReadFile(const std::string& path, size_t max, std::string* out) override {
    return real_->ReadFile(path, max, out);
  }
  idgen::Status WriteSyncedFile(const std::string& path, std::string_view contents) override {
    ++synced_writes;
    return real_->WriteSyncedFile(path, contents);
  }
  idgen::Status WriteNewFile(const std::string& path, std::string_view contents) override {
    ++unsynced_writes;
    return real_->WriteNewFile(path, contents);
  }
  idgen::Status Rename(const std::string& from, const std::string& to) override {
    return real_->Rename(from, to);
  }
  idgen::Status SyncDir(const std::string& dir) override {
    ++dir_syncs;
    return real_->SyncDir(dir);
  }
  idgen::Status CreatePrivateDir(const std::string& dir) override {
    return real_->CreatePrivateDir(dir);
  }
  idgen::Status LockFile(const std::string& path, std::unique_ptr<idgen::FileLock>* l) override {
    return real_->LockFile(path, l);
  }
  int synced_writes = 0, unsynced_writes = 0, dir_syncs = 0;

 private:
  idgen::FileSystem* const real_ = idgen::DefaultFileSystem();
};

// The per-test default directory is written without fsync (it only has to outlive the node's
// process: a machine crash ends the test, and no later test reuses it); a directory given with
// --mark-dir may outlive the machine's uptime, so its writes are fsynced. --mark-fsync decides
// otherwise either way.
TEST(UniqueIds, MarksAreFsyncedOnlyWhereTheyMustOutliveTheMachine) {
  struct Case {
    bool default_dir;
    std::optional<bool> fsync;
    bool synced;
  };
  for (const Case& c : {Case{true, std::nullopt, false}, Case{false, std::nullopt, true},
                        Case{true, true, true}, Case{false, false, false}}) {
    SCOPED_TRACE(std::string(c.default_dir ? "default directory" : "--mark-dir") +
                 ", --mark-fsync " + (c.fsync ? (*c.fsync ? "yes" : "no") : "auto"));
    TempDir dir;  // each case starts without marks
    CountingFileSystem fs;
    FakeClock clock;
    Harness h;
    Config config;
    // The default directory is relative to the working directory: make it this test's own.
    config.parent_pid = ::getpid();
    const std::string default_dir = DefaultMarkDir(config.parent_pid);
    if (!c.default_dir) config.mark_dir = dir.path();
    config.mark_fsync = c.fsync;
    config.clock = &clock;
    config.file_system = &fs;
    glomers::testing::ManualMarkWriter writer;
    config.mark_writer = &writer;
    auto ids = std::make_unique<UniqueIds>(h.node, config);
    h.Send(InitLine("n1"));
    writer.RunAll();
    for (int ms = 1; ms <= 1'000; ++ms) {  // a second of requests and refreshes
      clock.now_ms += 1;
      h.Advance(std::chrono::milliseconds(1));
      if (ms % 10 == 0) {
        EXPECT_EQ(h.Send(GenerateLine("n1", ms)).size(), 1u);
      }
      writer.RunAll();
    }
    ids.reset();
    const int writes = fs.synced_writes + fs.unsynced_writes;
    EXPECT_GE(writes, 5);
    EXPECT_EQ(fs.synced_writes, c.synced ? writes : 0);
    EXPECT_EQ(fs.dir_syncs, c.synced ? writes : 0);
    std::error_code ec;
    if (c.default_dir) {
      EXPECT_GT(std::filesystem::remove_all(default_dir, ec), 0u) << ec;
    }
  }
}

// Without fsync (the per-test default directory), an idle node never wakes: no timer, no writer
// thread. The request that reaches the end of the mark writes the next one itself, a lease
// ahead, so a busy node writes once per lease_ms of issuing (five times a second), not ten.
TEST(UniqueIds, WithoutFsyncAnIdleNodeNeverWakesAndTheRequestThatNeedsAMarkWritesIt) {
  FakeClock clock;
  Harness h;
  Config config;
  config.parent_pid = ::getpid();  // the default directory, this test's own
  config.clock = &clock;
  auto ids = std::make_unique<UniqueIds>(h.node, config);
  h.Send(InitLine("n1"));
  idgen::IdGenerator* gen = ids->generator();
  ASSERT_NE(gen, nullptr);
  const uint64_t writes_at_init = gen->mark_stats().writes;
  EXPECT_GE(writes_at_init, 1u);          // the first mark, at init
  for (int ms = 1; ms <= 10'000; ++ms) {  // ten idle seconds
    clock.now_ms += 1;
    h.Advance(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(ids->maintenance_runs(), 0u);
  EXPECT_EQ(gen->mark_stats().writes, writes_at_init);
  // The mark ran out long ago: the first request writes a new one, a lease ahead.
  EXPECT_EQ(h.Send(GenerateLine("n1", 1)).size(), 1u);
  EXPECT_EQ(gen->mark_stats().writes, writes_at_init + 1);
  EXPECT_EQ(gen->mark_stats().writes_in_calls, 1u);
  EXPECT_EQ(gen->durable_mark_ms(), clock.now_ms + config.lease_ms);
  // A busy second: a request every millisecond.
  for (int ms = 1; ms <= 1'000; ++ms) {
    clock.now_ms += 1;
    h.Advance(std::chrono::milliseconds(1));
    ASSERT_EQ(h.Send(GenerateLine("n1", 1 + ms)).size(), 1u);
    ASSERT_GT(gen->durable_mark_ms(), clock.now_ms);
  }
  EXPECT_EQ(gen->mark_stats().writes, writes_at_init + 1 + 1'000 / config.lease_ms);
  EXPECT_EQ(ids->maintenance_runs(), 0u);
  ids.reset();
  std::error_code ec;
  EXPECT_GT(std::filesystem::remove_all(DefaultMarkDir(config.parent_pid), ec), 0u) << ec;
}

}  // namespace
}  // namespace unique_ids
