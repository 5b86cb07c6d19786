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

// A Maelstrom error. Thrown by an RPC, it is the error the peer answered with (or a timeout,
// code 0; code 13 for a reply the node could not read; code 1 for a destination that cannot
// be). Thrown by a handler (or an init hook), it becomes the error reply to the request.
//
// What a handler's exception answers, and why: a client takes a definite code to mean that the
// operation did not happen, so only the request itself may earn one by the library's choice.
//   - maelstrom::Error: its own code and text, whoever threw it (an RPC's error passes through:
//     catch it if the handler did something before the call that failed).
//   - JsonError about a value of the request being handled (a missing or ill-typed field read
//     from its body()): code 12, malformed-request, definite. The client sent something wrong.
//   - JsonError about any other value, and every other exception: code 13, crash, indefinite,
//     with the exception's text as the reason. That includes a reply the node received from a
//     service or a peer that lacks a field or holds the wrong kind (the write it answers may have
//     happened), a copy of a request value (a Json made from it), a value the handler built
//     itself (NaN written as JSON), and std::exception of any kind.
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
