// IdGenerator against a fake clock and a fake file system: uniqueness, order, the mark,
// the lead bound, range errors and failure handling.

#include "idgen/id_generator.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <set>

#include "fake_file_system.h"
#include "idgen/flake64.h"
#include "mark_file.h"
#include "test_util.h"

namespace idgen {
namespace {

using test::FakeFileSystem;
using test::kDayMs;
using test::kSomeTimeMs;
using Op = FakeFileSystem::Op;

class IdGeneratorTest : public testing::Test {
 protected:
  Options MakeOptions(uint32_t node_index = 1) {
    Options o;
    o.node_index = node_index;
    o.node_id = "n" + std::to_string(node_index);
    o.mark_dir = "d";
    o.clock = &clock_;
    o.file_system = &fs_;
    o.random_seed = 1;
    return o;
  }

  std::unique_ptr<IdGenerator> Open(const Options& o) {
    std::unique_ptr<IdGenerator> gen;
    Status s = IdGenerator::Open(o, &gen);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return gen;
  }

  uint64_t Flake(IdGenerator* gen) {
    uint64_t id = 0;
    Status s = gen->NextFlake(&id);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return id;
  }

  // The mark a restart would read right now (after a kill).
  int64_t MarkOnDisk(uint32_t index = 1) {
    const std::optional<std::string> contents =
        fs_.GetFile("d/idgen." + std::to_string(index) + ".mark");
    if (!contents.has_value()) return -1;
    DecodedMark m;
    m.ms = -1;
    EXPECT_TRUE(DecodeMark(*contents, index, &m).ok());
    return m.ms;
  }

