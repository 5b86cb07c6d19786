#include "mark_file.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <set>

#include "crc32c.h"

namespace idgen {
namespace {

TEST(MarkFileTest, EncodesOneCheckedLine) {
  const std::string body = "idgen-mark v2 index=1 ms=1772323210000 node=n1";
  char crc[9];
  std::snprintf(crc, sizeof crc, "%08x", Crc32c(body));
  EXPECT_EQ(EncodeMark(1, "n1", 1'772'323'210'000), body + " crc32c=" + crc + "\n");
  DecodedMark m;
  ASSERT_TRUE(DecodeMark(EncodeMark(1, "n1", 1'772'323'210'000), 1, &m).ok());
  EXPECT_EQ(m.ms, 1'772'323'210'000);
  EXPECT_EQ(m.node, "n1");
  ASSERT_TRUE(DecodeMark(EncodeMark(0, "a b/c", 0), 0, &m).ok());
  EXPECT_EQ(m.ms, 0);
  EXPECT_EQ(m.node, "a%20b%2Fc");
}

TEST(MarkFileTest, EveryTruncationIsDetected) {
  const std::string good = EncodeMark(7, "n7", 1'772'323'210'000);
  for (size_t len = 0; len < good.size(); ++len) {
    DecodedMark m;
    m.ms = -1;
    Status s = DecodeMark(good.substr(0, len), 7, &m);
    EXPECT_TRUE(s.IsCorruption()) << "length " << len;
    EXPECT_EQ(m.ms, -1);
  }
}

TEST(MarkFileTest, EverySingleByteChangeIsDetected) {
  const std::string good = EncodeMark(7, "n7", 1'772'323'210'000);
  for (size_t i = 0; i < good.size(); ++i) {
    for (int delta : {1, 0x20, 0x80}) {
      std::string bad = good;
      bad[i] = static_cast<char>(bad[i] ^ delta);
      DecodedMark m;
      EXPECT_TRUE(DecodeMark(bad, 7, &m).IsCorruption()) << "byte " << i << " ^ " << delta;
    }
  }
}

TEST(MarkFileTest, TrailingBytesAndExtraLinesAreDamage) {
  const std::string good = EncodeMark(7, "n7", 5);
  DecodedMark m;
  EXPECT_TRUE(DecodeMark(good + "x", 7, &m).IsCorruption());
  EXPECT_TRUE(DecodeMark(good + good, 7, &m).IsCorruption());
  EXPECT_TRUE(DecodeMark(std::string(good.size(), '\0'), 7, &m).IsCorruption());
}

// A line that passes the checksum but that EncodeMark would never write.
std::string WithValidChecksum(const std::string& body) {
  char crc[9];
  std::snprintf(crc, sizeof crc, "%08x", Crc32c(body));
  return body + " crc32c=" + crc + "\n";
}

TEST(MarkFileTest, ChecksummedButMalformedLinesAreRefused) {
  DecodedMark m;
  ASSERT_TRUE(DecodeMark(WithValidChecksum("idgen-mark v2 index=1 ms=123 node=n1"), 1, &m).ok());
  EXPECT_EQ(m.ms, 123);
  for (const char* body :
       {"idgen-mark v2 index=1 ms=0123 node=n1", "idgen-mark v2 index=1 ms= node=n1",
        "idgen-mark v2 index=1 ms=12 3 node=n1", "idgen-mark v2 index=1 ms=+1 node=n1",
        "idgen-mark v1 node=n1 ms=123",  // an older idgen's name-keyed mark
        "idgen-mark v2 index=1  ms=123 node=n1", "idgen-mark v2 index=01 ms=123 node=n1",
        "idgen-mark v2 index=1 node=n1 ms=123", "idgen-mark v2 index=1 ms=123 node=n 1",
        "idgen-mark v2 index=1 ms=12345678901234567 node=n1"}) {
    EXPECT_TRUE(DecodeMark(WithValidChecksum(body), 1, &m).IsCorruption()) << body;
  }
}

TEST(MarkFileTest, AnotherIndexsMarkIsRefusedWhateverTheName) {
  DecodedMark m;
  Status s = DecodeMark(EncodeMark(1, "n1", 5), 2, &m);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find("belongs to node index 1, not 2"), std::string_view::npos)
      << s.ToString();
  // The name is only a record: another name's mark for the same index is this index's mark.
  ASSERT_TRUE(DecodeMark(EncodeMark(2, "n7", 5), 2, &m).ok());
  EXPECT_EQ(m.node, "n7");
}

TEST(MarkFileTest, CheckedButOutOfRangeValuesAreRefused) {
  DecodedMark m;
  EXPECT_TRUE(DecodeMark(EncodeMark(1, "n1", kMaxMarkMs), 1, &m).ok());
  EXPECT_TRUE(DecodeMark(EncodeMark(1, "n1", kMaxMarkMs + 1), 1, &m).IsCorruption());
  EXPECT_TRUE(DecodeMark(EncodeMark(1, "n1", -5), 1, &m).IsCorruption());
}

TEST(MarkFileTest, EscapingIsSafeAndInjective) {
  EXPECT_EQ(EscapeNodeId("n1"), "n1");
  EXPECT_EQ(EscapeNodeId("c-0_Z"), "c-0_Z");
  EXPECT_EQ(EscapeNodeId("../etc/passwd"), "%2E%2E%2Fetc%2Fpasswd");
  EXPECT_EQ(EscapeNodeId("a%2F"), "a%252F");
  EXPECT_EQ(EscapeNodeId(std::string("a\0b", 3)), "a%00b");
  EXPECT_EQ(EscapeNodeId("\xff"), "%FF");
  std::set<std::string> seen;
  const char* ids[] = {"n1", "n%31", "n%", "n/", "n%2F", "n.", "N1", "n1 ", " n1", ""};
  for (const char* id : ids) EXPECT_TRUE(seen.insert(EscapeNodeId(id)).second) << id;
}

TEST(MarkFileTest, FileNamesCarryTheIndexNotTheName) {
  std::string name;
  ASSERT_TRUE(MarkFileName("unique-ids", 1, &name).ok());
  EXPECT_EQ(name, "unique-ids.1.mark");
  ASSERT_TRUE(MarkFileName("idgen", 1023, &name).ok());
  EXPECT_EQ(name, "idgen.1023.mark");
  EXPECT_TRUE(MarkFileName("", 1, &name).IsInvalidArgument());
  EXPECT_TRUE(MarkFileName("a/b", 1, &name).IsInvalidArgument());
  EXPECT_TRUE(MarkFileName(std::string(101, 'x'), 1, &name).IsInvalidArgument());
  EXPECT_TRUE(MarkFileName(std::string(100, 'x'), 1, &name).ok());
}

}  // namespace
}  // namespace idgen
