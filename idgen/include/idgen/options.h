// Options: how an IdGenerator is set up.

#ifndef IDGEN_OPTIONS_H_
#define IDGEN_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "idgen/id_format.h"

namespace idgen {

class Clock;
class FileSystem;

// What happens when sustained load (more than 4096 IDs per millisecond) has pushed the
// logical clock more than max_lead_ms ahead of the wall clock. Lead inherited from a
// restart or a clock that stepped back never counts (see docs/ids.md).
enum class LeadPolicy : uint8_t {
  // Sleep (via Clock::SleepMs) until the wall clock has advanced enough: at most 4096 IDs
  // per millisecond get through, and nothing fails. A single call waits about a
  // millisecond; it reports Busy only if the wall clock stops advancing for a second.
  kWait,
  // Report Busy at once and let the caller back off.
  kReject,
};

struct Options {
  IdFormat format = IdFormat::kFlake64;

  // This node's index, 0..1023, in the low bits of every ID. Distinct nodes must have
  // distinct indexes; under Maelstrom, the node's position in init's node_ids.
  uint32_t node_index = 0;

  // This node's name ("n1"), which names its mark file. Nodes that share a mark directory
  // must have distinct names. Any bytes; unsafe ones are escaped in the file name.
  // Not used by kUuid4, which keeps no mark.
  std::string node_id;

  // Where the mark lives. Must survive between runs of the node: a missing mark file
  // means "first start".
  std::string mark_dir = ".";
  // Mark file name: "<mark_file_prefix>.<escaped node_id>.mark".
  std::string mark_file_prefix = "idgen";

  // Each mark write covers this much logical time ahead of the newest ID.
  int64_t mark_window_ms = 10'000;
  // Maintain() rewrites the mark when the next ID would come within this much of it, so
  // requests rarely wait on the disk. 0 <= refresh_ahead_ms < mark_window_ms.
  int64_t refresh_ahead_ms = 5'000;

  // How far load may push the logical clock ahead of the wall clock, and what then.
  int64_t max_lead_ms = 1'000;
  LeadPolicy lead_policy = LeadPolicy::kWait;

  // Not owned; must outlive the generator. Null: a system clock honouring
  // IDGEN_CLOCK_OFFSET_MS (see clock.h).
  Clock* clock = nullptr;
  // Not owned; must outlive the generator. Null: DefaultFileSystem().
  FileSystem* file_system = nullptr;
  // Seeds the random bits of uuid4 and uuid7. Null: seeded from getrandom(2).
  std::optional<uint64_t> random_seed;
};

}  // namespace idgen

#endif  // IDGEN_OPTIONS_H_
