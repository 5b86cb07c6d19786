// Maelstrom's simulated network: every node, service and client has an address; messages wait in
// flight until their delivery deadline; latency applies between nodes and between nodes and
// services, never to client traffic; a partition (a grudge) drops node-to-node messages when they
// are taken out for delivery, so healing before delivery saves a message sent during a partition.
// Nothing is duplicated; random latency may reorder. It keeps Maelstrom's journal counts
// (network_stats.h) and the first events of the journal itself (message_journal.h).
//
// Addresses: the nodes first (a node's address is its index), then the services, then the
// clients in the order they open, named c0, c1, ... as Maelstrom names them. A client's name is
// its number, so millions of clients (a fresh one after each indeterminate echo) cost a bit
// each.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runner/src/latency.h"
#include "runner/src/message_journal.h"
#include "runner/src/nanos.h"
#include "runner/src/network_stats.h"
#include "runner/src/partition.h"
#include "runner/src/random.h"

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

class Network {
 public:
  Network(LatencyDistribution latency, Random rng);

  // Registers a node or a service; all of them before the first client. Names must be unique.
  Address Add(std::string name, EntityKind kind);
  // Registers the next client, c0, c1, ...
  Address OpenClient();
  // A closed client's address stays known, but is no longer live: nothing may be sent to it.
  void Close(Address client);
  std::optional<Address> Find(std::string_view name) const;
  bool live(Address a) const;
  EntityKind kind(Address a) const;
  std::string name(Address a) const;
  // Appends the name as a JSON string, quotes included.
  void AppendName(std::string& out, Address a) const;
  std::size_t node_count() const { return static_cast<std::size_t>(node_count_); }

  // Puts a message in flight at `now`. Returns its id.
  std::int64_t Send(Address src, Address dest, std::string body, Nanos now);

  // The earliest delivery deadline in flight.
  std::optional<Nanos> NextDeadline() const;
  // Takes the next message due by `now`, dropping silently those a partition cuts. The caller
  // calls Received() for each one it actually hands over.
  std::optional<Envelope> TakeDue(Nanos now);
  void Received(const Envelope& e);

  // Drops node-to-node messages as the grudge says, until Heal.
  void Partition(std::shared_ptr<const Grudge> grudge);
  void Heal();
  bool partitioned() const { return grudge_ != nullptr; }
  bool Cuts(Address src, Address dest) const;

  const NetStats& stats() const { return stats_; }
  // The first sends and receipts, for messages.svg.
  const MessageJournal& journal() const { return journal_; }

  // The line a node reads for this message: {"id":..,"src":..,"dest":..,"body":..}\n
  void AppendLine(std::string& out, const Envelope& e) const;

 private:
  struct Named {
    std::string name;
    std::string name_json;
    EntityKind kind;
  };
  struct Later {
    bool operator()(const Envelope& a, const Envelope& b) const {
      return a.deadline != b.deadline ? a.deadline > b.deadline : a.id > b.id;
    }
  };
  bool is_client(Address a) const { return a >= first_client_; }
  bool InvolvesClient(const Envelope& e) const { return is_client(e.src) || is_client(e.dest); }

  LatencyDistribution latency_;
  Random rng_;
  std::vector<Named> named_;  // nodes, then services
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Address, NameHash, std::equal_to<>> by_name_;
  int node_count_ = 0;
  Address first_client_ = 0;       // fixed when the first client opens
  std::vector<bool> client_live_;  // by client number
  std::vector<Envelope> queue_;    // a heap by Later
  std::int64_t next_id_ = 0;
  std::shared_ptr<const Grudge> grudge_;
  NetStats stats_;
  MessageJournal journal_;
};

}  // namespace glomers
