#include "mark_file.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <set>

#include "crc32c.h"

namespace idgen {
namespace {

TEST(MarkFileTest, EncodesOneCheckedLine) {
  const std::string body = "idgen-mark v1 node=n1 ms=1772323210000";
  char crc[9];
  std::snprintf(crc, sizeof crc, "%08x", Crc32c(body));
  EXPECT_EQ(EncodeMark("n1", 1'772'323'210'000), body + " crc32c=" + crc + "\n");
  int64_t ms = 0;
  ASSERT_TRUE(DecodeMark(EncodeMark("n1", 1'772'323'210'000), "n1", &ms).ok());
  EXPECT_EQ(ms, 1'772'323'210'000);
  ASSERT_TRUE(DecodeMark(EncodeMark("n1", 0), "n1", &ms).ok());
  EXPECT_EQ(ms, 0);
}

TEST(MarkFileTest, EveryTruncationIsDetected) {
  const std::string good = EncodeMark("n7", 1'772'323'210'000);
  for (size_t len = 0; len < good.size(); ++len) {
    int64_t ms = -1;
    Status s = DecodeMark(good.substr(0, len), "n7", &ms);
    EXPECT_TRUE(s.IsCorruption()) << "length " << len;
    EXPECT_EQ(ms, -1);
  }
}

TEST(MarkFileTest, EverySingleByteChangeIsDetected) {
  const std::string good = EncodeMark("n7", 1'772'323'210'000);
  for (size_t i = 0; i < good.size(); ++i) {
    for (int delta : {1, 0x20, 0x80}) {
      std::string bad = good;
      bad[i] = static_cast<char>(bad[i] ^ delta);
      int64_t ms = -1;
      EXPECT_TRUE(DecodeMark(bad, "n7", &ms).IsCorruption()) << "byte " << i << " ^ " << delta;
    }
  }
}

TEST(MarkFileTest, TrailingBytesAndExtraLinesAreDamage) {
  const std::string good = EncodeMark("n7", 5);
  int64_t ms;
  EXPECT_TRUE(DecodeMark(good + "x", "n7", &ms).IsCorruption());
  EXPECT_TRUE(DecodeMark(good + good, "n7", &ms).IsCorruption());
  EXPECT_TRUE(DecodeMark(std::string(good.size(), '\0'), "n7", &ms).IsCorruption());
}

// A line that passes the checksum but that EncodeMark would never write.
std::string WithValidChecksum(const std::string& body) {
  char crc[9];
  std::snprintf(crc, sizeof crc, "%08x", Crc32c(body));
  return body + " crc32c=" + crc + "\n";
}

TEST(MarkFileTest, ChecksummedButMalformedLinesAreRefused) {
  int64_t ms = -1;
  ASSERT_TRUE(DecodeMark(WithValidChecksum("idgen-mark v1 node=n1 ms=123"), "n1", &ms).ok());
  EXPECT_EQ(ms, 123);
  for (const char* body : {"idgen-mark v1 node=n1 ms=0123", "idgen-mark v1 node=n1 ms=",
                           "idgen-mark v1 node=n1 ms=12 3", "idgen-mark v1 node=n1 ms=+1",
                           "idgen-mark v2 node=n1 ms=123", "idgen-mark v1 node=n1  ms=123",
                           "idgen-mark v1 node=n1 ms=12345678901234567"}) {
    EXPECT_TRUE(DecodeMark(WithValidChecksum(body), "n1", &ms).IsCorruption()) << body;
  }
}

TEST(MarkFileTest, AnotherNodesMarkIsRefused) {
  int64_t ms;
  Status s = DecodeMark(EncodeMark("n1", 5), "n2", &ms);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find("another node"), std::string_view::npos) << s.ToString();
}

TEST(MarkFileTest, CheckedButOutOfRangeValuesAreRefused) {
  int64_t ms;
  EXPECT_TRUE(DecodeMark(EncodeMark("n1", kMaxMarkMs), "n1", &ms).ok());
  EXPECT_TRUE(DecodeMark(EncodeMark("n1", kMaxMarkMs + 1), "n1", &ms).IsCorruption());
  EXPECT_TRUE(DecodeMark(EncodeMark("n1", -5), "n1", &ms).IsCorruption());
}

TEST(MarkFileTest, EscapingIsSafeAndInjective) {
  EXPECT_EQ(EscapeNodeId("n1"), "n1");
  EXPECT_EQ(EscapeNodeId("c-0_Z"), "c-0_Z");
  EXPECT_EQ(EscapeNodeId("../etc/passwd"), "%2E%2E%2Fetc%2Fpasswd");
  EXPECT_EQ(EscapeNodeId("a%2F"), "a%252F");
  EXPECT_EQ(EscapeNodeId(std::string("a\0b", 3)), "a%00b");
  EXPECT_EQ(EscapeNodeId("\xff"), "%FF");
  // Distinct ids never share a file, including ids that look like escapes.
  std::set<std::string> seen;
  const char* ids[] = {"n1", "n%31", "n%", "n/", "n%2F", "n.", "N1", "n1 ", " n1", ""};
  for (const char* id : ids) EXPECT_TRUE(seen.insert(EscapeNodeId(id)).second) << id;
}

TEST(MarkFileTest, FileNames) {
  std::string name;
  ASSERT_TRUE(MarkFileName("unique-ids", "n1", &name).ok());
  EXPECT_EQ(name, "unique-ids.n1.mark");
  ASSERT_TRUE(MarkFileName("idgen", "a/b", &name).ok());
  EXPECT_EQ(name, "idgen.a%2Fb.mark");
  EXPECT_TRUE(MarkFileName("idgen", "", &name).IsInvalidArgument());
  EXPECT_TRUE(MarkFileName("", "n1", &name).IsInvalidArgument());
  EXPECT_TRUE(MarkFileName("a/b", "n1", &name).IsInvalidArgument());
  EXPECT_TRUE(MarkFileName("idgen", std::string(100, '/'), &name).IsInvalidArgument());
  EXPECT_TRUE(MarkFileName("idgen", std::string(150, 'x'), &name).ok());
}

}  // namespace
}  // namespace idgen
