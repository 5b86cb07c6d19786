// testnode-wrong-echo: an echo node that gets every third echo wrong (it sends back "wrong"
// instead), so that the echo checker has mismatches to report and explain.
#include <cstdint>

#include "maelstrom/node.h"

int main() {
  maelstrom::Node node;
  std::int64_t count = 0;
  node.On("echo", [&](const maelstrom::Message& request) {
    bool wrong = ++count % 3 == 0;
    maelstrom::Body reply("echo_ok");
    if (wrong) {
      reply.Set("echo", "wrong");
    } else {
      reply.Set("echo", request.body()["echo"]);
    }
    node.Reply(request, reply);
  });
  return node.Run();
}
