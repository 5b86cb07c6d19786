#include "runner/src/network.h"

#include <algorithm>

#include "maelstrom/json.h"

namespace glomers {

Network::Network(LatencyDistribution latency, Random rng) : latency_(latency), rng_(rng) {}

Address Network::Add(std::string name, EntityKind kind) {
  Address address = static_cast<Address>(entities_.size());
  std::string json;
  maelstrom::WriteJsonString(json, name);
  int node_index = -1;
  if (kind == EntityKind::kNode) {
    // Nodes come first, so a node's address is its index.
    node_index = node_count_++;
    cut_.assign(static_cast<std::size_t>(node_count_ * node_count_), false);
  }
  by_name_.emplace(name, address);
  entities_.push_back(Entity{std::move(name), std::move(json), kind, true, node_index});
  return address;
}

void Network::Close(Address address) { entities_[static_cast<std::size_t>(address)].live = false; }

std::optional<Address> Network::Find(std::string_view name) const {
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return std::nullopt;
  return it->second;
}

std::int64_t Network::Send(Address src, Address dest, std::string body, Nanos now) {
  Envelope e;
  e.id = next_id_++;
  e.src = src;
  e.dest = dest;
  e.body = std::move(body);
  bool client = InvolvesClient(e);
  // Clients are colocated with nodes: latency on their traffic would hide anomalies.
  std::int64_t ms = client ? 0 : latency_.DrawMs(rng_);
  e.deadline = now + ms * 1'000'000;
  TrafficCounts& side = client ? stats_.clients : stats_.servers;
  ++side.send_count;
  ++side.msg_count;
  ++stats_.all.send_count;
  ++stats_.all.msg_count;
  std::int64_t id = e.id;
  queue_.push_back(std::move(e));
  std::push_heap(queue_.begin(), queue_.end(), Later{});
  return id;
}

std::optional<Nanos> Network::NextDeadline() const {
  if (queue_.empty()) return std::nullopt;
  return queue_.front().deadline;
}

bool Network::Cuts(Address src, Address dest) const {
  int s = node_index(src), d = node_index(dest);
  if (s < 0 || d < 0) return false;
  return cut_[static_cast<std::size_t>(d * node_count_ + s)];
}

std::optional<Envelope> Network::TakeDue(Nanos now) {
  while (!queue_.empty() && queue_.front().deadline <= now) {
    std::pop_heap(queue_.begin(), queue_.end(), Later{});
    Envelope e = std::move(queue_.back());
    queue_.pop_back();
    if (partitioned_ && Cuts(e.src, e.dest)) continue;
    return e;
  }
  return std::nullopt;
}

void Network::Received(const Envelope& e) {
  TrafficCounts& side = InvolvesClient(e) ? stats_.clients : stats_.servers;
  ++side.recv_count;
  ++stats_.all.recv_count;
}

void Network::Partition(const Grudge& grudge) {
  cut_.assign(cut_.size(), false);
  partitioned_ = false;
  for (const auto& [dest, sources] : grudge) {
    auto d = Find(dest);
    if (!d || node_index(*d) < 0) continue;
    for (const auto& source : sources) {
      auto s = Find(source);
      if (!s || node_index(*s) < 0) continue;
      cut_[static_cast<std::size_t>(node_index(*d) * node_count_ + node_index(*s))] = true;
      partitioned_ = true;
    }
  }
}

void Network::Heal() {
  cut_.assign(cut_.size(), false);
  partitioned_ = false;
}

void Network::AppendLine(std::string& out, const Envelope& e) const {
  out += "{\"id\":";
  maelstrom::WriteJson(out, static_cast<long long>(e.id));
  out += ",\"src\":";
  out += name_json(e.src);
  out += ",\"dest\":";
  out += name_json(e.dest);
  out += ",\"body\":";
  out += e.body;
  out += "}\n";
}

}  // namespace glomers
