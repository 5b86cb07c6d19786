#include "runner/src/file_sink.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include "testing/read_file.h"
#include "testing/temp_dir.h"

namespace glomers {
namespace {

using glomers::testing::ReadFile;

// Bytes that show a misplaced, repeated or lost block: each depends on its offset and its block.
std::string Pattern(std::size_t n) {
  std::string s(n, ' ');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 7 + i / 4093) % 26);
  return s;
}

// Writes `text` through a sink in pieces of `piece` bytes; returns what the file holds.
std::string WriteThrough(FileSink::Mode mode, const std::string& text, std::size_t piece,
                         bool* direct = nullptr) {
  testing::TempDir dir("glomers-file-sink");
  std::string path = dir.path() + "/f";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  EXPECT_GE(fd, 0);
  {
    FileSink sink(fd, mode);
    for (std::size_t i = 0; i < text.size(); i += piece) {
      EXPECT_TRUE(sink.Write(std::string_view(text).substr(i, piece)));
    }
    EXPECT_TRUE(sink.Finish());
    if (direct) *direct = sink.wrote_direct();
    // Finish leaves the descriptor as it found it: an ordinary one.
    EXPECT_EQ(::fcntl(fd, F_GETFL) & O_DIRECT, 0);
  }
  ::close(fd);
  return ReadFile(path);
}

bool DirectIoSupported() {
  testing::TempDir dir("glomers-file-sink");
  int fd = ::open((dir.path() + "/probe").c_str(), O_WRONLY | O_CREAT | O_DIRECT, 0644);
  if (fd >= 0) ::close(fd);
  return fd >= 0;
}

TEST(FileSinkTest, EveryModeWritesTheSameBytesWhateverTheLengthAndPieces) {
  const std::size_t chunk = FileSink::kChunk, a = FileSink::kAlign;
  const std::size_t big = 2 * chunk + a + 12345;
  for (std::size_t n :
       {std::size_t{0}, std::size_t{1}, a - 1, a, a + 1, chunk - 1, chunk + 1, big}) {
    std::string text = Pattern(n);
    for (std::size_t piece : {std::size_t{1000}, std::size_t{1} << 20, chunk + 7}) {
      // Small pieces for small files, pieces over a chunk for the big one: the rest is the same.
      if ((piece == 1000 && n > a + 1) || (piece > chunk && n != big)) continue;
      for (auto mode :
           {FileSink::Mode::kBuffered, FileSink::Mode::kDirect, FileSink::Mode::kAdaptive}) {
        std::string got = WriteThrough(mode, text, piece);
        ASSERT_EQ(got.size(), n) << "n " << n << " piece " << piece;
        EXPECT_TRUE(got == text) << "n " << n << " piece " << piece;
      }
    }
  }
}

TEST(FileSinkTest, DirectModeWritesWholeChunksDirectWhereTheFileSystemAllows) {
  if (!DirectIoSupported()) GTEST_SKIP() << "no O_DIRECT on the temporary directory";
  bool direct = false;
  std::string text = Pattern(FileSink::kChunk + 100);
  EXPECT_EQ(WriteThrough(FileSink::Mode::kDirect, text, 1 << 20, &direct), text);
  EXPECT_TRUE(direct);
  EXPECT_EQ(WriteThrough(FileSink::Mode::kBuffered, text, 1 << 20, &direct), text);
  EXPECT_FALSE(direct);
}

TEST(FileSinkTest, AdaptiveGoesDirectOnlyBelowTheRate) {
  // 16 MiB in 0.025 s is 0.67 GB/s: direct; in 0.0125 s, 1.3 GB/s: the page cache.
  EXPECT_TRUE(FileSink::PreferDirect(FileSink::kProbeBytes, 0.025));
  EXPECT_FALSE(FileSink::PreferDirect(FileSink::kProbeBytes, 0.0125));
  EXPECT_FALSE(FileSink::PreferDirect(FileSink::kProbeBytes, 0));
}

TEST(FileSinkTest, AFailedWriteIsReported) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);  // writing to a pipe nobody reads: EPIPE (SIGPIPE is ignored below)
  auto old = ::signal(SIGPIPE, SIG_IGN);
  {
    FileSink sink(fds[1], FileSink::Mode::kBuffered);
    EXPECT_TRUE(sink.Write("x"));  // buffered, not yet written
    EXPECT_FALSE(sink.Finish());
  }
  ::signal(SIGPIPE, old);
  ::close(fds[1]);
}

}  // namespace
}  // namespace glomers
