#include "runner/src/plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "runner/src/markup.h"
#include "runner/src/plot_frame.h"

namespace glomers {

using namespace plot;  // NOLINT: this file draws with the frame's parts

std::vector<FaultWindow> FaultWindows(const FaultLog& faults, Nanos test_end) {
  std::vector<FaultWindow> windows;
  for (const FaultEpisode& e : faults.episodes()) {
    std::string kind(FaultKindName(e.kind));
    windows.push_back({kind, e.begin, e.end.value_or(test_end), !e.nodes.empty(),
                       e.detail.empty() ? kind : kind + " " + e.detail});
  }
  std::stable_sort(windows.begin(), windows.end(),
                   [](const FaultWindow& a, const FaultWindow& b) { return a.start < b.start; });
  return windows;
}

std::string LatencySvg(const History& history, const std::vector<FaultWindow>& windows,
                       Nanos test_end, std::size_t max_points) {
  struct Point {
    Nanos start;
    double ms;
    OpType type;
  };
  // Two passes, so that millions of ok operations are counted, not copied: the others first
  // (every failed and indeterminate one, up to the limit), then evenly spaced ok ones.
  std::vector<Point> points;
  std::size_t ok_count = 0;
  auto point = [&](const Op& invoke) {
    const Op& done = history[invoke.pair];
    double ms = std::max(1e-3, static_cast<double>(done.time - invoke.time) / 1e6);
    return Point{invoke.time, ms, done.type};
  };
  auto completed = [](const Op& op) {
    return op.is_client() && op.type == OpType::kInvoke && op.pair >= 0;
  };
  for (const Op& op : history) {
    if (!completed(op)) continue;
    if (history[op.pair].type == OpType::kOk) {
      ++ok_count;
    } else if (points.size() < max_points) {
      points.push_back(point(op));
    }
  }
  std::size_t room = max_points - points.size();
  std::size_t take = std::min(room, ok_count);
  // The i-th point drawn is ok operation number i * ok_count / take.
  std::size_t k = 0, drawn = 0;
  for (const Op& op : history) {
    if (drawn == take) break;
    if (!completed(op) || history[op.pair].type != OpType::kOk) continue;
    if (k++ == drawn * ok_count / take) {
      points.push_back(point(op));
      ++drawn;
    }
  }

  double lo = 1e9, hi = 1e-9;
  for (const auto& p : points) {
    lo = std::min(lo, p.ms);
    hi = std::max(hi, p.ms);
  }
  LogScale scale = LogScale::For(lo, hi);
  auto y = [&](double ms) { return scale.Y(ms); };
  Frame frame{std::max(1e-3, static_cast<double>(test_end) / 1e9)};

  std::string s = Header("Latency of each operation (raw)");
  Faults(s, frame, windows);
  LogAxis(s, scale);
  if (drawn < ok_count) {
    Note(s, std::to_string(points.size() - drawn) + " failed and indeterminate, " +
                std::to_string(drawn) + " of " + std::to_string(ok_count) +
                " ok operations (evenly sampled)");
  }
  for (OpType type : {OpType::kOk, OpType::kFail, OpType::kInfo}) {
    s += "<g fill=\"" + std::string(TypeColor(type)) + "\">\n";
    for (const auto& p : points) {
      if (p.type != type) continue;
      s += "<circle cx=\"" + SvgNum(frame.X(p.start)) + "\" cy=\"" + SvgNum(y(p.ms)) +
           "\" r=\"2\"/>\n";
    }
    s += "</g>\n";
  }
  TimeAxis(s, frame);
  Legend(s,
         {{TypeColor(OpType::kOk), "ok"},
          {TypeColor(OpType::kInfo), "info"},
          {TypeColor(OpType::kFail), "fail"}},
         windows);
  s += "</svg>\n";
  return s;
}

std::string RateSvg(const History& history, const std::vector<FaultWindow>& windows,
                    Nanos test_end) {
  Frame frame{std::max(1e-3, static_cast<double>(test_end) / 1e9)};
  // About a hundred buckets, at least 10 ms each.
  double bucket_s = std::max(0.01, NiceStep(frame.seconds, 100));
  // The last bucket takes the remainder of the test (half a bucket to one and a half), and its
  // rate is over the time it covers.
  std::size_t buckets =
      std::max<std::size_t>(1, static_cast<std::size_t>(std::round(frame.seconds / bucket_s)));
  auto width = [&](std::size_t b) {
    return b + 1 < buckets ? bucket_s : frame.seconds - static_cast<double>(b) * bucket_s;
  };
  std::map<OpType, std::vector<double>> rates;
  for (OpType t : {OpType::kOk, OpType::kInfo, OpType::kFail}) rates[t].assign(buckets, 0);
  for (const Op& op : history) {
    if (!op.is_client() || op.type == OpType::kInvoke) continue;
    auto b = std::min(buckets - 1,
                      static_cast<std::size_t>(std::max<Nanos>(0, op.time) / 1e9 / bucket_s));
    rates[op.type][b] += 1;
  }
  for (auto& [type, r] : rates) {
    for (std::size_t b = 0; b < buckets; ++b) r[b] /= std::max(width(b), 1e-9);
  }
  double hi = 1;
  for (auto& [type, r] : rates) hi = std::max(hi, *std::max_element(r.begin(), r.end()));
  double step = NiceStep(hi, 5);
  hi = std::ceil(hi / step) * step;
  auto y = [&](double rate) { return kTop + kPlotH * (1 - rate / hi); };

  std::string s = Header("Completed operations per second");
  Faults(s, frame, windows);
  for (double r = 0; r <= hi + 1e-9; r += step) {
    char label[32];
    std::snprintf(label, sizeof label, "%g", r);
    s += "<line x1=\"" + SvgNum(kLeft - 5) + "\" y1=\"" + SvgNum(y(r)) + "\" x2=\"" +
         SvgNum(kLeft + kPlotW) + "\" y2=\"" + SvgNum(y(r)) + "\" stroke=\"#dddddd\"/><text x=\"" +
         SvgNum(kLeft - 8) + "\" y=\"" + SvgNum(y(r) + 4) + "\" text-anchor=\"end\">" + label +
         "</text>\n";
  }
  s += "<text transform=\"translate(18," + SvgNum(kTop + kPlotH / 2) +
       ") rotate(-90)\" text-anchor=\"middle\">Throughput (ops/s)</text>\n";
  for (auto& [type, r] : rates) {
    s += "<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"" + std::string(TypeColor(type)) +
         "\" points=\"";
    for (std::size_t b = 0; b < buckets; ++b) {
      double t = static_cast<double>(b) * bucket_s + width(b) / 2;
      s += SvgNum(kLeft + kPlotW * t / frame.seconds) + "," + SvgNum(y(r[b])) + " ";
    }
    s += "\"/>\n";
  }
  TimeAxis(s, frame);
  Legend(s,
         {{TypeColor(OpType::kOk), "ok"},
          {TypeColor(OpType::kInfo), "info"},
          {TypeColor(OpType::kFail), "fail"}},
         windows);
  s += "</svg>\n";
  return s;
}

}  // namespace glomers
