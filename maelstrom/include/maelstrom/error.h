// Maelstrom's error codes and the typed error a handler throws to answer with one.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace maelstrom {

// Codes 0-999 are Maelstrom's; 1000 and up are free for applications.
enum class ErrorCode : std::int64_t {
  kTimeout = 0,
  kNodeNotFound = 1,
  kNotSupported = 10,
  kTemporarilyUnavailable = 11,
  kMalformedRequest = 12,
  kCrash = 13,
  kAbort = 14,
  kKeyDoesNotExist = 20,
  kKeyAlreadyExists = 21,
  kPreconditionFailed = 22,
  kTxnConflict = 30,
};

// "timeout", "key-does-not-exist", ...; "unknown" for codes Maelstrom does not define.
std::string_view ErrorName(std::int64_t code);

// Whether an error with this code means the operation certainly did not happen. Timeouts, crashes
// and unknown or application codes are indefinite.
bool IsDefinite(std::int64_t code);

// A Maelstrom error. Thrown by a handler, it becomes the error reply to the request; thrown by an
// RPC, it is the error the peer answered with (or a timeout, code 0).
class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, std::string text)
      : Error(static_cast<std::int64_t>(code), std::move(text)) {}
  Error(std::int64_t code, std::string text);

  std::int64_t code() const { return code_; }
  const std::string& text() const { return text_; }
  std::string_view name() const { return ErrorName(code_); }
  bool definite() const { return IsDefinite(code_); }
  bool is(ErrorCode code) const { return code_ == static_cast<std::int64_t>(code); }

 private:
  std::int64_t code_;
  std::string text_;
};

}  // namespace maelstrom
