// The unique-ids challenge: answer every `generate` with an ID no other request ever gets, on
// any node, before or after a crash, whatever the clock does. The IDs come from idgen (see
// docs/ids.md); this file connects a generator to a Maelstrom node.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "idgen/clock.h"
#include "idgen/id_format.h"
#include "idgen/id_generator.h"
#include "idgen/mark_writer.h"
#include "idgen/options.h"
#include "maelstrom/node.h"

namespace unique_ids {

// The mark directory when none is given: one per parent process, in the working directory.
// Maelstrom starts every node of every test in the JVM's temp directory, the JVM being the parent
// of each node and of each restart of it; so a restarted node finds its mark, and two tests
// running at once (two JVMs) keep theirs apart instead of fighting over the same locks.
std::string DefaultMarkDir(long parent_pid);

struct Config {
  idgen::IdFormat format = idgen::IdFormat::kFlake64;
  // Where the crash-safety marks live (one per node index, locked while in use). Empty:
  // DefaultMarkDir(parent_pid), created if missing. A directory given here is used as it is:
  // every node using it must be of the same test.
  std::string mark_dir;
  // For DefaultMarkDir; 0 means getppid().
  long parent_pid = 0;
  // Whether each mark write is fsynced (survives the machine's crash) or only handed to the
  // kernel (survives the node's: idgen::MarkDurability). Unset: fsync in a directory given in
  // mark_dir, which may outlive the machine's uptime; not in the per-test default directory,
  // which no later test reuses and a machine crash ends the test of.
  //
  // The two keep their marks differently. Fsynced writes take milliseconds, so they run on a
  // thread of their own, ahead of need, woken by a timer (maintain_every): about 40 wakeups a
  // second per node even when idle. Unsynced ones take tens of microseconds, so the request
  // that needs a new mark writes it itself, at most once a lease_ms, and an idle node never
  // wakes: 1,024 nodes with timers and fsyncs never finished starting on two cores.
  std::optional<bool> mark_fsync;
  // The lease (idgen::Options::lease_ms): a node restarted after a crash issues IDs at most this
  // far ahead of its clock. Its mark is rewritten every lease_ms / 2.
  int64_t lease_ms = 200;
  // How far more than 4096 IDs a millisecond may push IDs ahead of the clock; below
  // lease_ms / 2.
  int64_t max_lead_ms = 50;
  idgen::LeadPolicy lead_policy = idgen::LeadPolicy::kWait;
  // Where timestamps come from: CLOCK_REALTIME_COARSE (the kernel's last tick, 4 ms here, read
  // in about 6 ns) or CLOCK_REALTIME (exact to the millisecond, about 30 ns, a tenth of the
  // node's whole cost per request). Uniqueness does not depend on it; only how closely IDs
  // from different nodes follow real time does.
  bool coarse_clock = true;
  // With fsynced marks, the mark is rewritten on a thread of its own, so requests do not wait
  // on the disk; the loop only decides when. It sleeps until the next write is due (lease_ms /
  // 2 before the mark runs out) and looks again this soon while a write is due, in flight or
  // failing, where a fixed 10 ms timer woke it 100 times a second. Without fsync, the timer
  // runs only while the mark cannot be written (to retry, and log when it can again).
  std::chrono::milliseconds maintain_every{10};
  // For tests; null means the real ones (a thread of the node's own for the writer).
  idgen::Clock* clock = nullptr;
  idgen::FileSystem* file_system = nullptr;
  idgen::MarkWriter* mark_writer = nullptr;
};

// Installs the init hook, the `generate` handler and the mark-keeping timer on `node`.
//
// The node index in every ID is the node's position in init's node_ids, the same list on every
// node, so no two nodes share one. The index is also the identity: a second init that gives the
// node another index lets go of the old index's mark and takes the new one's, continuing above
// whatever any earlier holder of that index issued; while another live process holds it, or its
// mark is damaged, requests are refused. An ID is issued only when the generator can vouch for
// it; otherwise the request gets code 11 (temporarily-unavailable) saying why, and the reason is
// logged once per change.
class UniqueIds {
 public:
  UniqueIds(maelstrom::Node& node, Config config);
  ~UniqueIds();
  UniqueIds(const UniqueIds&) = delete;
  UniqueIds& operator=(const UniqueIds&) = delete;

  // The generator opened at the last init, or null before it.
  idgen::IdGenerator* generator() { return generator_.get(); }
  // How often the maintenance timer has run, for tests and diagnostics.
  uint64_t maintenance_runs() const { return maintenance_runs_; }

 private:
  void Init();
  void Generate(const maelstrom::Message& request);
  void Maintain();
  // Arms the one maintenance timer for the next time there is something to do.
  void ScheduleMaintain();
  // Logs `s` if it differs from the last state reported.
  void Report(const idgen::Status& s);

  maelstrom::Node& node_;
  Config config_;
  // Every reply to generate: written from the node's template, only the ID and in_reply_to
  // spliced in.
  const maelstrom::ReplyShape generate_ok_{"generate_ok", "id"};
  bool fsync_marks_ = true;  // config_.mark_fsync, decided
  std::unique_ptr<idgen::Clock> owned_clock_;
  std::unique_ptr<idgen::MarkWriter> owned_writer_;  // outlives generator_, which waits on it
  std::unique_ptr<idgen::IdGenerator> generator_;
  uint32_t index_ = 0;  // generator_'s node index, and the name it records
  std::string holder_;
  std::string reported_error_;  // logged once per distinct failure, not on every request
  std::optional<maelstrom::TimerId> timer_;
  uint64_t maintenance_runs_ = 0;
};

}  // namespace unique_ids
