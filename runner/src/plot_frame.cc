#include "runner/src/plot_frame.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "runner/src/markup.h"

namespace glomers::plot {

namespace {

const std::vector<std::string>& KindOrder() {
  static const std::vector<std::string> order = {"partition", "kill", "pause"};
  return order;
}

int Rank(const std::string& kind) {
  const auto& order = KindOrder();
  return static_cast<int>(std::find(order.begin(), order.end(), kind) - order.begin());
}

constexpr const char* kFaultOpacity = "0.5";

std::string Rect(double x, double y, double w, double h, const std::string& fill,
                 const std::string& extra = "") {
  return "<rect x=\"" + SvgNum(x) + "\" y=\"" + SvgNum(y) + "\" width=\"" + SvgNum(w) +
         "\" height=\"" + SvgNum(h) + "\" fill=\"" + fill + "\"" + extra;
}

}  // namespace

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

const char* FaultColor(const std::string& kind) {
  if (kind == "partition") return "#E9DCA0";
  if (kind == "kill") return "#E9A4A0";
  return "#A0B1E9";
}

double NiceStep(double span, int target) {
  if (span <= 0) return 1;
  double raw = span / target;
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * mag >= raw) return m * mag;
  }
  return 10 * mag;
}

LogScale LogScale::For(double lo, double hi) {
  if (lo > hi) lo = 0.01, hi = 1;
  LogScale s;
  s.log_lo = std::floor(std::log10(std::max(lo, 1e-6)));
  s.log_hi = std::ceil(std::log10(std::max(hi, 1e-6)));
  if (s.log_hi <= s.log_lo) s.log_hi = s.log_lo + 1;
  return s;
}

double LogScale::Y(double ms) const {
  return kTop + kPlotH * (1 - (std::log10(std::max(ms, 1e-6)) - log_lo) / (log_hi - log_lo));
}

void LogAxis(std::string& s, const LogScale& scale) {
  for (double d = scale.log_lo; d <= scale.log_hi + 1e-9; d += 1) {
    double yy = scale.Y(std::pow(10, d));
    char label[32];
    std::snprintf(label, sizeof label, "%g", std::pow(10, d));
    s += "<line x1=\"" + SvgNum(kLeft - 5) + "\" y1=\"" + SvgNum(yy) + "\" x2=\"" +
         SvgNum(kLeft + kPlotW) + "\" y2=\"" + SvgNum(yy) + "\" stroke=\"#dddddd\"/><text x=\"" +
         SvgNum(kLeft - 8) + "\" y=\"" + SvgNum(yy + 4) + "\" text-anchor=\"end\">" + label +
         "</text>\n";
  }
  s += "<text transform=\"translate(18," + SvgNum(kTop + kPlotH / 2) +
       ") rotate(-90)\" text-anchor=\"middle\">Latency (ms)</text>\n";
}

std::string Header(const std::string& title) {
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + SvgNum(kWidth) +
                  "\" height=\"" + SvgNum(kHeight) + "\" viewBox=\"0 0 " + SvgNum(kWidth) + " " +
                  SvgNum(kHeight) + "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  s += "<text x=\"" + SvgNum(kWidth / 2) + "\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">" +
       XmlEscaped(title) + "</text>\n";
  return s;
}

void Note(std::string& s, const std::string& text) {
  s += "<text x=\"" + SvgNum(kLeft + kPlotW) + "\" y=\"" + SvgNum(kTop - 6) +
       "\" text-anchor=\"end\" font-size=\"11\" fill=\"#555555\">" + XmlEscaped(text) + "</text>\n";
}

void Faults(std::string& s, const Frame& f, const std::vector<FaultWindow>& windows) {
  // Kind by kind, so that overlaps blend the same way everywhere (and in the legend).
  for (const std::string& kind : KindOrder()) {
    for (const auto& w : windows) {
      if (w.kind != kind) continue;
      std::string title = w.label.empty() ? w.kind : w.label;
      if (!w.touched) {
        double x = f.X(w.start);
        s += "<g><title>" + XmlEscaped(title + " (touched no node)") + "</title><line x1=\"" +
             SvgNum(x) + "\" y1=\"" + SvgNum(kTop) + "\" x2=\"" + SvgNum(x) + "\" y2=\"" +
             SvgNum(kTop + kPlotH) + "\" stroke=\"" + FaultColor(kind) +
             "\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/><path d=\"M" + SvgNum(x - 5) + " " +
             SvgNum(kTop) + " h10 l-5 8 z\" fill=\"" + FaultColor(kind) + "\"/></g>\n";
        continue;
      }
      double x0 = f.X(w.start), x1 = std::max(f.X(w.end), x0 + 1);
      s += Rect(x0, kTop, x1 - x0, kPlotH, FaultColor(kind),
                std::string(" fill-opacity=\"") + kFaultOpacity + "\"><title>" + XmlEscaped(title) +
                    "</title></rect>\n");
    }
  }
}

