// main() for the Google Benchmark programs (idgen_bench, maelstrom_bench, json_choice_bench), in
// place of BENCHMARK_MAIN(): the same flags, plus -h, a usage line, and the program's name on an
// unknown flag, as every other command here answers; and a program's own preamble.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string_view>

namespace glomers_bench {
// What a program prints before its benchmarks run, if it defines it (json_choice_bench: what each
// JSON library gives back and refuses); weak, so that the others need not.
[[gnu::weak]] void Preamble();
}  // namespace glomers_bench

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::printf(
          "usage: %s [--benchmark_filter=REGEX] [--benchmark_repetitions=N] [FLAG...]\n\n"
          "Google Benchmark's flags:\n",
          argv[0]);
      std::fflush(stdout);
      char help[] = "--help";
      char* args[] = {argv[0], help, nullptr};
      int count = 2;
      benchmark::Initialize(&count, args);  // prints the flags and exits 0
      return 0;
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  if (glomers_bench::Preamble != nullptr) glomers_bench::Preamble();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
