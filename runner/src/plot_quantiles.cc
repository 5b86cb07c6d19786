// latency-quantiles.svg: Jepsen's latency-quantiles plot (see plot.h).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "runner/src/markup.h"
#include "runner/src/plot.h"
#include "runner/src/plot_frame.h"
#include "runner/src/store_files.h"

namespace glomers {

using namespace plot;  // NOLINT: this file draws with the frame's parts

namespace {

struct Quantile {
  double q;
  const char* label;
  const char* color;
};
constexpr Quantile kQuantiles[] = {{0.5, "0.5", "#1F6FB4"},
                                   {0.95, "0.95", "#E08A00"},
                                   {0.99, "0.99", "#C0305A"},
                                   {1, "1", "#444444"}};

// Nearest rank of a sorted, non-empty list.
double At(const std::vector<double>& sorted, double q) {
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

}  // namespace

std::string LatencyQuantilesSvg(const History& history, const std::vector<FaultWindow>& windows,
                                Nanos test_end) {
  Frame frame{std::max(1e-3, static_cast<double>(test_end) / 1e9)};
  double bin_s = std::max(0.01, NiceStep(frame.seconds, 40));
  std::map<std::size_t, std::vector<double>> bins;  // bin -> latencies (ms)
  double lo = 1e9, hi = -1;
  for (const Op& op : history) {
    if (!op.is_client() || op.type != OpType::kInvoke || op.pair < 0) continue;
    double ms = std::max(1e-3, static_cast<double>(history[op.pair].time - op.time) / 1e6);
    auto bin =
        static_cast<std::size_t>(static_cast<double>(std::max<Nanos>(0, op.time)) / 1e9 / bin_s);
    bins[bin].push_back(ms);
    lo = std::min(lo, ms);
    hi = std::max(hi, ms);
  }
  LogScale scale = LogScale::For(lo, hi);
  std::string s = Header("Latency quantiles per " + std::to_string(static_cast<int>(bin_s * 1000)) +
                         " ms of invocation time");
  Faults(s, frame, windows);
  LogAxis(s, scale);
  std::map<double, std::vector<std::pair<double, double>>> lines;  // q -> (x, y)
  for (auto& [bin, latencies] : bins) {
    std::sort(latencies.begin(), latencies.end());
    double mid = (static_cast<double>(bin) + 0.5) * bin_s;
    double x = kLeft + kPlotW * std::min(1.0, mid / frame.seconds);
    for (const Quantile& q : kQuantiles) lines[q.q].emplace_back(x, scale.Y(At(latencies, q.q)));
  }
  for (const Quantile& q : kQuantiles) {
    s += "<g stroke=\"" + std::string(q.color) + "\" fill=\"" + q.color +
         "\"><polyline fill=\"none\" "
         "stroke-width=\"1.5\" points=\"";
    for (const auto& [x, y] : lines[q.q]) s += SvgNum(x) + "," + SvgNum(y) + " ";
    s += "\"/>\n";
    for (const auto& [x, y] : lines[q.q]) {
      s += "<circle cx=\"" + SvgNum(x) + "\" cy=\"" + SvgNum(y) + "\" r=\"2\"/>";
    }
    s += "</g>\n";
  }
  TimeAxis(s, frame);
  std::vector<std::pair<std::string, std::string>> entries;
  for (const Quantile& q : kQuantiles)
    entries.emplace_back(q.color, std::string("quantile ") + q.label);
  Legend(s, entries, windows);
  s += "</svg>\n";
  return s;
}

namespace {

class LatencyQuantilesFile final : public StoreFile {
 public:
  std::string_view name() const override { return "latency-quantiles.svg"; }
  bool Write(const RunRecord& run, std::FILE* out, std::string*) const override {
    std::string svg =
        LatencyQuantilesSvg(*run.history, FaultWindows(*run.faults, run.end), run.end);
    return std::fwrite(svg.data(), 1, svg.size(), out) == svg.size();
  }
};

}  // namespace

std::unique_ptr<StoreFile> MakeLatencyQuantilesFile() {
  return std::make_unique<LatencyQuantilesFile>();
}

}  // namespace glomers
