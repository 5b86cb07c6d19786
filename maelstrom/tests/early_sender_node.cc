// A node that sends before init, as careless code does: a gossip timer every millisecond and a
// KV write from a task started in main. Nothing may reach stdout before init names the node; then
// all of it must, with that name. It says on stderr when it has gossiped three times and when the
// write is done, so a test can wait for those events instead of for time.
#include "maelstrom/kv.h"
#include "maelstrom/log.h"
#include "maelstrom/node.h"

using namespace maelstrom;

int main() {
  Node node;
  KV kv(node, KV::kLinearizable);
  int ticks = 0;
  node.Every(std::chrono::milliseconds(1), [&] {
    if (++ticks > 3) return;
    node.Send("n1", Body("gossip").Set("tick", ticks));
    if (ticks == 3) MAELSTROM_LOG(kInfo, "early-sender: gossiped three times");
  });
  node.Spawn([](KV& kv) -> Task<> {
    co_await kv.Write("k", 1);
    MAELSTROM_LOG(kInfo, "early-sender: write done");
  }(kv));
  return node.Run();
}
