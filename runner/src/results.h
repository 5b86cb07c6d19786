// The results of a test, composed as Maelstrom composes its checkers, and written as
// results.json: Maelstrom's results.edn with the same keys ("perf", "timeline", "exceptions",
// "stats", "availability", "net", "workload", "valid?"), keywords as strings, plus "nodes"
// (crashes and invalid output, which Maelstrom reports as a failed run rather than a result) and
// "lint" (what Maelstrom lets pass; it fails the run only with --strict).
// The workload's part is its own checker's; nothing here knows which workload ran.
#pragma once

#include <cstdint>
#include <memory>

#include "runner/src/checkers.h"
#include "runner/src/history.h"
#include "runner/src/node_report.h"
#include "runner/src/options.h"
#include "runner/src/validity.h"
#include "runner/src/workload.h"

namespace glomers {

class JsonWriter;

// Nearest-rank quantiles of the ok operations' latencies.
struct LatencyQuantiles {
  Nanos p50 = 0, p90 = 0, p99 = 0, max = 0;
  std::size_t count = 0;
};
LatencyQuantiles OkLatencies(const History& history);

struct Analysis {
  Validity valid = Validity::kTrue;
  StatsResult stats;
  AvailabilityResult availability;
  ExceptionsResult exceptions;
  NetResult net;
  std::unique_ptr<WorkloadCheck> workload;
  NodeReport nodes;
  LintResult lint;  // judged only with --strict
  LatencyQuantiles ok_latency;
};

Analysis Analyze(const TestOptions& options, const Workload& workload, const History& history,
                 const NetStats& net, const NodeReport& nodes);

// results.json's map (compact; PrettyJson for people).
void WriteJson(JsonWriter& w, const Analysis& analysis, const History& history);

}  // namespace glomers
