// The checkers every workload shares, as Maelstrom composes them around the workload's own:
//
//   stats         Jepsen's: completed client operations, overall and by f; each f needs at
//                 least one ok operation for the stats to be valid
//   availability  Maelstrom's: the fraction of invocations that completed ok, held to
//                 --availability (total: all of them; a number: at least that; absent: not judged)
//   exceptions    Jepsen's unhandled-exceptions: indeterminate operations that carry an exception
//                 (in Maelstrom, malformed RPC responses), grouped by class, most frequent first,
//                 each with a count and an example; always valid
//   net           Maelstrom's: message counts from the network's journal, and messages per client
//                 operation (init traffic included, as in Maelstrom); always valid
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "runner/src/history.h"
#include "runner/src/network_stats.h"
#include "runner/src/options.h"
#include "runner/src/validity.h"

namespace glomers {

class JsonWriter;

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
void WriteJson(JsonWriter& w, const StatsResult& result);

struct AvailabilityResult {
  bool valid = true;
  double ok_fraction = 1;  // 1 when nothing was invoked
};
AvailabilityResult CheckAvailability(const History& history, const Availability& required);
// {"valid?":..,"ok-fraction":..}
void WriteJson(JsonWriter& w, const AvailabilityResult& result);

struct ExceptionsResult {
  struct Group {
    std::int64_t count = 0;
    std::string cls;
    std::int64_t example = -1;  // the index of the first operation of the group
  };
  std::vector<Group> groups;  // the most frequent first
};
ExceptionsResult CheckExceptions(const History& history);
// {"valid?":true} or {"valid?":true,"exceptions":[{"count":..,"class":..,"example":{op}}]}
void WriteJson(JsonWriter& w, const ExceptionsResult& result, const History& history);

struct NetResult {
  NetStats stats;
  std::int64_t invokes = 0;  // client invocations
};
NetResult CheckNet(const NetStats& stats, const History& history);
// {"all":{"send-count":..,"recv-count":..,"msg-count":..,"msgs-per-op":..},"clients":{...},
//  "servers":{...,"msgs-per-op":..},"valid?":true}; msgs-per-op only when something was invoked.
void WriteJson(JsonWriter& w, const NetResult& result);

}  // namespace glomers
