#include "runner/src/history.h"

#include <deque>

#include "runner/src/json_writer.h"

namespace glomers {

std::string_view OpTypeName(OpType type) {
  switch (type) {
    case OpType::kInvoke:
      return "invoke";
    case OpType::kOk:
      return "ok";
    case OpType::kFail:
      return "fail";
    case OpType::kInfo:
      return "info";
  }
  return "?";
}

namespace {
// Every name interned so far; a deque, so that views of its strings stay valid as it grows.
// Never destroyed: names may be read while static objects are destroyed.
std::deque<std::string>& Names() {
  static auto* names = new std::deque<std::string>{""};
  return *names;
}
}  // namespace

FName::FName(std::string_view name) {
  auto& names = Names();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) {
      id_ = static_cast<std::uint16_t>(i);
      return;
    }
  }
  names.emplace_back(name);
  id_ = static_cast<std::uint16_t>(names.size() - 1);
}

std::string_view FName::view() const { return Names()[id_]; }

std::int64_t History::Append(Op op, OpDetails details) {
  if ((size_ & (kBlockSize - 1)) == 0) blocks_.emplace_back(new Op[kBlockSize]);
  if (!details.error.is_null() || !details.exception.is_null()) {
    details_.push_back(std::move(details));
    op.details = static_cast<std::uint32_t>(details_.size());
  } else {
    op.details = 0;
  }
  auto index = static_cast<std::int64_t>(size_++);
  At(index) = std::move(op);
  return index;
}

std::int64_t History::Complete(std::int64_t invoke, Op completion, OpDetails details) {
  completion.pair = invoke;
  std::int64_t index = Append(std::move(completion), std::move(details));
  At(invoke).pair = index;
  return index;
}

const Value& History::error(const Op& op) const {
  static const Value none;
  return op.details == 0 ? none : details_[op.details - 1].error;
}

const Value& History::exception(const Op& op) const {
  static const Value none;
  return op.details == 0 ? none : details_[op.details - 1].exception;
}

void WriteOpJson(JsonWriter& w, const History& history, std::int64_t index) {
  const Op& op = history[index];
  w.BeginObject();
  w.Key("index").Int(index);
  w.Key("type").String(OpTypeName(op.type));
  w.Key("f").String(op.f.view());
  w.Key("value").Json(op.value);
  w.Key("time").Int(op.time);
  w.Key("process");
  if (op.is_client()) {
    w.Int(op.process);
  } else {
    w.String("nemesis");
  }
  if (const Value& error = history.error(op); !error.is_null()) w.Key("error").Json(error);
  if (const Value& e = history.exception(op); !e.is_null()) w.Key("exception").Json(e);
  w.EndObject();
}

bool WriteHistory(const History& history, std::FILE* out) {
  std::string buffer;
  JsonWriter w(buffer);  // one value after another, each on a line of its own
  bool ok = true;
  for (auto it = history.begin(); it != history.end(); ++it) {
    WriteOpJson(w, history, it.index());
    buffer += '\n';
    if (buffer.size() > (1 << 20)) {
      ok = ok && std::fwrite(buffer.data(), 1, buffer.size(), out) == buffer.size();
      buffer.clear();
    }
  }
  return std::fwrite(buffer.data(), 1, buffer.size(), out) == buffer.size() && ok;
}

}  // namespace glomers
