// Seeded randomness for everything the runner decides: operation gaps and values, fault choices,
// latencies, services. Each concern draws from its own stream, so that, for instance, how many
// messages the nodes send (which moves the latency stream) cannot change the schedule of
// operations and faults: the same seed replays the same schedule.
//
// SplitMix64: tiny, fast, and the same on every platform (unlike std::*_distribution, whose
// output the standard leaves to the library).
#pragma once

#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

namespace glomers {

class Random {
 public:
  // Distinct streams of one seed.
  enum Stream : std::uint64_t {
    kOps = 1,
    kValues = 2,
    kNemesis = 3,
    kLatency = 4,
    kServices = 5,
    kGrudges = 6,
    kTargets = 7,
  };

  explicit Random(std::uint64_t seed, std::uint64_t stream = 0)
      : state_(Mix(seed + 0x9E3779B97F4A7C15ull * (stream + 1))) {}

  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    return Mix(z);
  }

  // Uniform in [0, n); n > 0. Unbiased.
  std::uint64_t Below(std::uint64_t n) {
    std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t x;
    do {
      x = Next();
    } while (x >= limit);
    return x % n;
  }

  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  // Exponentially distributed with the given mean.
  double Exponential(double mean) { return -mean * std::log1p(-Unit()); }

  template <class T>
  void Shuffle(std::vector<T>& v) {
    for (std::size_t i = v.size(); i > 1; --i) {
      std::swap(v[i - 1], v[Below(i)]);
    }
  }

  template <class T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }

 private:
  static std::uint64_t Mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  std::uint64_t state_;
};

}  // namespace glomers
