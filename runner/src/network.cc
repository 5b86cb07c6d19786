#include "runner/src/network.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "maelstrom/json.h"

namespace glomers {

Network::Network(LatencyDistribution latency, Random rng) : latency_(latency), rng_(rng) {}

Address Network::Add(std::string name, EntityKind kind) {
  if (!client_live_.empty() || kind == EntityKind::kClient) {
    throw std::logic_error("Network::Add: nodes and services come before clients");
  }
  if (kind == EntityKind::kNode && node_count_ != static_cast<int>(named_.size())) {
    throw std::logic_error("Network::Add: nodes come before services");
  }
  auto address = static_cast<Address>(named_.size());
  std::string json;
  maelstrom::WriteJsonString(json, name);
  if (kind == EntityKind::kNode) ++node_count_;
  by_name_.emplace(name, address);
  named_.push_back(Named{std::move(name), std::move(json), kind});
  first_client_ = static_cast<Address>(named_.size());
  return address;
}

Address Network::OpenClient() {
  client_live_.push_back(true);
  return first_client_ + static_cast<Address>(client_live_.size() - 1);
}

void Network::Close(Address client) {
  if (is_client(client)) client_live_[static_cast<std::size_t>(client - first_client_)] = false;
}

std::optional<Address> Network::Find(std::string_view name) const {
  // Clients are c followed by their number, without leading zeros.
  if (name.size() >= 2 && name[0] == 'c' && (name[1] != '0' || name.size() == 2)) {
    std::size_t number = 0;
    auto [end, ec] = std::from_chars(name.data() + 1, name.data() + name.size(), number);
    if (ec == std::errc() && end == name.data() + name.size()) {
      if (number < client_live_.size()) return first_client_ + static_cast<Address>(number);
      return std::nullopt;
    }
  }
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return std::nullopt;
  return it->second;
}

bool Network::live(Address a) const {
  return !is_client(a) || client_live_[static_cast<std::size_t>(a - first_client_)];
}

EntityKind Network::kind(Address a) const {
  return is_client(a) ? EntityKind::kClient : named_[static_cast<std::size_t>(a)].kind;
}

std::string Network::name(Address a) const {
  if (is_client(a)) return "c" + std::to_string(a - first_client_);
  return named_[static_cast<std::size_t>(a)].name;
}

void Network::AppendName(std::string& out, Address a) const {
  if (!is_client(a)) {
    out += named_[static_cast<std::size_t>(a)].name_json;
    return;
  }
  out += "\"c";
  maelstrom::WriteJson(out, static_cast<long long>(a - first_client_));
  out += '"';
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
  e.deadline = now + ms * kNanosPerMilli;
  TrafficCounts& side = client ? stats_.clients : stats_.servers;
  ++side.send_count;
  ++side.msg_count;
  ++stats_.all.send_count;
  ++stats_.all.msg_count;
  std::int64_t id = e.id;
  journal_.Sent(id, src, dest, e.body);
  queue_.push_back(std::move(e));
  std::push_heap(queue_.begin(), queue_.end(), Later{});
  return id;
}

std::optional<Nanos> Network::NextDeadline() const {
  if (queue_.empty()) return std::nullopt;
  return queue_.front().deadline;
}

bool Network::Cuts(Address src, Address dest) const {
  if (!grudge_ || src >= node_count_ || dest >= node_count_) return false;
  return grudge_->drops(static_cast<std::size_t>(dest), static_cast<std::size_t>(src));
}

std::optional<Envelope> Network::TakeDue(Nanos now) {
  while (!queue_.empty() && queue_.front().deadline <= now) {
    std::pop_heap(queue_.begin(), queue_.end(), Later{});
    Envelope e = std::move(queue_.back());
    queue_.pop_back();
    if (Cuts(e.src, e.dest)) continue;
    return e;
  }
  return std::nullopt;
}

void Network::Received(const Envelope& e) {
  TrafficCounts& side = InvolvesClient(e) ? stats_.clients : stats_.servers;
  ++side.recv_count;
  ++stats_.all.recv_count;
  journal_.Received(e.id, e.src, e.dest);
}

void Network::Partition(std::shared_ptr<const Grudge> grudge) {
  grudge_ = grudge && grudge->cut_count() > 0 ? std::move(grudge) : nullptr;
}

void Network::Heal() { grudge_.reset(); }

void Network::AppendLine(std::string& out, const Envelope& e) const {
  out += "{\"id\":";
  maelstrom::WriteJson(out, static_cast<long long>(e.id));
  out += ",\"src\":";
  AppendName(out, e.src);
  out += ",\"dest\":";
  AppendName(out, e.dest);
  out += ",\"body\":";
  out += e.body;
  out += "}\n";
}

}  // namespace glomers
