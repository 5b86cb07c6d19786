// build/bin/wakeup_floor [--rates R1,R2,...] [--seconds S] [--window W] [--children K]
// The least CPU a runner can spend per operation at a given rate on this machine: the loop
// glomers runs, with nothing else in it. Operations go out on a fixed schedule (R a second),
// each a line written to a child that writes it back (/bin/cat; K children in turn, as glomers'
// workers spread operations over nodes), at most W waiting at once; the
// loop sleeps in epoll_pwait2 until the next operation is due or an answer is readable, reads
// every answer there is, and goes on. Prints, for each rate, the loop's own CPU per operation
// (user + system, from getrusage, as glomers' "Runner CPU" line counts it), the rate achieved,
// the latency of the answers and the loop's sleeps (voluntary context switches) per operation,
// and the first rate's CPU per operation over the last's. At a low rate every operation costs
// a wake-up for its time and one for its answer; at a high rate one wake-up serves many.
// First, the CPU of a bare 1 ms sleep and wake-up (1,000 of them): what one wake-up costs on
// this machine. Exit 0 when measured, 2 on bad usage.
#include <sys/epoll.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "runner/src/child_process.h"

namespace {

constexpr const char kUsage[] =
    "usage: wakeup_floor [--rates R1,R2,...] [--seconds S] [--window W] [--children K]\n"
    "  --rates    operations per second to measure, in turn (default 1000,100000)\n"
    "  --seconds  how long each rate runs (default 5)\n"
    "  --window   most operations waiting for their answer at once (default 50)\n"
    "  --children how many children, sent to in turn (default 5, as glomers' 5 nodes)\n";

long long Now() {
  timespec t{};
  ::clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1'000'000'000LL + t.tv_nsec;
}

double CpuSeconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

long Sleeps() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return u.ru_nvcsw;  // voluntary context switches: each a sleep in epoll_pwait2 (or nanosleep)
}

struct Result {
  double cpu_per_op = -1;  // seconds
  double sleeps_per_op = 0;
  double achieved = 0;  // operations a second
  double p99_ms = 0, max_ms = 0;
};

