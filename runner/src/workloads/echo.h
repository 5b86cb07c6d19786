// Maelstrom's echo workload (maelstrom/workload/echo.clj).
//
//   request  {"type":"echo","echo":"Please echo 17"}   (17: uniform in 0..127)
//   reply    {"type":"echo_ok","echo":<the same>}      (closed schema; the ok value is the whole
//                                                       reply body, as Maelstrom keeps it)
//   client   not reusable: after an indeterminate operation the worker opens a fresh client
//   checker  every invocation whose completion did not carry the same echo is an error (a
//            failed, indeterminate or missing completion included)
#pragma once

#include <memory>
#include <vector>

#include "runner/src/workload.h"

namespace glomers {

std::unique_ptr<Workload> MakeEchoWorkload();

struct EchoResult final : WorkloadCheck {
  bool ok = true;
  // Each error as Maelstrom writes it: ["Expected a message with :echo", sent, "But received",
  // the completion's value].
  std::vector<Value> errors;
  std::vector<std::int64_t> error_ops;  // the invocation behind each error

  Validity valid() const override { return FromBool(ok); }
  // {"valid?":..,"errors":[...]}
  void WriteJson(JsonWriter& w) const override;
  Summary Summarize() const override;
};

EchoResult CheckEcho(const History& history);

}  // namespace glomers
