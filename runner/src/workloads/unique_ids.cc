#include "runner/src/workloads/unique_ids.h"

#include <algorithm>
#include <bit>

#include "runner/src/json_writer.h"
#include "runner/src/rpc.h"

namespace glomers {

namespace {

const RpcSchema kGenerate{"generate_ok", {"id"}};
constexpr std::size_t kMaxDuplicatesShown = 48;
constexpr std::size_t kExplainedDuplicates = 5;  // the summary's lines

class UniqueIdsWorkload final : public Workload {
 public:
  std::string_view name() const override { return "unique-ids"; }
  bool reusable_client() const override { return true; }
  Invocation Next(Random&) const override { return {f_, Value()}; }

  void WriteRequest(const Op&, JsonWriter& body) const override {
    body.Key("type").String("generate");
  }

  Completion Complete(const Op& invoke, maelstrom::JsonView reply, std::string_view node,
                      std::string_view request) const override {
    RpcOutcome outcome = JudgeReply(kGenerate, reply, node, request);
    if (outcome.type != OpType::kOk)
      return {outcome.type, invoke.value, std::move(outcome.details)};
    return {OpType::kOk, Value::FromJson(reply["id"]), {}};
  }

  std::unique_ptr<WorkloadCheck> Check(const History& history) const override {
    return std::make_unique<UniqueIdsResult>(CheckUniqueIds(history));
  }

 private:
  FName f_{"generate"};
};

// How many times each distinct value occurs: open addressing with linear probing over a table
// of indices into the distinct values (no allocation per value, which a node-based hash map pays
// for millions of ids, and again to free them).
class ValueCounts {
 public:
  struct Entry {
    const Value* value;
    std::size_t hash;
    std::int64_t count;
  };

  explicit ValueCounts(std::size_t expected) {
    distinct_.reserve(expected);
    Rehash(std::max<std::size_t>(16, std::bit_ceil(2 * expected + 1)));
  }

  void Add(const Value& v) {
    std::size_t hash = v.Hash();
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      std::uint32_t slot = slots_[i];
      if (slot == 0) {
        distinct_.push_back({&v, hash, 1});
        slots_[i] = static_cast<std::uint32_t>(distinct_.size());
        if (2 * distinct_.size() > slots_.size()) Rehash(2 * slots_.size());
        return;
      }
      Entry& e = distinct_[slot - 1];
      if (e.hash == hash && *e.value == v) {
        ++e.count;
        return;
      }
    }
  }
  const std::vector<Entry>& entries() const { return distinct_; }

 private:
  void Rehash(std::size_t capacity) {
    slots_.assign(capacity, 0);
    mask_ = capacity - 1;
    for (std::size_t k = 0; k < distinct_.size(); ++k) {
      std::size_t i = distinct_[k].hash & mask_;
      while (slots_[i] != 0) i = (i + 1) & mask_;
      slots_[i] = static_cast<std::uint32_t>(k + 1);
    }
  }

  std::vector<Entry> distinct_;
  std::vector<std::uint32_t> slots_;  // 0: empty; else 1 + an index into distinct_
  std::size_t mask_ = 0;
};

// Clojure's order where it has one; else (it never comes to that once the range is known) the
// JSON text, so that the report is still stable.
bool IdLess(const Value& a, const Value& b) {
  if (auto c = Value::Compare(a, b)) return *c < 0;
  return a.ToJson() < b.ToJson();
}

}  // namespace

std::unique_ptr<Workload> MakeUniqueIdsWorkload() { return std::make_unique<UniqueIdsWorkload>(); }

