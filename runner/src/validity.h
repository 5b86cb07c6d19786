// Jepsen's three-valued :valid?. Composing results keeps the worst: false beats unknown beats
// true.
#pragma once

#include <string>
#include <string_view>

namespace glomers {

enum class Validity { kTrue, kUnknown, kFalse };

inline Validity Merge(Validity a, Validity b) { return a > b ? a : b; }

inline Validity FromBool(bool valid) { return valid ? Validity::kTrue : Validity::kFalse; }

// As results.json writes it: true, false or "unknown".
inline std::string_view ValidityJson(Validity v) {
  switch (v) {
    case Validity::kTrue:
      return "true";
    case Validity::kFalse:
      return "false";
    case Validity::kUnknown:
      return "\"unknown\"";
  }
  return "\"unknown\"";
}

}  // namespace glomers
