// Figures for people that cannot read as their opposite: a fraction below 1 never printed as
// 1.0000, above 0 never as 0.0000, and never as a threshold it was judged against when it is not
// that threshold (0.98996 against "at least 0.99" is not "0.9900").
#pragma once

#include <string>
#include <vector>

namespace glomers {

// `x` with 4 decimals, or more (up to 9) when 4 would show it equal to 0, 1 or one of
// `thresholds` without being it; past 9, "just below T" or "just above T".
std::string FormatFraction(double x, const std::vector<double>& thresholds = {});

}  // namespace glomers
