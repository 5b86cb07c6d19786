#include "runner/src/workload.h"

#include "maelstrom/error.h"

namespace glomers {

using maelstrom::JsonView;

namespace {

class EchoWorkload final : public Workload {
 public:
  std::string_view name() const override { return "echo"; }
  std::string_view f() const override { return "echo"; }
  bool reusable_client() const override { return false; }
  std::string NextValue(Random& rng) const override {
    return "\"Please echo " + std::to_string(rng.Below(128)) + "\"";
  }
  void AppendRequest(std::string& out, std::string_view value) const override {
    out += "\"type\":\"echo\",\"echo\":";
    out += value;
  }
  std::string_view reply_type() const override { return "echo_ok"; }
  const std::vector<std::string_view>& reply_fields() const override {
    static const std::vector<std::string_view> fields = {"echo"};
    return fields;
  }
  // Maelstrom keeps the whole reply body as the value; the checker reads its echo.
  std::string OkValue(JsonView reply) const override { return std::string(reply.raw()); }
};

class UniqueIdsWorkload final : public Workload {
 public:
  std::string_view name() const override { return "unique-ids"; }
  std::string_view f() const override { return "generate"; }
  bool reusable_client() const override { return true; }
  std::string NextValue(Random&) const override { return "null"; }
  void AppendRequest(std::string& out, std::string_view) const override {
    out += "\"type\":\"generate\"";
  }
  std::string_view reply_type() const override { return "generate_ok"; }
  const std::vector<std::string_view>& reply_fields() const override {
    static const std::vector<std::string_view> fields = {"id"};
    return fields;
  }
  std::string OkValue(JsonView reply) const override { return std::string(reply["id"].raw()); }
};

std::string JsonString(std::string_view s) {
  std::string out;
  maelstrom::WriteJsonString(out, s);
  return out;
}

}  // namespace

std::unique_ptr<Workload> MakeWorkload(std::string_view name) {
  if (name == "echo") return std::make_unique<EchoWorkload>();
  if (name == "unique-ids") return std::make_unique<UniqueIdsWorkload>();
  return nullptr;
}

Completion Workload::Timeout(std::string_view invoke_value) {
  return Completion{OpType::kInfo, std::string(invoke_value), "\"net-timeout\"", ""};
}

Completion Workload::Judge(JsonView reply, std::string_view node, std::string_view request_body,
                           std::string_view invoke_value) const {
  auto type = reply.Find("type");
  if (type && type->is_string() && type->as_string() == "error") {
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
    std::string error = "[" + JsonString(name) + "," +
                        (text ? std::string(text->raw()) : std::string("null")) + "]";
    return Completion{definite ? OpType::kFail : OpType::kInfo, std::string(invoke_value),
                      std::move(error), ""};
  }

  // The closed schema: every key known, every required key present, every value well typed.
  std::vector<std::string> problems;
  if (!type || !type->is_string() || type->as_string() != reply_type()) {
    problems.push_back("type should be \"" + std::string(reply_type()) + "\"");
  }
  for (auto field : reply_fields()) {
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
      if (!member.value().is_integer())
        problems.push_back(std::string(key) + " should be an integer");
      continue;
    }
    bool known = false;
    for (auto field : reply_fields()) known = known || key == field;
    if (!known) problems.push_back(std::string(key) + " is a disallowed key");
  }
  if (problems.empty()) {
    return Completion{OpType::kOk, OkValue(reply), "", ""};
  }

  std::string schema = "{\"type\":\"" + std::string(reply_type()) + "\"";
  for (auto field : reply_fields()) schema += ", \"" + std::string(field) + "\": any";
  schema += ", \"in_reply_to\": integer, optional \"msg_id\": integer}";
  std::string why;
  for (const auto& p : problems) why += (why.empty() ? "" : "; ") + p;
  std::string message = "Malformed RPC response. Maelstrom sent node " + std::string(node) +
                        " the following request: " + std::string(request_body) +
                        " and expected a response of the form " + schema +
                        " but instead received " + std::string(reply.raw()) +
                        ". This is malformed because: " + why + ".";
  std::string exception =
      "{\"via\":[{\"type\":\"clojure.lang.ExceptionInfo\",\"message\":" + JsonString(message) +
      "}],\"cause\":" + JsonString(message) +
      ",\"data\":{\"type\":\"malformed-rpc-response\",\"body\":" + std::string(reply.raw()) + "}}";
  return Completion{OpType::kInfo, std::string(invoke_value),
                    JsonString("indeterminate: " + message), std::move(exception)};
}

}  // namespace glomers
