#include "idgen/concurrent_id_generator.h"

#include "mark_store.h"

namespace idgen {

ConcurrentIdGenerator::ConcurrentIdGenerator(std::unique_ptr<IdGenerator> gen)
    : gen_(std::move(gen)) {}

Status ConcurrentIdGenerator::Open(const Options& options,
                                   std::unique_ptr<ConcurrentIdGenerator>* out) {
  out->reset();
  std::unique_ptr<IdGenerator> gen;
  Status s = IdGenerator::Open(options, &gen);
  if (!s.ok()) return s;
  out->reset(new ConcurrentIdGenerator(std::move(gen)));
  return Status::OK();
}

ConcurrentIdGenerator::~ConcurrentIdGenerator() {
  {
    std::lock_guard<std::mutex> l(maintenance_mu_);
    stop_ = true;
  }
  maintenance_cv_.notify_all();
  if (maintainer_.joinable()) maintainer_.join();
}

Status ConcurrentIdGenerator::NextFlake(uint64_t* id) {
  std::lock_guard<std::mutex> l(mu_);
  return gen_->NextFlake(id);
}

Status ConcurrentIdGenerator::NextUuid(Uuid* id) {
  std::lock_guard<std::mutex> l(mu_);
  return gen_->NextUuid(id);
}

Status ConcurrentIdGenerator::NextJson(std::span<char> out, size_t* size) {
  std::lock_guard<std::mutex> l(mu_);
  return gen_->NextJson(out, size);
}

int64_t ConcurrentIdGenerator::durable_mark_ms() {
  std::lock_guard<std::mutex> l(mu_);
  return gen_->durable_mark_ms();
}

Status ConcurrentIdGenerator::Maintain() {
  std::optional<int64_t> target;
  {
    std::lock_guard<std::mutex> l(mu_);
    if (gen_->format() == IdFormat::kUuid4) return Status::OK();
    if (!gen_->ready_) return gen_->Recover();
    target = gen_->RefreshTarget();
  }
  if (!target.has_value()) return Status::OK();
  // The slow part, without mu_. MarkStore serializes it against a synchronous write from
  // a caller and never lowers the stored value, so committing afterwards is safe even if
  // a caller's write got in between.
  int64_t saved_ms = 0;
  Status s = gen_->store_->Save(*target, &saved_ms);
  if (!s.ok()) return s;
  std::lock_guard<std::mutex> l(mu_);
  gen_->CommitMark(saved_ms);
  return Status::OK();
}

void ConcurrentIdGenerator::StartBackgroundMaintenance(std::chrono::milliseconds interval) {
  maintainer_ = std::thread([this, interval] { RunMaintenance(interval); });
}

Status ConcurrentIdGenerator::last_maintenance_status() {
  std::lock_guard<std::mutex> l(maintenance_mu_);
  return last_maintenance_;
}

void ConcurrentIdGenerator::RunMaintenance(std::chrono::milliseconds interval) {
  std::unique_lock<std::mutex> l(maintenance_mu_);
  while (!stop_) {
    l.unlock();
    Status s = Maintain();
    l.lock();
    last_maintenance_ = std::move(s);
    maintenance_cv_.wait_for(l, interval, [this] { return stop_; });
  }
}

}  // namespace idgen
