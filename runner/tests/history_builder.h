// Builds histories for checker tests.
#pragma once

#include <string>
#include <string_view>

#include "runner/src/history.h"

namespace glomers {

class HistoryBuilder {
 public:
  // A client operation invoked with `value` on `process` that completes as `type` with
  // `completion` (if type is kInvoke, it never completes).
  HistoryBuilder& Op(std::string_view f, std::string value, OpType type, std::string completion,
                     std::int64_t process = 0) {
    glomers::Op invoke;
    invoke.f = f;
    invoke.value = value;
    invoke.process = process;
    invoke.time = time_++;
    std::int64_t i = history_.Append(invoke);
    if (type == OpType::kInvoke) return *this;
    glomers::Op done = invoke;
    done.type = type;
    done.value = std::move(completion);
    done.time = time_++;
    history_.Complete(i, done);
    return *this;
  }
  HistoryBuilder& Generate(OpType type, std::string id) {
    return Op("generate", "null", type, std::move(id));
  }
  HistoryBuilder& Nemesis(std::string_view f, std::string value) {
    glomers::Op op;
    op.type = OpType::kInfo;
    op.f = f;
    op.value = value;
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
