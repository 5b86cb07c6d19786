#include "runner/src/figures.h"

#include <cstdio>
#include <cstdlib>

namespace glomers {

std::string FormatFraction(double x, const std::vector<double>& thresholds) {
  std::vector<double> marks = thresholds;
  marks.push_back(0);
  marks.push_back(1);
  char buf[64];
  for (int digits = 4; digits <= 9; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*f", digits, x);
    double shown = std::strtod(buf, nullptr);
    bool misleading = false;
    for (double m : marks) misleading = misleading || (shown == m && x != m);
    if (!misleading) return buf;
  }
  for (double m : marks) {
    std::snprintf(buf, sizeof buf, "%.9f", x);
    if (std::strtod(buf, nullptr) != m) continue;
    std::snprintf(buf, sizeof buf, "%.4f", m);
    return std::string(x < m ? "just below " : "just above ") + buf;
  }
  return buf;
}

}  // namespace glomers
