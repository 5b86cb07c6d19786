// The human summary printed at the end of a test: what was run, how operations went, latency
// quantiles, each checker's findings (the workload's in its own words, each explained: which
// node, when, the nearest fault; explain.h), the runner's own cost,
// where the files are, the verdict.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runner/src/explain.h"
#include "runner/src/options.h"
#include "runner/src/results.h"

namespace glomers {

struct SummaryInput {
  const TestOptions* options = nullptr;
  const Analysis* analysis = nullptr;
  double elapsed_s = 0;         // of the operation phase
  double runner_cpu_s = 0;      // the runner's own CPU time (user + system) in that phase
  std::int64_t operations = 0;  // client operations completed
  std::string dir;
  std::vector<std::string> files;        // what the test left in dir
  const Explainer* explainer = nullptr;  // says which node did what, under each finding
};

std::string FormatSummary(const SummaryInput& in);

}  // namespace glomers
