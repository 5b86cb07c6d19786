#include "runner/src/history.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <utility>

#include "maelstrom/json.h"
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
// Every name interned so far, never freed: names may be read while static objects are destroyed.
// A name is published (release) before its id is handed out, and read (acquire) without a lock,
// so that the history files' threads can read names while another thread interns one
// (store_writer.h). Constant-initialized: usable before main.
constexpr std::size_t kMaxNames = std::size_t{1} << 16;
std::atomic<const std::string*> g_names[kMaxNames];
std::size_t g_name_count = 1;  // under g_intern; 0 is the empty name, never stored
std::mutex g_intern;
}  // namespace

FName::FName(std::string_view name) {
  if (name.empty()) return;
  std::lock_guard lock(g_intern);
  for (std::size_t i = 1; i < g_name_count; ++i) {
    if (*g_names[i].load(std::memory_order_relaxed) == name) {
      id_ = static_cast<std::uint16_t>(i);
      return;
    }
  }
  if (g_name_count == kMaxNames) throw std::length_error("more than 65535 operation names");
  g_names[g_name_count].store(new std::string(name), std::memory_order_release);
  id_ = static_cast<std::uint16_t>(g_name_count++);
}

std::string_view FName::view() const {
  if (id_ == 0) return {};
  return *g_names[id_].load(std::memory_order_acquire);
}

History::History(History&& other) noexcept { *this = std::move(other); }

History& History::operator=(History&& other) noexcept {
  if (this != &other) {
    Clear();
    blocks_ = std::exchange(other.blocks_, {});
    size_ = std::exchange(other.size_, 0);
    details_ = std::exchange(other.details_, {});
  }
  return *this;
}

History::~History() { Clear(); }

void History::Clear() {
  for (std::size_t i = 0; i < size_; ++i) At(static_cast<std::int64_t>(i)).~Op();
  for (Op* block : blocks_) std::allocator<Op>().deallocate(block, kBlockSize);
  blocks_.clear();
  size_ = 0;
  details_.clear();
}

std::int64_t History::Append(Op op, OpDetails details) {
  if ((size_ & (kBlockSize - 1)) == 0) blocks_.push_back(std::allocator<Op>().allocate(kBlockSize));
  if (!details.error.is_null() || !details.exception.is_null()) {
    details_.push_back(std::move(details));
    op.details = static_cast<std::uint32_t>(details_.size());
  } else {
    op.details = 0;
  }
  auto index = static_cast<std::int64_t>(size_);
  // Constructed in place: the block's memory is touched once, when the operation arrives.
  new (&At(index)) Op(std::move(op));
  ++size_;
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

void AppendOpJson(std::string& out, const History& history, std::int64_t index) {
  // The text JsonWriter would write (WriteOpJson is this), without its bookkeeping of open
  // containers: history.jsonl is millions of these.
  const Op& op = history[index];
  out += "{\"index\":";
  AppendDecimal(out, index);
  out += ",\"type\":\"";
  out += OpTypeName(op.type);
  out += "\",\"f\":";
  maelstrom::WriteJsonString(out, op.f.view());
  out += ",\"value\":";
  op.value.AppendJson(out);
  out += ",\"time\":";
  AppendDecimal(out, op.time);
  if (op.is_client()) {
    out += ",\"process\":";
    AppendDecimal(out, op.process);
  } else {
    out += ",\"process\":\"nemesis\"";
  }
  if (const Value& error = history.error(op); !error.is_null()) {
    out += ",\"error\":";
    error.AppendJson(out);
  }
  if (const Value& e = history.exception(op); !e.is_null()) {
    out += ",\"exception\":";
    e.AppendJson(out);
  }
  out += '}';
}

void WriteOpJson(JsonWriter& w, const History& history, std::int64_t index) {
  std::string text;
  AppendOpJson(text, history, index);
  w.Raw(text);
}

bool WriteHistory(const History& history, std::FILE* out) {
  std::string buffer;
  return WriteOpLines(history, out, buffer,
                      [&](std::int64_t index) { AppendOpJson(buffer, history, index); });
}

}  // namespace glomers
