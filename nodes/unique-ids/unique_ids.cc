#include "unique_ids.h"

#include <unistd.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "idgen/clock.h"
#include "idgen/uuid.h"
#include "maelstrom/log.h"

namespace unique_ids {

using maelstrom::Error;
using maelstrom::ErrorCode;

std::string DefaultMarkDir(long parent_pid) {
  return "unique-ids-marks." + std::to_string(parent_pid);
}

UniqueIds::UniqueIds(maelstrom::Node& node, Config config)
    : node_(node), config_(std::move(config)) {
  if (config_.clock == nullptr) {
    int64_t offset_ms = 0;  // IDGEN_CLOCK_OFFSET_MS, the testing aid idgen's own clocks honour
    idgen::Status s = idgen::ClockOffsetFromEnv(&offset_ms);
    if (!s.ok()) throw std::invalid_argument(s.ToString());
    owned_clock_ = config_.coarse_clock ? idgen::NewCoarseSystemClock(offset_ms)
                                        : idgen::NewSystemClock(offset_ms);
    config_.clock = owned_clock_.get();
  }
  fsync_marks_ = config_.mark_fsync.value_or(!config_.mark_dir.empty());
  if (config_.mark_writer == nullptr && fsync_marks_ && config_.format != idgen::IdFormat::kUuid4) {
    owned_writer_ = idgen::NewThreadMarkWriter();
    config_.mark_writer = owned_writer_.get();
  }
  node_.OnInit([this] { Init(); });
  node_.On("generate", [this](const maelstrom::Message& m) { Generate(m); });
}

UniqueIds::~UniqueIds() {
  if (timer_.has_value()) node_.CancelTimer(*timer_);
}

void UniqueIds::Init() {
  const auto& ids = node_.node_ids();
  auto index =
      static_cast<std::size_t>(std::find(ids.begin(), ids.end(), node_.id()) - ids.begin());
  if (config_.format != idgen::IdFormat::kUuid4 && index == ids.size()) {
    // Its index would be one no list gives it, which another such node could share.
    throw Error(ErrorCode::kCrash,
                "unique-ids: node " + node_.id() + " is not in node_ids, so it has no node index");
  }
  if (config_.format != idgen::IdFormat::kUuid4 && index > idgen::kMaxNodeIndex) {
    throw Error(ErrorCode::kCrash,
                "unique-ids: node " + node_.id() + " is number " + std::to_string(index + 1) +
                    " of " + std::to_string(ids.size()) + "; " +
                    std::string(idgen::IdFormatName(config_.format)) + " has room for 1024 nodes");
  }
  const auto node_index = static_cast<uint32_t>(std::min<std::size_t>(index, idgen::kMaxNodeIndex));
  if (generator_ != nullptr && node_index == index_ && node_.id() == holder_) {
    MAELSTROM_LOG(kInfo, "unique-ids: init again as ", holder_, ", index ", index_, ": unchanged");
    return;
  }
  idgen::Options options;
  options.format = config_.format;
  options.node_index = node_index;
  options.node_id = node_.id();
  const bool default_dir = config_.mark_dir.empty();
  options.mark_dir =
      default_dir ? DefaultMarkDir(config_.parent_pid != 0 ? config_.parent_pid : ::getppid())
                  : config_.mark_dir;
  options.create_mark_dir = default_dir;
  options.mark_durability =
      fsync_marks_ ? idgen::MarkDurability::kMachineCrash : idgen::MarkDurability::kProcessCrash;
  options.mark_file_prefix = "unique-ids";
  options.lease_ms = config_.lease_ms;
  options.refresh_ahead_ms = config_.lease_ms / 2;
  options.max_lead_ms = config_.max_lead_ms;
  options.lead_policy = config_.lead_policy;
  options.clock = config_.clock;
  options.file_system = config_.file_system;
  // Unsynced writes are cheap enough for the request that needs one (Config::mark_fsync).
  options.mark_writer = fsync_marks_ ? config_.mark_writer : nullptr;
  // A new index: let go of the old one's mark and lock first (the old mark stays on disk, the
  // floor for whoever takes that index next).
  generator_.reset();
  idgen::Status s = idgen::IdGenerator::Open(options, &generator_);
  if (!s.ok()) throw Error(ErrorCode::kCrash, "unique-ids: " + s.ToString());
  index_ = node_index;
  holder_ = node_.id();
  MAELSTROM_LOG(kInfo, "unique-ids: node ", node_.id(), " has index ", index, ", format ",
                idgen::IdFormatName(config_.format), ", mark ", generator_->mark_path());
  const std::string& before = generator_->previous_holder();
  if (!before.empty() && before != node_.id()) {
    MAELSTROM_LOG(kInfo, "unique-ids: index ", index, " was last held by ", before,
                  "; continuing above its mark");
  }
  // Load the mark now rather than at the first request. A failure is not fatal: requests are
  // answered "temporarily unavailable" until it clears.
  reported_error_.clear();
  Maintain();
}

void UniqueIds::Maintain() {
  if (generator_ == nullptr) return;
  Report(generator_->Maintain());
  ScheduleMaintain();
}

void UniqueIds::ScheduleMaintain() {
  if (timer_.has_value()) node_.CancelTimer(*timer_);
  timer_.reset();
  if (config_.format == idgen::IdFormat::kUuid4) return;  // no mark to keep
  // Without fsync, requests write the mark when they need it; a timer only retries a failure.
  if (!fsync_marks_ && reported_error_.empty()) return;
  // A write is due once the next ID comes within lease_ms / 2 of the durable mark
  // (IdGenerator::Maintain). Until then there is nothing to do; from then until the write has
  // landed, look every maintain_every.
  auto delay = config_.maintain_every;
  if (reported_error_.empty()) {
    // Due once strictly within lease_ms / 2; wake a millisecond past that, not on the boundary.
    const int64_t due_in_ms =
        generator_->durable_mark_ms() - config_.lease_ms / 2 - config_.clock->NowMs() + 1;
    delay = std::max(delay, std::chrono::milliseconds(std::min(due_in_ms, config_.lease_ms)));
  }
  timer_ = node_.After(delay, [this] {
    timer_.reset();
    ++maintenance_runs_;
    Maintain();
  });
}

void UniqueIds::Report(const idgen::Status& s) {
  std::string error = s.ok() ? "" : s.ToString();
  if (error == reported_error_) return;
  if (s.ok()) {
    const std::string& before = generator_->previous_holder();
    MAELSTROM_LOG(kInfo, "unique-ids: mark is durable again; issuing IDs",
                  before.empty() || before == holder_
                      ? ""
                      : " (index " + std::to_string(index_) + " was last held by " + before + ")");
  } else {
    MAELSTROM_LOG(kError, "unique-ids: cannot vouch for new IDs: ", error);
  }
  reported_error_ = std::move(error);
}

void UniqueIds::Generate(const maelstrom::Message& request) {
  if (!generator_) throw Error(ErrorCode::kTemporarilyUnavailable, "unique-ids: not initialized");
  idgen::Status s;
  if (config_.format == idgen::IdFormat::kFlake64) {
    uint64_t id = 0;
    s = generator_->NextFlake(&id);
    if (s.ok()) {
      node_.Reply(request, generate_ok_, id);
      return;
    }
  } else {
    idgen::Uuid id;
    s = generator_->NextUuid(&id);
    if (s.ok()) {
      char text[idgen::kUuidTextSize];
      idgen::FormatUuid(id, text);
      node_.Reply(request, generate_ok_, std::string_view(text, idgen::kUuidTextSize));
      return;
    }
  }
  // Nothing was issued: a definite failure the client may retry.
  Report(s);
  throw Error(ErrorCode::kTemporarilyUnavailable, "unique-ids: " + s.ToString());
}

}  // namespace unique_ids
