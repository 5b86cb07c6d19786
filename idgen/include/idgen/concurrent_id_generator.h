// ConcurrentIdGenerator: an IdGenerator that any number of threads may call at once,
// optionally with a background thread that keeps the mark ahead.
//
// Every call takes one mutex. Maintain() does the mark's disk write outside that mutex,
// so with background maintenance running, callers wait on the disk only if the refresh
// falls behind (a Next*() call that reaches the durable mark writes it under the mutex).
// The Clock and FileSystem given in Options must then be thread-safe; the defaults are.

#ifndef IDGEN_CONCURRENT_ID_GENERATOR_H_
#define IDGEN_CONCURRENT_ID_GENERATOR_H_

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <span>
#include <thread>

#include "idgen/id_generator.h"

namespace idgen {

class ConcurrentIdGenerator {
 public:
  // As IdGenerator::Open.
  static Status Open(const Options& options, std::unique_ptr<ConcurrentIdGenerator>* out);

  ConcurrentIdGenerator(const ConcurrentIdGenerator&) = delete;
  ConcurrentIdGenerator& operator=(const ConcurrentIdGenerator&) = delete;
  // Stops background maintenance, if started.
  ~ConcurrentIdGenerator();

  IdFormat format() const { return gen_->format(); }

  // As the IdGenerator methods of the same names.
  Status NextFlake(uint64_t* id);
  Status NextUuid(Uuid* id);
  Status NextJson(std::span<char> out, size_t* size);
  Status Maintain();
  int64_t durable_mark_ms();

  // Starts a thread that calls Maintain() every `interval` until destruction. Its errors
  // are kept for last_maintenance_status() and retried on the next round. Call once.
  void StartBackgroundMaintenance(std::chrono::milliseconds interval);
  Status last_maintenance_status();

 private:
  explicit ConcurrentIdGenerator(std::unique_ptr<IdGenerator> gen);
  void RunMaintenance(std::chrono::milliseconds interval);

  std::mutex mu_;
  std::unique_ptr<IdGenerator> gen_;  // guarded by mu_ (the pointer itself is constant)

  std::mutex maintenance_mu_;
  std::condition_variable maintenance_cv_;
  bool stop_ = false;        // guarded by maintenance_mu_
  Status last_maintenance_;  // guarded by maintenance_mu_
  std::thread maintainer_;
};

}  // namespace idgen

#endif  // IDGEN_CONCURRENT_ID_GENERATOR_H_
