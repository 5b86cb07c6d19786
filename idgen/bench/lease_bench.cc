// What the lease costs on a real disk: mark writes per second, how long each takes (write,
// fsync, rename, fsync of the directory), and how long requests take while the writes go on,
// with the writes on a thread of their own (as the unique-ids node does) or on the caller's
// thread (--sync, for comparison). Also how far IDs ran ahead of the clock.
//
//   build/bin/idgen_lease_bench [--seconds S] [--interval-us US] [--dir DIR] [--sync]
//                               [--lease-ms MS] [--process-crash]
//
// A node-like loop: one request every US microseconds (default 100: 10,000 a second), and
// Maintain() every 10 ms, for S seconds (default 10), in a fresh directory under DIR (default
// the system temp directory). A request's latency counts from when it was due, so a write that
// holds the loop shows in it. --lease-ms 3600000 writes (almost) no marks: the baseline of a
// loop that never touches the disk. --process-crash writes marks as the unique-ids node does in
// its per-test directory (MarkDurability::kProcessCrash: no fsync). Prints one line per
// measure, and the process's CPU time per mark write.

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "idgen/clock.h"
#include "idgen/file_system.h"
#include "idgen/flake64.h"
#include "idgen/id_generator.h"
#include "idgen/mark_writer.h"

namespace {

int64_t NowNs() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

int64_t ThreadCpuNs() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// The real file system, timing each mark write from the temp file's creation to the directory's
// fsync (MarkStore's sequence), or to the rename when nothing is fsynced (--process-crash).
class TimingFileSystem final : public idgen::FileSystem {
 public:
  idgen::Status ReadFile(const std::string& path, size_t max_size, std::string* out) override {
    return real_->ReadFile(path, max_size, out);
  }
  idgen::Status WriteSyncedFile(const std::string& path, std::string_view contents) override {
    Begin(true);  // writes are serialized by the mark store
    return real_->WriteSyncedFile(path, contents);
  }
  idgen::Status WriteNewFile(const std::string& path, std::string_view contents) override {
    Begin(false);
    return real_->WriteNewFile(path, contents);
  }
  idgen::Status Rename(const std::string& from, const std::string& to) override {
    idgen::Status s = real_->Rename(from, to);
    if (!synced_) Record();  // no SyncDir follows
    return s;
  }
  idgen::Status SyncDir(const std::string& dir) override {
    idgen::Status s = real_->SyncDir(dir);
    Record();
    return s;
  }
  idgen::Status CreatePrivateDir(const std::string& dir) override {
    return real_->CreatePrivateDir(dir);
  }
  idgen::Status LockFile(const std::string& path, std::unique_ptr<idgen::FileLock>* l) override {
    return real_->LockFile(path, l);
  }
  std::vector<int64_t> write_ns() {
    std::lock_guard<std::mutex> l(mu_);
    return write_ns_;
  }
  std::vector<int64_t> cpu_ns() {
    std::lock_guard<std::mutex> l(mu_);
    return cpu_ns_;
  }

 private:
  void Begin(bool synced) {
    start_ns_ = NowNs();
    start_cpu_ns_ = ThreadCpuNs();  // the write runs on one thread, start to end
    synced_ = synced;
  }
  void Record() {
    std::lock_guard<std::mutex> l(mu_);
    write_ns_.push_back(NowNs() - start_ns_);
    cpu_ns_.push_back(ThreadCpuNs() - start_cpu_ns_);
  }

  idgen::FileSystem* const real_ = idgen::DefaultFileSystem();
  int64_t start_ns_ = 0;
  int64_t start_cpu_ns_ = 0;
  bool synced_ = true;  // the write under way fsyncs (so a SyncDir ends it)
  std::mutex mu_;
  std::vector<int64_t> write_ns_;  // guarded by mu_
  std::vector<int64_t> cpu_ns_;    // guarded by mu_
};

double Quantile(std::vector<int64_t> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return static_cast<double>(v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))]);
}

void PrintDistribution(const char* what, const std::vector<int64_t>& ns) {
  std::printf("%s: n=%zu p50=%.3f ms p99=%.3f ms p99.9=%.3f ms max=%.3f ms\n", what, ns.size(),
              Quantile(ns, 0.5) / 1e6, Quantile(ns, 0.99) / 1e6, Quantile(ns, 0.999) / 1e6,
              Quantile(ns, 1.0) / 1e6);
}