// Runs `rate` operations a second for `seconds`, to `children` children in turn.
Result Measure(double rate, double seconds, int window, int children) {
  Result result;
  std::vector<glomers::ChildProcess> cats;
  int epoll = ::epoll_create1(EPOLL_CLOEXEC);
  for (int i = 0; i < children; ++i) {
    glomers::SpawnOptions o;
    o.argv = {"/bin/cat"};
    o.nonblocking = true;
    std::string error;
    auto cat = glomers::ChildProcess::Spawn(o, &error);
    if (!cat) {
      std::fprintf(stderr, "wakeup_floor: %s\n", error.c_str());
      return result;
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u32 = static_cast<std::uint32_t>(i);
    ::epoll_ctl(epoll, EPOLL_CTL_ADD, cat->stdout_fd(), &ev);
    cats.push_back(std::move(*cat));
  }
  const auto ops = static_cast<long long>(rate * seconds);
  const double gap = 1e9 / rate;
  const std::string line = "{\"type\":\"generate\",\"msg_id\":1}\n";
  long long start = Now(), sent = 0, answered = 0;
  double cpu0 = CpuSeconds();
  long sleeps0 = Sleeps();
  std::vector<char> buffer(1 << 16);
  // Each child answers in order: the send times of what it has not answered yet.
  std::vector<std::deque<long long>> waiting(cats.size());
  std::vector<long long> latencies;
  latencies.reserve(static_cast<std::size_t>(ops));
  // What each child is sent this round, and which children that is: a round touches only
  // those, so that its cost does not grow with the number of children (glomers' does not).
  std::vector<std::string> out(cats.size());
  std::vector<std::size_t> touched;
  while (answered < ops) {
    long long now = Now();
    while (sent < ops && sent - answered < window &&
           start + static_cast<long long>(static_cast<double>(sent) * gap) <= now) {
      std::size_t c = static_cast<std::size_t>(sent) % cats.size();
      if (out[c].empty()) touched.push_back(c);
      out[c] += line;
      waiting[c].push_back(now);
      ++sent;
    }
    for (std::size_t c : touched) {
      if (::write(cats[c].stdin_fd(), out[c].data(), out[c].size()) < 0) return result;
      out[c].clear();
    }
    touched.clear();
    timespec ts{};
    bool timed = sent < ops && sent - answered < window;
    if (timed) {
      long long wait =
          std::max(0LL, start + static_cast<long long>(static_cast<double>(sent) * gap) - now);
      ts.tv_sec = wait / 1'000'000'000LL;
      ts.tv_nsec = wait % 1'000'000'000LL;
    }
    epoll_event ready[16];
    int events = ::epoll_pwait2(epoll, ready, 16, timed ? &ts : nullptr, nullptr);
    long long woke = Now();
    for (int e = 0; e < events; ++e) {
      std::uint32_t c = ready[e].data.u32;
      ssize_t n;
      while ((n = ::read(cats[c].stdout_fd(), buffer.data(), buffer.size())) > 0) {
        for (ssize_t i = 0; i < n; ++i) {
          if (buffer[static_cast<std::size_t>(i)] != '\n') continue;
          ++answered;
          latencies.push_back(woke - waiting[c].front());
          waiting[c].pop_front();
        }
      }
    }
  }
  result.cpu_per_op = (CpuSeconds() - cpu0) / static_cast<double>(ops);
  result.sleeps_per_op = static_cast<double>(Sleeps() - sleeps0) / static_cast<double>(ops);
  result.achieved = static_cast<double>(ops) / (static_cast<double>(Now() - start) / 1e9);
  std::sort(latencies.begin(), latencies.end());
  result.p99_ms = static_cast<double>(latencies[latencies.size() * 99 / 100]) / 1e6;
  result.max_ms = static_cast<double>(latencies.back()) / 1e6;
  ::close(epoll);
  return result;
}

// CPU (user + system) of one sleep of `micros` and the wake-up after it, with nothing else in
// the loop: the least any event loop pays each time it waits for the next event. A runner that
// sleeps once per operation at a low rate pays at least this per operation.
double SleepCpu(long micros, int sleeps) {
  double cpu0 = CpuSeconds();
  for (int i = 0; i < sleeps; ++i) {
    timespec t{micros / 1'000'000, (micros % 1'000'000) * 1000};
    ::nanosleep(&t, nullptr);
  }
  return (CpuSeconds() - cpu0) / sleeps;
}

int Usage(const std::string& error) {
  std::fprintf(stderr, "wakeup_floor: %s\n%s", error.c_str(), kUsage);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<double> rates = {1000, 100000};
  double seconds = 5;
  int window = 50;
  int children = 5;
  auto number = [](std::string_view text, double* out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
    return ec == std::errc() && end == text.data() + text.size() && *out > 0;
  };
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string_view value = i + 1 < argc ? argv[i + 1] : "";
    double x = 0;
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (arg == "--rates") {
      rates.clear();
      for (std::size_t at = 0; at <= value.size();) {
        std::size_t comma = std::min(value.find(',', at), value.size());
        if (!number(value.substr(at, comma - at), &x)) return Usage("--rates takes numbers > 0");
        rates.push_back(x);
        at = comma + 1;
      }
      ++i;
    } else if (arg == "--seconds") {
      if (!number(value, &seconds)) return Usage("--seconds takes a number > 0");
      ++i;
    } else if (arg == "--children") {
      if (!number(value, &x) || x < 1) return Usage("--children takes a number >= 1");
      children = static_cast<int>(x);
      ++i;
    } else if (arg == "--window") {
      if (!number(value, &x) || x < 1) return Usage("--window takes a number >= 1");
      window = static_cast<int>(x);
      ++i;
    } else {
      return Usage("unexpected argument: " + std::string(arg));
    }
  }
  std::printf(
      "the loop alone: a line to /bin/cat and back per operation, %d children in turn, at most %d "
      "waiting\n",
      children, window);
  std::printf("  one 1 ms sleep and its wake-up, nothing else: %.2f us of CPU\n",
              SleepCpu(1000, 1000) * 1e6);
  std::vector<double> per_op;
  for (double rate : rates) {
    Result r = Measure(rate, seconds, window, children);
    if (r.cpu_per_op < 0) return 1;
    per_op.push_back(r.cpu_per_op);
    std::printf(
        "  %9.0f ops/s: %7.2f us of CPU per operation; %.0f ops/s achieved, latency p99 %.3f ms, "
        "max %.3f ms; %.2f sleeps per operation\n",
        rate, r.cpu_per_op * 1e6, r.achieved, r.p99_ms, r.max_ms, r.sleeps_per_op);
  }
  if (rates.size() >= 2) {
    std::printf("  the first rate's CPU per operation is %.2fx the last's\n",
                per_op.front() / per_op.back());
  }
  return 0;
}
