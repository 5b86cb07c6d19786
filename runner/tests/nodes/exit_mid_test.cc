// testnode-exit-mid-test: unique ids until its n-th generate request (argument, default 3), on
// which it exits with status 3 without answering: a node that crashes.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "maelstrom/log.h"
#include "maelstrom/node.h"

int main(int argc, char** argv) {
  std::int64_t limit = argc > 1 ? std::atoll(argv[1]) : 3;
  maelstrom::Node node;
  std::int64_t served = 0;
  node.On("generate", [&](const maelstrom::Message& request) {
    if (++served >= limit) {
      MAELSTROM_LOG(kError, "exiting on purpose after ", served, " requests");
      std::exit(3);
    }
    node.Reply(request,
               maelstrom::Body("generate_ok").Set("id", node.id() + "-" + std::to_string(served)));
  });
  return node.Run();
}
