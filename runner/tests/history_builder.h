// Builds histories for checker tests. Values are written as JSON text.
#pragma once

#include <string>
#include <string_view>

#include "runner/src/history.h"

namespace glomers {

class HistoryBuilder {
 public:
  // A client operation invoked with `value` on `process` that completes as `type` with
  // `completion` (if type is kInvoke, it never completes).
  HistoryBuilder& Op(std::string_view f, std::string_view value, OpType type,
                     std::string_view completion, std::int64_t process = 0) {
    glomers::Op invoke;
    invoke.f = FName(f);
    invoke.value = Value::Parse(value);
    invoke.process = process;
    invoke.time = time_++;
    std::int64_t i = history_.Append(invoke);
    if (type == OpType::kInvoke) return *this;
    glomers::Op done = invoke;
    done.type = type;
    done.value = Value::Parse(completion);
    done.time = time_++;
    history_.Complete(i, done);
    return *this;
  }
  HistoryBuilder& Generate(OpType type, std::string_view id) {
    return Op("generate", "null", type, type == OpType::kInvoke ? "null" : id);
  }
  HistoryBuilder& Nemesis(std::string_view f, std::string_view value) {
    glomers::Op op;
    op.type = OpType::kInfo;
    op.f = FName(f);
    op.value = Value::Parse(value);
    op.process = kNemesisProcess;
    op.time = time_++;
    std::int64_t i = history_.Append(op);
    op.time = time_++;
    history_.Complete(i, op);
    return *this;
  }
  const History& history() const { return history_; }

 private:
  History history_;
  Nanos time_ = 0;
};

}  // namespace glomers
