#include "runner/src/latency.h"

#include <cmath>

namespace glomers {

std::int64_t LatencyDistribution::DrawMs(Random& rng) const {
  if (mean_ms_ <= 0) return 0;
  switch (shape_) {
    case LatencyShape::kConstant:
      return mean_ms_;
    case LatencyShape::kUniform:
      return static_cast<std::int64_t>(rng.Below(static_cast<std::uint64_t>(2 * mean_ms_)));
    case LatencyShape::kExponential:
      return static_cast<std::int64_t>(std::floor(rng.Exponential(static_cast<double>(mean_ms_))));
  }
  return mean_ms_;
}

}  // namespace glomers
