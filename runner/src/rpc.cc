#include "runner/src/rpc.h"

#include <optional>
#include <string>

#include "maelstrom/error.h"

namespace glomers {

using maelstrom::JsonView;

namespace {

RpcOutcome ErrorReply(JsonView reply) {
  // Only integer codes are in Maelstrom's registry; anything else is an unknown error.
  auto code = reply.Find("code");
  std::optional<std::int64_t> number;
  if (code && code->is_integer()) {
    try {
      number = code->as_int64();
    } catch (const maelstrom::JsonError&) {
    }
  }
  bool definite = number && maelstrom::IsDefinite(*number);
  std::string_view name = number ? maelstrom::ErrorName(*number) : "unknown";
  auto text = reply.Find("text");
  Value error = Value::Array({Value::String(name), text ? Value::FromJson(*text) : Value()});
  return {definite ? OpType::kFail : OpType::kInfo, {std::move(error), Value()}};
}

// What is wrong with a reply against the closed schema; empty if nothing.
std::vector<std::string> SchemaProblems(const RpcSchema& schema, JsonView reply) {
  std::vector<std::string> problems;
  auto type = reply.Find("type");
  if (!type || !type->is_string() || type->as_string() != schema.reply_type) {
    problems.push_back("type should be \"" + std::string(schema.reply_type) + "\"");
  }
  for (auto field : schema.reply_fields) {
    if (!reply.Contains(field)) problems.push_back(std::string(field) + " is missing");
  }
  for (auto member : reply.members()) {
    // Keys are almost always plain; decode only when escaped.
    std::string decoded;
    auto plain = member.key_view().string_if_plain();
    if (!plain) decoded = member.key();
    std::string_view key = plain ? *plain : std::string_view(decoded);
    if (key == "type") continue;
    if (key == "in_reply_to" || key == "msg_id") {
      if (!member.value().is_integer()) {
        problems.push_back(std::string(key) + " should be an integer");
      }
      continue;
    }
    bool known = false;
    for (auto field : schema.reply_fields) known = known || key == field;
    if (!known) problems.push_back(std::string(key) + " is a disallowed key");
  }
  return problems;
}

// The ExceptionInfo Maelstrom's client throws, as Jepsen records it on the operation.
OpDetails Malformed(const RpcSchema& schema, JsonView reply, std::string_view node,
                    std::string_view request, const std::vector<std::string>& problems) {
  std::string form = "{\"type\":\"" + std::string(schema.reply_type) + "\"";
  for (auto field : schema.reply_fields) form += ", \"" + std::string(field) + "\": any";
  form += ", \"in_reply_to\": integer, optional \"msg_id\": integer}";
  std::string why;
  for (const auto& p : problems) why += (why.empty() ? "" : "; ") + p;
  std::string message = "Malformed RPC response. Maelstrom sent node " + std::string(node) +
                        " the following request: " + std::string(request) +
                        " and expected a response of the form " + form + " but instead received " +
                        std::string(reply.raw()) + ". This is malformed because: " + why + ".";
  Value exception = Value::Object({
      {"via", Value::Array({Value::Object({{"type", Value::String("clojure.lang.ExceptionInfo")},
                                           {"message", Value::String(message)}})})},
      {"cause", Value::String(message)},
      {"data", Value::Object({{"type", Value::String("malformed-rpc-response")},
                              {"body", Value::FromJson(reply)}})},
  });
  return {Value::String("indeterminate: " + message), std::move(exception)};
}

}  // namespace

RpcOutcome JudgeReply(const RpcSchema& schema, JsonView reply, std::string_view node,
                      std::string_view request) {
  auto type = reply.Find("type");
  if (type && type->is_string() && type->as_string() == "error") return ErrorReply(reply);
  std::vector<std::string> problems = SchemaProblems(schema, reply);
  if (problems.empty()) return {};
  return {OpType::kInfo, Malformed(schema, reply, node, request, problems)};
}

Value NetTimeout() { return Value::String("net-timeout"); }

}  // namespace glomers
