// Status: the outcome of an operation that can fail, with a message for people.
//
// An OK status is a single null pointer and never allocates, so returning one
// from the ID hot path is as cheap as returning a bool.

#ifndef IDGEN_STATUS_H_
#define IDGEN_STATUS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace idgen {

class Status {
 public:
  enum class Code : uint8_t {
    kOk = 0,
    // A file does not exist (used by FileSystem; the generator maps it to "first start").
    kNotFound,
    // The caller passed something unusable (bad option, wrong accessor for the format).
    kInvalidArgument,
    // The stored high-water mark is damaged. The generator refuses to issue IDs until an
    // operator repairs or replaces the mark file; guessing could repeat IDs.
    kCorruption,
    // A file system call failed (FileSystem level; the generator reports kUnavailable).
    kIOError,
    // IDs cannot be vouched for right now: the mark could not be made durable, read or
    // locked. Transient: the generator retries on later calls and recovers by itself.
    kUnavailable,
    // Too much load: the logical clock leads the wall clock by more than max_lead_ms and
    // the lead policy says reject (or the wall clock stopped advancing while throttled).
    kBusy,
    // The ID space has no room: the clock is before the flake64 epoch, or the timestamp
    // field is exhausted. Never wraps.
    kOutOfRange,
  };

  Status() noexcept = default;  // OK
  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;
  ~Status() = default;

  static Status OK() { return Status(); }
  static Status NotFound(std::string_view msg) { return Status(Code::kNotFound, msg); }
  static Status InvalidArgument(std::string_view msg) {
    return Status(Code::kInvalidArgument, msg);
  }
  static Status Corruption(std::string_view msg) { return Status(Code::kCorruption, msg); }
  static Status IOError(std::string_view msg) { return Status(Code::kIOError, msg); }
  static Status Unavailable(std::string_view msg) { return Status(Code::kUnavailable, msg); }
  static Status Busy(std::string_view msg) { return Status(Code::kBusy, msg); }
  static Status OutOfRange(std::string_view msg) { return Status(Code::kOutOfRange, msg); }

  bool ok() const { return rep_ == nullptr; }
  Code code() const { return rep_ == nullptr ? Code::kOk : rep_->code; }
  bool IsNotFound() const { return code() == Code::kNotFound; }
  bool IsInvalidArgument() const { return code() == Code::kInvalidArgument; }
  bool IsCorruption() const { return code() == Code::kCorruption; }
  bool IsIOError() const { return code() == Code::kIOError; }
  bool IsUnavailable() const { return code() == Code::kUnavailable; }
  bool IsBusy() const { return code() == Code::kBusy; }
  bool IsOutOfRange() const { return code() == Code::kOutOfRange; }

  // The message alone, without the code name ("" when OK).
  std::string_view message() const;
  // "OK", or "<Code name>: <message>", e.g. "Unavailable: cannot write mark ...".
  std::string ToString() const;

  static std::string_view CodeName(Code code);

 private:
  struct Rep {
    Code code;
    std::string message;
  };
  Status(Code code, std::string_view msg);

  std::unique_ptr<Rep> rep_;
};

}  // namespace idgen

#endif  // IDGEN_STATUS_H_
