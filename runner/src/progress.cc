#include "runner/src/progress.h"

namespace glomers {

Progress::Progress(std::FILE* out, bool terminal)
    : out_(out),
      terminal_(terminal),
      interval_(terminal ? kNanosPerSecond / 5 : 5 * kNanosPerSecond) {}

std::string Progress::Format(const ProgressSnapshot& s) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "[%7.1fs / %.1fs] ok %lld  failed %lld  unknown %lld",
                static_cast<double>(s.elapsed) / 1e9, static_cast<double>(s.limit) / 1e9,
                static_cast<long long>(s.ok), static_cast<long long>(s.fail),
                static_cast<long long>(s.info));
  std::string line = buf;
  if (s.draining) line += "  (time limit reached, finishing operations in flight)";
  line += "  | faults: " + (s.faults.empty() ? std::string("none") : s.faults);
  return line;
}

void Progress::Report(Nanos now, const ProgressSnapshot& snapshot) {
  next_ = now + interval_;
  std::string line = Format(snapshot);
  if (terminal_) {
    std::size_t width = line.size();
    if (line.size() < last_width_) line.append(last_width_ - line.size(), ' ');
    last_width_ = width;
    std::fprintf(out_, "\r%s", line.c_str());
  } else {
    std::fprintf(out_, "%s\n", line.c_str());
  }
  std::fflush(out_);
}

void Progress::Finish() {
  if (terminal_ && last_width_ > 0) {
    std::fputc('\n', out_);
    std::fflush(out_);
  }
  last_width_ = 0;
}

}  // namespace glomers
