// build/bin/analysis_bench [N] [--workload unique-ids|echo] [--runs R] [--dir DIR] [--sequential]
// The end of a test, alone: a history of N client operations (default 3,000,000) shaped like a
// unique-ids run (distinct flake64-like ids from 50 workers, 5 nodes) or an echo run, analysed as
// glomers analyses it (every checker, every store file; the history files on threads while the
// checkers run), R times. Prints, per stage, the median wall and CPU seconds (CPU: of all
// threads). Target (docs/performance.md): the whole
// analysis of 3,000,000 operations under 3 s. Exit 0 when measured, 2 on bad usage.
#include <time.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runner/src/fault_log.h"
#include "runner/src/history.h"
#include "runner/src/json_writer.h"
#include "runner/src/results.h"
#include "runner/src/store.h"
#include "runner/src/store_writer.h"
#include "runner/src/workload.h"

namespace {

using glomers::History;
using glomers::Op;
using glomers::OpType;
using glomers::Value;

constexpr const char kUsage[] =
    "usage: analysis_bench [N] [--workload unique-ids|echo] [--runs R] [--dir DIR] [--sequential]\n"
    "  N           client operations in the history (default 3000000)\n"
    "  --workload  the history's shape (default unique-ids)\n"
    "  --runs      repetitions; medians are printed (default 3)\n"
    "  --dir       where the files go (default: a fresh directory under /tmp, removed)\n"
    "  --sequential  each store file alone, one after another (the cost of each), instead of\n"
    "              as glomers writes them (the history files on threads during the checkers)\n";

double CpuSeconds() {
  timespec t{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// A history as a test at a high rate leaves it: 50 workers in turn, each operation completing
// ok about 100 us after its invocation, unique-ids' ids from 5 nodes.
History MakeHistory(std::uint64_t n, const glomers::Workload& workload) {
  History h;
  glomers::Random rng(1);
  const int workers = 50;
  std::vector<std::int64_t> open(workers, -1);
  glomers::Nanos t = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    int w = static_cast<int>(i % workers);
    if (open[static_cast<std::size_t>(w)] >= 0) {
      const Op& invoke = h[open[static_cast<std::size_t>(w)]];
      Op done;
      done.type = OpType::kOk;
      done.f = invoke.f;
      done.process = invoke.process;
      done.time = t;
      if (workload.name() == "echo") {
        done.value = Value::Object({{"type", Value::String("echo_ok")},
                                    {"echo", invoke.value},
                                    {"in_reply_to", Value::Int(static_cast<std::int64_t>(i))}});
      } else {
        // flake64: milliseconds since an epoch, a sequence, a node.
        auto ms = static_cast<std::int64_t>(t / 1'000'000) + 1'000'000'000;
        done.value = Value::Int((ms << 22) | (static_cast<std::int64_t>(i & 4095) << 10) |
                                static_cast<std::int64_t>(w % 5));
      }
      h.Complete(open[static_cast<std::size_t>(w)], std::move(done));
    }
    glomers::Invocation next = workload.Next(rng);
    Op invoke;
    invoke.f = next.f;
    invoke.value = std::move(next.value);
    invoke.process = w;
    invoke.time = t;
    open[static_cast<std::size_t>(w)] = h.Append(std::move(invoke));
    t += 2'000;  // 500,000 invocations a second
  }
  return h;
}

struct Stage {
  std::string name;
  std::vector<double> wall, cpu;
};

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int Usage(const std::string& error) {
  std::fprintf(stderr, "analysis_bench: %s\n%s", error.c_str(), kUsage);
  return 2;
}

struct Options {
  std::uint64_t n = 3'000'000;
  int runs = 3;
  std::string workload = "unique-ids";
  std::string dir;
  bool sequential = false;
};

// Returns -1 to go on, else the exit status.
int ParseArgs(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> std::string_view { return i + 1 < argc ? argv[++i] : ""; };
    auto count = [](std::string_view text, std::uint64_t* out) {
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
      return ec == std::errc() && end == text.data() + text.size() && *out > 0;
    };
    std::uint64_t r = 0;
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (arg == "--workload") {
      o->workload = value();
      if (!glomers::MakeWorkload(o->workload)) return Usage("--workload: unknown workload");
    } else if (arg == "--runs") {
      if (!count(value(), &r)) return Usage("--runs takes a positive integer");
      o->runs = static_cast<int>(r);
    } else if (arg == "--sequential") {
      o->sequential = true;
    } else if (arg == "--dir") {
      o->dir = value();
      if (o->dir.empty()) return Usage("--dir takes a directory");
    } else if (!count(arg, &o->n)) {
      return Usage("unexpected argument: " + std::string(arg));
    }
  }
  return -1;
}

// One analysis, as glomers does it at the end of a test, each stage timed into `stages`: the
// checkers, each store file, freeing, all.
void AnalyseOnce(const Options& o, const glomers::Workload& workload, std::vector<Stage>& stages) {
  glomers::TestOptions options;
  options.workload = o.workload;
  options.nodes = {"n0", "n1", "n2", "n3", "n4"};
  options.availability.total = true;
  auto* history = new History(MakeHistory(o.n, workload));
  glomers::FaultLog faults;
  auto time = [&](Stage& stage, const std::function<void()>& f) {
    auto t0 = std::chrono::steady_clock::now();
    double c0 = CpuSeconds();
    f();
    stage.cpu.push_back(CpuSeconds() - c0);
    stage.wall.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  };
  auto all_t0 = std::chrono::steady_clock::now();
  double all_c0 = CpuSeconds();
  glomers::Analysis* analysis = nullptr;
  glomers::RunRecord record{&options, history, nullptr, &faults,
                            static_cast<glomers::Nanos>(o.n) * 2'000};
  std::size_t k = 0;
  auto analyze = [&] {
    analysis = new glomers::Analysis(
        glomers::Analyze(options, workload, *history, glomers::NetStats{}, {}));
    record.analysis = analysis;
  };
  auto report = [](const std::vector<std::string>& problems) {
    for (const auto& p : problems) {
      if (!p.empty()) std::printf("problem: cannot write %s\n", p.c_str());
    }
  };
  if (o.sequential) {
    // Each file alone, one after another, for the cost of each.
    time(stages[k++], analyze);
    for (const auto& file : glomers::StoreFiles()) {
      time(stages[k++], [&] { report({glomers::WriteStoreFile(*file, record, o.dir)}); });
    }
  } else {
    // As glomers' end of test does it (test_run.cc): the history files on threads, started
    // before the checkers.
    std::optional<glomers::StoreWriter> writer;
    time(stages[k++], [&] {
      writer.emplace(record, o.dir);
      analyze();
    });
    time(stages[k++], [&] { report(writer->Finish(record)); });
  }
  time(stages[k++], [&] {
    delete analysis;
    delete history;
  });
  stages[k].cpu.push_back(CpuSeconds() - all_c0);
  stages[k].wall.push_back(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - all_t0).count());
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (int rc = ParseArgs(argc, argv, &o); rc >= 0) return rc;
  bool temporary = o.dir.empty();
  if (temporary) {
    std::string pattern = (std::filesystem::temp_directory_path() / "analysis-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return Usage("cannot make a directory in /tmp");
    o.dir = pattern;
  }
  auto workload = glomers::MakeWorkload(o.workload);
  std::printf("analysis of %llu %s operations, %d run%s, files in %s\n",
              static_cast<unsigned long long>(o.n), o.workload.c_str(), o.runs,
              o.runs == 1 ? "" : "s", o.dir.c_str());
  std::vector<Stage> stages;
  if (o.sequential) {
    stages.push_back({"checkers", {}, {}});
    for (const auto& file : glomers::StoreFiles())
      stages.push_back({std::string(file->name()), {}, {}});
  } else {
    stages.push_back({"checkers", {}, {}});     // the history files meanwhile, on threads
    stages.push_back({"other files", {}, {}});  // then waiting for the history files
  }
  stages.push_back({"freeing", {}, {}});
  stages.push_back({"all", {}, {}});
  for (int run = 0; run < o.runs; ++run) AnalyseOnce(o, *workload, stages);
  for (const Stage& s : stages) {
    std::printf("  %-16s %7.3f s wall, %7.3f s CPU (medians)\n", s.name.c_str(), Median(s.wall),
                Median(s.cpu));
  }
  double all = Median(stages.back().wall);
  std::printf("  %s  the whole analysis under 3 s: %.3f s\n", all < 3 ? "PASS" : "MISS", all);
  if (temporary) std::filesystem::remove_all(o.dir);
  return 0;
}
