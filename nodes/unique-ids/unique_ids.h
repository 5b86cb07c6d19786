// The unique-ids challenge: answer every `generate` with an ID no other request ever gets, on
// any node, before or after a crash, whatever the clock does. The IDs come from idgen (see
// docs/ids.md); this file connects a generator to a Maelstrom node.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "idgen/clock.h"
#include "idgen/id_format.h"
#include "idgen/id_generator.h"
#include "idgen/options.h"
#include "maelstrom/node.h"

namespace unique_ids {

struct Config {
  idgen::IdFormat format = idgen::IdFormat::kFlake64;
  // Where the crash-safety mark lives. Under Maelstrom every node of a test shares one working
  // directory, which survives a node's restart: the current directory is the right default.
  std::string mark_dir = ".";
  int64_t max_lead_ms = 1'000;
  idgen::LeadPolicy lead_policy = idgen::LeadPolicy::kWait;
  // Where timestamps come from: CLOCK_REALTIME_COARSE (the kernel's last tick, 4 ms here, read
  // in about 6 ns) or CLOCK_REALTIME (exact to the millisecond, about 30 ns, a tenth of the
  // node's whole cost per request). Uniqueness does not depend on it; only how closely IDs
  // from different nodes follow real time does.
  bool coarse_clock = true;
  // How often the mark is pushed ahead of need, so requests do not wait on the disk.
  std::chrono::milliseconds maintain_every{1'000};
  // For tests; null means the real ones.
  idgen::Clock* clock = nullptr;
  idgen::FileSystem* file_system = nullptr;
};

// Installs the init hook, the `generate` handler and the mark-keeping timer on `node`.
//
// The node index in every ID is the node's position in init's node_ids, the same list on every
// node, so no two nodes share one. An ID is issued only when the generator can vouch for it;
// otherwise the request gets code 11 (temporarily-unavailable) saying why.
class UniqueIds {
 public:
  UniqueIds(maelstrom::Node& node, Config config);
  UniqueIds(const UniqueIds&) = delete;
  UniqueIds& operator=(const UniqueIds&) = delete;

  // The generator opened at the last init, or null before it.
  idgen::IdGenerator* generator() { return generator_.get(); }

 private:
  void Init();
  void Generate(const maelstrom::Message& request);
  void Maintain();

  maelstrom::Node& node_;
  Config config_;
  std::unique_ptr<idgen::Clock> owned_clock_;
  std::unique_ptr<idgen::IdGenerator> generator_;
  std::string last_maintain_error_;  // logged once per distinct failure, not every second
};

}  // namespace unique_ids
