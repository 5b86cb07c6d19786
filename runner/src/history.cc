#include "runner/src/history.h"

#include <deque>
#include <memory>
#include <new>
#include <utility>

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

void WriteOpJson(JsonWriter& w, const History& history, std::int64_t index) {
  const Op& op = history[index];
  w.BeginObject();
  w.PlainKey("index").Int(index);
  w.PlainKey("type").String(OpTypeName(op.type));
  w.PlainKey("f").String(op.f.view());
  w.PlainKey("value").Json(op.value);
  w.PlainKey("time").Int(op.time);
  w.PlainKey("process");
  if (op.is_client()) {
    w.Int(op.process);
  } else {
    w.String("nemesis");
  }
  if (const Value& error = history.error(op); !error.is_null()) w.PlainKey("error").Json(error);
  if (const Value& e = history.exception(op); !e.is_null()) w.PlainKey("exception").Json(e);
  w.EndObject();
}

bool WriteHistory(const History& history, std::FILE* out) {
  std::string buffer;
  JsonWriter w(buffer);  // one value after another, each on a line of its own
  return WriteOpLines(history, out, buffer,
                      [&](std::int64_t index) { WriteOpJson(w, history, index); });
}

}  // namespace glomers
