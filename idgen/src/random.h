// Random: the bits in uuid4 and in the random tail of uuid7. xoshiro256**, seeded from
// the kernel (getrandom) unless a test fixes the seed.

#ifndef IDGEN_SRC_RANDOM_H_
#define IDGEN_SRC_RANDOM_H_

#include <cstdint>

#include "idgen/status.h"

namespace idgen {

class Random {
 public:
  // Deterministic: expands `seed` with splitmix64. For tests and benchmarks.
  explicit Random(uint64_t seed);

  // Fills the 256-bit state from getrandom(2). Fails only if the kernel will not answer.
  static Status FromOs(Random* out);

  uint64_t Next();

 private:
  Random() = default;
  uint64_t s_[4] = {};
};

}  // namespace idgen

#endif  // IDGEN_SRC_RANDOM_H_
