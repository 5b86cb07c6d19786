// Jepsen's three-valued :valid?. Composing results keeps the worst: false beats unknown beats
// true.
#pragma once

#include "runner/src/json_writer.h"

namespace glomers {

enum class Validity { kTrue, kUnknown, kFalse };

inline Validity Merge(Validity a, Validity b) { return a > b ? a : b; }

inline Validity FromBool(bool valid) { return valid ? Validity::kTrue : Validity::kFalse; }

// As results.json writes it: true, false or "unknown".
inline void WriteJson(JsonWriter& w, Validity v) {
  if (v == Validity::kUnknown) {
    w.String("unknown");
  } else {
    w.Bool(v == Validity::kTrue);
  }
}

}  // namespace glomers
