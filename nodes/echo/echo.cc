// The echo challenge: answer every `echo` with `echo_ok` carrying the same value, whatever JSON it
// is, byte for byte.
#include "maelstrom/command_line.h"
#include "maelstrom/node.h"

namespace {
constexpr char kUsage[] =
    "usage: echo\n"
    "A Maelstrom node for the echo workload (Gossip Glomers challenge 1): reads requests on\n"
    "stdin, one JSON message a line, and answers each echo with echo_ok and the same value on\n"
    "stdout; logs go to stderr. It takes no arguments: Maelstrom and glomers start it, e.g.\n"
    "  glomers test -w echo --bin build/bin/echo --node-count 1 --time-limit 10\n";
}  // namespace

int main(int argc, char** argv) {
  if (auto exit = maelstrom::HandleCommandLine(argc, argv, kUsage)) return *exit;
  maelstrom::Node node;
  const maelstrom::ReplyShape echo_ok("echo_ok", "echo");  // a template per client, in the node
  node.On("echo", [&](const maelstrom::Message& request) {
    node.Reply(request, echo_ok, request.body()["echo"]);
  });
  return node.Run();
}
