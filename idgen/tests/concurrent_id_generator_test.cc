// ConcurrentIdGenerator: many threads, background maintenance. Run under the
// ThreadSanitizer build as well.

#include "idgen/concurrent_id_generator.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "fake_file_system.h"
#include "idgen/flake64.h"
#include "mark_file.h"
#include "test_util.h"

namespace idgen {
namespace {

using test::FakeFileSystem;
using Op = FakeFileSystem::Op;

class ConcurrentIdGeneratorTest : public testing::Test {
 protected:
  Options MakeOptions() {
    Options o;
    o.node_id = "n2";
    o.node_index = 2;
    o.mark_dir = "d";
    o.clock = &clock_;
    o.file_system = &fs_;
    return o;
  }

  int64_t MarkOnDisk() {
    DecodedMark m;
    m.ms = -1;
    EXPECT_TRUE(DecodeMark(fs_.GetFile("d/idgen.2.mark").value_or(""), 2, &m).ok());
    return m.ms;
  }

  test::FakeClock clock_{test::kSomeTimeMs};
  FakeFileSystem fs_;
};

TEST_F(ConcurrentIdGeneratorTest, ThreadsNeverGetTheSameIdAndEachSeesItsOwnIncreasing) {
  Options o = MakeOptions();
  o.lease_ms = 20;  // many synchronous and background mark writes
  o.refresh_ahead_ms = 10;
  o.max_lead_ms = 5;
  std::unique_ptr<ConcurrentIdGenerator> gen;
  ASSERT_TRUE(ConcurrentIdGenerator::Open(o, &gen).ok());
  gen->StartBackgroundMaintenance(std::chrono::milliseconds(1));

  constexpr int kThreads = 4;
  constexpr int kPerThread = 20'000;
  std::vector<std::vector<uint64_t>> ids(kThreads);
  std::atomic<bool> done{false};
  std::thread ticker([&] {
    while (!done) {
      clock_.Advance(1);
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        uint64_t id = 0;
        Status s = gen->NextFlake(&id);
        ASSERT_TRUE(s.ok()) << s.ToString();
        ids[t].push_back(id);
        if (i % 256 == 0) {
          // The mark on disk only grows, so checking it after the fact is sound.
          ASSERT_LT(DecodeFlake64(id).unix_ms, MarkOnDisk());
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  done = true;
  ticker.join();

  std::set<uint64_t> all;
  for (const auto& mine : ids) {
    for (size_t i = 1; i < mine.size(); ++i) {
      ASSERT_GT(mine[i], mine[i - 1]);
    }
    all.insert(mine.begin(), mine.end());
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread));
  EXPECT_TRUE(gen->last_maintenance_status().ok());
}

TEST_F(ConcurrentIdGeneratorTest, BackgroundMaintenanceKeepsTheMarkAhead) {
  std::unique_ptr<ConcurrentIdGenerator> gen;
  ASSERT_TRUE(ConcurrentIdGenerator::Open(MakeOptions(), &gen).ok());
  const int64_t first_mark = gen->durable_mark_ms();
  EXPECT_EQ(first_mark, test::kSomeTimeMs + 200);  // a lease ahead
  clock_.Advance(150);                             // now within refresh_ahead_ms of the mark
  const int syncs = fs_.count(Op::kSyncDir);
  gen->StartBackgroundMaintenance(std::chrono::milliseconds(1));
  // Waits for the background write without asserting how long it takes (the bound only
  // stops a broken thread from hanging the suite).
  ASSERT_TRUE(fs_.WaitForSyncs(syncs + 1, std::chrono::seconds(60)));
  for (int i = 0; i < 60'000 && gen->durable_mark_ms() == first_mark; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(gen->durable_mark_ms(), test::kSomeTimeMs + 350);
  EXPECT_EQ(MarkOnDisk(), test::kSomeTimeMs + 350);
  // Requests now run without touching the disk.
  const int writes = fs_.count(Op::kWrite);
  for (int i = 0; i < 1000; ++i) {
    uint64_t id;
    ASSERT_TRUE(gen->NextFlake(&id).ok());
  }
  EXPECT_EQ(fs_.count(Op::kWrite), writes);
}

TEST_F(ConcurrentIdGeneratorTest, BackgroundErrorsAreReportedAndRetried) {
  std::atomic<bool> broken{true};
  fs_.SetFailHook([&](Op op, const std::string&) {
    return broken && op == Op::kWrite ? Status::IOError("Input/output error") : Status::OK();
  });
  std::unique_ptr<ConcurrentIdGenerator> gen;
  ASSERT_TRUE(ConcurrentIdGenerator::Open(MakeOptions(), &gen).ok());
  EXPECT_TRUE(gen->Maintain().IsUnavailable());
  gen->StartBackgroundMaintenance(std::chrono::milliseconds(1));
  for (int i = 0; i < 60'000 && gen->last_maintenance_status().ok(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_TRUE(gen->last_maintenance_status().IsUnavailable());
  broken = false;
  ASSERT_TRUE(fs_.WaitForSyncs(1, std::chrono::seconds(60)));
  uint64_t id;
  EXPECT_TRUE(gen->NextFlake(&id).ok());
}

TEST_F(ConcurrentIdGeneratorTest, MaintainFromManyThreadsNeverLowersTheMark) {
  std::unique_ptr<ConcurrentIdGenerator> gen;
  Options o = MakeOptions();
  o.lease_ms = 10;
  o.refresh_ahead_ms = 8;
  o.max_lead_ms = 1;
  ASSERT_TRUE(ConcurrentIdGenerator::Open(o, &gen).ok());
  std::vector<std::thread> threads;
  std::atomic<int> drops{0};
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      int64_t last = 0;
      for (int i = 0; i < 300; ++i) {
        if (t == 0) clock_.Advance((i % 5 == 0) ? -3 : 2);  // wanders both ways
        ASSERT_TRUE(gen->Maintain().ok());
        uint64_t id;
        ASSERT_TRUE(gen->NextFlake(&id).ok());
        const int64_t mark = MarkOnDisk();
        if (mark < last) ++drops;
        last = mark;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(drops.load(), 0);
}

TEST_F(ConcurrentIdGeneratorTest, Uuid4NeedsNoLockOrMark) {
  Options o = MakeOptions();
  o.format = IdFormat::kUuid4;
  std::unique_ptr<ConcurrentIdGenerator> gen;
  ASSERT_TRUE(ConcurrentIdGenerator::Open(o, &gen).ok());
  EXPECT_TRUE(gen->Maintain().ok());
  char buf[kMaxJsonIdSize];
  size_t n;
  ASSERT_TRUE(gen->NextJson(buf, &n).ok());
  EXPECT_EQ(n, 38u);
  EXPECT_TRUE(fs_.ListFiles().empty());
}

}  // namespace
}  // namespace idgen
