// The history of a test, as Jepsen records it: every client operation's invocation and
// completion, and the nemesis's fault operations, in the order they happened.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runner/src/schedule.h"

namespace glomers {

enum class OpType : std::uint8_t { kInvoke, kOk, kFail, kInfo };
std::string_view OpTypeName(OpType type);

// The process of fault operations (Jepsen's :nemesis).
inline constexpr std::int64_t kNemesisProcess = -1;

struct Op {
  std::int64_t index = -1;  // set by History
  OpType type = OpType::kInvoke;
  std::string_view f;          // must point to static storage ("echo", "generate", "kill", ...)
  std::string value = "null";  // JSON
  std::int64_t process = 0;
  Nanos time = 0;
  std::string error;       // JSON, or empty for none
  std::string exception;   // JSON, or empty for none
  std::int64_t pair = -1;  // the index of the matching invocation or completion, if any

  bool is_client() const { return process != kNemesisProcess; }
};

class History {
 public:
  // Appends an invocation (or a lone event) and returns its index.
  std::int64_t Append(Op op);
  // Appends the completion of the operation invoked at `invoke` and pairs the two.
  std::int64_t Complete(std::int64_t invoke, Op completion);

  const std::vector<Op>& ops() const { return ops_; }
  const Op& operator[](std::int64_t index) const { return ops_[static_cast<std::size_t>(index)]; }
  std::size_t size() const { return ops_.size(); }
  void Reserve(std::size_t n) { ops_.reserve(n); }

 private:
  std::vector<Op> ops_;
};

// One operation as a JSON object: {"index":..,"type":"ok","f":"echo","value":..,"time":..,
// "process":0}, with "error" and "exception" when present; the nemesis's process is "nemesis".
void AppendOpJson(std::string& out, const Op& op);

// Writes one operation per line. False (and `error`) if the file cannot be written.
bool WriteHistoryFile(const History& history, const std::string& path, std::string* error);

}  // namespace glomers
