#include "random.h"

#include <sys/random.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace idgen {

namespace {

uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

uint64_t RotateLeft(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Random::Random(uint64_t seed) {
  for (uint64_t& word : s_) word = SplitMix64(&seed);
}

Status Random::FromOs(Random* out) {
  Random r;
  size_t done = 0;
  auto* bytes = reinterpret_cast<unsigned char*>(r.s_);
  while (done < sizeof r.s_) {
    const ssize_t n = getrandom(bytes + done, sizeof r.s_ - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IOError(std::string("getrandom: ") + std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  // xoshiro's one bad state; 2^-256 odds, but a stuck generator would repeat forever.
  if ((r.s_[0] | r.s_[1] | r.s_[2] | r.s_[3]) == 0) r.s_[0] = 1;
  *out = r;
  return Status::OK();
}

uint64_t Random::Next() {
  const uint64_t result = RotateLeft(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = RotateLeft(s_[3], 45);
  return result;
}

}  // namespace idgen
