#include "runner/src/operations.h"

#include <bit>

#include "runner/src/rpc.h"

namespace glomers {

Operations::Operations(Settings settings, const Workload& workload, Clients& clients,
                       const std::vector<std::string>& node_names, History& history)
    : settings_(settings),
      workload_(workload),
      clients_(clients),
      node_names_(node_names),
      history_(history),
      values_(settings.seed, Random::kValues) {
  if (settings_.rate > 0)
    stagger_.emplace(1.0 / settings_.rate, Random(settings_.seed, Random::kOps));
  workers_.resize(static_cast<std::size_t>(settings_.concurrency));
  free_bits_.assign((workers_.size() + 63) / 64, 0);
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    workers_[i].process = static_cast<std::int64_t>(i);
    workers_[i].node = i % node_names_.size();
    SetFree(i, true);
    free_order_.emplace_back(i, 0);
  }
}

void Operations::Start(Nanos t0, Nanos limit) {
  t0_ = t0;
  limit_ = limit;
  running_ = true;
}

void Operations::SetFree(std::size_t worker, bool free) {
  std::uint64_t bit = std::uint64_t{1} << (worker % 64);
  if (free) {
    free_bits_[worker / 64] |= bit;
    ++free_count_;
  } else {
    free_bits_[worker / 64] &= ~bit;
    --free_count_;
  }
}

std::optional<Nanos> Operations::EarliestFree() const {
  while (!free_order_.empty()) {
    auto [worker, since] = free_order_.front();
    const Worker& w = workers_[worker];
    if (!w.busy && w.free_since == since) return since;
    free_order_.pop_front();
  }
  return std::nullopt;
}

std::size_t Operations::PickWorker() {
  // Jepsen hands the operation to the first free worker from a rotating cursor (one slot of
  // which is the nemesis's), so operations spread over all workers.
  std::size_t slots = workers_.size() + 1;
  std::size_t start = cursor_ % slots;
  cursor_ = (cursor_ + 1) % slots;
  auto first_free_from = [&](std::size_t from) -> std::size_t {
    for (std::size_t word = from / 64; word < free_bits_.size(); ++word) {
      std::uint64_t bits = free_bits_[word];
      if (word == from / 64) bits &= ~std::uint64_t{0} << (from % 64);
      if (bits != 0) return word * 64 + static_cast<std::size_t>(std::countr_zero(bits));
    }
    return workers_.size();
  };
  std::size_t pick = start < workers_.size() ? first_free_from(start) : workers_.size();
  return pick < workers_.size() ? pick : first_free_from(0);
}

bool Operations::RunDue(Nanos now) {
  if (!running_) return false;
  Nanos rel = now - t0_;
  if (rel >= limit_) {
    running_ = false;
    return false;
  }
  if (!stagger_) return false;
  bool issued = false;
  while (free_count_ > 0) {
    Nanos at = stagger_->NextTime(EarliestFree().value_or(limit_));
    if (at >= limit_ || at > rel) break;
    std::size_t worker = PickWorker();
    stagger_->Took(at);
    Issue(worker, rel, now);
    issued = true;
  }
  return issued;
}

std::optional<Nanos> Operations::NextDue(Nanos) const {
  if (!running_) return std::nullopt;
  Nanos next = t0_ + limit_;
  if (stagger_ && free_count_ > 0) {
    Nanos at = stagger_->NextTime(EarliestFree().value_or(limit_));
    if (at < limit_) next = std::min(next, t0_ + at);
  }
  return next;
}

void Operations::Issue(std::size_t worker, Nanos rel, Nanos now) {
  Worker& w = workers_[worker];
  if (w.client < 0) w.client = clients_.Open(this, worker);
  Invocation next = workload_.Next(values_);
  Op invoke;
  invoke.type = OpType::kInvoke;
  invoke.f = next.f;
  invoke.value = std::move(next.value);
  invoke.process = w.process;
  invoke.time = rel;
  w.invoke = history_.Append(std::move(invoke));
  w.busy = true;
  SetFree(worker, false);
  const Op& op = history_[w.invoke];
  clients_.Request(w.client, static_cast<Address>(w.node), settings_.rpc_timeout, now,
                   [&](JsonWriter& body) { workload_.WriteRequest(op, body); });
}

void Operations::Answered(int client, std::uint64_t tag, const maelstrom::JsonView* reply,
                          Nanos now) {
  Worker& w = workers_[static_cast<std::size_t>(tag)];
  const Op& invoke = history_[w.invoke];
  if (reply == nullptr) {
    Complete(w, Completion{OpType::kInfo, invoke.value, {NetTimeout(), Value()}}, now);
    return;
  }
  Complete(w, workload_.Complete(invoke, *reply, node_names_[w.node], clients_.request(client)),
           now);
}

void Operations::Complete(Worker& w, Completion c, Nanos now) {
  Nanos rel = now - t0_;
  Op done;
  done.type = c.type;
  done.f = history_[w.invoke].f;
  done.value = std::move(c.value);
  done.process = w.process;
  done.time = rel;
  history_.Complete(w.invoke, std::move(done), std::move(c.details));
  switch (c.type) {
    case OpType::kOk:
      ++ok_;
      break;
    case OpType::kFail:
      ++fail_;
      break;
    default:
      ++info_;
      w.process += static_cast<std::int64_t>(workers_.size());
      if (!workload_.reusable_client()) {
        clients_.Close(w.client);
        w.client = -1;
      }
      break;
  }
  auto worker = static_cast<std::size_t>(&w - workers_.data());
  w.busy = false;
  w.invoke = -1;
  w.free_since = rel;
  SetFree(worker, true);
  free_order_.emplace_back(worker, rel);
}

}  // namespace glomers
