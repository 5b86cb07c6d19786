#include "runner/src/checker_exceptions.h"

#include <algorithm>
#include <map>
#include <vector>

#include "maelstrom/json.h"

namespace glomers {

std::string ExceptionsResultJson(const History& history) {
  struct Group {
    std::int64_t count = 0;
    std::int64_t example = -1;
  };
  std::map<std::string, Group> groups;
  maelstrom::JsonDocument doc;
  for (const Op& op : history.ops()) {
    if (!op.is_client() || op.type != OpType::kInfo || op.exception.empty()) continue;
    std::string cls = "unknown";
    if (doc.Parse(op.exception) && doc.root().is_object()) {
      auto via = doc.root().Find("via");
      if (via && via->is_array() && via->size() > 0 && (*via)[0].is_object()) {
        if (auto type = (*via)[0].Find("type"); type && type->is_string()) cls = type->as_string();
      }
    }
    Group& g = groups[cls];
    if (g.count++ == 0) g.example = op.index;
  }
  if (groups.empty()) return "{\"valid?\":true}";
  std::vector<std::pair<std::string, Group>> sorted(groups.begin(), groups.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second.count > b.second.count; });
  std::string out = "{\"valid?\":true,\"exceptions\":[";
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"count\":" + std::to_string(sorted[i].second.count) + ",\"class\":";
    maelstrom::WriteJsonString(out, sorted[i].first);
    out += ",\"example\":";
    AppendOpJson(out, history[sorted[i].second.example]);
    out += '}';
  }
  out += "]}";
  return out;
}

}  // namespace glomers
