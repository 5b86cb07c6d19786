// What `glomers serve` may serve, decided without a socket: serve_paths.h.
#include "runner/src/serve_paths.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "runner/tests/serve_test_util.h"

namespace glomers {
namespace {

using serve_test::kEchoRun;
using serve_test::ScratchStore;

TEST(ServePathsTest, TheStoreItselfIsTheIndex) {
  ScratchStore s;
  auto r = ResolveStorePath(s.store(), "/");
  EXPECT_EQ(r.target, StoreTarget::kDirectory);
  EXPECT_EQ(r.path, s.store());
}

TEST(ServePathsTest, FilesAndDirectoriesInTheStoreAreServed) {
  ScratchStore s;
  auto file = ResolveStorePath(s.store(), std::string("/") + kEchoRun + "/results.json");
  EXPECT_EQ(file.target, StoreTarget::kFile);
  EXPECT_EQ(file.path, s.run(kEchoRun) / "results.json");
  auto dir = ResolveStorePath(s.store(), std::string("/") + kEchoRun + "/node-logs/");
  EXPECT_EQ(dir.target, StoreTarget::kDirectory);
  EXPECT_EQ(dir.path, s.run(kEchoRun) / "node-logs");
}

TEST(ServePathsTest, ADirectoryWithoutItsSlashIsRedirectedEncoded) {
  ScratchStore s;
  auto r = ResolveStorePath(s.store(), std::string("/") + kEchoRun);
  EXPECT_EQ(r.target, StoreTarget::kRedirect);
  EXPECT_EQ(r.location, "/echo/20240102T030405.678%2B0000/");
}

TEST(ServePathsTest, SymlinksInsideTheStoreAreFollowed) {
  ScratchStore s;
  auto r = ResolveStorePath(s.store(), "/latest/results.json");
  EXPECT_EQ(r.target, StoreTarget::kFile);
  EXPECT_EQ(r.path, s.run(kEchoRun) / "results.json");  // canonical: the link resolved
  EXPECT_EQ(ResolveStorePath(s.store(), "/latest/").target, StoreTarget::kDirectory);
}

TEST(ServePathsTest, EverythingOutsideTheStoreIsRefused) {
  ScratchStore s;
  const std::string run = std::string("/") + kEchoRun;
  for (const std::string& path : std::vector<std::string>{
           "/../outside/secret.txt",            // traversal
           "/echo/../../outside/secret.txt",    // traversal inside a path
           "/./latest/results.json",            // "." segments are refused too
           "//etc/passwd",                      // an absolute path after the first '/'
           "/etc/passwd",                       // absolute paths are names in the store
           "etc/passwd",                        // not starting with '/'
           "",                                  // nothing
           "/echo//20240102T030405.678+0000/",  // an empty segment
           run + "/secret-link",                // absolute symlink out of the store
           run + "/relative-link",              // relative symlink out
           run + "/outside-dir/secret.txt",     // through a directory symlink out
           run + "/outside-dir/",               //
           run + "/sibling-link",               // into /ROOT/store2, which starts like it
           run + "/dangling",                   // a symlink to nothing
           run + "/fifo",                       // neither file nor directory
           run + "/results.json/",              // a file named as a directory
           run + "/missing.json",               // absent
       }) {
    EXPECT_EQ(ResolveStorePath(s.store(), path).target, StoreTarget::kNotFound) << path;
  }
  // The server passes the path decoded: "%2e%2e" arrives as "..", "%00" as a NUL byte.
  EXPECT_EQ(ResolveStorePath(s.store(), std::string("/latest/results.json\0x", 22)).target,
            StoreTarget::kNotFound);
}

TEST(ServePathsTest, InsideComparesWholeComponents) {
  EXPECT_TRUE(IsInside("/a/store", "/a/store"));
  EXPECT_TRUE(IsInside("/a/store", "/a/store/x/y"));
  EXPECT_FALSE(IsInside("/a/store", "/a/store2"));
  EXPECT_FALSE(IsInside("/a/store", "/a/store2/x"));
  EXPECT_FALSE(IsInside("/a/store", "/a"));
  EXPECT_FALSE(IsInside("/a/store", "/etc/passwd"));
}

TEST(ServePathsTest, OpenInsideOpensOnlyRegularFilesInTheStore) {
  ScratchStore s;
  int fd = OpenInside(s.store(), s.run(kEchoRun) / "results.json");
  ASSERT_GE(fd, 0);
  ::close(fd);
  // What resolving would have refused, had it been swapped in after resolving.
  EXPECT_EQ(OpenInside(s.store(), s.run(kEchoRun) / "secret-link"), -1);  // a symlink
  EXPECT_EQ(OpenInside(s.store(), s.store().parent_path() / "outside" / "secret.txt"), -1);
  EXPECT_EQ(OpenInside(s.store(), s.run(kEchoRun) / "fifo"), -1);  // and it does not hang
  EXPECT_EQ(OpenInside(s.store(), s.run(kEchoRun) / "node-logs"), -1);
}

TEST(ServePathsTest, UrlEncodingKeepsOnlyUnreservedBytesAndSlashes) {
  EXPECT_EQ(UrlEncodePath("/echo/20240102T030405.678+0000/"), "/echo/20240102T030405.678%2B0000/");
  EXPECT_EQ(UrlEncodePath("/a b/%/?#\"<"), "/a%20b/%25/%3F%23%22%3C");
  EXPECT_EQ(UrlEncodePath("/é"), "/%C3%A9");
  EXPECT_EQ(UrlEncodePath("/a-b_c.d~e"), "/a-b_c.d~e");
}

TEST(ServePathsTest, ContentTypesByNameThenByContents) {
  EXPECT_EQ(ContentTypeFor("x/results.json", ""), "application/json");
  EXPECT_EQ(ContentTypeFor("x/rate.svg", ""), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("x/timeline.html", ""), "text/html; charset=utf-8");
  for (const char* text :
       {"history.jsonl", "results.edn", "history.edn", "history.txt", "jepsen.log", "n0.log"}) {
    EXPECT_EQ(ContentTypeFor(text, std::string(1, '\0')), "text/plain; charset=utf-8") << text;
  }
  // No extension (latency-quantiles, a node's own files): what the first bytes look like.
  EXPECT_EQ(ContentTypeFor("latency-quantiles", "0.5\t12\n0.95\t30\n"),
            "text/plain; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("data", "caf\xc3\xa9\n"), "text/plain; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("data", "cut \xc3"), "text/plain; charset=utf-8");  // head ends mid-char
  EXPECT_EQ(ContentTypeFor("data", std::string("a\0b", 3)), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("data", "\xff\xfe"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("data", "\x1b[31m"), "application/octet-stream");
}

}  // namespace
}  // namespace glomers
