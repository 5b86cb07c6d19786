// Pictures of a test, as SVG files a browser opens: latency of each operation over time
// (latency-raw.svg, log scale, colored by outcome) and the rate of completions over time
// (rate.svg), both with the fault windows shaded in Jepsen's colors.
#pragma once

#include <string>
#include <vector>

#include "runner/src/fault_log.h"
#include "runner/src/history.h"

namespace glomers {

struct FaultWindow {
  std::string kind;  // "partition", "kill", "pause"
  Nanos start = 0;
  Nanos end = 0;  // the test's end if the fault was never undone
};

// A window for each fault episode, from it taking effect to its undoing (start-partition ..
// stop-partition, kill .. start, pause .. resume), in the order they began.
std::vector<FaultWindow> FaultWindows(const FaultLog& faults, Nanos test_end);

// At most `max_points` operations are drawn; beyond that, ok operations are sampled evenly
// (failed and indeterminate ones are kept first).
std::string LatencySvg(const History& history, const std::vector<FaultWindow>& windows,
                       Nanos test_end, std::size_t max_points = 20000);
std::string RateSvg(const History& history, const std::vector<FaultWindow>& windows,
                    Nanos test_end);

}  // namespace glomers
