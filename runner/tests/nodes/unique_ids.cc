// testnode-unique-ids: a correct unique-ids node for tests, as long as it is never restarted:
// node i of n answers its k-th generate with k*n + i, counting k from 0 in memory. After a
// restart it counts from 0 again, so under --nemesis kill it hands out duplicates.
#include <algorithm>
#include <cstdint>

#include "maelstrom/node.h"

int main() {
  maelstrom::Node node;
  std::int64_t next = 0;
  node.On("generate", [&](const maelstrom::Message& request) {
    const auto& ids = node.node_ids();
    auto index = std::find(ids.begin(), ids.end(), node.id()) - ids.begin();
    std::int64_t id = next++ * static_cast<std::int64_t>(ids.size()) + index;
    node.Reply(request, maelstrom::Body("generate_ok").Set("id", id));
  });
  return node.Run();
}
