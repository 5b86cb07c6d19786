#include "runner/src/node_report.h"

#include "runner/src/json_writer.h"

namespace glomers {

void WriteJson(JsonWriter& w, const NodeReport& report) {
  w.BeginObject().Key("valid?").Bool(report.crashes.empty()).Key("crashed").BeginArray();
  for (const NodeCrash& c : report.crashes) {
    w.BeginObject().Key("node").String(c.node).Key("how").String(c.how).Key("time").Int(c.time);
    w.Key("stderr-tail").BeginArray();
    for (const auto& line : c.stderr_tail) w.String(line);
    w.EndArray().EndObject();
  }
  w.EndArray().Key("invalid-output").BeginArray();
  for (const BadOutput& b : report.bad_output) {
    w.BeginObject().Key("node").String(b.node).Key("line").String(b.line);
    w.Key("reason").String(b.reason).Key("time").Int(b.time).EndObject();
  }
  w.EndArray().EndObject();
}

}  // namespace glomers
