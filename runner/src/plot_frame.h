// What the store's time plots share (latency-raw.svg, latency-quantiles.svg, rate.svg): the
// frame, the time axis, the faults and the legend.
//
// Faults: an episode that touched a node is a window shaded in its kind's colour (Jepsen's);
// windows are drawn kind by kind in one order (partition, kill, pause) at one opacity, so where
// two overlap the colour is always the same blend, and the legend shows that blend as a swatch of
// its own for every overlap that occurs. A fault that touched no node (a kill of
// "minority-third" of three nodes, an empty pause) is a dashed marker at the moment it happened,
// not a window; the legend says so.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "runner/src/history.h"
#include "runner/src/plot.h"

namespace glomers::plot {

constexpr double kWidth = 960, kHeight = 480;
constexpr double kLeft = 70, kRight = 200, kTop = 40, kBottom = 50;
constexpr double kPlotW = kWidth - kLeft - kRight, kPlotH = kHeight - kTop - kBottom;

const char* TypeColor(OpType type);
const char* FaultColor(const std::string& kind);
// A round step giving about `target` ticks over `span`.
double NiceStep(double span, int target);

struct Frame {
  double seconds;  // x span
  double X(Nanos t) const { return kLeft + kPlotW * (static_cast<double>(t) / 1e9) / seconds; }
};

// A log scale of milliseconds over the plot's height, whole decades from below `lo` to above
// `hi` (lo > hi: nothing to draw, 0.01 to 1 ms).
struct LogScale {
  double log_lo = -2, log_hi = 0;
  static LogScale For(double lo, double hi);
  double Y(double ms) const;
};
void LogAxis(std::string& s, const LogScale& scale);

// <svg ...> with a white background and the title.
std::string Header(const std::string& title);
// The fault windows and markers, under the data.
void Faults(std::string& s, const Frame& f, const std::vector<FaultWindow>& windows);
void TimeAxis(std::string& s, const Frame& f);
// A note under the title (what was left out, say).
void Note(std::string& s, const std::string& text);

// Legend entries: a colour and its label, then the faults' (each kind drawn, each overlap of
// kinds that occurs, each kind of marker).
void Legend(std::string& s, const std::vector<std::pair<std::string, std::string>>& entries,
            const std::vector<FaultWindow>& windows);

// The sets of fault kinds in force together somewhere, as "partition + kill"; two or more kinds.
std::vector<std::vector<std::string>> Overlaps(const std::vector<FaultWindow>& windows);

}  // namespace glomers::plot
