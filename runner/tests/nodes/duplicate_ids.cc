// testnode-duplicate-ids: every node counts 0, 1, 2, ... on its own, so nodes hand out the same
// ids: an invalid unique-ids node.
#include <cstdint>

#include "maelstrom/node.h"

int main() {
  maelstrom::Node node;
  std::int64_t next = 0;
  node.On("generate", [&](const maelstrom::Message& request) {
    node.Reply(request, maelstrom::Body("generate_ok").Set("id", next++));
  });
  return node.Run();
}
