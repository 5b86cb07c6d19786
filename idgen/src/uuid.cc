#include "idgen/uuid.h"

#include <bit>
#include <cstring>

namespace idgen {

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr uint64_t kRandom52Mask = (uint64_t{1} << 52) - 1;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsDashPosition(size_t i) { return i == 8 || i == 13 || i == 18 || i == 23; }

}  // namespace

// The halves are big-endian in the byte array; memcpy plus a byte swap compiles to a
// load or store and a bswap instead of eight shifts.
namespace {

uint64_t LoadBigEndian64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
  return v;
}

void StoreBigEndian64(uint8_t* p, uint64_t v) {
  if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
  std::memcpy(p, &v, sizeof v);
}

}  // namespace

uint64_t Uuid::high() const { return LoadBigEndian64(bytes.data()); }

uint64_t Uuid::low() const { return LoadBigEndian64(bytes.data() + 8); }

Uuid Uuid::FromHalves(uint64_t high, uint64_t low) {
  Uuid u;
  StoreBigEndian64(u.bytes.data(), high);
  StoreBigEndian64(u.bytes.data() + 8, low);
  return u;
}

void FormatUuid(const Uuid& uuid, char* out) {
  // Where each byte's two hex digits go in 8-4-4-4-12.
  static constexpr uint8_t kTextOffset[16] = {0,  2,  4,  6,  9,  11, 14, 16,
                                              19, 21, 24, 26, 28, 30, 32, 34};
  out[8] = out[13] = out[18] = out[23] = '-';
  for (int i = 0; i < 16; ++i) {
    out[kTextOffset[i]] = kHexDigits[uuid.bytes[i] >> 4];
    out[kTextOffset[i] + 1] = kHexDigits[uuid.bytes[i] & 0xf];
  }
}

std::string FormatUuid(const Uuid& uuid) {
  std::string s(kUuidTextSize, '\0');
  FormatUuid(uuid, s.data());
  return s;
}

bool ParseUuid(std::string_view text, Uuid* out) {
  if (text.size() != kUuidTextSize) return false;
  Uuid u;
  size_t byte = 0;
  for (size_t i = 0; i < text.size();) {
    if (IsDashPosition(i)) {
      if (text[i] != '-') return false;
      ++i;
      continue;
    }
    const int hi = HexValue(text[i]);
    const int lo = HexValue(text[i + 1]);
    if (hi < 0 || lo < 0) return false;
    u.bytes[byte++] = static_cast<uint8_t>(hi << 4 | lo);
    i += 2;
  }
  *out = u;
  return true;
}

Uuid EncodeUuid7(const Uuid7Fields& f) {
  const uint64_t high =
      (static_cast<uint64_t>(f.unix_ms) << 16) | (uint64_t{7} << 12) | (f.sequence & kMaxSequence);
  const uint64_t low = (uint64_t{0b10} << 62) |
                       (static_cast<uint64_t>(f.node_index & kMaxNodeIndex) << 52) |
                       (f.random & kRandom52Mask);
  return Uuid::FromHalves(high, low);
}

Uuid7Fields DecodeUuid7(const Uuid& uuid) {
  const uint64_t high = uuid.high();
  const uint64_t low = uuid.low();
  return Uuid7Fields{
      static_cast<int64_t>(high >> 16),
      static_cast<uint32_t>(high & kMaxSequence),
      static_cast<uint32_t>((low >> 52) & kMaxNodeIndex),
      low & kRandom52Mask,
  };
}

Uuid MakeUuid4(uint64_t random_high, uint64_t random_low) {
  const uint64_t high = (random_high & ~uint64_t{0xf000}) | uint64_t{0x4000};
  const uint64_t low = (random_low >> 2) | (uint64_t{0b10} << 62);
  return Uuid::FromHalves(high, low);
}

}  // namespace idgen
