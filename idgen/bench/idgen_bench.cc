// Nanoseconds per ID, per format, against libuuid's uuid_generate_random as a baseline.
//
//   build/bin/idgen_bench
//
// The time-ordered formats run with a one-hour lease and a 20-minute max_lead_ms: one
// thread issues far more than 4096 IDs per millisecond, so with the defaults the lead
// bound would throttle it (that case has a benchmark of its own) and the mark would be
// rewritten every few milliseconds of wall time.

#include <benchmark/benchmark.h>
#include <time.h>
#include <uuid/uuid.h>

#include <filesystem>
#include <memory>

#include "idgen/clock.h"
#include "idgen/concurrent_id_generator.h"
#include "idgen/flake64.h"
#include "idgen/id_generator.h"

namespace {

class BenchDir {
 public:
  BenchDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "idgen-bench-XXXXXX").string();
    if (mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~BenchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

idgen::Options BenchOptions(idgen::IdFormat format, idgen::Clock* clock, const std::string& dir) {
  idgen::Options o;
  o.format = format;
  o.node_id = "bench";
  o.node_index = 1;
  o.mark_dir = dir;
  o.clock = clock;
  o.lease_ms = 3'600'000;
  o.refresh_ahead_ms = 1'800'000;
  o.max_lead_ms = 1'200'000;
  return o;
}

std::unique_ptr<idgen::IdGenerator> OpenOrDie(const idgen::Options& o, benchmark::State& state) {
  std::unique_ptr<idgen::IdGenerator> gen;
  idgen::Status s = idgen::IdGenerator::Open(o, &gen);
  if (s.ok()) s = gen->Maintain();
  if (!s.ok()) state.SkipWithError(s.ToString().c_str());
  return gen;
}

int64_t RealNowNs() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

int64_t RealNowMs() { return RealNowNs() / 1'000'000; }

enum ClockKind { kTicking, kSystem, kCoarse };

std::unique_ptr<idgen::Clock> MakeClock(int64_t kind) {
  if (kind == kTicking) return idgen::NewTickingClock(0);
  if (kind == kCoarse) return idgen::NewCoarseSystemClock(0);
  return idgen::NewSystemClock(0);
}

void SetClockLabel(benchmark::State& state) {
  state.SetLabel(state.range(0) == kTicking  ? "ticking clock"
                 : state.range(0) == kCoarse ? "coarse clock (the unique-ids node's)"
                                             : "system clock");
}

void BM_Flake64(benchmark::State& state) {
  BenchDir dir;
  auto clock = MakeClock(state.range(0));
  auto gen = OpenOrDie(BenchOptions(idgen::IdFormat::kFlake64, clock.get(), dir.path()), state);
  if (gen == nullptr) return;
  uint64_t id = 0;
  for (auto _ : state) {
    if (!gen->NextFlake(&id).ok()) state.SkipWithError("NextFlake failed");
    benchmark::DoNotOptimize(id);
  }
  SetClockLabel(state);
  // How far IDs ran ahead of real time: the cost of not throttling in this benchmark.
  state.counters["lead_ms"] = static_cast<double>(idgen::DecodeFlake64(id).unix_ms - RealNowMs());
}
BENCHMARK(BM_Flake64)->Arg(kTicking)->Arg(kSystem)->Arg(kCoarse);

void BM_Flake64Json(benchmark::State& state) {
  BenchDir dir;
  auto clock = MakeClock(state.range(0));
  auto gen = OpenOrDie(BenchOptions(idgen::IdFormat::kFlake64, clock.get(), dir.path()), state);
  if (gen == nullptr) return;
  char buf[idgen::kMaxJsonIdSize];
  size_t n = 0;
  for (auto _ : state) {
    if (!gen->NextJson(buf, &n).ok()) state.SkipWithError("NextJson failed");
    benchmark::DoNotOptimize(buf);
  }
  SetClockLabel(state);
}
BENCHMARK(BM_Flake64Json)->Arg(kTicking);

void BM_Uuid7(benchmark::State& state) {
  BenchDir dir;
  auto clock = MakeClock(state.range(0));
  auto gen = OpenOrDie(BenchOptions(idgen::IdFormat::kUuid7, clock.get(), dir.path()), state);
  if (gen == nullptr) return;
  idgen::Uuid u;
  for (auto _ : state) {
    if (!gen->NextUuid(&u).ok()) state.SkipWithError("NextUuid failed");
    benchmark::DoNotOptimize(u);
  }
  SetClockLabel(state);
}
BENCHMARK(BM_Uuid7)->Arg(kTicking)->Arg(kSystem)->Arg(kCoarse);

void BM_Uuid7Json(benchmark::State& state) {
  BenchDir dir;
  auto clock = MakeClock(state.range(0));
  auto gen = OpenOrDie(BenchOptions(idgen::IdFormat::kUuid7, clock.get(), dir.path()), state);
  if (gen == nullptr) return;
  char buf[idgen::kMaxJsonIdSize];
  size_t n = 0;
  for (auto _ : state) {
    if (!gen->NextJson(buf, &n).ok()) state.SkipWithError("NextJson failed");
    benchmark::DoNotOptimize(buf);
  }
  SetClockLabel(state);
}
BENCHMARK(BM_Uuid7Json)->Arg(kTicking);

void BM_Uuid4(benchmark::State& state) {
  BenchDir dir;
  auto gen = OpenOrDie(BenchOptions(idgen::IdFormat::kUuid4, nullptr, dir.path()), state);
  if (gen == nullptr) return;
  idgen::Uuid u;
  for (auto _ : state) {
    if (!gen->NextUuid(&u).ok()) state.SkipWithError("NextUuid failed");
    benchmark::DoNotOptimize(u);
  }
}
BENCHMARK(BM_Uuid4);

void BM_LibuuidGenerateRandom(benchmark::State& state) {
  uuid_t u;
  for (auto _ : state) {
    uuid_generate_random(u);
    benchmark::DoNotOptimize(u);
  }
}
BENCHMARK(BM_LibuuidGenerateRandom);

// The lead bound at work: with the default lease and max_lead_ms one thread is held to 4096 IDs
// per millisecond of wall time once it is 50 ms ahead (about 244 ns per ID); without Maintain(),
// the call that reaches the mark writes it, every 50 ms or so.
void BM_Flake64ThrottledAtDefaultMaxLead(benchmark::State& state) {
  BenchDir dir;
  auto clock = MakeClock(kTicking);
  idgen::Options o = BenchOptions(idgen::IdFormat::kFlake64, clock.get(), dir.path());
  o.lease_ms = idgen::Options().lease_ms;
  o.refresh_ahead_ms = idgen::Options().refresh_ahead_ms;
  o.max_lead_ms = idgen::Options().max_lead_ms;
  auto gen = OpenOrDie(o, state);
  if (gen == nullptr) return;
  uint64_t id = 0;
  for (auto _ : state) {
    if (!gen->NextFlake(&id).ok()) state.SkipWithError("NextFlake failed");
    benchmark::DoNotOptimize(id);
  }
}
BENCHMARK(BM_Flake64ThrottledAtDefaultMaxLead)->MinTime(3.0);

// How far the ticking clock's millisecond trails a fresh CLOCK_REALTIME millisecond,
// which is how much older an ID's timestamp can be than the system clock would have made
// it. Arg 0: back-to-back calls; arg 1: one call every 200 us, so only the ticker keeps
// the value fresh. Samples in which this thread itself was preempted (> 20 us between its
// two real-clock readings) are dropped: they would time this thread, not the clock.
void BM_TickingClockLag(benchmark::State& state) {
  auto clock = idgen::NewTickingClock(0);
  const bool sparse = state.range(0) == 1;
  int64_t samples = 0, lagging = 0, dropped = 0, total_lag_ms = 0, max_lag_ms = 0;
  for (auto _ : state) {
    const int64_t before_ns = RealNowNs();
    const int64_t ticking_ms = clock->NowMs();
    const int64_t after_ns = RealNowNs();
    if (after_ns - before_ns > 20'000) {
      ++dropped;
    } else {
      // Against the reading taken before: a fresh reading at the same moment would be at
      // least this.
      const int64_t lag_ms = before_ns / 1'000'000 - ticking_ms;
      ++samples;
      if (lag_ms > 0) ++lagging;
      total_lag_ms += lag_ms > 0 ? lag_ms : 0;
      if (lag_ms > max_lag_ms) max_lag_ms = lag_ms;
    }
    if (sparse) {
      timespec pause{0, 200'000};
      nanosleep(&pause, nullptr);
    }
  }
  state.SetLabel(sparse ? "one call per 200 us" : "back-to-back calls");
  const double n = samples > 0 ? static_cast<double>(samples) : 1;
  state.counters["lagging_pct"] = 100.0 * static_cast<double>(lagging) / n;
  state.counters["mean_lag_ms"] = static_cast<double>(total_lag_ms) / n;
  state.counters["max_lag_ms"] = static_cast<double>(max_lag_ms);
  state.counters["dropped"] = static_cast<double>(dropped);
}
BENCHMARK(BM_TickingClockLag)->Arg(0)->Arg(1)->MinTime(2.0);

// Two threads sharing one ConcurrentIdGenerator (a mutex per call).
std::unique_ptr<idgen::ConcurrentIdGenerator> g_shared;
std::unique_ptr<idgen::Clock> g_shared_clock;
std::unique_ptr<BenchDir> g_shared_dir;

void BM_Flake64Concurrent(benchmark::State& state) {
  if (state.thread_index() == 0) {
    g_shared_dir = std::make_unique<BenchDir>();
    g_shared_clock = idgen::NewTickingClock(0);
    idgen::Status s = idgen::ConcurrentIdGenerator::Open(
        BenchOptions(idgen::IdFormat::kFlake64, g_shared_clock.get(), g_shared_dir->path()),
        &g_shared);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
  }
  uint64_t id = 0;
  for (auto _ : state) {
    if (!g_shared->NextFlake(&id).ok()) state.SkipWithError("NextFlake failed");
    benchmark::DoNotOptimize(id);
  }
  if (state.thread_index() == 0) {
    g_shared.reset();
    g_shared_clock.reset();
    g_shared_dir.reset();
  }
}
BENCHMARK(BM_Flake64Concurrent)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace

// main() is bench/benchmark_main.cc.
