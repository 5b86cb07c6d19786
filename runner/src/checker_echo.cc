#include "runner/src/checker_echo.h"

#include "maelstrom/json.h"
#include "runner/src/json_value.h"

namespace glomers {

EchoResult CheckEcho(const History& history) {
  EchoResult result;
  maelstrom::JsonDocument sent_doc, received_doc;
  for (const Op& invoke : history.ops()) {
    if (invoke.type != OpType::kInvoke || !invoke.is_client()) continue;
    const Op* completion = invoke.pair >= 0 ? &history[invoke.pair] : nullptr;
    std::string received = completion ? completion->value : "null";
    bool same = false;
    if (sent_doc.Parse(invoke.value) && received_doc.Parse(received) &&
        received_doc.root().is_object()) {
      if (auto echo = received_doc.root().Find("echo")) {
        same = CanonicalJson(*echo) == CanonicalJson(sent_doc.root());
      }
    }
    if (!same) {
      result.errors.push_back("[\"Expected a message with :echo\"," + invoke.value +
                              ",\"But received\"," + received + "]");
    }
  }
  result.valid = result.errors.empty();
  return result;
}

std::string ToJson(const EchoResult& result) {
  std::string out = "{\"valid?\":";
  out += result.valid ? "true" : "false";
  out += ",\"errors\":[";
  for (std::size_t i = 0; i < result.errors.size(); ++i) {
    if (i > 0) out += ',';
    out += result.errors[i];
  }
  out += "]}";
  return out;
}

}  // namespace glomers
