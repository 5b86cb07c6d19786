// testnode-gossip: an echo node that, for every echo, also sends a "gossip" message (no reply
// expected) to each other node, stamped with the monotonic clock. Each gossip received is
// logged on stderr as "gossip from=<src> delay_us=<one-way delay>", so tests can see which links
// a partition cut and how long the network held each message.
#include <chrono>
#include <cstdint>

#include "maelstrom/log.h"
#include "maelstrom/node.h"

namespace {
std::int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

int main() {
  maelstrom::Node node;
  node.On("echo", [&](const maelstrom::Message& request) {
    for (const auto& peer : node.node_ids()) {
      if (peer != node.id()) node.Send(peer, maelstrom::Body("gossip").Set("sent_us", NowMicros()));
    }
    node.Reply(request, maelstrom::Body("echo_ok").Set("echo", request.body()["echo"]));
  });
  node.On("gossip", [&](const maelstrom::Message& message) {
    std::int64_t delay = NowMicros() - message.body()["sent_us"].as_int64();
    MAELSTROM_LOG(kWarn, "gossip from=", message.src(), " delay_us=", delay);
  });
  return node.Run();
}