  test::FakeClock clock_{kSomeTimeMs};
  FakeFileSystem fs_;
};

TEST_F(IdGeneratorTest, FirstIdsCarryTheClockSequenceAndNode) {
  auto gen = Open(MakeOptions(5));
  const Flake64Fields a = DecodeFlake64(Flake(gen.get()));
  const Flake64Fields b = DecodeFlake64(Flake(gen.get()));
  EXPECT_EQ(a.unix_ms, kSomeTimeMs);
  EXPECT_EQ(a.sequence, 0u);
  EXPECT_EQ(a.node_index, 5u);
  EXPECT_EQ(b.unix_ms, kSomeTimeMs);
  EXPECT_EQ(b.sequence, 1u);
  clock_.Advance(3);
  const Flake64Fields c = DecodeFlake64(Flake(gen.get()));
  EXPECT_EQ(c.unix_ms, kSomeTimeMs + 3);
  EXPECT_EQ(c.sequence, 0u);
}

TEST_F(IdGeneratorTest, SequenceExhaustionBorrowsTheNextMillisecondWithoutWaiting) {
  auto gen = Open(MakeOptions());
  constexpr int kCount = 3 * 4096 + 5;
  uint64_t previous = 0;
  for (int i = 0; i < kCount; ++i) {
    const uint64_t id = Flake(gen.get());
    ASSERT_GT(id, previous);
    previous = id;
    const Flake64Fields f = DecodeFlake64(id);
    ASSERT_EQ(f.unix_ms, kSomeTimeMs + i / 4096);
    ASSERT_EQ(f.sequence, static_cast<uint32_t>(i % 4096));
  }
  EXPECT_EQ(clock_.slept_ms(), 0);
  EXPECT_EQ(clock_.NowMs(), kSomeTimeMs);
}

TEST_F(IdGeneratorTest, RandomClockWalkNeverRepeatsAndStaysAboveTheWallAndBelowTheMark) {
  const uint64_t seed = test::TestSeed();
  SCOPED_TRACE("IDGEN_TEST_SEED=" + std::to_string(seed));
  std::mt19937_64 rng(seed);
  Options o = MakeOptions();
  o.lease_ms = 50;  // many mark writes
  o.refresh_ahead_ms = 25;
  o.max_lead_ms = 10;
  auto gen = Open(o);
  uint64_t previous = 0;
  int syncs = -1;
  int64_t mark = 0;
  for (int step = 0; step < 300; ++step) {
    switch (rng() % 6) {
      case 0:
        clock_.Advance(-static_cast<int64_t>(rng() % (2 * kDayMs)));  // steps back
        break;
      case 1:
        clock_.Advance(static_cast<int64_t>(rng() % 100'000));  // jumps ahead
        break;
      case 2:
        gen->Maintain().ok();
        break;
      default:
        clock_.Advance(static_cast<int64_t>(rng() % 3));
    }
    const int burst = static_cast<int>(rng() % 6000);
    for (int i = 0; i < burst; ++i) {
      const int64_t now = clock_.NowMs();
      const uint64_t id = Flake(gen.get());
      ASSERT_GT(id, previous) << "step " << step;  // strictly increasing, so unique
      previous = id;
      const int64_t ms = DecodeFlake64(id).unix_ms;
      ASSERT_GE(ms, now);  // never behind the wall clock it read
      if (fs_.count(Op::kSyncDir) != syncs) {
        syncs = fs_.count(Op::kSyncDir);
        mark = MarkOnDisk();
      }
      ASSERT_LT(ms, mark);  // the invariant that makes restarts safe
    }
  }
}

TEST_F(IdGeneratorTest, RestartWithTheClockSetBackADayContinuesAboveEverything) {
  uint64_t last = 0;
  {
    auto gen = Open(MakeOptions());
    for (int i = 0; i < 10'000; ++i) last = Flake(gen.get());
  }
  fs_.Kill();
  clock_.Advance(-kDayMs);
  Options o = MakeOptions();
  o.lead_policy = LeadPolicy::kReject;  // inherited lead must not count as load
  auto gen = Open(o);
  for (int i = 0; i < 4096 * 3; ++i) {
    const uint64_t id = Flake(gen.get());
    ASSERT_GT(id, last);
    last = id;
    if (i % 64 == 0) clock_.Advance(1);
  }
  EXPECT_EQ(clock_.slept_ms(), 0);
  // And it stays available for the whole day the clock needs to catch up.
  for (int hour = 0; hour < 30; ++hour) {
    clock_.Advance(3'600'000);
    ASSERT_TRUE(gen->Maintain().ok());
    const uint64_t id = Flake(gen.get());
    ASSERT_GT(id, last);
    last = id;
  }
  EXPECT_GE(DecodeFlake64(last).unix_ms, clock_.NowMs());
}

TEST_F(IdGeneratorTest, ClockSteppingBackWhileRunningDoesNotStallOrRepeat) {
  Options o = MakeOptions();
  o.max_lead_ms = 10;
  o.lead_policy = LeadPolicy::kReject;
  auto gen = Open(o);
  uint64_t last = Flake(gen.get());
  clock_.Advance(-kDayMs);
  // Modest load: a few IDs per millisecond of a clock that is now a day behind.
  for (int ms = 0; ms < 5'000; ++ms) {
    for (int i = 0; i < 3; ++i) {
      const uint64_t id = Flake(gen.get());
      ASSERT_GT(id, last);
      last = id;
    }
    clock_.Advance(1);
  }
  EXPECT_EQ(clock_.slept_ms(), 0);
}

TEST_F(IdGeneratorTest, MissingMarkIsAFirstStartAndTheMarkIsWrittenAhead) {
  Options o = MakeOptions();
  auto gen = Open(o);
  EXPECT_EQ(MarkOnDisk(), kSomeTimeMs + o.lease_ms);
  EXPECT_EQ(gen->durable_mark_ms(), kSomeTimeMs + o.lease_ms);
  EXPECT_EQ(gen->mark_path(), "d/idgen.1.mark");
  EXPECT_EQ(DecodeFlake64(Flake(gen.get())).unix_ms, kSomeTimeMs);
}

TEST_F(IdGeneratorTest, CorruptMarkRefusesWithAClearErrorUntilRepaired) {
  fs_.PutFile("d/idgen.1.mark", "idgen-mark v2 index=1 ms=1772323");  // torn
  auto gen = Open(MakeOptions());
  ASSERT_NE(gen, nullptr);
  Status s = gen->Maintain();
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  for (int i = 0; i < 3; ++i) {
    uint64_t id = 0;
    s = gen->NextFlake(&id);
    EXPECT_TRUE(s.IsCorruption()) << s.ToString();
    EXPECT_NE(s.message().find("d/idgen.1.mark"), std::string_view::npos);
    EXPECT_EQ(id, 0u);
  }
  // Nothing was written over the evidence.
  EXPECT_EQ(fs_.GetFile("d/idgen.1.mark"), "idgen-mark v2 index=1 ms=1772323");
  // An operator restores a mark; the generator picks it up without a restart.
  fs_.PutFile("d/idgen.1.mark", EncodeMark(1, "n1", kSomeTimeMs + kDayMs));
  EXPECT_EQ(DecodeFlake64(Flake(gen.get())).unix_ms, kSomeTimeMs + kDayMs);
}

TEST_F(IdGeneratorTest, TornTempFileFromACrashIsIgnored) {
  fs_.PutFile("d/idgen.1.mark", EncodeMark(1, "n1", kSomeTimeMs + 500));
  fs_.PutFile("d/idgen.1.mark.tmp", "idgen-mark v2 no");
  auto gen = Open(MakeOptions());
  EXPECT_EQ(DecodeFlake64(Flake(gen.get())).unix_ms, kSomeTimeMs + 500);
}

TEST_F(IdGeneratorTest, WriteFailuresAreUnavailableThenRecover) {
  Options o = MakeOptions();
  o.lease_ms = 100;
  o.refresh_ahead_ms = 50;
  o.max_lead_ms = 20;
  auto gen = Open(o);
  uint64_t last = Flake(gen.get());
  bool disk_full = true;
  int write_attempts = 0;
  fs_.SetFailHook([&](Op op, const std::string&) {
    if (op == Op::kWrite) ++write_attempts;
    return disk_full && op == Op::kWrite ? Status::IOError("No space left on device")
                                         : Status::OK();
  });
  // Below the mark, IDs keep coming: nothing needs writing yet.
  clock_.Advance(99);
  last = Flake(gen.get());
  EXPECT_TRUE(gen->Maintain().IsUnavailable());
  // At the mark, nothing can be vouched for.
  clock_.Advance(1);
  const int attempts_before = write_attempts;
  for (int i = 0; i < 3; ++i) {
    uint64_t id = 0;
    Status s = gen->NextFlake(&id);
    EXPECT_TRUE(s.IsUnavailable()) << s.ToString();
    EXPECT_NE(s.message().find("No space left on device"), std::string_view::npos);
    EXPECT_NE(s.message().find("mark"), std::string_view::npos);
  }
  EXPECT_EQ(write_attempts, attempts_before + 3);  // each call retried the write
  EXPECT_LT(DecodeFlake64(last).unix_ms, MarkOnDisk());
  disk_full = false;
  const uint64_t id = Flake(gen.get());
  EXPECT_GT(id, last);
  EXPECT_LT(DecodeFlake64(id).unix_ms, MarkOnDisk());
}

TEST_F(IdGeneratorTest, StartOnAnUnwritableDirectoryIsUnavailableThenRecovers) {
  bool read_only = true;
  fs_.SetFailHook([&](Op op, const std::string&) {
    return read_only && op != Op::kRead ? Status::IOError("Read-only file system") : Status::OK();
  });
  auto gen = Open(MakeOptions());
  ASSERT_NE(gen, nullptr);
  EXPECT_TRUE(gen->Maintain().IsUnavailable());
  uint64_t id;
  EXPECT_TRUE(gen->NextFlake(&id).IsUnavailable());
  read_only = false;
  EXPECT_TRUE(gen->Maintain().ok());
  EXPECT_EQ(DecodeFlake64(Flake(gen.get())).unix_ms, kSomeTimeMs);
}

TEST_F(IdGeneratorTest, RestartOnAFullDiskIssuesNothingUntilTheNewMarkIsDurable) {
  uint64_t last;
  {
    auto gen = Open(MakeOptions());
    last = Flake(gen.get());
  }
  const int64_t old_mark = MarkOnDisk();
  fs_.Kill();
  bool disk_full = true;
  fs_.SetFailHook([&](Op op, const std::string&) {
    return disk_full && op == Op::kWrite ? Status::IOError("No space left on device")
                                         : Status::OK();
  });
  clock_.Advance(-kDayMs);
  auto gen = Open(MakeOptions());
  uint64_t id = 0;
  // The stored mark only bounds the last run; IDs at or above it need a new one first.
  EXPECT_TRUE(gen->NextFlake(&id).IsUnavailable());
  EXPECT_TRUE(gen->Maintain().IsUnavailable());
  EXPECT_EQ(MarkOnDisk(), old_mark);
  disk_full = false;
  id = Flake(gen.get());
  EXPECT_GT(id, last);
  EXPECT_EQ(DecodeFlake64(id).unix_ms, old_mark);
  EXPECT_GT(MarkOnDisk(), old_mark);
}

TEST_F(IdGeneratorTest, MaintainWritesAheadSoRequestsNeverWaitOnTheDisk) {
  Options o = MakeOptions();  // 200 ms lease, refreshed 100 ms ahead
  auto gen = Open(o);
  int writes_in_requests = 0;
  int maintain_writes = 0;
  // A minute of a node's life: Maintain every 10 ms, a request every millisecond.
  for (int tick = 0; tick < 6'000; ++tick) {
    int before = fs_.count(Op::kWrite);
    ASSERT_TRUE(gen->Maintain().ok());
    maintain_writes += fs_.count(Op::kWrite) - before;
    before = fs_.count(Op::kWrite);
    for (int i = 0; i < 10; ++i) {
      Flake(gen.get());
      clock_.Advance(1);
    }
    writes_in_requests += fs_.count(Op::kWrite) - before;
    ASSERT_LE(MarkOnDisk(), clock_.NowMs() + o.lease_ms);  // never more than a lease ahead
  }
  EXPECT_EQ(writes_in_requests, 0);
  EXPECT_EQ(gen->mark_stats().writes_in_calls, 0u);
  // Once per lease - refresh_ahead_ms (100 ms), give or take the 10 ms between checks: about
  // ten a second.
  EXPECT_GE(maintain_writes, 60'000 / 110);
  EXPECT_LE(maintain_writes, 60'000 / 100);
}

TEST_F(IdGeneratorTest, WithoutMaintainTheRequestThatReachesTheMarkWritesIt) {
  Options o = MakeOptions();
  auto gen = Open(o);
  const int64_t mark = MarkOnDisk();
  clock_.Set(mark - 1);
  const int before = fs_.count(Op::kWrite);
  Flake(gen.get());
  EXPECT_EQ(fs_.count(Op::kWrite), before);
  clock_.Set(mark);
  const uint64_t id = Flake(gen.get());
  EXPECT_EQ(fs_.count(Op::kWrite), before + 1);
  EXPECT_EQ(DecodeFlake64(id).unix_ms, mark);
  EXPECT_EQ(MarkOnDisk(), mark + o.lease_ms);
  EXPECT_EQ(gen->mark_stats().writes_in_calls, 1u);
}

TEST_F(IdGeneratorTest, DifferentNodeIndexesNeverCollide) {
  std::vector<std::unique_ptr<IdGenerator>> gens;
  for (uint32_t node = 0; node <= kMaxNodeIndex; ++node) gens.push_back(Open(MakeOptions(node)));
  std::set<uint64_t> seen;
  // Same clock, same millisecond, same sequences: only the node index tells them apart.
  for (int round = 0; round < 5; ++round) {
    for (uint32_t node = 0; node <= kMaxNodeIndex; ++node) {
      const uint64_t id = Flake(gens[node].get());
      ASSERT_EQ(DecodeFlake64(id).node_index, node);
      ASSERT_TRUE(seen.insert(id).second) << "node " << node;
    }
  }
  // Through sequence exhaustion on a few of them.
  for (uint32_t node : {0u, 511u, 1023u}) {
    for (int i = 0; i < 5000; ++i) ASSERT_TRUE(seen.insert(Flake(gens[node].get())).second);
  }
  EXPECT_EQ(seen.size(), 5u * 1024 + 3 * 5000);
}

TEST_F(IdGeneratorTest, LeadPolicyWaitThrottlesToTheWallClock) {
  Options o = MakeOptions();
  o.max_lead_ms = 5;
  o.lead_policy = LeadPolicy::kWait;
  auto gen = Open(o);
  uint64_t last = 0;
  for (int i = 0; i < 4096 * 20; ++i) {
    const uint64_t id = Flake(gen.get());
    ASSERT_GT(id, last);
    last = id;
    ASSERT_LE(DecodeFlake64(id).unix_ms, clock_.NowMs() + o.max_lead_ms);
  }
  // The first 6 ms of IDs came free (now .. now+5); the other 14 cost real milliseconds.
  EXPECT_EQ(clock_.slept_ms(), 14);
  // Each wait is just long enough, so throttled IDs trickle rather than come in bursts.
  EXPECT_EQ(clock_.longest_sleep_ms(), 1);
}

TEST_F(IdGeneratorTest, LeadPolicyRejectSaysBusyAtTheBound) {
  Options o = MakeOptions();
  o.max_lead_ms = 5;
  o.lead_policy = LeadPolicy::kReject;
  auto gen = Open(o);
  for (int i = 0; i < 4096 * 6; ++i) Flake(gen.get());
  uint64_t id = 0;
  Status s = gen->NextFlake(&id);
  EXPECT_TRUE(s.IsBusy()) << s.ToString();
  EXPECT_NE(s.message().find("max_lead_ms=5"), std::string_view::npos);
  clock_.Advance(1);
  for (int i = 0; i < 4096; ++i) Flake(gen.get());
  EXPECT_TRUE(gen->NextFlake(&id).IsBusy());
  EXPECT_EQ(clock_.slept_ms(), 0);
}

TEST_F(IdGeneratorTest, LeadIsMeasuredFromTheInheritedMarkAfterARestart) {
  {
    auto gen = Open(MakeOptions());
    Flake(gen.get());
  }
  const int64_t mark = MarkOnDisk();
  clock_.Advance(-kDayMs);
  Options o = MakeOptions();
  o.max_lead_ms = 5;
  o.lead_policy = LeadPolicy::kReject;
  auto gen = Open(o);
  // Load lead is counted from the mark it started at, not from the wall clock a day back.
  for (int i = 0; i < 4096 * 6; ++i) ASSERT_LT(DecodeFlake64(Flake(gen.get())).unix_ms, mark + 6);
  uint64_t id;
  EXPECT_TRUE(gen->NextFlake(&id).IsBusy());
}

TEST_F(IdGeneratorTest, WaitGivesUpIfTheClockNeverAdvances) {
  class StuckClock final : public Clock {
   public:
    int64_t NowMs() override { return kSomeTimeMs; }
    void SleepMs(int64_t ms) override { slept += ms; }
    int64_t slept = 0;
  } stuck;
  Options o = MakeOptions();
  o.clock = &stuck;
  o.max_lead_ms = 0;
  auto gen = Open(o);
  for (int i = 0; i < 4096; ++i) Flake(gen.get());
  uint64_t id;
  Status s = gen->NextFlake(&id);
  EXPECT_TRUE(s.IsBusy()) << s.ToString();
  EXPECT_NE(s.message().find("did not advance"), std::string_view::npos);
  EXPECT_EQ(stuck.slept, 1000);
}

TEST_F(IdGeneratorTest, EpochExhaustionIsAnErrorNeverAWrap) {
  clock_.Set(kFlake64EndMs - 1);
  Options o = MakeOptions(kMaxNodeIndex);
  auto gen = Open(o);
  uint64_t last = 0;
  for (int i = 0; i < 4096; ++i) last = Flake(gen.get());
  EXPECT_EQ(last, (uint64_t{1} << 63) - 1);  // the largest flake64 there is
  for (int i = 0; i < 3; ++i) {
    uint64_t id = 0;
    Status s = gen->NextFlake(&id);
    EXPECT_TRUE(s.IsOutOfRange()) << s.ToString();
    EXPECT_NE(s.message().find("exhausted"), std::string_view::npos);
    EXPECT_NE(s.message().find("2094-09-07"), std::string_view::npos);
    EXPECT_EQ(id, 0u);
  }
  clock_.Advance(kDayMs);
  uint64_t id;
  EXPECT_TRUE(gen->NextFlake(&id).IsOutOfRange());
  // The mark never needs to go past the end of the format.
  EXPECT_EQ(MarkOnDisk(1023), kFlake64EndMs);
}

TEST_F(IdGeneratorTest, AClockBeyondTheRangeIssuesNothingAndLeavesNoTrace) {
  Options o = MakeOptions();
  o.max_lead_ms = 5;
  o.lead_policy = LeadPolicy::kReject;
  auto gen = Open(o);
  const uint64_t first = Flake(gen.get());
  clock_.Set(kFlake64EndMs + 5);
  uint64_t id;
  EXPECT_TRUE(gen->NextFlake(&id).IsOutOfRange());
  EXPECT_TRUE(gen->Maintain().ok());
  // The wild reading did not reach the mark, where it would outlive a restart.
  EXPECT_LT(MarkOnDisk(), kSomeTimeMs + 2 * o.lease_ms);
  clock_.Set(kSomeTimeMs + 1);
  EXPECT_GT(Flake(gen.get()), first);
  // Nor did it count as wall time, so load is still bounded.
  for (int i = 1; i < 4096 * 6; ++i) Flake(gen.get());
  EXPECT_TRUE(gen->NextFlake(&id).IsBusy());
  // A restart starts where it should, not in 2094.
  gen.reset();
  gen = Open(MakeOptions());
  EXPECT_LT(DecodeFlake64(Flake(gen.get())).unix_ms, kSomeTimeMs + 2 * o.lease_ms);
}

TEST_F(IdGeneratorTest, AWildClockAtStartDoesNotReachTheMark) {
  clock_.Set(int64_t{1} << 55);
  {
    auto gen = Open(MakeOptions());
    uint64_t id;
    EXPECT_TRUE(gen->NextFlake(&id).IsOutOfRange());
  }
  EXPECT_LT(MarkOnDisk(), kFlake64EndMs);
  clock_.Set(kSomeTimeMs);
  auto gen = Open(MakeOptions());
  EXPECT_EQ(DecodeFlake64(Flake(gen.get())).unix_ms, kSomeTimeMs);
}

TEST_F(IdGeneratorTest, ClockBeforeTheEpochOnAFirstStartIsAnError) {
  clock_.Set(kFlake64EpochMs - 1000);
  auto gen = Open(MakeOptions());
  uint64_t id = 0;
  Status s = gen->NextFlake(&id);
  EXPECT_TRUE(s.IsOutOfRange()) << s.ToString();
  EXPECT_NE(s.message().find("before the flake64 epoch"), std::string_view::npos);
  clock_.Set(kFlake64EpochMs);
  EXPECT_EQ(DecodeFlake64(Flake(gen.get())).unix_ms, kFlake64EpochMs);
}

TEST_F(IdGeneratorTest, ClockBeforeTheEpochAfterAMarkIsJustARegression) {
  uint64_t last;
  {
    auto gen = Open(MakeOptions());
    last = Flake(gen.get());
  }
  clock_.Set(0);  // a dead RTC battery
  auto gen = Open(MakeOptions());
  EXPECT_GT(Flake(gen.get()), last);
}

TEST_F(IdGeneratorTest, Uuid7IsOrderedUniqueAndCrashSafeLikeFlake64) {
  Options o = MakeOptions(9);
  o.format = IdFormat::kUuid7;
  Uuid last;
  {
    auto gen = Open(o);
    for (int i = 0; i < 5000; ++i) {
      Uuid u;
      ASSERT_TRUE(gen->NextUuid(&u).ok());
      ASSERT_EQ(u.version(), 7);
      ASSERT_TRUE(u.has_rfc_variant());
      const Uuid7Fields f = DecodeUuid7(u);
      ASSERT_EQ(f.unix_ms, kSomeTimeMs + i / 4096);
      ASSERT_EQ(f.sequence, static_cast<uint32_t>(i % 4096));
      ASSERT_EQ(f.node_index, 9u);
      ASSERT_GT(u, last);
      last = u;
    }
  }
  clock_.Advance(-kDayMs);
  auto gen = Open(o);
  Uuid u;
  ASSERT_TRUE(gen->NextUuid(&u).ok());
  EXPECT_GT(u, last);
}

TEST_F(IdGeneratorTest, Uuid4IsRandomVersion4AndNeedsNoMark) {
  Options o = MakeOptions();
  o.format = IdFormat::kUuid4;
  o.random_seed.reset();  // from getrandom
  auto gen = Open(o);
  std::set<Uuid> seen;
  for (int i = 0; i < 10'000; ++i) {
    Uuid u;
    ASSERT_TRUE(gen->NextUuid(&u).ok());
    ASSERT_EQ(u.version(), 4);
    ASSERT_TRUE(u.has_rfc_variant());
    ASSERT_TRUE(seen.insert(u).second);
  }
  EXPECT_TRUE(gen->Maintain().ok());
  EXPECT_EQ(gen->mark_path(), "");
  EXPECT_TRUE(fs_.ListFiles().empty());
}

TEST_F(IdGeneratorTest, NextJsonWritesTheIdAsJsonText) {
  auto flake = Open(MakeOptions(3));
  char buf[kMaxJsonIdSize];
  size_t n = 0;
  ASSERT_TRUE(flake->NextJson(buf, &n).ok());
  const std::string text(buf, n);
  EXPECT_EQ(text, std::to_string(EncodeFlake64({kSomeTimeMs, 0, 3})));

  Options o = MakeOptions(4);
  o.format = IdFormat::kUuid7;
  auto uuid = Open(o);
  ASSERT_TRUE(uuid->NextJson(buf, &n).ok());
  ASSERT_EQ(n, 38u);
  EXPECT_EQ(buf[0], '"');
  EXPECT_EQ(buf[37], '"');
  Uuid parsed;
  ASSERT_TRUE(ParseUuid(std::string_view(buf + 1, 36), &parsed));
  EXPECT_EQ(DecodeUuid7(parsed).node_index, 4u);

  char small[20];
  EXPECT_TRUE(uuid->NextJson(small, &n).IsInvalidArgument());
  EXPECT_TRUE(flake->NextJson(std::span<char>(small, 18), &n).IsInvalidArgument());
  ASSERT_TRUE(flake->NextJson(std::span<char>(small, 19), &n).ok());
}

TEST_F(IdGeneratorTest, NextJsonDigitsMatchTheIntegerForEveryLength) {
  // Twin generators on twin clocks and disks issue the same IDs; one as JSON text.
  test::FakeClock twin_clock(kFlake64EpochMs);
  FakeFileSystem twin_fs;
  clock_.Set(kFlake64EpochMs);
  Options a = MakeOptions(7);
  Options b = a;
  b.clock = &twin_clock;
  b.file_system = &twin_fs;
  auto text_gen = Open(a);
  auto int_gen = Open(b);
  std::set<size_t> lengths;
  for (int64_t step = 0; step <= 40; ++step) {
    for (int i = 0; i < 300; ++i) {
      char buf[kMaxJsonIdSize];
      size_t n = 0;
      Status st = text_gen->NextJson(buf, &n);
      ASSERT_TRUE(st.ok()) << st.ToString();
      const std::string expected = std::to_string(Flake(int_gen.get()));
      ASSERT_EQ(std::string(buf, n), expected);
      lengths.insert(n);
    }
    // Doubling the clock's distance from the epoch walks the IDs through every length.
    const int64_t target = kFlake64EpochMs + (int64_t{1} << step);
    clock_.Set(target);
    twin_clock.Set(target);
  }
  // "7" (the first ID: epoch, sequence 0, node 7), then 1031 (sequence 1), and so on.
  std::set<size_t> expected_lengths = {1};
  for (size_t len = 4; len <= 19; ++len) expected_lengths.insert(len);
  EXPECT_EQ(lengths, expected_lengths);
}

TEST_F(IdGeneratorTest, AccessorMustMatchTheFormat) {
  auto flake = Open(MakeOptions());
  Uuid u;
  EXPECT_TRUE(flake->NextUuid(&u).IsInvalidArgument());
  Options o = MakeOptions(2);
  o.format = IdFormat::kUuid7;
  auto uuid = Open(o);
  uint64_t id;
  EXPECT_TRUE(uuid->NextFlake(&id).IsInvalidArgument());
}

TEST_F(IdGeneratorTest, OpenRejectsBadOptions) {
  std::unique_ptr<IdGenerator> gen;
  Options o = MakeOptions();
  o.node_index = 1024;
  EXPECT_TRUE(IdGenerator::Open(o, &gen).IsInvalidArgument());
  o = MakeOptions();
  o.node_id = "";
  EXPECT_TRUE(IdGenerator::Open(o, &gen).IsInvalidArgument());
  o = MakeOptions();
  o.refresh_ahead_ms = o.lease_ms;
  EXPECT_TRUE(IdGenerator::Open(o, &gen).IsInvalidArgument());
  o = MakeOptions();
  o.lease_ms = 0;
  EXPECT_TRUE(IdGenerator::Open(o, &gen).IsInvalidArgument());
  o = MakeOptions();
  o.max_lead_ms = o.lease_ms - o.refresh_ahead_ms;  // the lease must cover lead + refresh
  Status s = IdGenerator::Open(o, &gen);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("max_lead_ms + refresh_ahead_ms < lease_ms"), std::string_view::npos)
      << s.ToString();
  o = MakeOptions();
  o.node_id = std::string(201, 'x');
  EXPECT_TRUE(IdGenerator::Open(o, &gen).IsInvalidArgument());
  o = MakeOptions();
  o.max_lead_ms = -1;
  EXPECT_TRUE(IdGenerator::Open(o, &gen).IsInvalidArgument());
  EXPECT_EQ(gen, nullptr);
  EXPECT_TRUE(fs_.ListFiles().empty());
}

TEST_F(IdGeneratorTest, BadClockOffsetInTheEnvironmentFailsOpen) {
  ASSERT_EQ(setenv(kClockOffsetEnvVar, "yesterday", 1), 0);
  Options o = MakeOptions();
  o.clock = nullptr;
  std::unique_ptr<IdGenerator> gen;
  Status s = IdGenerator::Open(o, &gen);
  unsetenv(kClockOffsetEnvVar);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_NE(s.message().find("yesterday"), std::string_view::npos);
}

TEST_F(IdGeneratorTest, SecondGeneratorForTheSameNodeIsRefusedUntilTheFirstIsGone) {
  auto first = Open(MakeOptions());
  const uint64_t a = Flake(first.get());
  auto second = Open(MakeOptions());
  uint64_t id;
  Status s = second->NextFlake(&id);
  EXPECT_TRUE(s.IsUnavailable()) << s.ToString();
  first.reset();
  EXPECT_GT(Flake(second.get()), a);
}

}  // namespace
}  // namespace idgen
