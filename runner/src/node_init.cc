#include "runner/src/node_init.h"

#include <cstdio>

namespace glomers {

NodeInit::NodeInit(Clients& clients, std::vector<std::string> names, double timeout_s,
                   const NodeReport& report)
    : clients_(clients),
      names_(std::move(names)),
      timeout_s_(timeout_s),
      report_(report),
      listeners_(names_.size(), nullptr) {}

void NodeInit::Send(std::size_t node, Address address, Listener& listener, Nanos now) {
  listeners_[node] = &listener;
  int client = clients_.Open(this, node);
  clients_.Request(client, address, SecondsToNanos(timeout_s_), now, [&](JsonWriter& w) {
    w.Key("type").String("init").Key("node_id").String(names_[node]);
    w.Key("node_ids").BeginArray();
    for (const auto& name : names_) w.String(name);
    w.EndArray();
  });
}

void NodeInit::Answered(int client, std::uint64_t tag, const maelstrom::JsonView* reply,
                        Nanos now) {
  auto node = static_cast<std::size_t>(tag);
  const std::string& name = names_[node];
  std::string failure;
  if (reply == nullptr) {
    char within[64];
    std::snprintf(within, sizeof within, " within %g s.", timeout_s_);
    failure = "Expected node " + name + " to respond to an init message, but node did not respond" +
              within;
    for (const auto& bad : report_.bad_output) {
      if (bad.node == name) failure += " (It wrote an invalid line to stdout: " + bad.reason + ".)";
    }
  } else {
    auto type = reply->Find("type");
    if (!type || !type->is_string() || type->as_string() != "init_ok") {
      failure = "Expected an init_ok message, but node " + name + " responded with " +
                std::string(reply->raw());
    }
  }
  clients_.Close(client);
  Listener* listener = listeners_[node];
  listeners_[node] = nullptr;
  if (listener != nullptr) listener->Initialized(node, failure, now);
}

}  // namespace glomers
