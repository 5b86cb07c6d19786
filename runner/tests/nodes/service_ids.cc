// testnode-service-ids: unique ids from one of Maelstrom's services (argument): lin-tso hands
// out timestamps; lin-kv and seq-kv hold a counter that each generate increments with
// compare-and-set, retrying on conflict. Proves the runner's services and their latency path.
#include <cstdint>
#include <optional>
#include <string>

#include "maelstrom/kv.h"
#include "maelstrom/node.h"

int main(int argc, char** argv) {
  std::string service = argc > 1 ? argv[1] : "lin-tso";
  maelstrom::Node node;
  maelstrom::TSO tso(node);
  maelstrom::KV kv(node, service == "lin-tso" ? "lin-kv" : service);
  node.On("generate", [&](const maelstrom::Message& request) -> maelstrom::Task<void> {
    std::int64_t id = 0;
    if (service == "lin-tso") {
      id = co_await tso.Ts();
    } else {
      while (true) {
        std::optional<maelstrom::Json> current = co_await kv.ReadIfPresent("counter");
        std::int64_t from = current ? current->as_int64() : 0;
        try {
          co_await kv.Cas("counter", from, from + 1, true);
          id = from + 1;
          break;
        } catch (const maelstrom::Error& e) {
          if (!e.is(maelstrom::ErrorCode::kPreconditionFailed)) throw;
        }
      }
    }
    node.Reply(request, maelstrom::Body("generate_ok").Set("id", id));
  });
  return node.Run();
}
