// main() for the Google Benchmark programs (idgen_bench, maelstrom_bench, json_choice_bench), in
// place of BENCHMARK_MAIN(): the same flags, plus -h, a usage line, and the program's name on an
// unknown flag, as every other command here answers.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string_view>

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
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
