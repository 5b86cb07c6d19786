// Maelstrom's availability checker: the fraction of client invocations that completed ok, held
// to --availability (total: all of them; a number: at least that fraction; absent: not judged).
#pragma once

#include <string>

#include "runner/src/history.h"
#include "runner/src/options.h"

namespace glomers {

struct AvailabilityResult {
  bool valid = true;
  double ok_fraction = 1;  // 1 when nothing was invoked
};

AvailabilityResult CheckAvailability(const History& history, const Availability& required);
// {"valid?":..,"ok-fraction":..}
std::string ToJson(const AvailabilityResult& result);

}  // namespace glomers
