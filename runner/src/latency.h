// Maelstrom's network latency: a whole number of milliseconds per message, drawn from
// --latency-dist with mean --latency. Only messages between nodes, and between nodes and
// services, are delayed; client traffic never is (the network decides that, not this).
#pragma once

#include <cstdint>

#include "runner/src/options.h"
#include "runner/src/random.h"

namespace glomers {

class LatencyDistribution {
 public:
  LatencyDistribution(LatencyShape shape, std::int64_t mean_ms)
      : shape_(shape), mean_ms_(mean_ms) {}

  // constant: the mean; uniform: an integer in [0, 2*mean); exponential: floor of a draw with
  // that mean (as Maelstrom truncates its double draws to a long).
  std::int64_t DrawMs(Random& rng) const;

  LatencyShape shape() const { return shape_; }
  std::int64_t mean_ms() const { return mean_ms_; }

 private:
  LatencyShape shape_;
  std::int64_t mean_ms_;
};

}  // namespace glomers
