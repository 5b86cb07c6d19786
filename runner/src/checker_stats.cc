#include "runner/src/checker_stats.h"

namespace glomers {

namespace {
void Count(OpCounts& c, OpType type) {
  ++c.count;
  if (type == OpType::kOk) ++c.ok;
  if (type == OpType::kFail) ++c.fail;
  if (type == OpType::kInfo) ++c.info;
}

void AppendCounts(std::string& out, const OpCounts& c, Validity valid) {
  out += "\"valid?\":";
  out += ValidityJson(valid);
  out += ",\"count\":" + std::to_string(c.count);
  out += ",\"ok-count\":" + std::to_string(c.ok);
  out += ",\"fail-count\":" + std::to_string(c.fail);
  out += ",\"info-count\":" + std::to_string(c.info);
}
}  // namespace

StatsResult CheckStats(const History& history) {
  StatsResult result;
  for (const Op& op : history.ops()) {
    if (!op.is_client() || op.type == OpType::kInvoke) continue;
    Count(result.all, op.type);
    Count(result.by_f[std::string(op.f)], op.type);
  }
  for (const auto& [f, counts] : result.by_f) {
    if (counts.ok == 0) result.valid = Validity::kFalse;
  }
  return result;
}

std::string ToJson(const StatsResult& result) {
  std::string out = "{";
  // The overall valid? is the by-f verdict.
  AppendCounts(out, result.all, result.valid);
  out += ",\"by-f\":{";
  bool first = true;
  for (const auto& [f, counts] : result.by_f) {
    if (!first) out += ',';
    first = false;
    out += "\"" + f + "\":{";
    AppendCounts(out, counts, FromBool(counts.ok > 0));
    out += '}';
  }
  out += "}}";
  return out;
}

}  // namespace glomers
