// The mark directory may be shared (under Maelstrom it is the JVM's temp directory), so what is
// found at the mark's paths is not trusted: the real file system against FIFOs, symbolic links,
// oversized files and a directory in the way. Each is refused at once with a reason, nothing is
// written through a link, and the generator recovers once the directory is fixed.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "idgen/file_system.h"
#include "idgen/flake64.h"
#include "idgen/id_generator.h"
#include "mark_file.h"
#include "test_util.h"

namespace idgen {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class HostileMarkTest : public testing::Test {
 protected:
  Options MakeOptions() {
    Options o;
    o.node_index = 4;
    o.node_id = "n4";
    o.mark_dir = dir_.path();
    o.clock = &clock_;
    return o;
  }
  std::unique_ptr<IdGenerator> Open() {
    std::unique_ptr<IdGenerator> gen;
    Status s = IdGenerator::Open(MakeOptions(), &gen);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return gen;
  }
  // The status of the next ID, which must not be issued unless OK.
  Status Next(IdGenerator* gen) {
    uint64_t id = 0;
    Status s = gen->NextFlake(&id);
    if (!s.ok()) {
      EXPECT_EQ(id, 0u);
    }
    return s;
  }
  std::string mark() const { return dir_.path() + "/idgen.4.mark"; }

  test::TempDir dir_;
  test::FakeClock clock_{test::kSomeTimeMs};
};

TEST_F(HostileMarkTest, AFifoAtTheMarkIsRefusedWithoutWaitingOnIt) {
  ASSERT_EQ(mkfifo(mark().c_str(), 0644), 0);
  auto gen = Open();  // an open() that blocked on the FIFO would hang here
  Status s = Next(gen.get());
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find("is a FIFO, not a regular file"), std::string_view::npos)
      << s.ToString();
  // Fixed by the operator: the generator carries on, no restart needed.
  ASSERT_EQ(unlink(mark().c_str()), 0);
  EXPECT_TRUE(Next(gen.get()).ok());
}

TEST_F(HostileMarkTest, AMarkLinkedToDevZeroIsNeitherFollowedNorRead) {
  ASSERT_EQ(symlink("/dev/zero", mark().c_str()), 0);
  auto gen = Open();
  Status s = gen->Maintain();
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find("is a symbolic link; refusing to follow it"), std::string_view::npos)
      << s.ToString();
  EXPECT_TRUE(Next(gen.get()).IsCorruption());
}

TEST_F(HostileMarkTest, AnOversizedMarkIsRefusedUnread) {
  {
    std::ofstream out(mark());
    out << EncodeMark(4, "n4", test::kSomeTimeMs);
  }
  ASSERT_EQ(truncate(mark().c_str(), 300 << 20), 0);  // 300 MB, sparse
  auto gen = Open();
  Status s = Next(gen.get());
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find("314572800 bytes, more than the 4096"), std::string_view::npos)
      << s.ToString();
}

TEST_F(HostileMarkTest, ASymlinkPlantedAtTheTempFileIsReplacedNotWrittenThrough) {
  const std::string victim = dir_.path() + "/victim";
  std::ofstream(victim) << "precious\n";
  ASSERT_EQ(symlink(victim.c_str(), (mark() + ".tmp").c_str()), 0);
  auto gen = Open();
  ASSERT_TRUE(Next(gen.get()).ok());
  EXPECT_EQ(Slurp(victim), "precious\n");
  DecodedMark m;
  EXPECT_TRUE(DecodeMark(Slurp(mark()), 4, &m).ok());
  EXPECT_FALSE(std::filesystem::is_symlink(mark()));
}

TEST_F(HostileMarkTest, ASymlinkAtTheMarkIsReplacedByTheNextWriteNotFollowed) {
  // A mark the generator may trust is rewritten beside a link an attacker planted after it.
  auto gen = Open();
  ASSERT_TRUE(Next(gen.get()).ok());
  const std::string victim = dir_.path() + "/victim";
  std::ofstream(victim) << "precious\n";
  ASSERT_EQ(unlink(mark().c_str()), 0);
  ASSERT_EQ(symlink(victim.c_str(), mark().c_str()), 0);
  clock_.Advance(1000);  // past the lease: the next ID needs a new mark
  ASSERT_TRUE(Next(gen.get()).ok());
  EXPECT_EQ(Slurp(victim), "precious\n");
  EXPECT_FALSE(std::filesystem::is_symlink(mark()));
}

TEST_F(HostileMarkTest, AHostileLockFileIsRefused) {
  ASSERT_EQ(mkfifo((mark() + ".lock").c_str(), 0644), 0);
  auto gen = Open();
  Status s = Next(gen.get());
  EXPECT_TRUE(s.IsUnavailable()) << s.ToString();
  EXPECT_NE(s.message().find("is a FIFO"), std::string_view::npos) << s.ToString();
  ASSERT_EQ(unlink((mark() + ".lock").c_str()), 0);
  ASSERT_EQ(symlink("/dev/null", (mark() + ".lock").c_str()), 0);
  s = Next(gen.get());
  EXPECT_NE(s.message().find("symbolic link"), std::string_view::npos) << s.ToString();
  ASSERT_EQ(unlink((mark() + ".lock").c_str()), 0);
  EXPECT_TRUE(Next(gen.get()).ok());
}

TEST_F(HostileMarkTest, ADirectoryInTheWayOfTheMarkIsUnavailableUntilRemoved) {
  ASSERT_EQ(mkdir(mark().c_str(), 0755), 0);
  auto gen = Open();
  Status s = Next(gen.get());
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find(mark()), std::string_view::npos) << s.ToString();
  ASSERT_EQ(rmdir(mark().c_str()), 0);
  EXPECT_TRUE(Next(gen.get()).ok());
}

TEST_F(HostileMarkTest, APrivateMarkDirectoryIsCreatedAndAForeignOneRefused) {
  Options o = MakeOptions();
  o.mark_dir = dir_.path() + "/scoped";
  o.create_mark_dir = true;
  std::unique_ptr<IdGenerator> gen;
  ASSERT_TRUE(IdGenerator::Open(o, &gen).ok());
  ASSERT_TRUE(Next(gen.get()).ok());
  struct stat st;
  ASSERT_EQ(lstat(o.mark_dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  gen.reset();
  // One that others may write into (or a link to one) is not used.
  for (bool link : {false, true}) {
    const std::string other = dir_.path() + (link ? "/linked" : "/open");
    if (link) {
      ASSERT_EQ(symlink(o.mark_dir.c_str(), other.c_str()), 0);
    } else {
      ASSERT_EQ(mkdir(other.c_str(), 0777), 0);
      ASSERT_EQ(chmod(other.c_str(), 0777), 0);
    }
    o.mark_dir = other;
    ASSERT_TRUE(IdGenerator::Open(o, &gen).ok());
    Status s = Next(gen.get());
    EXPECT_TRUE(s.IsUnavailable()) << s.ToString();
    EXPECT_NE(s.message().find("refusing to keep marks there"), std::string_view::npos)
        << s.ToString();
  }
}

}  // namespace
}  // namespace idgen
