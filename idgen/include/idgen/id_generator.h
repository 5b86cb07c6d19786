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
//   every second:  gen->Maintain();          // keeps the mark ahead; returns health
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

  // Rewrites the mark (write temp, fsync, rename, fsync directory) when the next ID would
  // come within refresh_ahead_ms of it, or retries a failed start. Call it from a timer
  // every refresh_ahead_ms / 4 or so; without it, the Next*() call that reaches the mark
  // writes it and so waits on the disk. OK means IDs can be issued right now.
  Status Maintain();

  // The mark file's path ("" for uuid4), and the mark last made durable.
  std::string mark_path() const;
  int64_t durable_mark_ms() const { return durable_ms_; }

 private:
  friend class ConcurrentIdGenerator;

  explicit IdGenerator(const Options& options);

  // Reserves the next logical time (ms << 12 | sequence).
  Status NextLogical(uint64_t* logical);
  Status NextLogicalSlow(int64_t now_ms, uint64_t* logical);
  // Takes the lock, loads the mark, and starts above it.
  Status Recover();
  // Folds a wall-clock reading into mono_ms_, the wall clock with backward steps removed.
  void ObserveWall(int64_t now_ms);
  // If a mark refresh is due, the mark to write.
  std::optional<int64_t> RefreshTarget();
  Status SaveMark(int64_t mark_ms);
  void CommitMark(int64_t saved_ms);
  void UpdateFastLimit();
  uint64_t LogicalAt(int64_t now_ms) const;
  // False for clock readings no ID of this format could carry (before 1970, past the end).
  bool IsPlausible(int64_t now_ms) const;

  const IdFormat format_;
  const uint32_t node_index_;
  const int64_t mark_window_ms_;
  const int64_t refresh_ahead_ms_;
  const int64_t max_lead_ms_;
  const LeadPolicy lead_policy_;
  const int64_t min_ms_;  // first millisecond the format can hold
  const int64_t end_ms_;  // first millisecond it cannot

  std::unique_ptr<Clock> owned_clock_;
  Clock* clock_ = nullptr;
  std::unique_ptr<MarkStore> store_;  // null for uuid4
  std::unique_ptr<Random> random_;

  // The hot path issues `next` without further checks while next < fast_limit_. It is
  // the tightest of: the durable mark, the lead bound as of the last slow-path clock
  // observation, and the end of the format; 0 forces the slow path.
  uint64_t fast_limit_ = 0;
  uint64_t last_ = 0;         // last logical time issued (or just below the first allowed)
  bool ready_ = false;        // mark loaded and lock held
  int64_t durable_ms_ = 0;    // every ID issued has a logical ms below this, on disk
  int64_t mono_ms_ = 0;       // wall clock without backward steps; lead is measured from it
  int64_t last_wall_ms_ = 0;  // the wall reading mono_ms_ last advanced from
};

}  // namespace idgen

#endif  // IDGEN_ID_GENERATOR_H_
