#include "idgen/flake64.h"

#include <gtest/gtest.h>

#include "idgen/decode.h"

namespace idgen {
namespace {

TEST(Flake64Test, EpochIsTheStartOf2025) {
  EXPECT_EQ(FormatIso8601Ms(kFlake64EpochMs), "2025-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIso8601Ms(kFlake64EndMs), "2094-09-07T15:47:35.552Z");
}

TEST(Flake64Test, FieldsLandWhereTheDiagramSays) {
  EXPECT_EQ(EncodeFlake64({kFlake64EpochMs, 0, 1}), 1u);
  EXPECT_EQ(EncodeFlake64({kFlake64EpochMs, 1, 0}), 1u << 10);
  EXPECT_EQ(EncodeFlake64({kFlake64EpochMs + 1, 0, 0}), 1u << 22);
  EXPECT_EQ(EncodeFlake64({kFlake64EndMs - 1, kMaxSequence, kMaxNodeIndex}),
            (uint64_t{1} << 63) - 1);
}

TEST(Flake64Test, DecodeInvertsEncode) {
  const Flake64Fields cases[] = {
      {kFlake64EpochMs, 0, 0},
      {kFlake64EpochMs + 123456789, 4095, 1023},
      {kFlake64EndMs - 1, 17, 3},
      {1'772'323'200'000, 2048, 512},
  };
  for (const Flake64Fields& f : cases) {
    const uint64_t id = EncodeFlake64(f);
    ASSERT_TRUE(IsValidFlake64(id));
    const Flake64Fields d = DecodeFlake64(id);
    EXPECT_EQ(d.unix_ms, f.unix_ms);
    EXPECT_EQ(d.sequence, f.sequence);
    EXPECT_EQ(d.node_index, f.node_index);
  }
}

TEST(Flake64Test, OrderFollowsTimeThenSequenceThenNode) {
  EXPECT_LT(EncodeFlake64({kFlake64EpochMs + 5, 4095, 1023}),
            EncodeFlake64({kFlake64EpochMs + 6, 0, 0}));
  EXPECT_LT(EncodeFlake64({kFlake64EpochMs + 5, 3, 1023}),
            EncodeFlake64({kFlake64EpochMs + 5, 4, 0}));
}

TEST(Flake64Test, TopBitSetIsInvalid) {
  EXPECT_FALSE(IsValidFlake64(uint64_t{1} << 63));
  EXPECT_FALSE(IsValidFlake64(UINT64_MAX));
  EXPECT_TRUE(IsValidFlake64((uint64_t{1} << 63) - 1));
}

}  // namespace
}  // namespace idgen
