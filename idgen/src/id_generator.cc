#include "idgen/id_generator.h"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <limits>
#include <mutex>

#include "idgen/clock.h"
#include "idgen/decode.h"
#include "idgen/file_system.h"
#include "idgen/flake64.h"
#include "idgen/mark_writer.h"
#include "mark_file.h"
#include "mark_store.h"
#include "random.h"

namespace idgen {

namespace {

// Clock readings are clamped into [0, kMaxClockMs] before shifting, so neither a clock
// before 1970 nor a wildly wrong one can overflow the logical clock; both ends lie outside
// every format's range.
constexpr int64_t kMaxClockMs = int64_t{1} << 50;
// kWait gives up, reporting Busy, if the wall clock does not advance for this long.
constexpr int64_t kMaxThrottleWaitMs = 1'000;

int64_t SaturatingAdd(int64_t a, int64_t b) {
  if (b > 0 && a > std::numeric_limits<int64_t>::max() - b) {
    return std::numeric_limits<int64_t>::max();
  }
  return a + b;
}

int64_t LogicalMs(uint64_t logical) { return static_cast<int64_t>(logical >> kSequenceBits); }
uint32_t LogicalSequence(uint64_t logical) { return static_cast<uint32_t>(logical & kMaxSequence); }

// Writes the decimal digits of v; returns how many. Two digits per division: on the
// JSON path, converting a 19-digit ID one digit at a time costs more than issuing it.
size_t WriteDecimal(uint64_t v, char* out) {
  static constexpr char kPairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  char tmp[20];
  char* p = tmp + sizeof tmp;
  while (v >= 100) {
    const size_t pair = static_cast<size_t>(v % 100) * 2;
    v /= 100;
    *--p = kPairs[pair + 1];
    *--p = kPairs[pair];
  }
  if (v >= 10) {
    *--p = kPairs[v * 2 + 1];
    *--p = kPairs[v * 2];
  } else {
    *--p = static_cast<char>('0' + v);
  }
  const size_t n = static_cast<size_t>(tmp + sizeof tmp - p);
  std::memcpy(out, p, n);
  return n;
}

Status WrongFormat(const char* accessor, IdFormat format) {
  return Status::InvalidArgument(std::string(accessor) + " called on a generator of format " +
                                 std::string(IdFormatName(format)));
}

}  // namespace

// A write handed to the mark writer; shared by the generator and the job, which may finish
// on another thread.
struct IdGenerator::PendingWrite {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;  // guarded by mu
  Status status;      // guarded by mu
  int64_t saved = 0;  // guarded by mu
};

IdGenerator::IdGenerator(const Options& options)
    : format_(options.format),
      node_index_(options.node_index),
      lease_ms_(options.lease_ms),
      refresh_ahead_ms_(options.refresh_ahead_ms),
      max_lead_ms_(options.max_lead_ms),
      lead_policy_(options.lead_policy),
      min_ms_(options.format == IdFormat::kFlake64 ? kFlake64EpochMs : 0),
      end_ms_(options.format == IdFormat::kFlake64 ? kFlake64EndMs : kUuid7EndMs),
      mark_writer_(options.mark_writer) {}

IdGenerator::~IdGenerator() {
  // The job writes through store_, so it must be over before store_ goes.
  if (pending_ != nullptr) CollectWrite(true).ok();
}

Status IdGenerator::Open(const Options& options, std::unique_ptr<IdGenerator>* out) {
  out->reset();
  if (options.node_index > kMaxNodeIndex) {
    return Status::InvalidArgument("node index " + std::to_string(options.node_index) +
                                   " is over " + std::to_string(kMaxNodeIndex));
  }
  if (options.lease_ms <= 0 || options.lease_ms > (int64_t{1} << 40)) {
    return Status::InvalidArgument("lease_ms must be positive (and sane)");
  }
  if (options.refresh_ahead_ms < 0 || options.max_lead_ms < 0 ||
      options.max_lead_ms + options.refresh_ahead_ms >= options.lease_ms) {
    return Status::InvalidArgument(
        "need max_lead_ms >= 0, refresh_ahead_ms >= 0 and max_lead_ms + refresh_ahead_ms < "
        "lease_ms (got " +
        std::to_string(options.max_lead_ms) + " + " + std::to_string(options.refresh_ahead_ms) +
        " against " + std::to_string(options.lease_ms) + ")");
  }

  std::unique_ptr<IdGenerator> gen(new IdGenerator(options));
  if (options.random_seed.has_value()) {
    gen->random_ = std::make_unique<Random>(*options.random_seed);
  } else {
    gen->random_ = std::make_unique<Random>(0);
    Status s = Random::FromOs(gen->random_.get());
    if (!s.ok()) return s;
  }
  if (options.format == IdFormat::kUuid4) {
    *out = std::move(gen);
    return Status::OK();
  }
  if (options.node_id.empty() || options.node_id.size() > kMaxNodeIdSize) {
    return Status::InvalidArgument("node id must be 1 to " + std::to_string(kMaxNodeIdSize) +
                                   " bytes long");
  }

  if (options.clock != nullptr) {
    gen->clock_ = options.clock;
  } else {
    int64_t offset_ms = 0;
    Status s = ClockOffsetFromEnv(&offset_ms);
    if (!s.ok()) return s;
    gen->owned_clock_ = NewSystemClock(offset_ms);
    gen->clock_ = gen->owned_clock_.get();
  }
  FileSystem* fs = options.file_system != nullptr ? options.file_system : DefaultFileSystem();
  Status s = MarkStore::Create(fs, options.mark_dir, options.mark_file_prefix, options.node_index,
                               options.node_id, options.create_mark_dir, options.mark_durability,
                               &gen->store_);
  if (!s.ok()) return s;
  // A failure here is reported again by every call until it clears; Open succeeds so
  // that a node can start and answer "temporarily unavailable" meanwhile.
  gen->Recover().ok();
  *out = std::move(gen);
  return Status::OK();
}

std::string IdGenerator::mark_path() const { return store_ == nullptr ? "" : store_->path(); }

bool IdGenerator::IsPlausible(int64_t now_ms) const { return now_ms >= 0 && now_ms < end_ms_; }

uint64_t IdGenerator::LogicalAt(int64_t now_ms) const {
  const int64_t clamped = std::clamp<int64_t>(now_ms, 0, kMaxClockMs);
  return static_cast<uint64_t>(clamped) << kSequenceBits;
}

inline Status IdGenerator::NextLogical(uint64_t* logical) {
  const int64_t now_ms = clock_->NowMs();
  // The whole rule: one past the last issued, or the wall clock if that is later.
  const uint64_t next = std::max(LogicalAt(now_ms), last_ + 1);
  if (next < fast_limit_) [[likely]] {
    last_ = next;
    *logical = next;
    return Status::OK();
  }
  return NextLogicalSlow(now_ms, logical);
}

Status IdGenerator::Exhausted(int64_t now_ms) const {
  std::string why = "the " + std::string(IdFormatName(format_)) + " time field is exhausted at " +
                    FormatIso8601Ms(end_ms_) + "; no more IDs can be issued under node index " +
                    std::to_string(node_index_) + " (IDs never wrap)";
  if (IsPlausible(now_ms)) {
    // The clock is fine; an earlier run's clock read the end of the range, and its IDs must
    // stay below every later one (docs/ids.md, "The end of the range").
    why += ". The clock reads " + FormatIso8601Ms(now_ms) + ", but the mark " + mark_path() +
           " says IDs were issued up to the end of the range, so they cannot continue below it; "
           "only a fresh mark directory starts over, and only if its IDs are never compared "
           "with the earlier ones";
  }
  return Status::OutOfRange(why);
}

Status IdGenerator::NextLogicalSlow(int64_t now_ms, uint64_t* logical) {
  if (!ready_) {
    Status s = Recover();
    if (!ready_) return s;  // a failed first mark write is retried below like any other
    now_ms = clock_->NowMs();
  }
  int64_t waited_ms = 0;
  for (;;) {
    ObserveWall(now_ms);
    const uint64_t next = std::max(LogicalAt(now_ms), last_ + 1);
    const int64_t next_ms = LogicalMs(next);
    if (next_ms < min_ms_) {
      return Status::OutOfRange("the clock reads " + FormatIso8601Ms(now_ms) +
                                ", before the flake64 epoch " + FormatIso8601Ms(min_ms_) +
                                ", and no earlier mark says otherwise; fix the clock");
    }
    if (next_ms >= end_ms_) return Exhausted(now_ms);
    const int64_t cap_ms = LeadCapMs();
    if (next_ms > cap_ms) {
      const int64_t lead_ms = next_ms - std::max(mono_ms_, inherited_ms_);
      if (lead_policy_ == LeadPolicy::kReject) {
        return Status::Busy(
            "load has pushed the ID clock " + std::to_string(lead_ms) +
            " ms ahead of the wall clock (max_lead_ms=" + std::to_string(max_lead_ms_) +
            ", lease_ms=" + std::to_string(lease_ms_) + "); retry shortly");
      }
      if (waited_ms >= kMaxThrottleWaitMs) {
        return Status::Busy("throttled at max_lead_ms=" + std::to_string(max_lead_ms_) +
                            " but the wall clock did not advance for " + std::to_string(waited_ms) +
                            " ms");
      }
      const int64_t sleep_ms = next_ms - cap_ms;
      clock_->SleepMs(sleep_ms);
      waited_ms += sleep_ms;
      now_ms = clock_->NowMs();
      continue;
    }
    if (next_ms >= durable_ms_) {
      // The write in flight may cover it; else this call writes (and waits on the disk).
      CollectWrite(true).ok();
      if (next_ms >= durable_ms_) {
        Status s = SaveMark(LeaseTargetMs());
        if (!s.ok()) return s;
        ++stats_.writes_in_calls;
      }
    }
    last_ = next;
    UpdateFastLimit();
    *logical = next;
    return Status::OK();
  }
}

Status IdGenerator::Recover() {
  Status s = store_->Lock();
  if (!s.ok()) return s;
  std::optional<int64_t> mark;
  s = store_->Load(&mark, &previous_holder_);
  if (!s.ok()) return s;
  const int64_t now_ms = clock_->NowMs();
  const int64_t inherited_ms = mark.value_or(0);
  // Every ID of earlier runs has a logical ms below the mark, so this run starts at it.
  last_ = inherited_ms > 0 ? (static_cast<uint64_t>(inherited_ms) << kSequenceBits) - 1 : 0;
  durable_ms_ = inherited_ms;
  inherited_ms_ = inherited_ms;
  // A mark within two leases of the clock is an earlier run's lease (two: a restart within
  // the very millisecond of the last write adds one): the clock stays the lease base, so
  // restarts never stack leases. A mark further ahead means the clock was set back; the mark
  // is then the base, and the run carries on from it at full speed.
  const int64_t wall_ms = IsPlausible(now_ms) ? now_ms : 0;
  mono_ms_ = inherited_ms - wall_ms > 2 * lease_ms_ ? inherited_ms : wall_ms;
  last_wall_ms_ = IsPlausible(now_ms) ? now_ms : mono_ms_;
  ready_ = true;
  // Writing now rather than in the first request; if it fails, requests retry it.
  s = SaveMark(LeaseTargetMs());
  UpdateFastLimit();
  return s;
}

void IdGenerator::ObserveWall(int64_t now_ms) {
  // Letting a broken reading advance mono_ms_ would switch the lead bound off until the
  // wall clock caught up with it.
  if (!IsPlausible(now_ms)) return;
  if (now_ms > last_wall_ms_) mono_ms_ += now_ms - last_wall_ms_;
  last_wall_ms_ = now_ms;
}

int64_t IdGenerator::LeadCapMs() const {
  // Load lead counts from the inherited mark while the clock is behind it: a restart's own
  // lead is not load. The lease term keeps every allowed ID below a mark LeaseTargetMs() can
  // write, so a loaded generator waits for the clock instead of writing a mark per call.
  const int64_t by_load = SaturatingAdd(std::max(mono_ms_, inherited_ms_), max_lead_ms_);
  const int64_t by_lease = std::max(SaturatingAdd(mono_ms_, lease_ms_ - 1), inherited_ms_);
  return std::min(by_load, by_lease);
}

int64_t IdGenerator::LeaseTargetMs() const {
  // No ID reaches end_ms_, so a mark there already covers every possible ID.
  return std::min(std::max(SaturatingAdd(mono_ms_, lease_ms_), inherited_ms_ + 1), end_ms_);
}

std::optional<int64_t> IdGenerator::RefreshTarget() {
  ObserveWall(clock_->NowMs());
  UpdateFastLimit();
  // A broken reading never reaches the disk: ObserveWall ignored it, so the target is only
  // ever a lease ahead of sane readings.
  const int64_t next_ms = std::max(LogicalMs(last_) + 1, mono_ms_);
  if (next_ms + refresh_ahead_ms_ <= durable_ms_) return std::nullopt;
  const int64_t target = LeaseTargetMs();
  if (target <= durable_ms_) return std::nullopt;  // nothing to gain until the clock moves
  return target;
}

Status IdGenerator::SaveMark(int64_t mark_ms) {
  int64_t saved_ms = 0;
  Status s = store_->Save(mark_ms, &saved_ms);
  if (s.ok()) CommitMark(saved_ms);
  return s;
}

void IdGenerator::CommitMark(int64_t saved_ms) {
  if (saved_ms > durable_ms_) ++stats_.writes;
  durable_ms_ = std::max(durable_ms_, saved_ms);
  UpdateFastLimit();
}

void IdGenerator::StartWrite(int64_t mark_ms) {
  auto job = std::make_shared<PendingWrite>();
  pending_ = job;
  MarkStore* store = store_.get();  // outlives the job: the destructor waits for it
  mark_writer_->Start([job, store, mark_ms] {
    int64_t saved = 0;
    Status s = store->Save(mark_ms, &saved);
    std::lock_guard<std::mutex> l(job->mu);
    job->status = std::move(s);
    job->saved = saved;
    job->done = true;
    job->cv.notify_all();
  });
}

Status IdGenerator::CollectWrite(bool wait) {
  if (pending_ == nullptr) return Status::OK();
  Status s;
  int64_t saved = 0;
  {
    std::unique_lock<std::mutex> l(pending_->mu);
    if (!pending_->done) {
      if (!wait) return Status::OK();
      pending_->cv.wait(l, [this] { return pending_->done; });
    }
    s = std::move(pending_->status);
    saved = pending_->saved;
  }
  pending_.reset();
  if (s.ok()) CommitMark(saved);
  last_write_ = s;
  return s;
}

void IdGenerator::UpdateFastLimit() {
  const uint64_t min_logical = static_cast<uint64_t>(min_ms_) << kSequenceBits;
  if (!ready_ || last_ + 1 < min_logical) {
    fast_limit_ = 0;  // the first ID of a run goes through the epoch check
    return;
  }
  const int64_t limit_ms = std::min({durable_ms_, end_ms_, SaturatingAdd(LeadCapMs(), 1)});
  fast_limit_ = static_cast<uint64_t>(std::max<int64_t>(limit_ms, 0)) << kSequenceBits;
}

Status IdGenerator::Maintain() {
  if (format_ == IdFormat::kUuid4) return Status::OK();
  if (!ready_) return Recover();
  CollectWrite(false).ok();  // recorded in last_write_
  const std::optional<int64_t> target = RefreshTarget();
  if (mark_writer_ == nullptr) return target.has_value() ? SaveMark(*target) : Status::OK();
  if (target.has_value() && pending_ == nullptr) StartWrite(*target);
  return last_write_;
}

Status IdGenerator::NextFlake(uint64_t* id) {
  if (format_ != IdFormat::kFlake64) return WrongFormat("NextFlake", format_);
  uint64_t logical;
  Status s = NextLogical(&logical);
  if (!s.ok()) [[unlikely]]
    return s;
  *id = ((logical - (static_cast<uint64_t>(kFlake64EpochMs) << kSequenceBits)) << kNodeIndexBits) |
        node_index_;
  return Status::OK();
}

Status IdGenerator::NextUuid(Uuid* id) {
  if (format_ == IdFormat::kUuid4) {
    const uint64_t high = random_->Next();
    *id = MakeUuid4(high, random_->Next());
    return Status::OK();
  }
  if (format_ != IdFormat::kUuid7) return WrongFormat("NextUuid", format_);
  uint64_t logical;
  Status s = NextLogical(&logical);
  if (!s.ok()) [[unlikely]]
    return s;
  *id = EncodeUuid7(
      Uuid7Fields{LogicalMs(logical), LogicalSequence(logical), node_index_, random_->Next()});
  return Status::OK();
}

Status IdGenerator::NextJson(std::span<char> out, size_t* size) {
  const size_t needed = format_ == IdFormat::kFlake64 ? 19 : kMaxJsonIdSize;
  if (out.size() < needed) {
    return Status::InvalidArgument("NextJson needs a buffer of " + std::to_string(needed) +
                                   " bytes");
  }
  if (format_ == IdFormat::kFlake64) {
    uint64_t id;
    Status s = NextFlake(&id);
    if (!s.ok()) return s;
    *size = WriteDecimal(id, out.data());
    return Status::OK();
  }
  Uuid uuid;
  Status s = NextUuid(&uuid);
  if (!s.ok()) return s;
  out[0] = '"';
  FormatUuid(uuid, out.data() + 1);
  out[kUuidTextSize + 1] = '"';
  *size = kUuidTextSize + 2;
  return Status::OK();
}

}  // namespace idgen
