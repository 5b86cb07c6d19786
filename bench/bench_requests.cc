// build/bin/bench_requests: bench/requests.py in C++, the same command line and the same bytes.
//   bench_requests N [--workload unique-ids|echo] [--clients C] [--node n0] > requests.jsonl
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "requests.h"

namespace {

constexpr const char kUsage[] =
    "usage: bench_requests N [--workload unique-ids|echo] [--clients C] [--node n0] > out.jsonl\n";

int Usage(const std::string& error) {
  std::fprintf(stderr, "bench_requests: %s\n%s", error.c_str(), kUsage);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  bench::StreamOptions options;
  bool have_count = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (arg == "--workload") {
      const char* v = value();
      auto workload = v ? bench::ParseWorkload(v) : std::nullopt;
      if (!workload) return Usage("--workload takes unique-ids or echo");
      options.workload = *workload;
    } else if (arg == "--clients") {
      const char* v = value();
      if (!v || !bench::ParseCount(v, &options.clients) || options.clients == 0) {
        return Usage("--clients takes a positive integer");
      }
    } else if (arg == "--node") {
      const char* v = value();
      if (!v) return Usage("--node takes a node name");
      options.node = v;
    } else if (!have_count && bench::ParseCount(arg, &options.requests)) {
      have_count = true;
    } else {
      return Usage("unexpected argument: " + std::string(arg));
    }
  }
  if (!have_count) return Usage("the number of requests N is required");
  if (!bench::WriteRequests(options, 1)) {
    std::fprintf(stderr, "bench_requests: writing stdout: %s\n", std::strerror(errno));
    return 1;
  }
  return 0;
}
