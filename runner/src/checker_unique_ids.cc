#include "runner/src/checker_unique_ids.h"

#include <algorithm>
#include <unordered_map>

#include "maelstrom/json.h"
#include "runner/src/json_value.h"

namespace glomers {

namespace {

constexpr std::size_t kMaxDuplicatesShown = 48;

struct Seen {
  std::string json;  // the first occurrence, as sent
  std::int64_t count = 0;
};

// Orders ids as Clojure's compare would; records failure instead of throwing.
struct IdOrder {
  bool* failed;
  bool operator()(const std::string& a, const std::string& b) const {
    maelstrom::JsonDocument da, db;
    if (!da.Parse(a) || !db.Parse(b)) return a < b;
    auto c = CompareJson(da.root(), db.root());
    if (!c) {
      *failed = true;
      return a < b;
    }
    return *c < 0;
  }
};

}  // namespace

UniqueIdsResult CheckUniqueIds(const History& history) {
  UniqueIdsResult result;
  std::unordered_map<std::string, Seen> frequencies;
  maelstrom::JsonDocument id_doc, low_doc, high_doc;
  std::string low, high;
  bool have_range = false;
  for (const Op& op : history.ops()) {
    if (!op.is_client() || op.f != "generate") continue;
    if (op.type == OpType::kInvoke) ++result.attempted_count;
    if (op.type != OpType::kOk) continue;
    ++result.acknowledged_count;
    if (!id_doc.Parse(op.value)) continue;  // cannot happen: values are validated JSON
    Seen& seen = frequencies[CanonicalJson(id_doc.root())];
    if (seen.count++ == 0) seen.json = op.value;
    if (!result.error.empty()) continue;
    if (!have_range) {
      low = high = op.value;
      have_range = true;
      continue;
    }
    low_doc.Parse(low);
    high_doc.Parse(high);
    auto below = CompareJson(id_doc.root(), low_doc.root());
    auto above = CompareJson(id_doc.root(), high_doc.root());
    if (!below || !above) {
      result.error = "cannot compare ids " + (below ? high : low) + " and " + op.value +
                     " to compute their range (Clojure's compare throws a ClassCastException)";
      continue;
    }
    if (*below < 0) low = op.value;
    if (*above > 0) high = op.value;
  }

  std::vector<Seen> dups;
  for (auto& [key, seen] : frequencies) {
    if (seen.count > 1) dups.push_back(seen);
  }
  result.duplicated_count = static_cast<std::int64_t>(dups.size());
  result.valid = FromBool(dups.empty());
  if (!result.error.empty()) {
    result.valid = Validity::kUnknown;
    return result;
  }
  bool failed = false;
  IdOrder by_id{&failed};
  // The most frequent first (ties broken by id, for a stable report), then in id order.
  std::sort(dups.begin(), dups.end(), [&](const Seen& a, const Seen& b) {
    if (a.count != b.count) return a.count > b.count;
    return by_id(b.json, a.json);
  });
  if (dups.size() > kMaxDuplicatesShown) dups.resize(kMaxDuplicatesShown);
  std::sort(dups.begin(), dups.end(),
            [&](const Seen& a, const Seen& b) { return by_id(a.json, b.json); });
  for (auto& d : dups) result.duplicated.emplace_back(d.json, d.count);
  if (have_range) result.range.emplace(low, high);
  return result;
}

std::string ToJson(const UniqueIdsResult& result) {
  std::string out = "{\"valid?\":";
  out += ValidityJson(result.valid);
  if (result.valid == Validity::kUnknown) {
    out += ",\"error\":";
    maelstrom::WriteJsonString(out, result.error);
    out += '}';
    return out;
  }
  out += ",\"attempted-count\":" + std::to_string(result.attempted_count);
  out += ",\"acknowledged-count\":" + std::to_string(result.acknowledged_count);
  out += ",\"duplicated-count\":" + std::to_string(result.duplicated_count);
  out += ",\"duplicated\":{";
  for (std::size_t i = 0; i < result.duplicated.size(); ++i) {
    if (i > 0) out += ',';
    // JSON keys are strings: the id's JSON text stands for it.
    maelstrom::JsonDocument doc;
    std::string key = doc.Parse(result.duplicated[i].first) ? CanonicalJson(doc.root())
                                                            : result.duplicated[i].first;
    maelstrom::WriteJsonString(out, key);
    out += ':' + std::to_string(result.duplicated[i].second);
  }
  out += "},\"range\":";
  if (result.range) {
    out += "[" + result.range->first + "," + result.range->second + "]";
  } else {
    out += "null";
  }
  out += '}';
  return out;
}

}  // namespace glomers
