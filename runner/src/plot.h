// Pictures of a test, as SVG files a browser opens: latency of each operation over time
// (latency-raw.svg, log scale, colored by outcome) and the rate of completions over time
// (rate.svg), and the quantiles of latency per time bin (latency-quantiles.svg, plot_quantiles.cc),
// each with the faults drawn as plot_frame.h says.
#pragma once

#include <string>
#include <vector>

#include "runner/src/fault_log.h"
#include "runner/src/history.h"

namespace glomers {

struct FaultWindow {
  std::string kind;  // "partition", "kill", "pause"
  Nanos start = 0;
  Nanos end = 0;        // the test's end if the fault was never undone
  bool touched = true;  // false: it touched no node, and is drawn as a marker
  std::string label;    // for hovering: "kill minority-third", "partition majority"
};

// A window for each fault episode, from it taking effect to its undoing (start-partition ..
// stop-partition, kill .. start, pause .. resume), in the order they began.
std::vector<FaultWindow> FaultWindows(const FaultLog& faults, Nanos test_end);

// At most `max_points` operations are drawn (a few thousand keep the file near 200 KB); beyond
// that, ok operations are sampled evenly (failed and indeterminate ones are kept first), and the
// picture says how many of how many it shows.
std::string LatencySvg(const History& history, const std::vector<FaultWindow>& windows,
                       Nanos test_end, std::size_t max_points = 4000);
// Jepsen's latency-quantiles: the ok, info and fail operations' latencies binned by invocation
// time (about 40 bins, at least 10 ms each; Jepsen bins 30 s), each bin's 0.5, 0.95, 0.99 and 1
// quantiles (nearest rank) drawn as a line per quantile, log scale.
std::string LatencyQuantilesSvg(const History& history, const std::vector<FaultWindow>& windows,
                                Nanos test_end);
std::string RateSvg(const History& history, const std::vector<FaultWindow>& windows,
                    Nanos test_end);

}  // namespace glomers
