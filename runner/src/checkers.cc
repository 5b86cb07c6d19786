#include "runner/src/checkers.h"

#include <algorithm>

#include "runner/src/json_writer.h"

namespace glomers {

// ---------------------------------------------------------------------------------------------
// stats

namespace {
void Count(OpCounts& c, OpType type) {
  ++c.count;
  if (type == OpType::kOk) ++c.ok;
  if (type == OpType::kFail) ++c.fail;
  if (type == OpType::kInfo) ++c.info;
}

void WriteCounts(JsonWriter& w, const OpCounts& c, Validity valid) {
  w.Key("valid?");
  WriteJson(w, valid);
  w.Key("count").Int(c.count);
  w.Key("ok-count").Int(c.ok);
  w.Key("fail-count").Int(c.fail);
  w.Key("info-count").Int(c.info);
}
}  // namespace

StatsResult CheckStats(const History& history) {
  StatsResult result;
  // By f's id first: a map lookup by name for each of millions of operations costs.
  std::vector<std::pair<FName, OpCounts>> by_f;
  for (const Op& op : history) {
    if (!op.is_client() || op.type == OpType::kInvoke) continue;
    Count(result.all, op.type);
    auto it =
        std::find_if(by_f.begin(), by_f.end(), [&](const auto& e) { return e.first == op.f; });
    if (it == by_f.end()) it = by_f.insert(by_f.end(), {op.f, OpCounts{}});
    Count(it->second, op.type);
  }
  for (const auto& [f, counts] : by_f) {
    result.by_f[std::string(f.view())] = counts;
    if (counts.ok == 0) result.valid = Validity::kFalse;
  }
  return result;
}

void WriteJson(JsonWriter& w, const StatsResult& result) {
  w.BeginObject();
  // The overall valid? is the by-f verdict.
  WriteCounts(w, result.all, result.valid);
  w.Key("by-f").BeginObject();
  for (const auto& [f, counts] : result.by_f) {
    w.Key(f).BeginObject();
    WriteCounts(w, counts, FromBool(counts.ok > 0));
    w.EndObject();
  }
  w.EndObject().EndObject();
}

// ---------------------------------------------------------------------------------------------
// availability

AvailabilityResult CheckAvailability(const History& history, const Availability& required) {
  std::int64_t invoked = 0, ok = 0;
  for (const Op& op : history) {
    if (!op.is_client()) continue;
    if (op.type == OpType::kInvoke) ++invoked;
    if (op.type == OpType::kOk) ++ok;
  }
  AvailabilityResult result;
  // Maelstrom computes a float; compare as the counts to stay exact for total.
  result.ok_fraction =
      invoked == 0 ? 1.0
                   : static_cast<double>(static_cast<float>(ok) / static_cast<float>(invoked));
  if (required.total) {
    result.valid = ok == invoked;
  } else if (required.fraction) {
    result.valid = *required.fraction <= result.ok_fraction;
  }
  return result;
}

void WriteJson(JsonWriter& w, const AvailabilityResult& result) {
  w.BeginObject().Key("valid?").Bool(result.valid);
  w.Key("ok-fraction").Float(static_cast<float>(result.ok_fraction)).EndObject();
}

// ---------------------------------------------------------------------------------------------
// exceptions

ExceptionsResult CheckExceptions(const History& history) {
  ExceptionsResult result;
  for (auto it = history.begin(); it != history.end(); ++it) {
    const Op& op = *it;
    if (!op.is_client() || op.type != OpType::kInfo) continue;
    const Value& exception = history.exception(op);
    if (exception.is_null()) continue;
    std::string cls = "unknown";
    if (const Value* via = exception.Find("via"); via && !via->elements().empty()) {
      const Value* type = via->elements()[0].Find("type");
      if (type && type->is_string()) cls = type->string();
    }
    auto group = std::find_if(result.groups.begin(), result.groups.end(),
                              [&](const auto& g) { return g.cls == cls; });
    if (group == result.groups.end()) {
      group = result.groups.insert(result.groups.end(), {0, cls, it.index()});
    }
    ++group->count;
  }
  // By class name, then the most frequent first (stable: equal counts stay in name order).
  std::sort(result.groups.begin(), result.groups.end(),
            [](const auto& a, const auto& b) { return a.cls < b.cls; });
  std::stable_sort(result.groups.begin(), result.groups.end(),
                   [](const auto& a, const auto& b) { return a.count > b.count; });
  return result;
}

void WriteJson(JsonWriter& w, const ExceptionsResult& result, const History& history) {
  w.BeginObject().Key("valid?").Bool(true);
  if (!result.groups.empty()) {
    w.Key("exceptions").BeginArray();
    for (const auto& g : result.groups) {
      w.BeginObject().Key("count").Int(g.count).Key("class").String(g.cls).Key("example");
      WriteOpJson(w, history, g.example);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
}

// ---------------------------------------------------------------------------------------------
// net

NetResult CheckNet(const NetStats& stats, const History& history) {
  NetResult result{stats, 0};
  for (const Op& op : history) {
    if (op.is_client() && op.type == OpType::kInvoke) ++result.invokes;
  }
  return result;
}

namespace {
void WriteTraffic(JsonWriter& w, const TrafficCounts& c, std::int64_t ops, bool per_op) {
  w.BeginObject();
  w.Key("send-count").Int(c.send_count);
  w.Key("recv-count").Int(c.recv_count);
  w.Key("msg-count").Int(c.msg_count);
  // Maelstrom divides as floats.
  if (per_op && ops > 0) {
    w.Key("msgs-per-op").Float(static_cast<float>(c.msg_count) / static_cast<float>(ops));
  }
  w.EndObject();
}
}  // namespace

void WriteJson(JsonWriter& w, const NetResult& result) {
  w.BeginObject().Key("all");
  WriteTraffic(w, result.stats.all, result.invokes, true);
  w.Key("clients");
  WriteTraffic(w, result.stats.clients, result.invokes, false);
  w.Key("servers");
  WriteTraffic(w, result.stats.servers, result.invokes, true);
  w.Key("valid?").Bool(true).EndObject();
}

}  // namespace glomers
