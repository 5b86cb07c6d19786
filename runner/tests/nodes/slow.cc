// testnode-slow: unique ids, each answered only after a delay in milliseconds (argument,
// default 6000): longer than Maelstrom's 5 s client timeout, so every operation is indeterminate.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "maelstrom/node.h"

int main(int argc, char** argv) {
  std::chrono::milliseconds delay(argc > 1 ? std::atoll(argv[1]) : 6000);
  maelstrom::Node node;
  std::int64_t next = 0;
  node.On("generate", [&](const maelstrom::Message& request) {
    std::string id = node.id() + "-" + std::to_string(next++);
    maelstrom::Message kept = request;
    node.After(delay, [&node, kept, id] {
      node.Reply(kept, maelstrom::Body("generate_ok").Set("id", id));
    });
  });
  return node.Run();
}