void TimeAxis(std::string& s, const Frame& f) {
  double step = NiceStep(f.seconds, 10);
  for (double t = 0; t <= f.seconds + 1e-9; t += step) {
    double x = kLeft + kPlotW * t / f.seconds;
    s += "<line x1=\"" + SvgNum(x) + "\" y1=\"" + SvgNum(kTop + kPlotH) + "\" x2=\"" + SvgNum(x) +
         "\" y2=\"" + SvgNum(kTop + kPlotH + 5) + "\" stroke=\"black\"/>\n";
    char label[32];
    std::snprintf(label, sizeof label, "%g", std::round(t * 1000) / 1000);
    s += "<text x=\"" + SvgNum(x) + "\" y=\"" + SvgNum(kTop + kPlotH + 18) +
         "\" text-anchor=\"middle\">" + label + "</text>\n";
  }
  s += "<text x=\"" + SvgNum(kLeft + kPlotW / 2) + "\" y=\"" + SvgNum(kHeight - 10) +
       "\" text-anchor=\"middle\">Time (s)</text>\n";
  s += Rect(kLeft, kTop, kPlotW, kPlotH, "none", " stroke=\"black\"/>\n");
}

std::vector<std::vector<std::string>> Overlaps(const std::vector<FaultWindow>& windows) {
  // Sweep the windows' edges; at each instant, the set of kinds whose windows cover it.
  std::vector<Nanos> edges;
  for (const auto& w : windows) {
    if (!w.touched) continue;
    edges.push_back(w.start);
    edges.push_back(w.end);
  }
  std::sort(edges.begin(), edges.end());
  std::set<std::vector<std::string>> found;
  for (std::size_t i = 0; i + 1 < edges.size(); ++i) {
    if (edges[i] == edges[i + 1]) continue;
    Nanos mid = edges[i] + (edges[i + 1] - edges[i]) / 2;
    std::set<std::string> kinds;
    for (const auto& w : windows) {
      if (w.touched && w.start <= mid && mid < w.end) kinds.insert(w.kind);
    }
    if (kinds.size() < 2) continue;
    std::vector<std::string> sorted(kinds.begin(), kinds.end());
    std::sort(sorted.begin(), sorted.end(),
              [](const std::string& a, const std::string& b) { return Rank(a) < Rank(b); });
    found.insert(sorted);
  }
  return {found.begin(), found.end()};
}

void Legend(std::string& s, const std::vector<std::pair<std::string, std::string>>& entries,
            const std::vector<FaultWindow>& windows) {
  double y = kTop + 10;
  double x = kLeft + kPlotW + 15;
  auto label = [&](const std::string& text) {
    s += "<text x=\"" + SvgNum(x + 18) + "\" y=\"" + SvgNum(y + 1) + "\">" + XmlEscaped(text) +
         "</text>\n";
    y += 20;
  };
  for (const auto& [color, text] : entries) {
    s += Rect(x, y - 9, 12, 12, color, "/>");
    label(text);
  }
  std::set<std::string> windowed, marked;
  for (const auto& w : windows) (w.touched ? windowed : marked).insert(w.kind);
  for (const std::string& kind : KindOrder()) {
    if (!windowed.count(kind)) continue;
    s += Rect(x, y - 9, 12, 12, FaultColor(kind),
              std::string(" fill-opacity=\"") + kFaultOpacity + "\"/>");
    label(kind);
  }
  // An overlap's swatch is the same rectangles stacked in the same order: the same colour.
  for (const auto& kinds : Overlaps(windows)) {
    std::string text;
    for (const auto& kind : kinds) {
      s += Rect(x, y - 9, 12, 12, FaultColor(kind),
                std::string(" fill-opacity=\"") + kFaultOpacity + "\"/>");
      text += (text.empty() ? "" : " + ") + kind;
    }
    label(text);
  }
  for (const std::string& kind : KindOrder()) {
    if (!marked.count(kind)) continue;
    s += "<line x1=\"" + SvgNum(x + 6) + "\" y1=\"" + SvgNum(y - 10) + "\" x2=\"" + SvgNum(x + 6) +
         "\" y2=\"" + SvgNum(y + 4) + "\" stroke=\"" + FaultColor(kind) +
         "\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>";
    label(kind + ", touched no node");
  }
}

}  // namespace glomers::plot
