// testnode-object-ids: unique ids that are JSON objects, {"node":"n0","n":1}. They are unique,
// but Jepsen's checker cannot order objects to compute their range, so its verdict is unknown.
#include <cstdint>

#include "maelstrom/node.h"

int main() {
  maelstrom::Node node;
  std::int64_t next = 0;
  node.On("generate", [&](const maelstrom::Message& request) {
    node.Reply(request,
               maelstrom::Body("generate_ok")
                   .Set("id", maelstrom::Json::Object({{"node", node.id()}, {"n", next++}})));
  });
  return node.Run();
}
