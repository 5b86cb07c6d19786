#include "idgen/uuid.h"

#include <gtest/gtest.h>

namespace idgen {
namespace {

TEST(UuidTest, FormatsCanonicalLowercase) {
  const Uuid u = Uuid::FromHalves(0x0123456789ABCDEFull, 0xFEDCBA9876543210ull);
  EXPECT_EQ(FormatUuid(u), "01234567-89ab-cdef-fedc-ba9876543210");
  EXPECT_EQ(u.high(), 0x0123456789ABCDEFull);
  EXPECT_EQ(u.low(), 0xFEDCBA9876543210ull);
}

TEST(UuidTest, ParseAcceptsEitherCaseAndRoundTrips) {
  Uuid u;
  ASSERT_TRUE(ParseUuid("01234567-89AB-cdef-FEDC-ba9876543210", &u));
  EXPECT_EQ(FormatUuid(u), "01234567-89ab-cdef-fedc-ba9876543210");
}

TEST(UuidTest, ParseRejectsMalformedText) {
  Uuid u;
  for (const char* bad : {
           "", "01234567-89ab-cdef-fedc-ba987654321",  // short
           "01234567-89ab-cdef-fedc-ba98765432100",    // long
           "0123456789ab-cdef-fedc-ba9876543210-",     // dashes misplaced
           "01234567-89ab-cdef-fedc_ba9876543210",     // wrong separator
           "0123456g-89ab-cdef-fedc-ba9876543210",     // not hex
           "{1234567-89ab-cdef-fedc-ba9876543210",     // braces
       }) {
    EXPECT_FALSE(ParseUuid(bad, &u)) << bad;
  }
}

TEST(UuidTest, Uuid7LayoutAndRoundTrip) {
  const Uuid7Fields f{1'772'323'200'123, 0xABC, 0x2F5, 0x000F'1234'5678'9ABCull};
  const Uuid u = EncodeUuid7(f);
  EXPECT_EQ(u.version(), 7);
  EXPECT_TRUE(u.has_rfc_variant());
  // 48-bit ms big-endian in the first six bytes.
  EXPECT_EQ(u.high() >> 16, static_cast<uint64_t>(f.unix_ms));
  // rand_a is the sequence.
  EXPECT_EQ(u.high() & 0xFFF, 0xABCu);
  // Node index right after the variant bits.
  EXPECT_EQ((u.low() >> 52) & 0x3FF, 0x2F5u);
  const Uuid7Fields d = DecodeUuid7(u);
  EXPECT_EQ(d.unix_ms, f.unix_ms);
  EXPECT_EQ(d.sequence, f.sequence);
  EXPECT_EQ(d.node_index, f.node_index);
  EXPECT_EQ(d.random, f.random);
}

TEST(UuidTest, Uuid7RandomBitsCannotDisturbTheOtherFields) {
  const Uuid u = EncodeUuid7({1, 2, 3, ~uint64_t{0}});
  const Uuid7Fields d = DecodeUuid7(u);
  EXPECT_EQ(u.version(), 7);
  EXPECT_TRUE(u.has_rfc_variant());
  EXPECT_EQ(d.unix_ms, 1);
  EXPECT_EQ(d.sequence, 2u);
  EXPECT_EQ(d.node_index, 3u);
}

TEST(UuidTest, Uuid7OrdersByTimeThenSequence) {
  EXPECT_LT(EncodeUuid7({100, 4095, 1023, ~uint64_t{0}}), EncodeUuid7({101, 0, 0, 0}));
  EXPECT_LT(EncodeUuid7({100, 7, 1023, ~uint64_t{0}}), EncodeUuid7({100, 8, 0, 0}));
}

TEST(UuidTest, Uuid4SetsVersionAndVariantWhateverTheRandomBits) {
  for (uint64_t bits : {uint64_t{0}, ~uint64_t{0}, uint64_t{0x5555555555555555}}) {
    const Uuid u = MakeUuid4(bits, bits);
    EXPECT_EQ(u.version(), 4);
    EXPECT_TRUE(u.has_rfc_variant());
    EXPECT_EQ(FormatUuid(u)[14], '4');
  }
}

}  // namespace
}  // namespace idgen
