#include "idgen/uuid.h"

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

uint64_t Uuid::high() const {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | bytes[i];
  return v;
}

uint64_t Uuid::low() const {
  uint64_t v = 0;
  for (int i = 8; i < 16; ++i) v = (v << 8) | bytes[i];
  return v;
}

Uuid Uuid::FromHalves(uint64_t high, uint64_t low) {
  Uuid u;
  for (int i = 7; i >= 0; --i) {
    u.bytes[i] = static_cast<uint8_t>(high);
    high >>= 8;
  }
  for (int i = 15; i >= 8; --i) {
    u.bytes[i] = static_cast<uint8_t>(low);
    low >>= 8;
  }
  return u;
}

void FormatUuid(const Uuid& uuid, char* out) {
  size_t pos = 0;
  for (int i = 0; i < 16; ++i) {
    if (IsDashPosition(pos)) out[pos++] = '-';
    out[pos++] = kHexDigits[uuid.bytes[i] >> 4];
    out[pos++] = kHexDigits[uuid.bytes[i] & 0xf];
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
