// The history of a test, as Jepsen records it: every client operation's invocation and
// completion, and the nemesis's fault operations, in the order they happened.
//
// Built for millions of operations: an operation is 48 bytes (its value inline when small, its
// rare error and exception in a side table), and the history grows in fixed blocks, so that
// appending never moves what is already there (a vector that doubles copies hundreds of
// megabytes at once, and stalls the test while it does).
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runner/src/file_sink.h"
#include "runner/src/nanos.h"
#include "runner/src/value.h"

namespace glomers {

class JsonWriter;

enum class OpType : std::uint8_t { kInvoke, kOk, kFail, kInfo };
std::string_view OpTypeName(OpType type);

// An operation's f ("echo", "generate", "start-partition", ...), interned: two bytes in each
// operation. Names are kept for the life of the program; there are only ever a few. Interning
// and view() are safe from any thread.
class FName {
 public:
  FName() = default;
  explicit FName(std::string_view name);
  std::string_view view() const;
  friend bool operator==(FName a, FName b) { return a.id_ == b.id_; }

 private:
  std::uint16_t id_ = 0;  // 0: the empty name
};

// The process of fault operations (Jepsen's :nemesis).
inline constexpr std::int64_t kNemesisProcess = -1;

struct Op {
  Value value;
  Nanos time = 0;  // since the test began
  std::int64_t process = 0;
  std::int64_t pair = -1;     // the index of the matching invocation or completion, if any
  std::uint32_t details = 0;  // 1 + the index of its error and exception in the history, or 0
  FName f;
  OpType type = OpType::kInvoke;

  bool is_client() const { return process != kNemesisProcess; }
};

// What a completion may carry besides its value: Jepsen's :error and :exception.
struct OpDetails {
  Value error;      // null for none
  Value exception;  // null for none
};

class History {
 public:
  History() = default;
  History(const History&) = delete;
  History& operator=(const History&) = delete;
  History(History&& other) noexcept;
  History& operator=(History&& other) noexcept;
  ~History();

  // Appends an invocation (or a lone event) and returns its index.
  std::int64_t Append(Op op, OpDetails details = {});
  // Appends the completion of the operation invoked at `invoke` and pairs the two.
  std::int64_t Complete(std::int64_t invoke, Op completion, OpDetails details = {});

  const Op& operator[](std::int64_t index) const {
    auto i = static_cast<std::size_t>(index);
    return blocks_[i >> kBlockBits][i & (kBlockSize - 1)];
  }
  std::size_t size() const { return size_; }
  const Value& error(const Op& op) const;
  const Value& exception(const Op& op) const;

  // Operations in order: for (const Op& op : history) ...
  class Iterator {
   public:
    const Op& operator*() const { return (*history_)[index_]; }
    Iterator& operator++() {
      ++index_;
      return *this;
    }
    bool operator!=(const Iterator& other) const { return index_ != other.index_; }
    std::int64_t index() const { return index_; }

   private:
    friend class History;
    Iterator(const History* h, std::int64_t i) : history_(h), index_(i) {}
    const History* history_;
    std::int64_t index_;
  };
  Iterator begin() const { return Iterator(this, 0); }
  Iterator end() const { return Iterator(this, static_cast<std::int64_t>(size_)); }

 private:
  static constexpr std::size_t kBlockBits = 16;
  static constexpr std::size_t kBlockSize = std::size_t{1} << kBlockBits;
  Op& At(std::int64_t index) {
    auto i = static_cast<std::size_t>(index);
    return blocks_[i >> kBlockBits][i & (kBlockSize - 1)];
  }

  void Clear();

  // Raw storage; the first size_ operations are constructed.
  std::vector<Op*> blocks_;
  std::size_t size_ = 0;
  std::vector<OpDetails> details_;
};

// One operation as a JSON object: {"index":..,"type":"ok","f":"echo","value":..,"time":..,
// "process":0}, with "error" and "exception" when present; the nemesis's process is "nemesis".
void WriteOpJson(JsonWriter& w, const History& history, std::int64_t index);
// The same text, appended to `out`.
void AppendOpJson(std::string& out, const History& history, std::int64_t index);

// Writes a line per operation of `history` to `out`: append_line(index) appends the line's text
// (without its line break) to `buffer`, which is written out a megabyte at a time, through a
// FileSink (file_sink.h: direct to the disk where the page cache is slow) when `out` is a file
// with a descriptor, and by fwrite otherwise (a memory stream). The history files (history.jsonl,
// .edn, .txt) are this loop; false if a write failed.
template <class AppendLine>
bool WriteOpLines(const History& history, std::FILE* out, std::string& buffer,
                  AppendLine append_line) {
  int fd = ::fileno(out);
  if (std::fflush(out) != 0) return false;
  std::optional<FileSink> sink;
  if (fd >= 0) sink.emplace(fd);
  auto put = [&] {
    if (sink) return sink->Write(buffer);
    return std::fwrite(buffer.data(), 1, buffer.size(), out) == buffer.size();
  };
  bool ok = true;
  buffer.reserve((1 << 20) + (1 << 16));
  for (auto it = history.begin(); it != history.end(); ++it) {
    append_line(it.index());
    buffer += '\n';
    if (buffer.size() > (1 << 20)) {
      ok = put() && ok;
      buffer.clear();
    }
  }
  ok = put() && ok;
  return (!sink || sink->Finish()) && ok;
}

// Writes one operation per line; false if writing failed.
bool WriteHistory(const History& history, std::FILE* out);

}  // namespace glomers
