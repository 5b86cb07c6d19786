// The echo challenge: answer every `echo` with `echo_ok` carrying the same value, whatever JSON it
// is, byte for byte.
#include "maelstrom/node.h"

int main() {
  maelstrom::Node node;
  node.On("echo", [&](const maelstrom::Message& request) {
    node.Reply(request, maelstrom::Body("echo_ok").Set("echo", request.body()["echo"]));
  });
  return node.Run();
}
