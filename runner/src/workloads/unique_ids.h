// Maelstrom's unique-ids workload (maelstrom/workload/unique_ids.clj).
//
//   request  {"type":"generate"}
//   reply    {"type":"generate_ok","id":<any JSON>}   (closed schema; the ok value is the id)
//   client   reusable: it carries on after an indeterminate operation
//   checker  Jepsen's unique-ids: how many ids were attempted and acknowledged, which came back
//            more than once (the 48 most frequent, with their counts), and the range of
//            acknowledged ids. Valid iff no id repeats; ids are equal as values (1 and 1.0 differ,
//            object member order does not matter). The range needs ids Clojure can order; if two
//            cannot be compared (objects, or a number and a string), Jepsen's checker throws and
//            the result is unknown.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runner/src/workload.h"

namespace glomers {

std::unique_ptr<Workload> MakeUniqueIdsWorkload();

struct UniqueIdsResult final : WorkloadCheck {
  Validity verdict = Validity::kTrue;
  std::int64_t attempted_count = 0;
  std::int64_t acknowledged_count = 0;
  std::int64_t duplicated_count = 0;
  // Up to 48 ids with how many times each came back, in id order.
  std::vector<std::pair<Value, std::int64_t>> duplicated;
  // For the first few of them (kExplainedDuplicates), the ok operations that returned each.
  std::vector<std::vector<std::int64_t>> duplicate_ops;
  std::optional<std::pair<Value, Value>> range;  // [lowest, highest]
  std::string error;                             // why the result is unknown

  Validity valid() const override { return verdict; }
  // {"valid?":..,"attempted-count":..,"acknowledged-count":..,"duplicated-count":..,
  //  "duplicated":{"<id as JSON>":count,...},"range":[lo,hi]}; or, when unknown,
  //  {"valid?":"unknown","error":"..."} as Jepsen's check-safe writes it.
  void WriteJson(JsonWriter& w) const override;
  Summary Summarize() const override;
};

UniqueIdsResult CheckUniqueIds(const History& history);

}  // namespace glomers
