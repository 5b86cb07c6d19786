// The live progress line on stderr: elapsed time of the limit, operations ok, failed and
// unknown, and the faults in force. Rewritten in place (\r) when stderr is a terminal; otherwise
// a plain line every few seconds, so logs stay readable.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "runner/src/nanos.h"

namespace glomers {

struct ProgressSnapshot {
  Nanos elapsed = 0;
  Nanos limit = 0;
  std::int64_t ok = 0, fail = 0, info = 0;
  std::string faults;     // "partition majority, kill n1", or empty
  bool draining = false;  // past the limit, waiting for operations in flight
};

class Progress {
 public:
  Progress(std::FILE* out, bool terminal);

  bool Due(Nanos now) const { return now >= next_; }
  Nanos due() const { return next_; }
  void Report(Nanos now, const ProgressSnapshot& snapshot);
  // Ends an in-place line.
  void Finish();
  static std::string Format(const ProgressSnapshot& snapshot);

 private:
  std::FILE* out_;
  bool terminal_;
  Nanos interval_;
  Nanos next_ = 0;
  std::size_t last_width_ = 0;
};

}  // namespace glomers
