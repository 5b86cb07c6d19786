#include "idgen/decode.h"

#include <gtest/gtest.h>

#include "idgen/flake64.h"
#include "idgen/uuid.h"

namespace idgen {
namespace {

TEST(DecodeTest, Flake64) {
  const uint64_t id = EncodeFlake64({1'772'323'200'123, 17, 3});
  DecodedId d;
  ASSERT_TRUE(DecodeId(std::to_string(id), &d).ok());
  EXPECT_EQ(d.format, IdFormat::kFlake64);
  EXPECT_EQ(d.unix_ms, 1'772'323'200'123);
  EXPECT_EQ(d.sequence, 17u);
  EXPECT_EQ(d.node_index, 3u);
  EXPECT_EQ(FormatIso8601Ms(d.unix_ms), "2026-03-01T00:00:00.123Z");
}

TEST(DecodeTest, LargestFlake64) {
  DecodedId d;
  ASSERT_TRUE(DecodeId("9223372036854775807", &d).ok());
  EXPECT_EQ(d.unix_ms, kFlake64EndMs - 1);
  EXPECT_EQ(d.sequence, kMaxSequence);
  EXPECT_EQ(d.node_index, kMaxNodeIndex);
}

TEST(DecodeTest, Uuid7AndUuid4) {
  DecodedId d;
  const Uuid u7 = EncodeUuid7({1'772'323'200'123, 9, 700, 12345});
  ASSERT_TRUE(DecodeId(FormatUuid(u7), &d).ok());
  EXPECT_EQ(d.format, IdFormat::kUuid7);
  EXPECT_EQ(d.unix_ms, 1'772'323'200'123);
  EXPECT_EQ(d.sequence, 9u);
  EXPECT_EQ(d.node_index, 700u);
  ASSERT_TRUE(DecodeId(FormatUuid(MakeUuid4(1, 2)), &d).ok());
  EXPECT_EQ(d.format, IdFormat::kUuid4);
}

TEST(DecodeTest, RejectsGarbageWithTheReason) {
  const struct {
    const char* text;
    const char* reason;
  } cases[] = {
      {"", "empty"},
      {"-1", "sign"},
      {"+1", "sign"},
      {"12a4", "non-digit"},
      {"007", "leading zero"},
      {"00", "leading zero"},
      {"1.5", "non-digit"},
      {" 12", "neither"},
      {"18446744073709551616", "64 bits"},  // 2^64
      {"99999999999999999999999", "64 bits"},
      {"9223372036854775808", "top bit"},  // 2^63
      {"18446744073709551615", "top bit"},
      {"hello", "neither"},
      {"01234567-89ab-1def-8edc-ba9876543210", "version 1"},
      {"01234567-89ab-7def-cedc-ba9876543210", "variant"},
      {"01234567-89ab-4def-0edc-ba9876543210", "variant"},
      {"01234567-89ab-7def-8edc-ba987654321", "non-digit"},
  };
  for (const auto& c : cases) {
    DecodedId d;
    Status s = DecodeId(c.text, &d);
    EXPECT_TRUE(s.IsInvalidArgument()) << c.text;
    EXPECT_NE(s.message().find(c.reason), std::string_view::npos)
        << c.text << " -> " << s.ToString();
  }
}

TEST(DecodeTest, FormatsTimesAcrossTheRange) {
  EXPECT_EQ(FormatIso8601Ms(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIso8601Ms(951'782'400'000), "2000-02-29T00:00:00.000Z");
  EXPECT_EQ(FormatIso8601Ms(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatIso8601Ms(kUuid7EndMs - 1), "10889-08-02T05:31:50.655Z");
}

}  // namespace
}  // namespace idgen
