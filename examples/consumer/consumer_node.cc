// A node built by another project against the installed glomers libraries (see CMakeLists.txt
// beside it and scripts/consumer.sh): echo, and unique IDs from idgen, with only the public
// headers. A sketch, not a second unique-ids node: build/bin/unique-ids also moves the mark
// writes off the loop, handles a second init and reports a bad mark directory.
#include <algorithm>
#include <chrono>
#include <memory>

#include "idgen/id_generator.h"
#include "maelstrom/error.h"
#include "maelstrom/node.h"

int main() {
  maelstrom::Node node;
  std::unique_ptr<idgen::IdGenerator> ids;
  node.OnInit([&] {
    idgen::Options options;
    const auto& names = node.node_ids();
    options.node_index =
        static_cast<uint32_t>(std::find(names.begin(), names.end(), node.id()) - names.begin());
    options.node_id = node.id();
    options.mark_dir = "consumer-marks";
    options.create_mark_dir = true;
    idgen::Status s = idgen::IdGenerator::Open(options, &ids);
    if (!s.ok()) throw maelstrom::Error(maelstrom::ErrorCode::kCrash, s.ToString());
  });
  node.On("echo", [&](const maelstrom::Message& m) {
    node.Reply(m, maelstrom::Body("echo_ok").Set("echo", m.body()["echo"]));
  });
  node.On("generate", [&](const maelstrom::Message& m) {
    uint64_t id = 0;
    idgen::Status s = ids->NextFlake(&id);
    if (!s.ok())
      throw maelstrom::Error(maelstrom::ErrorCode::kTemporarilyUnavailable, s.ToString());
    node.Reply(m, maelstrom::Body("generate_ok").Set("id", id));
  });
  node.Every(std::chrono::milliseconds(10), [&] {
    if (ids != nullptr) ids->Maintain();
  });
  return node.Run();
}
