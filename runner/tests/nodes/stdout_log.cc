// testnode-stdout-log: an echo node that, on its n-th echo (argument, default 2), prints a log
// line to stdout instead of its reply. Under Maelstrom that line stops the node's output for good.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "maelstrom/node.h"
#include "maelstrom/transport.h"

int main(int argc, char** argv) {
  std::int64_t when = argc > 1 ? std::atoll(argv[1]) : 2;
  // Stdout stays the protocol stream (FdTransport::Stdio would divert stray prints to stderr).
  maelstrom::FdTransport transport(0, 1);
  maelstrom::Node node;
  std::int64_t seen = 0;
  node.On("echo", [&](const maelstrom::Message& request) {
    if (++seen == when) {
      std::printf("DEBUG: got echo %lld\n", static_cast<long long>(seen));
      std::fflush(stdout);
      return;
    }
    node.Reply(request, maelstrom::Body("echo_ok").Set("echo", request.body()["echo"]));
  });
  return node.Run(transport);
}
