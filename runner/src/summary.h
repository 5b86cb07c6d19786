// The human summary printed at the end of a test: what was run, how operations went, latency
// quantiles, each checker's findings, the runner's own cost, where the files are, the verdict.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runner/src/options.h"
#include "runner/src/results.h"

namespace glomers {

struct LatencyQuantiles {
  Nanos p50 = 0, p90 = 0, p99 = 0, max = 0;
  std::size_t count = 0;
};
// Nearest-rank quantiles; sorts `latencies`.
LatencyQuantiles Quantiles(std::vector<Nanos>& latencies);

struct SummaryInput {
  const TestOptions* options = nullptr;
  const Analysis* analysis = nullptr;
  LatencyQuantiles ok_latency;
  double elapsed_s = 0;         // of the operation phase
  double runner_cpu_s = 0;      // the runner's own CPU time (user + system) in that phase
  std::int64_t operations = 0;  // client operations completed
  std::string dir;
};

std::string FormatSummary(const SummaryInput& in);

}  // namespace glomers
