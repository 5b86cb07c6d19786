// The results of a test, composed as Maelstrom composes its checkers, and written as
// results.json: Maelstrom's results.edn with the same keys ("perf", "timeline", "exceptions",
// "stats", "availability", "net", "workload", "valid?"), keywords as strings, plus "nodes"
// (crashes and invalid output, which Maelstrom reports as a failed run rather than a result).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "runner/src/checker_availability.h"
#include "runner/src/checker_echo.h"
#include "runner/src/checker_stats.h"
#include "runner/src/checker_unique_ids.h"
#include "runner/src/history.h"
#include "runner/src/network.h"
#include "runner/src/node_report.h"
#include "runner/src/options.h"
#include "runner/src/validity.h"

namespace glomers {

struct Analysis {
  Validity valid = Validity::kTrue;
  StatsResult stats;
  AvailabilityResult availability;
  std::optional<EchoResult> echo;
  std::optional<UniqueIdsResult> unique_ids;
  Validity workload_valid = Validity::kTrue;
  NodeReport nodes;
  std::string json;  // compact results
};

Analysis Analyze(const TestOptions& options, const History& history, const NetStats& net,
                 const NodeReport& nodes);

// JSON text indented for people, two spaces a level.
std::string PrettyJson(std::string_view json);

}  // namespace glomers
