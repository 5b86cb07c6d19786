#include "runner/src/options.h"

#include <string_view>

#include "maelstrom/json.h"

namespace glomers {

int TestOptions::concurrency_count() const {
  std::string_view c = concurrency;
  bool per_node = !c.empty() && c.back() == 'n';
  if (per_node) c.remove_suffix(1);
  int k = std::stoi(std::string(c));
  return per_node ? k * static_cast<int>(nodes.size()) : k;
}

namespace {
std::string_view LatencyShapeName(LatencyShape shape) {
  switch (shape) {
    case LatencyShape::kConstant:
      return "constant";
    case LatencyShape::kUniform:
      return "uniform";
    case LatencyShape::kExponential:
      return "exponential";
  }
  return "constant";
}

std::string_view FaultName(Fault f) {
  switch (f) {
    case Fault::kPartition:
      return "partition";
    case Fault::kKill:
      return "kill";
    case Fault::kPause:
      return "pause";
  }
  return "?";
}
}  // namespace

std::string ToJson(const TestOptions& o) {
  using maelstrom::WriteJson;
  std::string t = "{\"workload\":";
  WriteJson(t, o.workload);
  t += ",\"bin\":";
  WriteJson(t, o.bin);
  t += ",\"args\":";
  WriteJson(t, o.node_args);
  t += ",\"nodes\":";
  WriteJson(t, o.nodes);
  t += ",\"time-limit\":";
  WriteJson(t, o.time_limit_s);
  t += ",\"rate\":";
  WriteJson(t, o.rate);
  t += ",\"concurrency\":" + std::to_string(o.concurrency_count());
  t += ",\"latency\":{\"mean\":" + std::to_string(o.latency_ms) + ",\"dist\":";
  WriteJson(t, LatencyShapeName(o.latency_shape));
  t += "},\"nemesis\":[";
  bool first = true;
  for (Fault f : o.nemesis) {
    if (!first) t += ',';
    first = false;
    WriteJson(t, FaultName(f));
  }
  t += "],\"nemesis-interval\":";
  WriteJson(t, o.nemesis_interval_s);
  t += ",\"availability\":";
  if (o.availability.total) {
    t += "\"total\"";
  } else if (o.availability.fraction) {
    WriteJson(t, *o.availability.fraction);
  } else {
    t += "null";
  }
  t += ",\"seed\":" + std::to_string(o.seed) + "}";
  return t;
}

}  // namespace glomers
