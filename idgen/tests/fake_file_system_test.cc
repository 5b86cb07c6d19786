// The crash model is what the crash tests rest on, so it gets tests of its own.

#include "fake_file_system.h"

#include <gtest/gtest.h>

namespace idgen::test {
namespace {

using Op = FakeFileSystem::Op;

TEST(FakeFileSystemTest, KillKeepsWhatTheKernelSaw) {
  FakeFileSystem fs;
  ASSERT_TRUE(fs.WriteSyncedFile("d/a", "one").ok());
  ASSERT_TRUE(fs.Rename("d/a", "d/b").ok());  // not synced
  fs.Kill();
  EXPECT_EQ(fs.GetFile("d/b"), "one");
  EXPECT_EQ(fs.GetFile("d/a"), std::nullopt);
}

TEST(FakeFileSystemTest, PowerLossDropsUnsyncedNamesButKeepsSyncedOnes) {
  // With no pending name changes to keep, every seed must agree.
  for (uint64_t seed = 0; seed < 20; ++seed) {
    FakeFileSystem fs;
    ASSERT_TRUE(fs.WriteSyncedFile("d/a", "one").ok());
    ASSERT_TRUE(fs.SyncDir("d").ok());
    fs.PowerLoss(seed);
    EXPECT_EQ(fs.GetFile("d/a"), "one");
  }
  // An unsynced rename survives for some seeds and not others.
  bool kept = false, lost = false;
  for (uint64_t seed = 0; seed < 50; ++seed) {
    FakeFileSystem fs;
    ASSERT_TRUE(fs.WriteSyncedFile("d/a", "one").ok());
    ASSERT_TRUE(fs.SyncDir("d").ok());
    ASSERT_TRUE(fs.Rename("d/a", "d/b").ok());
    fs.PowerLoss(seed);
    if (fs.GetFile("d/b") == "one") kept = true;
    if (fs.GetFile("d/a") == "one") lost = true;
    EXPECT_NE(fs.GetFile("d/a").has_value(), fs.GetFile("d/b").has_value());
  }
  EXPECT_TRUE(kept);
  EXPECT_TRUE(lost);
}

TEST(FakeFileSystemTest, CrashInsideWriteLeavesAPrefixAndKillsTheProcess) {
  bool saw_torn = false;
  for (uint64_t seed = 0; seed < 50; ++seed) {
    FakeFileSystem fs;
    fs.CrashAtMutation(1, seed);
    EXPECT_TRUE(fs.WriteSyncedFile("d/a", "0123456789").IsIOError());
    EXPECT_TRUE(fs.crashed());
    EXPECT_TRUE(fs.SyncDir("d").IsIOError());
    fs.Kill();
    EXPECT_FALSE(fs.crashed());
    const std::optional<std::string> left = fs.GetFile("d/a");
    ASSERT_TRUE(left.has_value());
    EXPECT_EQ(std::string("0123456789").substr(0, left->size()), *left);
    if (!left->empty() && left->size() < 10) saw_torn = true;
  }
  EXPECT_TRUE(saw_torn);
}

TEST(FakeFileSystemTest, FailHookFailsWithoutEffect) {
  FakeFileSystem fs;
  fs.SetFailHook([](Op op, const std::string&) {
    return op == Op::kRename ? Status::IOError("no") : Status::OK();
  });
  ASSERT_TRUE(fs.WriteSyncedFile("d/a", "x").ok());
  EXPECT_TRUE(fs.Rename("d/a", "d/b").IsIOError());
  EXPECT_EQ(fs.GetFile("d/a"), "x");
  EXPECT_EQ(fs.GetFile("d/b"), std::nullopt);
}

TEST(FakeFileSystemTest, LocksExcludeUntilReleasedOrTheProcessDies) {
  FakeFileSystem fs;
  std::unique_ptr<FileLock> a, b;
  ASSERT_TRUE(fs.LockFile("d/l", &a).ok());
  EXPECT_TRUE(fs.LockFile("d/l", &b).IsUnavailable());
  a.reset();
  ASSERT_TRUE(fs.LockFile("d/l", &b).ok());
  fs.Kill();
  std::unique_ptr<FileLock> c;
  EXPECT_TRUE(fs.LockFile("d/l", &c).ok());
  b.reset();  // the dead process's lock going away must not drop the new one
  std::unique_ptr<FileLock> d;
  EXPECT_TRUE(fs.LockFile("d/l", &d).IsUnavailable());
}

}  // namespace
}  // namespace idgen::test
