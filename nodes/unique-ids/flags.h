// The unique-ids node's command line and environment. Maelstrom starts a node without
// arguments, so every flag has an environment variable too.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "unique_ids.h"

namespace unique_ids {

inline constexpr const char kUsage[] =
    "usage: unique-ids [--format flake64|uuid7|uuid4] [--mark-dir DIR] [--mark-fsync auto|yes|no]\n"
    "                  [--max-lead-ms N] [--lead-policy wait|reject] [--clock coarse|precise]\n"
    "A Maelstrom node for the unique-ids workload: reads requests on stdin, answers on stdout.\n"
    "  --format       ID format (env UNIQUE_IDS_FORMAT; default flake64, a 63-bit integer)\n"
    "  --mark-dir     directory of the crash-safety marks, one per node index (env\n"
    "                 UNIQUE_IDS_MARK_DIR; default ./unique-ids-marks.<parent pid>, one per\n"
    "                 Maelstrom test); all nodes using a given directory must be of one test\n"
    "  --mark-fsync   fsync each mark write, so marks survive the machine's crash, not only the\n"
    "                 node's (env UNIQUE_IDS_MARK_FSYNC; default auto: yes for a --mark-dir,\n"
    "                 no for the per-test default, which no later test reuses)\n"
    "  --max-lead-ms  how far load may push IDs ahead of the clock (env UNIQUE_IDS_MAX_LEAD_MS;\n"
    "                 default 50, below 100)\n"
    "  --lead-policy  past that lead: wait for the clock, or reject with code 11\n"
    "                 (env UNIQUE_IDS_LEAD_POLICY; default wait)\n"
    "  --clock        coarse: timestamps to the kernel tick (4 ms here), 6 ns a read; precise:\n"
    "                 to the millisecond, 30 ns (env UNIQUE_IDS_CLOCK; default coarse)\n";

struct ParsedFlags {
  Config config;
  bool help = false;
  std::string error;  // non-empty: what is wrong, for stderr
};

// `args` without the program name; `getenv` is injectable for tests.
ParsedFlags ParseFlags(const std::vector<std::string>& args,
                       const char* (*getenv)(const char*) = nullptr);

}  // namespace unique_ids
