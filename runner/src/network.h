// Maelstrom's simulated network: every node, client and service has an address; messages wait in
// flight until their delivery deadline; latency applies between nodes and between nodes and
// services, never to client traffic; a partition (a grudge) drops node-to-node messages when they
// are taken out for delivery, so healing before delivery saves a message sent during a partition.
// Nothing is duplicated; random latency may reorder.
//
// It also keeps Maelstrom's journal statistics: sends, receives and distinct messages, for all
// traffic, for traffic involving a client, and for the rest (between servers).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runner/src/latency.h"
#include "runner/src/partition.h"
#include "runner/src/random.h"
#include "runner/src/schedule.h"

namespace glomers {

enum class EntityKind : std::uint8_t { kNode, kClient, kService };

using Address = int;

struct Envelope {
  Nanos deadline = 0;
  std::int64_t id = 0;  // network-wide message counter, from 0
  Address src = -1;
  Address dest = -1;
  std::string body;  // JSON object text
};

struct TrafficCounts {
  std::int64_t send_count = 0;
  std::int64_t recv_count = 0;
  std::int64_t msg_count = 0;  // distinct messages sent
};

struct NetStats {
  TrafficCounts all, clients, servers;
};

class Network {
 public:
  Network(LatencyDistribution latency, Random rng);

  // Registers a live address. Names must be unique.
  Address Add(std::string name, EntityKind kind);
  // A closed client's address stays known, but is no longer live: nothing may be sent to it.
  void Close(Address address);
  std::optional<Address> Find(std::string_view name) const;
  bool live(Address a) const { return entities_[static_cast<std::size_t>(a)].live; }
  EntityKind kind(Address a) const { return entities_[static_cast<std::size_t>(a)].kind; }
  const std::string& name(Address a) const { return entities_[static_cast<std::size_t>(a)].name; }
  // The name as a JSON string, quotes included.
  const std::string& name_json(Address a) const {
    return entities_[static_cast<std::size_t>(a)].name_json;
  }
  // Node index for node addresses (nodes are added first, in order), else -1.
  int node_index(Address a) const { return entities_[static_cast<std::size_t>(a)].node_index; }

  // Puts a message in flight at `now`. Returns its id.
  std::int64_t Send(Address src, Address dest, std::string body, Nanos now);

  // The earliest delivery deadline in flight.
  std::optional<Nanos> NextDeadline() const;
  // Takes the next message due by `now`, dropping silently those a partition cuts. The caller
  // calls Received() for each one it actually hands over.
  std::optional<Envelope> TakeDue(Nanos now);
  void Received(const Envelope& e);

  // dest drops messages from every source in grudge[dest]. Node names only.
  void Partition(const Grudge& grudge);
  void Heal();
  bool partitioned() const { return partitioned_; }
  bool Cuts(Address src, Address dest) const;

  std::size_t in_flight() const { return queue_.size(); }
  const NetStats& stats() const { return stats_; }

  // The line a node reads for this message: {"id":..,"src":..,"dest":..,"body":..}\n
  void AppendLine(std::string& out, const Envelope& e) const;

 private:
  struct Entity {
    std::string name;
    std::string name_json;
    EntityKind kind;
    bool live;
    int node_index;
  };
  struct Later {
    bool operator()(const Envelope& a, const Envelope& b) const {
      return a.deadline != b.deadline ? a.deadline > b.deadline : a.id > b.id;
    }
  };
  bool InvolvesClient(const Envelope& e) const {
    return kind(e.src) == EntityKind::kClient || kind(e.dest) == EntityKind::kClient;
  }

  LatencyDistribution latency_;
  Random rng_;
  std::vector<Entity> entities_;
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Address, NameHash, std::equal_to<>> by_name_;
  int node_count_ = 0;
  std::vector<Envelope> queue_;  // a heap by Later
  std::int64_t next_id_ = 0;
  // cut_[dest * node_count_ + src]: dest drops messages from src.
  std::vector<bool> cut_;
  bool partitioned_ = false;
  NetStats stats_;
};

}  // namespace glomers