int Usage(const char* error) {
  if (error != nullptr) std::fprintf(stderr, "idgen_lease_bench: %s\n", error);
  std::fprintf(error ? stderr : stdout,
               "usage: idgen_lease_bench [--seconds S] [--interval-us US] [--dir DIR] [--sync]\n"
               "                         [--lease-ms MS] [--process-crash]\n");
  return error ? 2 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t seconds = 10;
  int64_t interval_us = 100;
  int64_t lease_ms = 200;
  std::string parent = std::filesystem::temp_directory_path().string();
  bool sync = false;
  bool process_crash = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") return Usage(nullptr);
    if (arg == "--sync" || arg == "--process-crash") {
      (arg == "--sync" ? sync : process_crash) = true;
      continue;
    }
    const bool known =
        arg == "--dir" || arg == "--seconds" || arg == "--interval-us" || arg == "--lease-ms";
    if (!known) return Usage(("unknown option " + std::string(arg)).c_str());
    if (i + 1 == argc) return Usage((std::string(arg) + " needs a value").c_str());
    const char* value = argv[++i];
    char* end = nullptr;
    if (arg == "--dir") {
      parent = value;
    } else {
      const long long v = std::strtoll(value, &end, 10);
      if (*value == '\0' || *end != '\0' || v <= 0) return Usage("expected a positive integer");
      (arg == "--seconds" ? seconds : arg == "--lease-ms" ? lease_ms : interval_us) = v;
    }
  }
  std::string dir = parent + "/idgen-lease-bench-XXXXXX";
  if (mkdtemp(dir.data()) == nullptr) return Usage("cannot create a directory there");

  TimingFileSystem fs;
  std::unique_ptr<idgen::MarkWriter> writer = idgen::NewThreadMarkWriter();
  std::unique_ptr<idgen::Clock> clock = idgen::NewCoarseSystemClock(0);  // the node's clock
  idgen::Options o;
  o.node_index = 1;
  o.node_id = "bench";
  o.mark_dir = dir;
  o.clock = clock.get();
  o.file_system = &fs;
  o.mark_writer = sync ? nullptr : writer.get();
  o.lease_ms = lease_ms;
  o.mark_durability =
      process_crash ? idgen::MarkDurability::kProcessCrash : idgen::MarkDurability::kMachineCrash;
  o.refresh_ahead_ms = lease_ms / 2;
  o.max_lead_ms = std::min<int64_t>(50, lease_ms / 4);
  std::unique_ptr<idgen::IdGenerator> gen;
  idgen::Status s = idgen::IdGenerator::Open(o, &gen);
  if (s.ok()) s = gen->Maintain();
  if (!s.ok()) {
    std::fprintf(stderr, "idgen_lease_bench: %s\n", s.ToString().c_str());
    return 1;
  }

  std::vector<int64_t> request_ns;
  int64_t max_lead_ms = 0;
  const int64_t start_ns = NowNs();
  const int64_t end_ns = start_ns + seconds * 1'000'000'000;
  int64_t next_maintain_ns = start_ns;
  int64_t next_request_ns = start_ns;
  while (NowNs() < end_ns) {
    const int64_t now = NowNs();
    if (now >= next_maintain_ns) {
      gen->Maintain().ok();
      next_maintain_ns += 10'000'000;
    }
    if (now < next_request_ns) {
      std::this_thread::sleep_for(std::chrono::nanoseconds(next_request_ns - now));
      continue;
    }
    // Latency counts from when the request was due, as for a request queued behind the loop:
    // a mark write on the loop's own thread (--sync) delays every request due meanwhile.
    const int64_t due_ns = next_request_ns;
    next_request_ns += interval_us * 1000;
    uint64_t id = 0;
    s = gen->NextFlake(&id);
    const int64_t t1 = NowNs();
    if (!s.ok()) {
      std::fprintf(stderr, "idgen_lease_bench: %s\n", s.ToString().c_str());
      return 1;
    }
    request_ns.push_back(t1 - due_ns);
    max_lead_ms = std::max(max_lead_ms, idgen::DecodeFlake64(id).unix_ms - t1 / 1'000'000);
  }
  const double elapsed_s = static_cast<double>(NowNs() - start_ns) / 1e9;
  const idgen::IdGenerator::MarkStats stats = gen->mark_stats();
  gen.reset();
  const std::vector<int64_t> writes = fs.write_ns();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);

  std::printf("mode: %s; %.1f s, one request every %lld us, Maintain every 10 ms, lease %lld ms\n",
              sync ? "writes on the caller's thread (--sync)" : "writes on a writer thread",
              elapsed_s, static_cast<long long>(interval_us), static_cast<long long>(o.lease_ms));
  std::printf("mark writes: %llu (%.1f per second), %llu of them inside a request\n",
              static_cast<unsigned long long>(stats.writes), stats.writes / elapsed_s,
              static_cast<unsigned long long>(stats.writes_in_calls));
  PrintDistribution(process_crash ? "mark write (create, write, rename; --process-crash)"
                                  : "mark write (create, write, fsync, rename, fsync dir)",
                    writes);
  PrintDistribution("CPU of a mark write (its thread's)", fs.cpu_ns());
  PrintDistribution("request, from when it was due (includes the loop's sleep slack)", request_ns);
  int64_t over_1ms = 0;
  for (int64_t ns : request_ns) over_1ms += ns > 1'000'000;
  std::printf("requests over 1 ms: %lld of %zu\n", static_cast<long long>(over_1ms),
              request_ns.size());
  std::printf("largest lead of an ID over the clock: %lld ms\n",
              static_cast<long long>(max_lead_ms));
  return 0;
}
