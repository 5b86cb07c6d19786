// build/bin/partition_bench [N] [--runs R]
// What a partition costs the runner on N nodes (default 1024): for each of Jepsen's partition
// specs, the time to compute the grudge (as the nemesis does, in the test's loop) and to write
// its JSON (as the history file does, after the test); medians of R runs (default 20).
// Exit 0 when measured, 2 on bad usage.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "runner/src/partition.h"
#include "runner/src/random.h"

namespace {

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

constexpr const char kUsage[] =
    "usage: partition_bench [N] [--runs R]\n"
    "  N       nodes (default 1024)\n"
    "  --runs  repetitions of each spec; medians are printed (default 20)\n";

int Usage(const std::string& error) {
  std::fprintf(stderr, "partition_bench: %s\n%s", error.c_str(), kUsage);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t n = 1024, runs = 20;
  auto count = [](std::string_view text, std::size_t* out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
    return ec == std::errc() && end == text.data() + text.size() && *out > 0;
  };
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (arg == "--runs") {
      if (i + 1 >= argc || !count(argv[++i], &runs))
        return Usage("--runs takes a positive integer");
    } else if (!count(arg, &n)) {
      return Usage("unexpected argument: " + std::string(arg));
    }
  }
  std::vector<std::string> names;
  for (std::size_t i = 0; i < n; ++i) names.push_back("n" + std::to_string(i));
  std::printf("a partition of %zu nodes, medians of %zu runs\n", n, runs);
  glomers::Random rng(1);
  for (glomers::PartitionSpec spec : glomers::AllPartitionSpecs()) {
    std::vector<double> compute, json;
    std::size_t bytes = 0;
    for (std::size_t r = 0; r < runs; ++r) {
      auto t0 = std::chrono::steady_clock::now();
      glomers::Grudge grudge = glomers::ComputeGrudge(spec, n, rng);
      auto t1 = std::chrono::steady_clock::now();
      std::string text;
      grudge.AppendJson(text, names);
      auto t2 = std::chrono::steady_clock::now();
      compute.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      json.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
      bytes = text.size();
    }
    std::printf(
        "  %-16s grudge %8.3f ms (in the test's loop), JSON %8.3f ms for %zu bytes (after)\n",
        std::string(glomers::PartitionSpecName(spec)).c_str(), Median(compute), Median(json),
        bytes);
  }
  return 0;
}
