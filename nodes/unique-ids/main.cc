// build/bin/unique-ids: a Maelstrom node for the unique-ids workload (Gossip Glomers challenge
// 2). See README.md and docs/ids.md.
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "flags.h"
#include "idgen/std_descriptors.h"
#include "maelstrom/node.h"
#include "unique_ids.h"

int main(int argc, char** argv) {
  // Before anything opens a descriptor (the node's wake-up pipe, the mark's lock): a closed
  // stdin must read as the end of input, not turn into one of them.
  if (!idgen::ReopenClosedStdDescriptors()) return 2;
  unique_ids::ParsedFlags flags =
      unique_ids::ParseFlags(std::vector<std::string>(argv + 1, argv + argc));
  if (flags.help) {
    std::fputs(unique_ids::kUsage, stdout);
    return 0;
  }
  if (!flags.error.empty()) {
    std::fprintf(stderr, "unique-ids: %s\n%s", flags.error.c_str(), unique_ids::kUsage);
    return 2;
  }
  maelstrom::Node node;
  std::optional<unique_ids::UniqueIds> ids;
  try {
    ids.emplace(node, flags.config);
  } catch (const std::invalid_argument& e) {  // a bad setting in the environment
    std::fprintf(stderr, "unique-ids: %s\n", e.what());
    return 2;
  }
  return node.Run();
}