UniqueIdsResult CheckUniqueIds(const History& history) {
  const FName generate("generate");
  UniqueIdsResult result;
  for (const Op& op : history) {
    if (op.is_client() && op.f == generate && op.type == OpType::kOk) ++result.acknowledged_count;
  }
  // Ids that are 64-bit integers (flake64s, counters: nearly every node) are counted by sorting
  // them; any other id in a table of values.
  std::vector<std::int64_t> ints;
  ints.reserve(static_cast<std::size_t>(result.acknowledged_count));
  ValueCounts others(0);
  const Value *low = nullptr, *high = nullptr;
  for (const Op& op : history) {
    if (!op.is_client() || op.f != generate) continue;
    if (op.type == OpType::kInvoke) ++result.attempted_count;
    if (op.type != OpType::kOk) continue;
    if (auto i = op.value.int64()) {
      ints.push_back(*i);
    } else {
      others.Add(op.value);
    }
    if (!result.error.empty()) continue;
    if (low == nullptr) {
      low = high = &op.value;
      continue;
    }
    auto below = Value::Compare(op.value, *low);
    auto above = Value::Compare(op.value, *high);
    if (!below || !above) {
      result.error = "cannot compare ids " + (below ? *high : *low).ToJson() + " and " +
                     op.value.ToJson() +
                     " to compute their range (Clojure's compare throws a ClassCastException)";
      continue;
    }
    if (*below < 0) low = &op.value;
    if (*above > 0) high = &op.value;
  }

  std::vector<std::pair<Value, std::int64_t>> dups;
  std::sort(ints.begin(), ints.end());
  for (std::size_t i = 0; i < ints.size();) {
    std::size_t j = i + 1;
    while (j < ints.size() && ints[j] == ints[i]) ++j;
    if (j - i > 1) dups.emplace_back(Value::Int(ints[i]), static_cast<std::int64_t>(j - i));
    i = j;
  }
  for (const auto& e : others.entries()) {
    if (e.count > 1) dups.emplace_back(*e.value, e.count);
  }
  result.duplicated_count = static_cast<std::int64_t>(dups.size());
  result.verdict = FromBool(dups.empty());
  if (!result.error.empty()) {
    result.verdict = Validity::kUnknown;
    return result;
  }
  // The most frequent first (ties broken by id, for a stable report), then in id order.
  std::sort(dups.begin(), dups.end(), [](const auto& a, const auto& b) {
    if (a.second != b.second) return a.second > b.second;
    return IdLess(a.first, b.first);
  });
  if (dups.size() > kMaxDuplicatesShown) dups.resize(kMaxDuplicatesShown);
  std::sort(dups.begin(), dups.end(),
            [](const auto& a, const auto& b) { return IdLess(a.first, b.first); });
  result.duplicated = std::move(dups);
  // Which operations returned the first few (a pass over the history only when ids repeat).
  std::size_t explained = std::min(kExplainedDuplicates, result.duplicated.size());
  result.duplicate_ops.resize(explained);
  for (auto it = history.begin(); explained > 0 && it != history.end(); ++it) {
    const Op& op = *it;
    if (!op.is_client() || op.f != generate || op.type != OpType::kOk) continue;
    for (std::size_t d = 0; d < explained; ++d) {
      if (op.value == result.duplicated[d].first) result.duplicate_ops[d].push_back(it.index());
    }
  }
  if (low != nullptr) result.range.emplace(*low, *high);
  return result;
}

void UniqueIdsResult::WriteJson(JsonWriter& w) const {
  w.BeginObject().Key("valid?");
  glomers::WriteJson(w, verdict);
  if (verdict == Validity::kUnknown) {
    w.Key("error").String(error).EndObject();
    return;
  }
  w.Key("attempted-count").Int(attempted_count);
  w.Key("acknowledged-count").Int(acknowledged_count);
  w.Key("duplicated-count").Int(duplicated_count);
  // JSON keys are strings: each id's JSON text stands for it.
  w.Key("duplicated").BeginObject();
  for (const auto& [id, count] : duplicated) w.Key(id.ToJson()).Int(count);
  w.EndObject().Key("range");
  if (range) {
    w.BeginArray().Json(range->first).Json(range->second).EndArray();
  } else {
    w.Null();
  }
  w.EndObject();
}

WorkloadCheck::Summary UniqueIdsResult::Summarize() const {
  Summary s;
  if (verdict == Validity::kUnknown) {
    s.headline = "unknown: " + error;
    return s;
  }
  s.headline = std::to_string(attempted_count) + " attempted, " +
               std::to_string(acknowledged_count) + " acknowledged, " +
               std::to_string(duplicated_count) + " duplicated";
  if (range) s.headline += ", range [" + range->first.ToJson() + " " + range->second.ToJson() + "]";
  for (std::size_t i = 0; i < duplicated.size() && i < kExplainedDuplicates; ++i) {
    s.details.push_back("id " + duplicated[i].first.ToJson() + " came back " +
                        std::to_string(duplicated[i].second) + " times");
  }
  s.detail_ops = duplicate_ops;
  return s;
}

}  // namespace glomers
