// IdGenerator: issues IDs that never repeat, across nodes, restarts, crashes and clock
// regressions. See docs/ids.md for the layout, the argument, and the assumptions.
//
// Not thread-safe: one owner calls it (a single-threaded event loop, say). Wrap it in
// ConcurrentIdGenerator to share it between threads.
//
// Typical event-loop use:
//
//   idgen::Options options;
//   options.node_id = "n1";
//   options.node_index = 1;
//   options.mark_file_prefix = "unique-ids";
//   std::unique_ptr<idgen::IdGenerator> gen;
//   idgen::Status s = idgen::IdGenerator::Open(options, &gen);  // fails only on bad options
//   ...
//   every 10 ms:   gen->Maintain();          // keeps the mark ahead; returns health
//   per request:   char buf[idgen::kMaxJsonIdSize]; size_t n;
//                  s = gen->NextJson(buf, &n);  // on error, s.ToString() says why

#ifndef IDGEN_ID_GENERATOR_H_
#define IDGEN_ID_GENERATOR_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "idgen/id_format.h"
#include "idgen/options.h"
#include "idgen/status.h"
#include "idgen/uuid.h"

namespace idgen {

class Clock;
class MarkStore;
class Random;

class IdGenerator {
 public:
  // InvalidArgument for unusable options (node index over 1023, bad node id, bad
  // IDGEN_CLOCK_OFFSET_MS, ...). Everything else, including a damaged or unwritable
  // mark, is reported by Maintain() and the Next*() calls, which keep retrying, so a
  // node can start and answer "unavailable" until its disk recovers.
  static Status Open(const Options& options, std::unique_ptr<IdGenerator>* out);

  IdGenerator(const IdGenerator&) = delete;
  IdGenerator& operator=(const IdGenerator&) = delete;
  ~IdGenerator();

  IdFormat format() const { return format_; }

  // The next flake64 ID. Requires format() == kFlake64.
  // Errors (nothing is issued): Unavailable (mark not durable, retried next call),
  // Corruption (mark file damaged), Busy (lead policy), OutOfRange (clock before the
  // epoch on a first start, or the 41-bit time field exhausted; never wraps).
  Status NextFlake(uint64_t* id);

  // The next UUID. Requires format() == kUuid7 (same errors as NextFlake) or kUuid4
  // (never fails).
  Status NextUuid(Uuid* id);

  // The next ID as JSON text, without allocating: digits for flake64, a quoted string for
  // the UUIDs. `out` needs room for kMaxJsonIdSize bytes; no terminator is written.
  Status NextJson(std::span<char> out, size_t* size);

  // Keeps the mark a lease ahead of the clock: once the next ID comes within refresh_ahead_ms
  // of the durable mark, writes a new one (write temp, fsync, rename, fsync directory), on
  // Options::mark_writer if set, else right here; and collects a finished background write.
  // Retries a failed start. Call it from a timer every 10 ms or so (well under
  // lease_ms - refresh_ahead_ms); without it, the Next*() call that reaches the mark writes it
  // and so waits on the disk. OK means healthy: IDs can be issued and the last write worked.
  Status Maintain();

  // The mark file's path ("" for uuid4), and the mark last made durable.
  std::string mark_path() const;
  int64_t durable_mark_ms() const { return durable_ms_; }
  // The node id recorded in the mark as this run found it ("" on a first start): who held
  // this index before, for the operator.
  const std::string& previous_holder() const { return previous_holder_; }

  struct MarkStats {
    uint64_t writes = 0;           // mark writes made durable, by this run
    uint64_t writes_in_calls = 0;  // of those, written by a Next*() call that waited for them
  };
  MarkStats mark_stats() const { return stats_; }

 private:
  friend class ConcurrentIdGenerator;
  struct PendingWrite;

  explicit IdGenerator(const Options& options);

  // Reserves the next logical time (ms << 12 | sequence).
  Status NextLogical(uint64_t* logical);
  Status NextLogicalSlow(int64_t now_ms, uint64_t* logical);
  // Takes the lock, loads the mark, and starts above it.
  Status Recover();
  // Folds a wall-clock reading into mono_ms_, the wall clock with backward steps removed.
  void ObserveWall(int64_t now_ms);
  // The highest logical ms an ID may have now: the lead bound, which lies within the lease.
  int64_t LeadCapMs() const;
  // The mark a write would store now: a lease ahead of mono_ms_ (and above the inherited one).
  int64_t LeaseTargetMs() const;
  // If a mark refresh is due, the mark to write.
  std::optional<int64_t> RefreshTarget();
  Status SaveMark(int64_t mark_ms);
  void CommitMark(int64_t saved_ms);
  // Hands a write to mark_writer_; at most one is outstanding.
  void StartWrite(int64_t mark_ms);
  // Commits the outstanding write if it is finished (or, with `wait`, once it is); returns
  // its status, or OK if there was none.
  Status CollectWrite(bool wait);
  void UpdateFastLimit();
  uint64_t LogicalAt(int64_t now_ms) const;
  // False for clock readings no ID of this format could carry (before 1970, past the end).
  bool IsPlausible(int64_t now_ms) const;
  Status Exhausted(int64_t now_ms) const;

  const IdFormat format_;
  const uint32_t node_index_;
  const int64_t lease_ms_;
  const int64_t refresh_ahead_ms_;
  const int64_t max_lead_ms_;
  const LeadPolicy lead_policy_;
  const int64_t min_ms_;  // first millisecond the format can hold
  const int64_t end_ms_;  // first millisecond it cannot

  std::unique_ptr<Clock> owned_clock_;
  Clock* clock_ = nullptr;
  MarkWriter* mark_writer_ = nullptr;
  std::unique_ptr<MarkStore> store_;  // null for uuid4
  std::unique_ptr<Random> random_;

  // The hot path issues `next` without further checks while next < fast_limit_. It is
  // the tightest of: the durable mark, the lead bound as of the last slow-path clock
  // observation, and the end of the format; 0 forces the slow path.
  uint64_t fast_limit_ = 0;
  uint64_t last_ = 0;         // last logical time issued (or just below the first allowed)
  bool ready_ = false;        // mark loaded and lock held
  int64_t durable_ms_ = 0;    // every ID issued has a logical ms below this, on disk
  int64_t inherited_ms_ = 0;  // the mark this run started from (0: first start)
  // The lease base: the wall clock without backward steps, from the wall at start (or from the
  // inherited mark, if that is more than two leases ahead: the clock was set back).
  int64_t mono_ms_ = 0;
  int64_t last_wall_ms_ = 0;               // the wall reading mono_ms_ last advanced from
  std::shared_ptr<PendingWrite> pending_;  // the write on mark_writer_, if any
  Status last_write_;                      // how the last background write ended
  std::string previous_holder_;
  MarkStats stats_;
};

}  // namespace idgen

#endif  // IDGEN_ID_GENERATOR_H_
