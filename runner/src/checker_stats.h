// Jepsen's stats checker (as Maelstrom wraps it): counts of completed client operations, overall
// and by f. Each f needs at least one ok operation for the stats to be valid.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "runner/src/history.h"
#include "runner/src/validity.h"

namespace glomers {

struct OpCounts {
  std::int64_t count = 0, ok = 0, fail = 0, info = 0;
};

struct StatsResult {
  Validity valid = Validity::kTrue;
  OpCounts all;
  std::map<std::string, OpCounts> by_f;
};

StatsResult CheckStats(const History& history);
// {"valid?":..,"count":..,"ok-count":..,"fail-count":..,"info-count":..,"by-f":{"echo":{...}}}
std::string ToJson(const StatsResult& result);

}  // namespace glomers
