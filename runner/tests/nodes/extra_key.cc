// testnode-extra-key: unique ids, but every generate_ok carries a key outside Maelstrom's schema
// ("debug"), which makes each reply a malformed RPC response.
#include <cstdint>
#include <string>

#include "maelstrom/node.h"

int main() {
  maelstrom::Node node;
  std::int64_t next = 0;
  node.On("generate", [&](const maelstrom::Message& request) {
    node.Reply(request, maelstrom::Body("generate_ok")
                            .Set("id", node.id() + "-" + std::to_string(next++))
                            .Set("debug", "served by " + node.id()));
  });
  return node.Run();
}
