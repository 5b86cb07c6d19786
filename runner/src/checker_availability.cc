#include "runner/src/checker_availability.h"

#include "runner/src/json_float.h"

namespace glomers {

AvailabilityResult CheckAvailability(const History& history, const Availability& required) {
  std::int64_t invoked = 0, ok = 0;
  for (const Op& op : history.ops()) {
    if (!op.is_client()) continue;
    if (op.type == OpType::kInvoke) ++invoked;
    if (op.type == OpType::kOk) ++ok;
  }
  AvailabilityResult result;
  // Maelstrom computes a float; compare as the counts to stay exact for total.
  result.ok_fraction =
      invoked == 0 ? 1.0
                   : static_cast<double>(static_cast<float>(ok) / static_cast<float>(invoked));
  if (required.total) {
    result.valid = ok == invoked;
  } else if (required.fraction) {
    result.valid = *required.fraction <= result.ok_fraction;
  }
  return result;
}

std::string ToJson(const AvailabilityResult& result) {
  std::string out = "{\"valid?\":";
  out += result.valid ? "true" : "false";
  out += ",\"ok-fraction\":";
  WriteFloatJson(out, static_cast<float>(result.ok_fraction));
  out += '}';
  return out;
}

}  // namespace glomers
