#include "runner/src/plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace glomers {

namespace {

constexpr double kWidth = 960, kHeight = 480;
constexpr double kLeft = 70, kRight = 150, kTop = 40, kBottom = 50;
constexpr double kPlotW = kWidth - kLeft - kRight, kPlotH = kHeight - kTop - kBottom;

const char* FaultColor(const std::string& kind) {
  if (kind == "partition") return "#E9DCA0";
  if (kind == "kill") return "#E9A4A0";
  return "#A0B1E9";
}

const char* TypeColor(OpType type) {
  switch (type) {
    case OpType::kOk:
      return "#81BFFC";
    case OpType::kInfo:
      return "#FFA400";
    case OpType::kFail:
      return "#FF1E90";
    case OpType::kInvoke:
      break;
  }
  return "#888888";
}

std::string Num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  return buf;
}

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      out += "&amp;";
    } else {
      out += c;
    }
  }
  return out;
}

// A round step giving about `target` ticks over `span`.
double NiceStep(double span, int target) {
  if (span <= 0) return 1;
  double raw = span / target;
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * mag >= raw) return m * mag;
  }
  return 10 * mag;
}

std::string Header(const std::string& title) {
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Num(kWidth) +
                  "\" height=\"" + Num(kHeight) + "\" viewBox=\"0 0 " + Num(kWidth) + " " +
                  Num(kHeight) + "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  s += "<text x=\"" + Num(kWidth / 2) + "\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">" +
       Escape(title) + "</text>\n";
  return s;
}

struct Frame {
  double seconds;  // x span
  double X(Nanos t) const { return kLeft + kPlotW * (static_cast<double>(t) / 1e9) / seconds; }
};

void Windows(std::string& s, const Frame& f, const std::vector<FaultWindow>& windows) {
  for (const auto& w : windows) {
    double x0 = f.X(w.start), x1 = std::max(f.X(w.end), x0 + 1);
    s += "<rect x=\"" + Num(x0) + "\" y=\"" + Num(kTop) + "\" width=\"" + Num(x1 - x0) +
         "\" height=\"" + Num(kPlotH) + "\" fill=\"" + FaultColor(w.kind) +
         "\" fill-opacity=\"0.6\"><title>" + w.kind + "</title></rect>\n";
  }
}

void TimeAxis(std::string& s, const Frame& f) {
  double step = NiceStep(f.seconds, 10);
  for (double t = 0; t <= f.seconds + 1e-9; t += step) {
    double x = kLeft + kPlotW * t / f.seconds;
    s += "<line x1=\"" + Num(x) + "\" y1=\"" + Num(kTop + kPlotH) + "\" x2=\"" + Num(x) +
         "\" y2=\"" + Num(kTop + kPlotH + 5) + "\" stroke=\"black\"/>\n";
    char label[32];
    std::snprintf(label, sizeof label, "%g", std::round(t * 1000) / 1000);
    s += "<text x=\"" + Num(x) + "\" y=\"" + Num(kTop + kPlotH + 18) +
         "\" text-anchor=\"middle\">" + label + "</text>\n";
  }
  s += "<text x=\"" + Num(kLeft + kPlotW / 2) + "\" y=\"" + Num(kHeight - 10) +
       "\" text-anchor=\"middle\">Time (s)</text>\n";
  s += "<rect x=\"" + Num(kLeft) + "\" y=\"" + Num(kTop) + "\" width=\"" + Num(kPlotW) +
       "\" height=\"" + Num(kPlotH) + "\" fill=\"none\" stroke=\"black\"/>\n";
}

void Legend(std::string& s, const std::vector<std::pair<std::string, std::string>>& entries,
            const std::vector<FaultWindow>& windows) {
  double y = kTop + 10;
  double x = kLeft + kPlotW + 15;
  auto entry = [&](const std::string& color, const std::string& label) {
    s += "<rect x=\"" + Num(x) + "\" y=\"" + Num(y - 9) + "\" width=\"12\" height=\"12\" fill=\"" +
         color + "\"/><text x=\"" + Num(x + 18) + "\" y=\"" + Num(y + 1) + "\">" + label +
         "</text>\n";
    y += 20;
  };
  for (const auto& [color, label] : entries) entry(color, label);
  std::map<std::string, bool> kinds;
  for (const auto& w : windows) kinds[w.kind] = true;
  for (const auto& [kind, unused] : kinds) entry(FaultColor(kind), kind);
}

}  // namespace

std::vector<FaultWindow> FaultWindows(const FaultLog& faults, Nanos test_end) {
  std::vector<FaultWindow> windows;
  for (const FaultEpisode& e : faults.episodes()) {
    windows.push_back({std::string(FaultKindName(e.kind)), e.begin, e.end.value_or(test_end)});
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
  if (points.empty()) lo = 0.01, hi = 1;
  double log_lo = std::floor(std::log10(lo)), log_hi = std::ceil(std::log10(hi));
  if (log_hi <= log_lo) log_hi = log_lo + 1;
  auto y = [&](double ms) {
    return kTop + kPlotH * (1 - (std::log10(ms) - log_lo) / (log_hi - log_lo));
  };
  Frame frame{std::max(1e-3, static_cast<double>(test_end) / 1e9)};

  std::string s = Header("Latency of each operation (raw)");
  Windows(s, frame, windows);
  for (double d = log_lo; d <= log_hi + 1e-9; d += 1) {
    double yy = y(std::pow(10, d));
    char label[32];
    std::snprintf(label, sizeof label, "%g", std::pow(10, d));
    s += "<line x1=\"" + Num(kLeft - 5) + "\" y1=\"" + Num(yy) + "\" x2=\"" + Num(kLeft + kPlotW) +
         "\" y2=\"" + Num(yy) + "\" stroke=\"#dddddd\"/><text x=\"" + Num(kLeft - 8) + "\" y=\"" +
         Num(yy + 4) + "\" text-anchor=\"end\">" + label + "</text>\n";
  }
  s += "<text transform=\"translate(18," + Num(kTop + kPlotH / 2) +
       ") rotate(-90)\" text-anchor=\"middle\">Latency (ms)</text>\n";
  for (const auto& p : points) {
    s += "<circle cx=\"" + Num(frame.X(p.start)) + "\" cy=\"" + Num(y(p.ms)) +
         "\" r=\"2\" fill=\"" + TypeColor(p.type) + "\"/>\n";
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
  Windows(s, frame, windows);
  for (double r = 0; r <= hi + 1e-9; r += step) {
    char label[32];
    std::snprintf(label, sizeof label, "%g", r);
    s += "<line x1=\"" + Num(kLeft - 5) + "\" y1=\"" + Num(y(r)) + "\" x2=\"" +
         Num(kLeft + kPlotW) + "\" y2=\"" + Num(y(r)) + "\" stroke=\"#dddddd\"/><text x=\"" +
         Num(kLeft - 8) + "\" y=\"" + Num(y(r) + 4) + "\" text-anchor=\"end\">" + label +
         "</text>\n";
  }
  s += "<text transform=\"translate(18," + Num(kTop + kPlotH / 2) +
       ") rotate(-90)\" text-anchor=\"middle\">Throughput (ops/s)</text>\n";
  for (auto& [type, r] : rates) {
    s += "<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"" + std::string(TypeColor(type)) +
         "\" points=\"";
    for (std::size_t b = 0; b < buckets; ++b) {
      double t = static_cast<double>(b) * bucket_s + width(b) / 2;
      s += Num(kLeft + kPlotW * t / frame.seconds) + "," + Num(y(r[b])) + " ";
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
