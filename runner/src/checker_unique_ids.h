// Jepsen's unique-ids checker over the generate operations: how many were attempted and
// acknowledged, which ids came back more than once (the 48 most frequent, with their counts),
// and the range of acknowledged ids. Valid iff no id repeats; ids are equal as JSON values (1
// and 1.0 differ, object member order does not matter). The range needs ids Clojure can order;
// if two of them cannot be compared (objects, or a number and a string), Jepsen's checker throws
// and the result is unknown.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runner/src/history.h"
#include "runner/src/validity.h"

namespace glomers {

struct UniqueIdsResult {
  Validity valid = Validity::kTrue;
  std::int64_t attempted_count = 0;
  std::int64_t acknowledged_count = 0;
  std::int64_t duplicated_count = 0;
  // Up to 48 ids (JSON) with how many times each came back, in id order.
  std::vector<std::pair<std::string, std::int64_t>> duplicated;
  std::optional<std::pair<std::string, std::string>> range;  // [lowest, highest], JSON
  std::string error;                                         // why the result is unknown
};

UniqueIdsResult CheckUniqueIds(const History& history);
// {"valid?":..,"attempted-count":..,"acknowledged-count":..,"duplicated-count":..,
//  "duplicated":{"<id as JSON>":count,...},"range":[lo,hi]}; or, when unknown,
//  {"valid?":"unknown","error":"..."} as Jepsen's check-safe writes it.
std::string ToJson(const UniqueIdsResult& result);

}  // namespace glomers
