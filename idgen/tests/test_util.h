// Shared test helpers: a settable clock, replayable seeds, temporary directories.

#ifndef IDGEN_TESTS_TEST_UTIL_H_
#define IDGEN_TESTS_TEST_UTIL_H_

#include <atomic>
#include <cstdint>
#include <string>

#include "idgen/clock.h"

namespace idgen::test {

// 2026-03-01T00:00:00Z: a reading comfortably inside the flake64 range.
inline constexpr int64_t kSomeTimeMs = 1'772'323'200'000;
inline constexpr int64_t kDayMs = 86'400'000;

// A clock that moves only when told to. SleepMs advances it, as a real sleep would, and
// records the total. Safe to use from several threads.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t now_ms) : now_ms_(now_ms) {}
  int64_t NowMs() override { return now_ms_.load(); }
  void SleepMs(int64_t ms) override {
    slept_ms_ += ms;
    int64_t longest = longest_sleep_ms_.load();
    while (ms > longest && !longest_sleep_ms_.compare_exchange_weak(longest, ms)) {
    }
    now_ms_ += ms;
  }
  void Set(int64_t now_ms) { now_ms_ = now_ms; }
  void Advance(int64_t ms) { now_ms_ += ms; }
  int64_t slept_ms() const { return slept_ms_.load(); }
  int64_t longest_sleep_ms() const { return longest_sleep_ms_.load(); }

 private:
  std::atomic<int64_t> now_ms_;
  std::atomic<int64_t> slept_ms_{0};
  std::atomic<int64_t> longest_sleep_ms_{0};
};

// The seed for a randomized test: IDGEN_TEST_SEED if set, otherwise a fresh one. Printed
// either way, so a failing run can be replayed with IDGEN_TEST_SEED=<seed>.
uint64_t TestSeed();

// A fresh directory, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace idgen::test

#include <optional>
#include <utility>
#include <vector>

#include "runner/src/child_process.h"

namespace idgen::test {

using EnvVars = std::vector<std::pair<std::string, std::string>>;

// A child process (the project's one helper, runner/src/child_process.h) with its stdout on
// a pipe and stderr in a file, for tests that run the real binaries.
class ChildProcess {
 public:
  // argv[0] is the program path. `env` is added to this process's environment.
  ChildProcess(const std::vector<std::string>& argv, const EnvVars& env);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // The next complete line of stdout (without '\n'); nullopt at EOF. A final line without
  // a newline (cut off by a kill) is dropped.
  std::optional<std::string> ReadLine();
  // Everything left on stdout, as complete lines.
  std::vector<std::string> ReadAllLines();
  void Kill(int signal);
  // Waits for exit: the exit code, or 128 + signal number.
  int Wait();
  std::string Stderr() const;

 private:
  std::optional<glomers::ChildProcess> child_;
  std::string buffer_;
  size_t read_pos_ = 0;  // buffer_ before this was already returned
  bool eof_ = false;
  TempDir err_dir_;
};

}  // namespace idgen::test

#endif  // IDGEN_TESTS_TEST_UTIL_H_
