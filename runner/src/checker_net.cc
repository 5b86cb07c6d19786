#include "runner/src/checker_net.h"

#include "runner/src/json_float.h"

namespace glomers {

namespace {
void AppendCounts(std::string& out, const TrafficCounts& c, std::int64_t ops, bool per_op) {
  out += "{\"send-count\":" + std::to_string(c.send_count);
  out += ",\"recv-count\":" + std::to_string(c.recv_count);
  out += ",\"msg-count\":" + std::to_string(c.msg_count);
  if (per_op && ops > 0) {
    out += ",\"msgs-per-op\":";
    // Maelstrom divides as floats.
    WriteFloatJson(out, static_cast<float>(c.msg_count) / static_cast<float>(ops));
  }
  out += '}';
}
}  // namespace

std::string NetResultJson(const NetStats& stats, const History& history) {
  std::int64_t invokes = 0;
  for (const Op& op : history.ops()) {
    if (op.is_client() && op.type == OpType::kInvoke) ++invokes;
  }
  std::string out = "{\"all\":";
  AppendCounts(out, stats.all, invokes, true);
  out += ",\"clients\":";
  AppendCounts(out, stats.clients, invokes, false);
  out += ",\"servers\":";
  AppendCounts(out, stats.servers, invokes, true);
  out += ",\"valid?\":true}";
  return out;
}

}  // namespace glomers
