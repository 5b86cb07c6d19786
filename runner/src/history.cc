#include "runner/src/history.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "maelstrom/json.h"

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

std::int64_t History::Append(Op op) {
  op.index = static_cast<std::int64_t>(ops_.size());
  ops_.push_back(std::move(op));
  return ops_.back().index;
}

std::int64_t History::Complete(std::int64_t invoke, Op completion) {
  completion.pair = invoke;
  std::int64_t index = Append(std::move(completion));
  ops_[static_cast<std::size_t>(invoke)].pair = index;
  return index;
}

void AppendOpJson(std::string& out, const Op& op) {
  out += "{\"index\":";
  maelstrom::WriteJson(out, static_cast<long long>(op.index));
  out += ",\"type\":\"";
  out += OpTypeName(op.type);
  out += "\",\"f\":";
  maelstrom::WriteJsonString(out, op.f);
  out += ",\"value\":";
  out += op.value;
  out += ",\"time\":";
  maelstrom::WriteJson(out, static_cast<long long>(op.time));
  out += ",\"process\":";
  if (op.is_client()) {
    maelstrom::WriteJson(out, static_cast<long long>(op.process));
  } else {
    out += "\"nemesis\"";
  }
  if (!op.error.empty()) {
    out += ",\"error\":";
    out += op.error;
  }
  if (!op.exception.empty()) {
    out += ",\"exception\":";
    out += op.exception;
  }
  out += '}';
}

bool WriteHistoryFile(const History& history, const std::string& path, std::string* error) {
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr) {
    if (error) *error = path + ": " + std::strerror(errno);
    return false;
  }
  std::string buffer;
  bool ok = true;
  for (const Op& op : history.ops()) {
    AppendOpJson(buffer, op);
    buffer += '\n';
    if (buffer.size() > (1 << 20)) {
      ok = ok && std::fwrite(buffer.data(), 1, buffer.size(), file) == buffer.size();
      buffer.clear();
    }
  }
  ok = ok && std::fwrite(buffer.data(), 1, buffer.size(), file) == buffer.size();
  ok = (std::fclose(file) == 0) && ok;
  if (!ok && error) *error = path + ": write failed";
  return ok;
}

}  // namespace glomers
