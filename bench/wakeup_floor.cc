// build/bin/wakeup_floor [--rates R1,R2,...] [--seconds S] [--window W] [--children K]
// The least CPU a runner can spend per operation at a given rate on this machine: the loop
// glomers runs, with nothing else in it. Operations go out on a fixed schedule (R a second),
// each a line written to a child that writes it back (/bin/cat; K children in turn, as glomers'
// workers spread operations over nodes), at most W waiting at once; the
// loop sleeps in epoll_pwait2 until the next operation is due or an answer is readable, reads
// every answer there is, and goes on. Prints, for each rate, the loop's own CPU per operation
// (user + system, from getrusage, as glomers' "Runner CPU" line counts it) and the ratio to the
// last rate's. At a low rate every operation costs a wake-up for its time and one for its
// answer; at a high rate one wake-up serves many. Exit 0 when measured, 2 on bad usage.
#include <sys/epoll.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
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

// Runs `rate` operations a second for `seconds`, to `children` children in turn; returns CPU
// seconds per operation, or -1.
double Measure(double rate, double seconds, int window, int children) {
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
      return -1;
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
  std::vector<char> buffer(1 << 16);
  while (answered < ops) {
    long long now = Now();
    std::vector<std::string> out(cats.size());
    while (sent < ops && sent - answered < window &&
           start + static_cast<long long>(static_cast<double>(sent) * gap) <= now) {
      out[static_cast<std::size_t>(sent) % cats.size()] += line;
      ++sent;
    }
    for (std::size_t c = 0; c < cats.size(); ++c) {
      if (!out[c].empty() && ::write(cats[c].stdin_fd(), out[c].data(), out[c].size()) < 0) {
        return -1;
      }
    }
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
    for (int e = 0; e < events; ++e) {
      int fd = cats[ready[e].data.u32].stdout_fd();
      ssize_t n;
      while ((n = ::read(fd, buffer.data(), buffer.size())) > 0) {
        for (ssize_t i = 0; i < n; ++i) answered += buffer[static_cast<std::size_t>(i)] == '\n';
      }
    }
  }
  double cpu = CpuSeconds() - cpu0;
  ::close(epoll);
  return cpu / static_cast<double>(ops);
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
  std::vector<double> per_op;
  for (double rate : rates) {
    per_op.push_back(Measure(rate, seconds, window, children));
    if (per_op.back() < 0) return 1;
    std::printf("  %9.0f ops/s: %7.2f us of CPU per operation\n", rate, per_op.back() * 1e6);
  }
  if (rates.size() >= 2) {
    std::printf("  the first rate's CPU per operation is %.2fx the last's\n",
                per_op.front() / per_op.back());
  }
  return 0;
}
