#include "runner/src/node_report.h"

#include "maelstrom/json.h"

namespace glomers {

std::string ToJson(const NodeReport& report) {
  using maelstrom::WriteJsonString;
  std::string out = "{\"valid?\":";
  out += report.crashes.empty() ? "true" : "false";
  out += ",\"crashed\":[";
  for (std::size_t i = 0; i < report.crashes.size(); ++i) {
    const NodeCrash& c = report.crashes[i];
    if (i > 0) out += ',';
    out += "{\"node\":";
    WriteJsonString(out, c.node);
    out += ",\"how\":";
    WriteJsonString(out, c.how);
    out += ",\"time\":" + std::to_string(c.time) + ",\"stderr-tail\":[";
    for (std::size_t k = 0; k < c.stderr_tail.size(); ++k) {
      if (k > 0) out += ',';
      WriteJsonString(out, c.stderr_tail[k]);
    }
    out += "]}";
  }
  out += "],\"invalid-output\":[";
  for (std::size_t i = 0; i < report.bad_output.size(); ++i) {
    const BadOutput& b = report.bad_output[i];
    if (i > 0) out += ',';
    out += "{\"node\":";
    WriteJsonString(out, b.node);
    out += ",\"line\":";
    WriteJsonString(out, b.line);
    out += ",\"reason\":";
    WriteJsonString(out, b.reason);
    out += ",\"time\":" + std::to_string(b.time) + "}";
  }
  out += "]}";
  return out;
}

}  // namespace glomers
