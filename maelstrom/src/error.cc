#include "maelstrom/error.h"

namespace maelstrom {

std::string_view ErrorName(std::int64_t code) {
  switch (code) {
    case 0:
      return "timeout";
    case 1:
      return "node-not-found";
    case 10:
      return "not-supported";
    case 11:
      return "temporarily-unavailable";
    case 12:
      return "malformed-request";
    case 13:
      return "crash";
    case 14:
      return "abort";
    case 20:
      return "key-does-not-exist";
    case 21:
      return "key-already-exists";
    case 22:
      return "precondition-failed";
    case 30:
      return "txn-conflict";
    default:
      return "unknown";
  }
}

bool IsDefinite(std::int64_t code) {
  switch (code) {
    case 1:
    case 10:
    case 11:
    case 12:
    case 14:
    case 20:
    case 21:
    case 22:
    case 30:
      return true;
    default:
      return false;
  }
}

namespace {
std::string Describe(std::int64_t code, const std::string& text) {
  std::string s = "error ";
  s += std::to_string(code);
  s += " (";
  s += ErrorName(code);
  s += ")";
  if (!text.empty()) {
    s += ": ";
    s += text;
  }
  return s;
}
}  // namespace

Error::Error(std::int64_t code, std::string text)
    : std::runtime_error(Describe(code, text)), code_(code), text_(std::move(text)) {}

}  // namespace maelstrom
