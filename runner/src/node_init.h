// Maelstrom's init: each node, at the start and after each restart, gets from a fresh client
// {"type":"init","node_id":"n1","node_ids":[...]} and must answer init_ok before the init timeout.
// What came of it goes to the listener the init was sent for: nothing (it was answered) or the
// failure, in Maelstrom's words.
#pragma once

#include <string>
#include <vector>

#include "runner/src/clients.h"
#include "runner/src/node_report.h"

namespace glomers {

class NodeInit final : public Clients::Owner {
 public:
  class Listener {
   public:
    virtual ~Listener() = default;
    // `failure` is empty if the node answered init_ok.
    virtual void Initialized(std::size_t node, const std::string& failure, Nanos now) = 0;
  };

  // `report` is read for the invalid lines a silent node wrote, to say why it did not answer.
  NodeInit(Clients& clients, std::vector<std::string> names, double timeout_s,
           const NodeReport& report);

  // Sends init to the node (at `address`) from a fresh client.
  void Send(std::size_t node, Address address, Listener& listener, Nanos now);

  void Answered(int client, std::uint64_t tag, const maelstrom::JsonView* reply,
                Nanos now) override;

 private:
  Clients& clients_;
  std::vector<std::string> names_;
  double timeout_s_;
  const NodeReport& report_;
  std::vector<Listener*> listeners_;  // by node, while its init is outstanding
};

}  // namespace glomers
