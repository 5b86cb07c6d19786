#include "runner/src/results.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "runner/src/json_writer.h"

namespace glomers {

LatencyQuantiles OkLatencies(const History& history) {
  std::vector<Nanos> latencies;
  for (const Op& op : history) {
    if (op.is_client() && op.type == OpType::kOk && op.pair >= 0) {
      latencies.push_back(op.time - history[op.pair].time);
    }
  }
  LatencyQuantiles q;
  q.count = latencies.size();
  if (latencies.empty()) return q;
  // Selections in increasing rank, each within what is left of the previous one: linear time.
  auto begin = latencies.begin();
  auto at = [&](double p) {
    auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(latencies.size())));
    auto nth = latencies.begin() + static_cast<std::ptrdiff_t>(
                                       std::min(latencies.size() - 1, rank == 0 ? 0 : rank - 1));
    std::nth_element(begin, nth, latencies.end());
    begin = nth;
    return *nth;
  };
  q.p50 = at(0.50);
  q.p90 = at(0.90);
  q.p99 = at(0.99);
  q.max = *std::max_element(begin, latencies.end());
  return q;
}

Analysis Analyze(const TestOptions& options, const Workload& workload, const History& history,
                 const NetStats& net, const NodeReport& nodes) {
  Analysis a;
  a.stats = CheckStats(history);
  a.availability = CheckAvailability(history, options.availability);
  a.exceptions = CheckExceptions(history);
  a.net = CheckNet(net, history);
  a.workload = workload.Check(history);
  a.nodes = nodes;
  a.lint = CheckLint(nodes.lint, options.strict);
  a.ok_latency = OkLatencies(history);
  a.valid = Merge(Merge(a.stats.valid, FromBool(a.availability.valid)),
                  Merge(a.workload->valid(), FromBool(nodes.crashes.empty())));
  a.valid = Merge(a.valid, a.lint.valid);
  return a;
}

void WriteJson(JsonWriter& w, const Analysis& a, const History& history) {
  w.BeginObject();
  // Maelstrom's plots and timeline, which cannot fail.
  w.Key("perf").BeginObject();
  w.Key("latency-graph").BeginObject().Key("valid?").Bool(true).EndObject();
  w.Key("rate-graph").BeginObject().Key("valid?").Bool(true).EndObject();
  w.Key("valid?").Bool(true).EndObject();
  w.Key("timeline").BeginObject().Key("valid?").Bool(true).EndObject();
  w.Key("exceptions");
  WriteJson(w, a.exceptions, history);
  w.Key("stats");
  WriteJson(w, a.stats);
  w.Key("availability");
  WriteJson(w, a.availability);
  w.Key("net");
  WriteJson(w, a.net);
  w.Key("workload");
  a.workload->WriteJson(w);
  w.Key("nodes");
  WriteJson(w, a.nodes);
  w.Key("lint");
  WriteJson(w, a.lint);
  w.Key("valid?");
  WriteJson(w, a.valid);
  w.EndObject();
}

}  // namespace glomers
