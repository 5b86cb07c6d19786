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
class MarkWriter;

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

// What a mark write must survive before any ID is issued under it.
enum class MarkDurability : uint8_t {
  // The machine's crash or power loss: each write is fsynced, file and directory, before it
  // counts. Needed when the mark directory outlives the machine's uptime and later runs of an
  // index must continue above this one's IDs (a directory given on purpose, a long-lived
  // service). About 0.8 ms of CPU and 4-12 ms of wall time a write on this project's machines.
  kMachineCrash,
  // Only this process's crash (SIGKILL, abort): the write is handed to the kernel (temp file,
  // rename) and never fsynced, which a killed process cannot undo. Enough when the marks only
  // have to outlive processes, not the machine: a mark directory that belongs to one Maelstrom
  // test, which a machine crash ends. About a tenth of the cost; after a power loss the marks
  // may go back, so the directory must not be reused by a later run (docs/ids.md).
  kProcessCrash,
};

struct Options {
  IdFormat format = IdFormat::kFlake64;

  // This node's index, 0..1023, in the low bits of every ID, and its identity: the mark and
  // its lock belong to the index. Distinct live nodes must have distinct indexes; under
  // Maelstrom, the node's position in init's node_ids.
  uint32_t node_index = 0;

  // This node's name ("n1"), recorded in the mark for the operator's sake (who wrote it last).
  // Not part of the identity: whoever takes an index continues above its mark. 1..200 bytes.
  // Not used by kUuid4, which keeps no mark.
  std::string node_id;

  // Where the mark lives. Must survive between runs of the node: a missing mark file
  // means "first start".
  std::string mark_dir = ".";
  // Create mark_dir (mode 0700) if it is missing. An existing one must then be a real
  // directory owned by this user and writable by nobody else (it may sit in /tmp).
  bool create_mark_dir = false;
  // Mark file name: "<mark_file_prefix>.<node_index>.mark".
  std::string mark_file_prefix = "idgen";
  // What each mark write survives (see MarkDurability).
  MarkDurability mark_durability = MarkDurability::kMachineCrash;

  // The lease: how far ahead of the clock the durable mark may run. IDs are only issued below
  // the durable mark, and a restart starts at it, so this bounds how far a node restarted
  // after a crash issues ahead of its clock (see docs/ids.md, "The restart lead").
  int64_t lease_ms = 200;
  // The mark is rewritten (a lease ahead of the clock) once the next ID comes within this
  // much of it: every lease_ms - refresh_ahead_ms of wall time at most.
  int64_t refresh_ahead_ms = 100;

  // How far load may push the logical clock ahead of the wall clock, and what then.
  // max_lead_ms + refresh_ahead_ms < lease_ms, so a loaded generator still refreshes its
  // mark ahead of need instead of writing it on every call.
  int64_t max_lead_ms = 50;
  LeadPolicy lead_policy = LeadPolicy::kWait;

  // Not owned; must outlive the generator. Null: a system clock honouring
  // IDGEN_CLOCK_OFFSET_MS (see clock.h).
  Clock* clock = nullptr;
  // Not owned; must outlive the generator. Null: DefaultFileSystem().
  FileSystem* file_system = nullptr;
  // Not owned; must outlive the generator. Where Maintain() runs its mark writes. Null: on the
  // calling thread, which then waits for the fsyncs. An event loop passes a thread writer
  // (NewThreadMarkWriter) so that no request waits on the disk.
  MarkWriter* mark_writer = nullptr;
  // Seeds the random bits of uuid4 and uuid7. Null: seeded from getrandom(2).
  std::optional<uint64_t> random_seed;
};

}  // namespace idgen

#endif  // IDGEN_OPTIONS_H_
