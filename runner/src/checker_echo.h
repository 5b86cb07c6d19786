// Maelstrom's echo checker: every invocation whose completion did not carry the same echo value
// is an error (a failed, indeterminate or missing completion included).
#pragma once

#include <string>
#include <vector>

#include "runner/src/history.h"

namespace glomers {

struct EchoResult {
  bool valid = true;
  // Each error as Maelstrom writes it: ["Expected a message with :echo", sent, "But received",
  // completion value], as JSON.
  std::vector<std::string> errors;
};

EchoResult CheckEcho(const History& history);
// {"valid?":..,"errors":[...]}
std::string ToJson(const EchoResult& result);

}  // namespace glomers
