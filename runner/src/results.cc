#include "runner/src/results.h"

#include "maelstrom/json.h"
#include "runner/src/checker_exceptions.h"
#include "runner/src/checker_net.h"

namespace glomers {

Analysis Analyze(const TestOptions& options, const History& history, const NetStats& net,
                 const NodeReport& nodes) {
  Analysis a;
  a.stats = CheckStats(history);
  a.availability = CheckAvailability(history, options.availability);
  a.nodes = nodes;
  std::string workload_json;
  if (options.workload == "echo") {
    a.echo = CheckEcho(history);
    a.workload_valid = FromBool(a.echo->valid);
    workload_json = ToJson(*a.echo);
  } else {
    a.unique_ids = CheckUniqueIds(history);
    a.workload_valid = a.unique_ids->valid;
    workload_json = ToJson(*a.unique_ids);
  }
  a.valid = Merge(Merge(a.stats.valid, FromBool(a.availability.valid)),
                  Merge(a.workload_valid, FromBool(nodes.crashes.empty())));

  std::string& out = a.json;
  out =
      "{\"perf\":{\"latency-graph\":{\"valid?\":true},\"rate-graph\":{\"valid?\":true},"
      "\"valid?\":true},\"timeline\":{\"valid?\":true},\"exceptions\":";
  out += ExceptionsResultJson(history);
  out += ",\"stats\":" + ToJson(a.stats);
  out += ",\"availability\":" + ToJson(a.availability);
  out += ",\"net\":" + NetResultJson(net, history);
  out += ",\"workload\":" + workload_json;
  out += ",\"nodes\":" + ToJson(nodes);
  out += ",\"valid?\":";
  out += ValidityJson(a.valid);
  out += '}';
  return a;
}

namespace {
void Pretty(std::string& out, maelstrom::JsonView v, int depth) {
  auto indent = [&](int d) {
    out += '\n';
    out.append(static_cast<std::size_t>(2 * d), ' ');
  };
  if (v.is_object() && v.size() > 0) {
    out += '{';
    bool first = true;
    for (auto m : v.members()) {
      if (!first) out += ',';
      first = false;
      indent(depth + 1);
      out += m.key_view().raw();
      out += ": ";
      Pretty(out, m.value(), depth + 1);
    }
    indent(depth);
    out += '}';
  } else if (v.is_array() && v.size() > 0) {
    // Short arrays of scalars stay on one line.
    bool scalars = v.size() <= 8;
    for (auto e : v.elements()) scalars = scalars && !e.is_array() && !e.is_object();
    if (scalars && v.raw().size() <= 80) {
      out += v.raw();
      return;
    }
    out += '[';
    bool first = true;
    for (auto e : v.elements()) {
      if (!first) out += ',';
      first = false;
      indent(depth + 1);
      Pretty(out, e, depth + 1);
    }
    indent(depth);
    out += ']';
  } else {
    out += v.raw();
  }
}
}  // namespace

std::string PrettyJson(std::string_view json) {
  maelstrom::JsonDocument doc;
  if (!doc.Parse(json)) return std::string(json);
  std::string out;
  Pretty(out, doc.root(), 0);
  out += '\n';
  return out;
}

}  // namespace glomers
