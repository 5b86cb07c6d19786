#include "runner/src/workloads/echo.h"

#include <string>

#include "runner/src/json_writer.h"
#include "runner/src/rpc.h"

namespace glomers {

namespace {

const RpcSchema kEcho{"echo_ok", {"echo"}};

class EchoWorkload final : public Workload {
 public:
  std::string_view name() const override { return "echo"; }
  bool reusable_client() const override { return false; }

  Invocation Next(Random& rng) const override {
    return {f_, Value::String("Please echo " + std::to_string(rng.Below(128)))};
  }

  void WriteRequest(const Op& invoke, JsonWriter& body) const override {
    body.Key("type").String("echo").Key("echo").Json(invoke.value);
  }

  Completion Complete(const Op& invoke, maelstrom::JsonView reply, std::string_view node,
                      std::string_view request) const override {
    RpcOutcome outcome = JudgeReply(kEcho, reply, node, request);
    if (outcome.type != OpType::kOk)
      return {outcome.type, invoke.value, std::move(outcome.details)};
    // Maelstrom keeps the whole reply body as the value; the checker reads its echo.
    return {OpType::kOk, Value::FromJson(reply), {}};
  }

  std::unique_ptr<WorkloadCheck> Check(const History& history) const override {
    return std::make_unique<EchoResult>(CheckEcho(history));
  }

 private:
  FName f_{"echo"};
};

}  // namespace

std::unique_ptr<Workload> MakeEchoWorkload() { return std::make_unique<EchoWorkload>(); }

EchoResult CheckEcho(const History& history) {
  EchoResult result;
  for (auto it = history.begin(); it != history.end(); ++it) {
    const Op& invoke = *it;
    if (invoke.type != OpType::kInvoke || !invoke.is_client()) continue;
    Value received = invoke.pair >= 0 ? history[invoke.pair].value : Value();
    const Value* echo = received.Find("echo");
    if (echo == nullptr || !(*echo == invoke.value)) {
      result.errors.push_back(
          Value::Array({Value::String("Expected a message with :echo"), invoke.value,
                        Value::String("But received"), std::move(received)}));
      result.error_ops.push_back(it.index());
    }
  }
  result.ok = result.errors.empty();
  return result;
}

void EchoResult::WriteJson(JsonWriter& w) const {
  w.BeginObject().Key("valid?").Bool(ok).Key("errors").BeginArray();
  for (const Value& e : errors) w.Json(e);
  w.EndArray().EndObject();
}

WorkloadCheck::Summary EchoResult::Summarize() const {
  Summary s;
  s.headline = std::to_string(errors.size()) + " operation(s) without their echo";
  for (std::size_t i = 0; i < errors.size() && i < 5; ++i) {
    s.details.push_back(errors[i].ToJson());
    if (i < error_ops.size()) s.detail_ops.push_back({error_ops[i]});
  }
  return s;
}

}  // namespace glomers
