#include "runner/src/options.h"

#include <string_view>

#include "runner/src/json_writer.h"

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

void WriteJson(JsonWriter& w, const TestOptions& o) {
  w.BeginObject();
  w.Key("workload").String(o.workload);
  w.Key("bin").String(o.bin);
  w.Key("args").BeginArray();
  for (const auto& a : o.node_args) w.String(a);
  w.EndArray().Key("nodes").BeginArray();
  for (const auto& n : o.nodes) w.String(n);
  w.EndArray();
  w.Key("time-limit").Double(o.time_limit_s);
  w.Key("rate").Double(o.rate);
  w.Key("concurrency").Int(o.concurrency_count());
  w.Key("latency").BeginObject().Key("mean").Int(o.latency_ms);
  w.Key("dist").String(LatencyShapeName(o.latency_shape)).EndObject();
  w.Key("nemesis").BeginArray();
  for (Fault f : o.nemesis) w.String(FaultName(f));
  w.EndArray();
  w.Key("nemesis-interval").Double(o.nemesis_interval_s);
  w.Key("availability");
  if (o.availability.total) {
    w.String("total");
  } else if (o.availability.fraction) {
    w.Double(*o.availability.fraction);
  } else {
    w.Null();
  }
  w.Key("strict").Bool(o.strict);
  w.Key("seed").Uint(o.seed).EndObject();
}

}  // namespace glomers
