// The example node of README.md, built so that the example stays true.
#include "maelstrom/command_line.h"
#include "maelstrom/kv.h"
#include "maelstrom/node.h"

using namespace maelstrom;

int main(int argc, char** argv) {
  if (auto exit = HandleCommandLine(argc, argv, "usage: readme_node\n")) return *exit;
  Node node;
  KV kv(node, KV::kSequential);
  node.On("echo", [&](const Message& m) {
    node.Reply(m, Body("echo_ok").Set("echo", m.body()["echo"]));
  });
  // A handler that waits is a coroutine; other messages are served meanwhile.
  node.On("add", [&](const Message& m) -> Task<> {
    std::int64_t delta = m.body()["delta"].as_int64();  // missing or not an integer: code 12
    std::int64_t old = (co_await kv.ReadIfPresent("sum")).value_or(Json(0)).as_int64();
    co_await kv.Cas("sum", old, old + delta, /*create_if_not_exists=*/true);  // 22 on a race
    node.Reply(m, Body("add_ok"));
  });
  node.Every(std::chrono::milliseconds(500), [&] { /* gossip */ });
  return node.Run();
}
