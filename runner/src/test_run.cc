#include "runner/src/test_run.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <queue>
#include <unordered_map>
#include <vector>

#include "maelstrom/json.h"
#include "runner/src/envelope.h"
#include "runner/src/exit_codes.h"
#include "runner/src/history.h"
#include "runner/src/network.h"
#include "runner/src/node_report.h"
#include "runner/src/partition.h"
#include "runner/src/plot.h"
#include "runner/src/poller.h"
#include "runner/src/process.h"
#include "runner/src/progress.h"
#include "runner/src/random.h"
#include "runner/src/results.h"
#include "runner/src/schedule.h"
#include "runner/src/services.h"
#include "runner/src/store.h"
#include "runner/src/summary.h"
#include "runner/src/workload.h"

namespace glomers {

namespace {

Nanos SteadyNow() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double CpuSeconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// What an epoll event is about. The generation tells events of a killed process's pipes from
// those of its successor.
enum EventKind : std::uint64_t { kStdout = 0, kStdin = 1, kPidfd = 2 };

std::uint64_t EventData(std::size_t node, std::uint32_t generation, EventKind kind) {
  return (static_cast<std::uint64_t>(generation) << 32) | (static_cast<std::uint64_t>(node) << 2) |
         kind;
}

std::string JsonString(std::string_view s) {
  std::string out;
  maelstrom::WriteJsonString(out, s);
  return out;
}

// The last lines of a file, for crash reports.
std::vector<std::string> TailLines(const std::string& path, std::size_t count) {
  std::ifstream in(path);
  std::deque<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    lines.push_back(line.size() > 500 ? line.substr(0, 500) + "..." : line);
    if (lines.size() > count) lines.pop_front();
  }
  return {lines.begin(), lines.end()};
}

std::string Shorten(std::string_view line, std::size_t max) {
  if (line.size() <= max) return std::string(line);
  return std::string(line.substr(0, max)) + "... (" + std::to_string(line.size()) + " bytes)";
}

constexpr std::size_t kReadChunk = 64 * 1024;
constexpr std::size_t kMaxLine = std::size_t{64} << 20;  // the JSON parser's own limit

}  // namespace

class TestRun::Impl {
 public:
  Impl(TestOptions options, std::FILE* out, std::FILE* err)
      : options_(std::move(options)),
        out_(out),
        err_(err),
        progress_(err, err == stderr && ::isatty(2) == 1) {}

  int Run();
  const std::string& dir() const { return dir_; }

 private:
  enum class Phase { kInit, kRun, kDrain, kDone };
  enum class NodeStatus { kRunning, kPaused, kKilled, kCrashed };
  enum class Role { kInit, kWorker, kIdle };

  struct Node {
    std::string name;
    Address address = -1;
    std::optional<ChildProcess> process;
    NodeStatus status = NodeStatus::kRunning;
    bool initialized = false;
    bool reading = false;  // stdout still read
    bool write_armed = false;
    bool stdin_open = false;
    std::uint32_t generation = 0;
    std::string in;   // stdout not yet split into lines
    std::string out;  // stdin not yet written
    std::size_t out_offset = 0;
    bool dirty = false;
    std::string log_path;
  };
  struct Client {
    Address address = -1;
    std::int64_t last_msg_id = 0;
    std::optional<std::int64_t> waiting;
    std::string request;  // the outstanding request body
    Role role = Role::kIdle;
    int owner = -1;  // node (init) or worker
  };
  struct Worker {
    std::int64_t process = 0;
    std::size_t node = 0;
    int client = -1;
    bool busy = false;
    std::int64_t invoke = -1;
    Nanos free_since = 0;  // since the test began
  };
  struct Timeout {
    Nanos at;
    int client;
    std::int64_t msg_id;
    // Earliest first; ties in the order the requests went out.
    bool operator>(const Timeout& o) const { return at != o.at ? at > o.at : client > o.client; }
  };
  // A start operation waits for the inits of the nodes it restarted.
  struct PendingStart {
    std::map<std::string, std::string> outcomes;
    int waiting = 0;
  };

  // --- Setup ---
  bool Prepare();
  bool StartNode(std::size_t index, std::string* error);
  int OpenClient(Role role, int owner);
  void CloseClient(int client);
  void SendInit(std::size_t node, Nanos now);

  // --- The loop ---
  bool Loop(const std::function<bool()>& done);
  void Step(Nanos now);
  std::optional<Nanos> NextWake(Nanos now);
  void HandleEvents(const std::vector<epoll_event>& events, Nanos now);

  // --- Messages ---
  void Send(Address src, Address dest, std::string body, Nanos now);
  bool DeliverDue(Nanos now);
  void DeliverToNode(Envelope& e);
  void DeliverToClient(Envelope& e, Nanos now);
  // Reads and handles what the node wrote: a bounded amount, or, once it has exited (`drain`),
  // all of it.
  void ReadNode(std::size_t index, Nanos now, bool drain = false);
  void HandleLine(std::size_t index, std::string_view line, Nanos now);
  void BadLine(std::size_t index, std::string_view line, const std::string& reason, Nanos now);
  void FlushWrites();
  void FlushNode(std::size_t index);
  void ReapNode(std::size_t index, Nanos now);
  void StopNode(std::size_t index);

  // --- Operations ---
  bool IssueOps(Nanos now);
  bool FireTimeouts(Nanos now);
  void CompleteOp(Worker& w, Completion c, Nanos now);
  void InitAnswered(Client& client, const maelstrom::JsonView* reply, Nanos now);

  // --- Faults ---
  bool RunNemesis(Nanos now);
  void CompleteNemesis(std::string value, Nanos now);
  std::string FaultsInForce() const;

  // --- End ---
  void Teardown(Nanos now);
  int Abort(const std::string& message);
  void Report(Nanos now);

  Nanos Rel(Nanos now) const { return now - t0_; }

  TestOptions options_;
  std::FILE* out_;
  std::FILE* err_;
  Progress progress_;
  std::unique_ptr<Workload> workload_;
  std::string dir_;
  std::string bin_;

  std::unique_ptr<Network> network_;
  std::unordered_map<Address, std::unique_ptr<Service>> services_;
  std::vector<Node> nodes_;
  std::vector<Client> clients_;
  std::unordered_map<Address, int> client_at_;
  int next_client_number_ = 0;
  std::vector<Worker> workers_;
  std::size_t free_workers_ = 0;
  std::size_t cursor_ = 0;
  History history_;
  std::optional<Stagger> op_stagger_;
  Random values_rng_{0};
  // Grudges and kill/pause targets draw apart: how the two kinds of faults interleave depends on
  // timing, and must not change which nodes either one picks.
  Random grudge_rng_{0};
  Random targets_rng_{0};
  std::unique_ptr<NemesisSchedule> nemesis_;
  bool nemesis_busy_ = false;
  std::int64_t nemesis_invoke_ = -1;
  Nanos nemesis_free_since_ = 0;
  std::optional<PendingStart> pending_start_;
  std::optional<std::string> partition_in_force_;
  std::priority_queue<Timeout, std::vector<Timeout>, std::greater<>> timeouts_;
  Poller poller_;
  std::vector<std::size_t> dirty_;

  Phase phase_ = Phase::kInit;
  Nanos t0_ = 0;
  Nanos limit_ = 0;
  Nanos rpc_timeout_ = 0;
  Nanos init_timeout_ = 0;
  int init_waiting_ = 0;
  std::string abort_message_;
  std::int64_t ok_ = 0, fail_ = 0, info_ = 0;
  std::vector<Nanos> ok_latencies_;
  NodeReport report_;
  maelstrom::JsonDocument line_doc_, reply_doc_;
  NodeLine line_;
  std::vector<char> read_buffer_ = std::vector<char>(kReadChunk);
};

TestRun::TestRun(TestOptions options, std::FILE* out, std::FILE* err)
    : impl_(std::make_unique<Impl>(std::move(options), out, err)) {}
TestRun::~TestRun() = default;
int TestRun::Run() { return impl_->Run(); }
const std::string& TestRun::dir() const { return impl_->dir(); }

// ---------------------------------------------------------------------------------------------
// Setup

bool TestRun::Impl::Prepare() {
  workload_ = MakeWorkload(options_.workload);
  if (!workload_) {
    abort_message_ = "unknown workload " + options_.workload;
    return false;
  }
  char* resolved = ::realpath(options_.bin.c_str(), nullptr);
  if (resolved == nullptr) {
    abort_message_ = "cannot resolve --bin " + options_.bin + ": " + std::strerror(errno);
    return false;
  }
  bin_ = resolved;
  std::free(resolved);
  std::string error;
  auto dir =
      CreateTestDir(options_.store, options_.workload, std::chrono::system_clock::now(), &error);
  if (!dir) {
    abort_message_ = error;
    return false;
  }
  dir_ = *dir;
  if (!poller_.ok()) {
    abort_message_ = std::string("cannot create epoll: ") + std::strerror(errno);
    return false;
  }

  // test.json: everything needed to run this test again.
  WriteFile(dir_ + "/test.json", PrettyJson(ToJson(options_)));

  std::uint64_t seed = options_.seed;
  network_ =
      std::make_unique<Network>(LatencyDistribution(options_.latency_shape, options_.latency_ms),
                                Random(seed, Random::kLatency));
  values_rng_ = Random(seed, Random::kValues);
  grudge_rng_ = Random(seed, Random::kGrudges);
  targets_rng_ = Random(seed, Random::kTargets);
  if (options_.rate > 0) op_stagger_.emplace(1.0 / options_.rate, Random(seed, Random::kOps));
  nemesis_ = std::make_unique<NemesisSchedule>(options_.nemesis, options_.nemesis_interval_s, seed);
  limit_ = SecondsToNanos(options_.time_limit_s);
  rpc_timeout_ = SecondsToNanos(options_.rpc_timeout_s);
  init_timeout_ = SecondsToNanos(options_.init_timeout_s);

  // Addresses: nodes first (their address is their index), then services, then clients.
  for (const auto& name : options_.nodes) {
    Node n;
    n.name = name;
    n.address = network_->Add(name, EntityKind::kNode);
    n.log_path = dir_ + "/node-logs/" + name + ".log";
    nodes_.push_back(std::move(n));
  }
  std::uint64_t stream = Random::kServices;
  for (const auto& name : ServiceNames()) {
    Address a = network_->Add(name, EntityKind::kService);
    services_[a] = MakeService(name, Random(seed, 1000 + stream++));
  }
  int concurrency = options_.concurrency_count();
  for (int i = 0; i < concurrency; ++i) {
    Worker w;
    w.process = i;
    w.node = static_cast<std::size_t>(i) % nodes_.size();
    workers_.push_back(w);
  }
  free_workers_ = workers_.size();
  return true;
}

bool TestRun::Impl::StartNode(std::size_t index, std::string* error) {
  Node& n = nodes_[index];
  SpawnSpec spec{bin_, options_.node_args, dir_ + "/work", n.log_path};
  auto process = ChildProcess::Spawn(spec, error);
  if (!process) return false;
  n.process = std::move(*process);
  ++n.generation;
  n.status = NodeStatus::kRunning;
  n.initialized = false;
  n.reading = true;
  n.stdin_open = true;
  n.write_armed = false;
  n.in.clear();
  n.out.clear();
  n.out_offset = 0;
  poller_.Add(n.process->stdout_fd(), EPOLLIN, EventData(index, n.generation, kStdout));
  if (n.process->pidfd() >= 0) {
    poller_.Add(n.process->pidfd(), EPOLLIN, EventData(index, n.generation, kPidfd));
  }
  return true;
}

int TestRun::Impl::OpenClient(Role role, int owner) {
  Client c;
  c.address = network_->Add("c" + std::to_string(next_client_number_++), EntityKind::kClient);
  c.role = role;
  c.owner = owner;
  clients_.push_back(std::move(c));
  int index = static_cast<int>(clients_.size() - 1);
  client_at_[clients_.back().address] = index;
  return index;
}

void TestRun::Impl::CloseClient(int client) {
  clients_[static_cast<std::size_t>(client)].waiting.reset();
  network_->Close(clients_[static_cast<std::size_t>(client)].address);
}

void TestRun::Impl::SendInit(std::size_t node, Nanos now) {
  int ci = OpenClient(Role::kInit, static_cast<int>(node));
  Client& c = clients_[static_cast<std::size_t>(ci)];
  std::int64_t msg_id = ++c.last_msg_id;
  std::string body =
      "{\"type\":\"init\",\"node_id\":" + JsonString(nodes_[node].name) + ",\"node_ids\":[";
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    body += (i ? "," : "") + network_->name_json(nodes_[i].address);
  }
  body += "],\"msg_id\":" + std::to_string(msg_id) + "}";
  c.waiting = msg_id;
  c.request = body;
  timeouts_.push({now + init_timeout_, ci, msg_id});
  Send(c.address, nodes_[node].address, std::move(body), now);
}

// ---------------------------------------------------------------------------------------------
// The loop

bool TestRun::Impl::Loop(const std::function<bool()>& done) {
  while (true) {
    Nanos now = SteadyNow();
    Step(now);
    FlushWrites();
    if (!abort_message_.empty()) return false;
    if (done()) return true;
    if (phase_ != Phase::kInit && progress_.Due(now)) Report(now);
    std::optional<Nanos> wake = NextWake(now);
    const auto& events = poller_.Wait(wake ? std::optional<Nanos>(*wake - now) : std::nullopt);
    HandleEvents(events, SteadyNow());
  }
}

void TestRun::Impl::Step(Nanos now) {
  if (phase_ == Phase::kRun && Rel(now) >= limit_) phase_ = Phase::kDrain;
  bool progress = true;
  while (progress && abort_message_.empty()) {
    progress = DeliverDue(now);
    progress = FireTimeouts(now) || progress;
    progress = RunNemesis(now) || progress;
    progress = IssueOps(now) || progress;
  }
}

std::optional<Nanos> TestRun::Impl::NextWake(Nanos now) {
  std::optional<Nanos> wake;
  auto consider = [&](Nanos t) {
    if (!wake || t < *wake) wake = t;
  };
  if (auto d = network_->NextDeadline()) consider(*d);
  if (!timeouts_.empty()) consider(timeouts_.top().at);
  if (phase_ == Phase::kRun) {
    consider(t0_ + limit_);
    if (op_stagger_ && free_workers_ > 0) {
      Nanos ready = limit_;
      for (const Worker& w : workers_) {
        if (!w.busy) ready = std::min(ready, w.free_since);
      }
      Nanos at = op_stagger_->NextTime(ready);
      if (at < limit_) consider(t0_ + at);
    }
    if (!nemesis_busy_) {
      if (auto at = nemesis_->NextTime(nemesis_free_since_); at && *at < limit_) {
        consider(t0_ + *at);
      }
    }
  }
  // Wake now and then for the progress line.
  if (phase_ != Phase::kInit) consider(now + kNanosPerSecond / 5);
  return wake;
}

void TestRun::Impl::HandleEvents(const std::vector<epoll_event>& events, Nanos now) {
  for (const epoll_event& ev : events) {
    std::uint64_t data = ev.data.u64;
    std::size_t index = static_cast<std::size_t>((data & 0xFFFFFFFFu) >> 2);
    auto generation = static_cast<std::uint32_t>(data >> 32);
    if (index >= nodes_.size() || nodes_[index].generation != generation) continue;
    switch (static_cast<EventKind>(data & 3)) {
      case kStdout:
        ReadNode(index, now);
        break;
      case kStdin:
        FlushNode(index);
        break;
      case kPidfd:
        ReadNode(index, now, true);  // what it wrote before it exited still counts
        ReapNode(index, now);
        break;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Messages

void TestRun::Impl::Send(Address src, Address dest, std::string body, Nanos now) {
  if (options_.log_net_send) {
    std::fprintf(err_, ":send {\"src\":%s,\"dest\":%s,\"body\":%s}\n",
                 network_->name_json(src).c_str(), network_->name_json(dest).c_str(), body.c_str());
  }
  network_->Send(src, dest, std::move(body), now);
}

bool TestRun::Impl::DeliverDue(Nanos now) {
  bool any = false;
  while (auto e = network_->TakeDue(now)) {
    any = true;
    switch (network_->kind(e->dest)) {
      case EntityKind::kNode:
        DeliverToNode(*e);
        break;
      case EntityKind::kClient:
        DeliverToClient(*e, now);
        break;
      case EntityKind::kService: {
        network_->Received(*e);
        auto reply = ServiceReply(*services_[e->dest], network_->name(e->src), e->body);
        if (reply) Send(e->dest, e->src, std::move(*reply), now);
        break;
      }
    }
    if (!abort_message_.empty()) break;
  }
  return any;
}

void TestRun::Impl::DeliverToNode(Envelope& e) {
  std::size_t index = static_cast<std::size_t>(network_->node_index(e.dest));
  Node& n = nodes_[index];
  // A killed or crashed node's messages are lost; a paused one's wait in its pipe.
  if (n.status == NodeStatus::kKilled || n.status == NodeStatus::kCrashed || !n.stdin_open) return;
  network_->Received(e);
  if (options_.log_net_recv) {
    std::string line;
    network_->AppendLine(line, e);
    std::fprintf(err_, ":recv %s", line.c_str());
  }
  network_->AppendLine(n.out, e);
  if (!n.dirty) {
    n.dirty = true;
    dirty_.push_back(index);
  }
}

void TestRun::Impl::DeliverToClient(Envelope& e, Nanos now) {
  auto it = client_at_.find(e.dest);
  if (it == client_at_.end()) return;
  network_->Received(e);
  if (options_.log_net_recv) {
    std::string line;
    network_->AppendLine(line, e);
    std::fprintf(err_, ":recv %s", line.c_str());
  }
  Client& c = clients_[static_cast<std::size_t>(it->second)];
  if (!c.waiting) return;
  if (!reply_doc_.Parse(e.body)) return;
  maelstrom::JsonView body = reply_doc_.root();
  auto in_reply_to = body.Find("in_reply_to");
  // A synchronous client drops anything but the reply to its outstanding request.
  if (!in_reply_to || !in_reply_to->is_integer()) return;
  char expected[24];
  auto end = std::to_chars(expected, expected + sizeof expected, *c.waiting).ptr;
  if (in_reply_to->raw() != std::string_view(expected, static_cast<std::size_t>(end - expected))) {
    return;
  }
  c.waiting.reset();
  if (c.role == Role::kInit) {
    InitAnswered(c, &body, now);
    return;
  }
  if (c.role != Role::kWorker) return;
  Worker& w = workers_[static_cast<std::size_t>(c.owner)];
  const Op& invoke = history_[w.invoke];
  Completion completion = workload_->Judge(body, nodes_[w.node].name, c.request, invoke.value);
  CompleteOp(w, std::move(completion), now);
}

void TestRun::Impl::ReadNode(std::size_t index, Nanos now, bool drain) {
  Node& n = nodes_[index];
  if (!n.process || !n.reading || n.process->stdout_fd() < 0) return;
  // At most 1 MiB at a time, so that a node that writes without pause cannot starve the others:
  // the loop comes back (epoll is level-triggered). Draining an exited node's pipe stops at
  // 64 MiB, in case something it left behind still writes to it.
  const int max_reads = drain ? 1024 : 16;
  for (int reads = 0; n.reading && reads < max_reads; ++reads) {
    ssize_t got = ::read(n.process->stdout_fd(), read_buffer_.data(), read_buffer_.size());
    if (got > 0) {
      std::string_view chunk(read_buffer_.data(), static_cast<std::size_t>(got));
      // Whole lines go straight from the read buffer; only a partial line is kept.
      std::size_t nl = chunk.find('\n');
      if (nl != std::string_view::npos && !n.in.empty()) {
        n.in.append(chunk.substr(0, nl));
        HandleLine(index, n.in, now);
        n.in.clear();
        chunk.remove_prefix(nl + 1);
        nl = chunk.find('\n');
      }
      while (nl != std::string_view::npos && n.reading) {
        HandleLine(index, chunk.substr(0, nl), now);
        chunk.remove_prefix(nl + 1);
        nl = chunk.find('\n');
      }
      if (!n.reading) break;
      n.in.append(chunk);
      if (n.in.size() > kMaxLine) {
        BadLine(index, n.in, "a line longer than 64 MiB", now);
        break;
      }
      if (static_cast<std::size_t>(got) < read_buffer_.size()) break;
      continue;
    }
    if (got < 0 && (errno == EAGAIN || errno == EINTR)) break;
    // End of output: the node exited or closed stdout. Nothing more will come.
    n.reading = false;
  }
  if (!n.reading) {
    poller_.Remove(n.process->stdout_fd());
    n.in.clear();
  }
}

void TestRun::Impl::HandleLine(std::size_t index, std::string_view line, Nanos now) {
  std::string reason;
  if (!ParseNodeLine(line, line_doc_, &line_, &reason)) {
    BadLine(index, line, reason, now);
    return;
  }
  auto src = network_->Find(line_.src);
  auto dest = network_->Find(line_.dest);
  if (!src || !network_->live(*src)) {
    BadLine(index, line,
            "src " + JsonString(line_.src) +
                (src ? " is a client that has closed"
                     : " is not a node, client or service of this test"),
            now);
    return;
  }
  if (!dest || !network_->live(*dest)) {
    BadLine(index, line,
            "dest " + JsonString(line_.dest) +
                (dest ? " is a client that has closed"
                      : " is not a node, client or service of this test"),
            now);
    return;
  }
  Send(*src, *dest, std::string(line_.body), now);
}

void TestRun::Impl::BadLine(std::size_t index, std::string_view line, const std::string& reason,
                            Nanos now) {
  Node& n = nodes_[index];
  n.reading = false;
  BadOutput bad{n.name, Shorten(line, 2000), reason, phase_ == Phase::kInit ? 0 : Rel(now)};
  Report(now);
  progress_.Finish();
  std::fprintf(err_,
               "glomers: node %s wrote a line to stdout that is not a valid message (%s); "
               "Maelstrom reads nothing more from %s after it:\n  %s\n",
               n.name.c_str(), reason.c_str(), n.name.c_str(), bad.line.c_str());
  report_.bad_output.push_back(std::move(bad));
}

void TestRun::Impl::FlushWrites() {
  for (std::size_t index : dirty_) {
    nodes_[index].dirty = false;
    FlushNode(index);
  }
  dirty_.clear();
}

void TestRun::Impl::FlushNode(std::size_t index) {
  Node& n = nodes_[index];
  if (!n.process || !n.stdin_open) return;
  int fd = n.process->stdin_fd();
  while (n.out_offset < n.out.size()) {
    ssize_t wrote = ::write(fd, n.out.data() + n.out_offset, n.out.size() - n.out_offset);
    if (wrote > 0) {
      n.out_offset += static_cast<std::size_t>(wrote);
      continue;
    }
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0 && errno == EAGAIN) {
      // The node is not reading (busy, or paused): wait until its pipe has room.
      if (!n.write_armed) {
        poller_.Add(fd, EPOLLOUT, EventData(index, n.generation, kStdin));
        n.write_armed = true;
      }
      return;
    }
    // The node closed stdin or died; its exit is noticed through its pidfd.
    n.stdin_open = false;
    break;
  }
  n.out.clear();
  n.out_offset = 0;
  if (n.write_armed) {
    poller_.Remove(fd);
    n.write_armed = false;
  }
}

void TestRun::Impl::ReapNode(std::size_t index, Nanos now) {
  Node& n = nodes_[index];
  if (!n.process) return;
  auto status = n.process->TryReap();
  if (!status) return;
  if (n.status == NodeStatus::kKilled) return;
  // It exited on its own: a crash, as Maelstrom sees it.
  n.status = NodeStatus::kCrashed;
  NodeCrash crash{n.name, DescribeWaitStatus(*status), phase_ == Phase::kInit ? 0 : Rel(now),
                  TailLines(n.log_path, 32)};
  StopNode(index);
  if (phase_ == Phase::kInit) {
    std::string message = "node " + n.name + " crashed during init: it " + crash.how +
                          ". Its last stderr lines (" + n.log_path + "):";
    for (const auto& line : crash.stderr_tail) message += "\n  | " + line;
    abort_message_ = message;
    return;
  }
  Report(now);
  progress_.Finish();
  std::fprintf(err_, "glomers: node %s crashed: it %s at %.3f s (see %s)\n", n.name.c_str(),
               crash.how.c_str(), static_cast<double>(crash.time) / 1e9, n.log_path.c_str());
  report_.crashes.push_back(std::move(crash));
}

void TestRun::Impl::StopNode(std::size_t index) {
  Node& n = nodes_[index];
  if (!n.process) return;
  if (n.process->stdout_fd() >= 0) poller_.Remove(n.process->stdout_fd());
  if (n.write_armed) poller_.Remove(n.process->stdin_fd());
  if (n.process->pidfd() >= 0) poller_.Remove(n.process->pidfd());
  n.process->KillAndReap();
  n.process.reset();
  ++n.generation;
  n.reading = false;
  n.stdin_open = false;
  n.write_armed = false;
  n.in.clear();
  n.out.clear();
  n.out_offset = 0;
}

// ---------------------------------------------------------------------------------------------
// Operations

bool TestRun::Impl::IssueOps(Nanos now) {
  if (phase_ != Phase::kRun || !op_stagger_) return false;
  Nanos rel = Rel(now);
  bool issued = false;
  while (free_workers_ > 0) {
    Nanos ready = limit_;
    for (const Worker& w : workers_) {
      if (!w.busy) ready = std::min(ready, w.free_since);
    }
    Nanos at = op_stagger_->NextTime(ready);
    if (at >= limit_ || at > rel) break;
    // Jepsen hands the operation to the first free worker from a rotating cursor (one slot of
    // which is the nemesis's), so operations spread over all workers.
    std::size_t slots = workers_.size() + 1;
    std::size_t pick = workers_.size();
    for (std::size_t k = 0; k < slots; ++k) {
      std::size_t i = (cursor_ + k) % slots;
      if (i < workers_.size() && !workers_[i].busy) {
        pick = i;
        break;
      }
    }
    cursor_ = (cursor_ + 1) % slots;
    op_stagger_->Took(at);
    Worker& w = workers_[pick];
    if (w.client < 0) w.client = OpenClient(Role::kWorker, static_cast<int>(pick));
    Client& c = clients_[static_cast<std::size_t>(w.client)];
    std::string value = workload_->NextValue(values_rng_);
    std::int64_t msg_id = ++c.last_msg_id;
    std::string body = "{";
    workload_->AppendRequest(body, value);
    body += ",\"msg_id\":" + std::to_string(msg_id) + "}";
    Op invoke;
    invoke.type = OpType::kInvoke;
    invoke.f = workload_->f();
    invoke.value = std::move(value);
    invoke.process = w.process;
    invoke.time = rel;
    w.invoke = history_.Append(std::move(invoke));
    w.busy = true;
    --free_workers_;
    c.waiting = msg_id;
    c.request = body;
    timeouts_.push({now + rpc_timeout_, w.client, msg_id});
    Send(c.address, nodes_[w.node].address, std::move(body), now);
    issued = true;
  }
  return issued;
}

bool TestRun::Impl::FireTimeouts(Nanos now) {
  bool any = false;
  while (!timeouts_.empty() && timeouts_.top().at <= now) {
    Timeout t = timeouts_.top();
    timeouts_.pop();
    Client& c = clients_[static_cast<std::size_t>(t.client)];
    if (!c.waiting || *c.waiting != t.msg_id) continue;  // answered in time
    any = true;
    c.waiting.reset();
    if (c.role == Role::kInit) {
      InitAnswered(c, nullptr, now);
    } else if (c.role == Role::kWorker) {
      Worker& w = workers_[static_cast<std::size_t>(c.owner)];
      CompleteOp(w, Workload::Timeout(history_[w.invoke].value), now);
    }
    if (!abort_message_.empty()) break;
  }
  return any;
}

void TestRun::Impl::CompleteOp(Worker& w, Completion c, Nanos now) {
  Op done;
  done.type = c.type;
  done.f = workload_->f();
  done.value = std::move(c.value);
  done.process = w.process;
  done.time = Rel(now);
  done.error = std::move(c.error);
  done.exception = std::move(c.exception);
  Nanos latency = done.time - history_[w.invoke].time;
  history_.Complete(w.invoke, std::move(done));
  switch (c.type) {
    case OpType::kOk:
      ++ok_;
      ok_latencies_.push_back(latency);
      break;
    case OpType::kFail:
      ++fail_;
      break;
    default:
      ++info_;
      // An indeterminate operation ends its process: the next one gets a new process number,
      // and, unless the workload's client is reusable, a fresh client.
      w.process += static_cast<std::int64_t>(workers_.size());
      if (!workload_->reusable_client()) {
        CloseClient(w.client);
        w.client = -1;
      }
      break;
  }
  w.busy = false;
  w.invoke = -1;
  w.free_since = Rel(now);
  ++free_workers_;
}

void TestRun::Impl::InitAnswered(Client& client, const maelstrom::JsonView* reply, Nanos now) {
  std::size_t index = static_cast<std::size_t>(client.owner);
  Node& n = nodes_[index];
  std::string failure;
  if (reply == nullptr) {
    char within[64];
    std::snprintf(within, sizeof within, " within %g s.", options_.init_timeout_s);
    failure = "Expected node " + n.name +
              " to respond to an init message, but node did not respond" + within;
    if (!report_.bad_output.empty()) {
      for (const auto& bad : report_.bad_output) {
        if (bad.node == n.name)
          failure += " (It wrote an invalid line to stdout: " + bad.reason + ".)";
      }
    }
  } else {
    auto type = reply->Find("type");
    if (!type || !type->is_string() || type->as_string() != "init_ok") {
      failure = "Expected an init_ok message, but node " + n.name + " responded with " +
                std::string(reply->raw());
    }
  }
  network_->Close(client.address);
  if (failure.empty()) n.initialized = true;
  if (phase_ == Phase::kInit) {
    if (!failure.empty()) {
      abort_message_ = failure;
      return;
    }
    --init_waiting_;
    return;
  }
  // A node the nemesis restarted.
  if (pending_start_) {
    pending_start_->outcomes[n.name] = failure.empty() ? "started" : failure;
    if (--pending_start_->waiting == 0) {
      std::string value = "{";
      bool first = true;
      for (const auto& [node, outcome] : pending_start_->outcomes) {
        value += (first ? "" : ",") + JsonString(node) + ":" + JsonString(outcome);
        first = false;
      }
      value += "}";
      pending_start_.reset();
      CompleteNemesis(std::move(value), now);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Faults

bool TestRun::Impl::RunNemesis(Nanos now) {
  if (phase_ != Phase::kRun || nemesis_busy_ || nemesis_->empty()) return false;
  Nanos rel = Rel(now);
  auto at = nemesis_->NextTime(nemesis_free_since_);
  if (!at || *at > rel || *at >= limit_) return false;
  NemesisOp op = nemesis_->Take(nemesis_free_since_, *at);
  cursor_ = (cursor_ + 1) % (workers_.size() + 1);

  Op invoke;
  invoke.type = OpType::kInfo;
  invoke.f = NemesisFName(op.f);
  invoke.process = kNemesisProcess;
  invoke.time = rel;
  switch (op.f) {
    case NemesisF::kStartPartition:
      invoke.value = JsonString(PartitionSpecName(op.partition));
      break;
    case NemesisF::kKill:
    case NemesisF::kPause:
      invoke.value = TargetSpecName(op.target) ? JsonString(*TargetSpecName(op.target)) : "null";
      break;
    case NemesisF::kStart:
    case NemesisF::kResume:
      invoke.value = "\"all\"";
      break;
    case NemesisF::kStopPartition:
      invoke.value = "null";
      break;
  }
  nemesis_invoke_ = history_.Append(std::move(invoke));
  nemesis_busy_ = true;

  std::map<std::string, std::string> outcomes;
  auto outcomes_json = [&] {
    std::string v = "{";
    bool first = true;
    for (const auto& [node, outcome] : outcomes) {
      v += (first ? "" : ",") + JsonString(node) + ":" + JsonString(outcome);
      first = false;
    }
    return v + "}";
  };
  auto index_of = [&](const std::string& name) {
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      if (nodes_[i].name == name) return i;
    }
    return nodes_.size();
  };

  switch (op.f) {
    case NemesisF::kStartPartition: {
      Grudge grudge = ComputeGrudge(op.partition, options_.nodes, grudge_rng_);
      network_->Partition(grudge);
      partition_in_force_ = std::string(PartitionSpecName(op.partition));
      std::string value = "[\"isolated\",{";
      bool first = true;
      for (const auto& [dest, sources] : grudge) {
        value += (first ? "" : ",") + JsonString(dest) + ":[";
        first = false;
        bool first_source = true;
        for (const auto& s : sources) {
          value += (first_source ? "" : ",") + JsonString(s);
          first_source = false;
        }
        value += "]";
      }
      value += "}]";
      CompleteNemesis(std::move(value), now);
      break;
    }
    case NemesisF::kStopPartition:
      network_->Heal();
      partition_in_force_.reset();
      CompleteNemesis("\"network-healed\"", now);
      break;
    case NemesisF::kKill:
      for (const auto& name : ResolveTargets(op.target, options_.nodes, targets_rng_)) {
        std::size_t i = index_of(name);
        Node& n = nodes_[i];
        if (n.status == NodeStatus::kRunning || n.status == NodeStatus::kPaused) {
          n.status = NodeStatus::kKilled;
          StopNode(i);
          n.initialized = false;
          outcomes[name] = "killed";
        } else {
          outcomes[name] = "not-running";
        }
      }
      CompleteNemesis(outcomes_json(), now);
      break;
    case NemesisF::kStart: {
      PendingStart pending;
      for (std::size_t i = 0; i < nodes_.size(); ++i) {
        Node& n = nodes_[i];
        if (n.status != NodeStatus::kKilled) {
          pending.outcomes[n.name] =
              n.status == NodeStatus::kCrashed ? "crashed" : "already-running";
          continue;
        }
        std::string error;
        if (!StartNode(i, &error)) {
          n.status = NodeStatus::kCrashed;
          pending.outcomes[n.name] = "cannot restart: " + error;
          continue;
        }
        // Restarted in the same directory, it gets init again from a fresh client.
        SendInit(i, now);
        ++pending.waiting;
      }
      if (pending.waiting == 0) {
        outcomes = std::move(pending.outcomes);
        CompleteNemesis(outcomes_json(), now);
      } else {
        pending_start_ = std::move(pending);
      }
      break;
    }
    case NemesisF::kPause:
      for (const auto& name : ResolveTargets(op.target, options_.nodes, targets_rng_)) {
        Node& n = nodes_[index_of(name)];
        if (n.status == NodeStatus::kRunning && n.process && n.process->Signal(SIGSTOP)) {
          n.status = NodeStatus::kPaused;
          outcomes[name] = "paused";
        } else {
          outcomes[name] = n.status == NodeStatus::kPaused ? "already-paused" : "not-running";
        }
      }
      CompleteNemesis(outcomes_json(), now);
      break;
    case NemesisF::kResume:
      for (Node& n : nodes_) {
        if (n.status != NodeStatus::kPaused) continue;
        if (n.process) n.process->Signal(SIGCONT);
        n.status = NodeStatus::kRunning;
        outcomes[n.name] = "resumed";
      }
      CompleteNemesis(outcomes_json(), now);
      break;
  }
  return true;
}

void TestRun::Impl::CompleteNemesis(std::string value, Nanos now) {
  Op done;
  done.type = OpType::kInfo;
  done.f = history_[nemesis_invoke_].f;
  done.value = std::move(value);
  done.process = kNemesisProcess;
  done.time = Rel(now);
  history_.Complete(nemesis_invoke_, std::move(done));
  nemesis_busy_ = false;
  nemesis_free_since_ = Rel(now);
}

std::string TestRun::Impl::FaultsInForce() const {
  std::string s;
  if (partition_in_force_) s = "partition " + *partition_in_force_;
  std::string killed, paused;
  for (const Node& n : nodes_) {
    if (n.status == NodeStatus::kKilled) killed += (killed.empty() ? "" : " ") + n.name;
    if (n.status == NodeStatus::kPaused) paused += (paused.empty() ? "" : " ") + n.name;
  }
  if (!killed.empty()) s += (s.empty() ? "" : ", ") + std::string("killed ") + killed;
  if (!paused.empty()) s += (s.empty() ? "" : ", ") + std::string("paused ") + paused;
  return s;
}

void TestRun::Impl::Report(Nanos now) {
  if (phase_ == Phase::kInit) return;
  ProgressSnapshot s;
  s.elapsed = Rel(now);
  s.limit = limit_;
  s.ok = ok_;
  s.fail = fail_;
  s.info = info_;
  s.faults = FaultsInForce();
  s.draining = phase_ == Phase::kDrain;
  progress_.Report(now, s);
}

// ---------------------------------------------------------------------------------------------
// The whole test

void TestRun::Impl::Teardown(Nanos now) {
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    Node& n = nodes_[i];
    if (!n.process) continue;
    if (n.status == NodeStatus::kRunning || n.status == NodeStatus::kPaused) {
      // Exited on its own without our noticing yet? Then it crashed.
      ReapNode(i, now);
    }
    StopNode(i);
  }
}

int TestRun::Impl::Abort(const std::string& message) {
  progress_.Finish();
  for (std::size_t i = 0; i < nodes_.size(); ++i) StopNode(i);
  std::fprintf(err_, "glomers: test aborted: %s\n", message.c_str());
  if (!dir_.empty()) std::fprintf(err_, "glomers: node logs are in %s/node-logs/\n", dir_.c_str());
  std::fflush(err_);
  return kExitAborted;
}

int TestRun::Impl::Run() {
  // A node that dies while we write to it must not kill the runner.
  ::signal(SIGPIPE, SIG_IGN);
  // Wake-ups on schedule matter at high rates: ask the kernel not to batch our timers.
  ::prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
  // Three descriptors a node: many nodes need more than the usual soft limit of 1024.
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &files);
  }

  if (!options_.seed_given) {
    options_.seed = (static_cast<std::uint64_t>(SteadyNow()) * 0x9E3779B97F4A7C15ull) ^
                    (static_cast<std::uint64_t>(::getpid()) << 17);
  }
  std::fprintf(err_,
               "glomers: %s test of %s on %zu node(s), %.3g s at %.6g ops/s, seed %llu "
               "(replay with --seed %llu)\n",
               options_.workload.c_str(), options_.bin.c_str(), options_.nodes.size(),
               options_.time_limit_s, options_.rate, static_cast<unsigned long long>(options_.seed),
               static_cast<unsigned long long>(options_.seed));
  std::fflush(err_);
  if (!Prepare()) return Abort(abort_message_);

  // Start every node, then init each from a fresh client, in parallel, before any other traffic.
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    std::string error;
    if (!StartNode(i, &error)) return Abort("cannot start node " + nodes_[i].name + ": " + error);
  }
  Nanos start = SteadyNow();
  for (std::size_t i = 0; i < nodes_.size(); ++i) SendInit(i, start);
  init_waiting_ = static_cast<int>(nodes_.size());
  if (!Loop([&] { return init_waiting_ == 0; })) return Abort(abort_message_);
  // Jepsen then opens (and leaves idle) one client per node for its setup.
  for (std::size_t i = 0; i < nodes_.size(); ++i) OpenClient(Role::kIdle, -1);

  t0_ = SteadyNow();
  phase_ = Phase::kRun;
  double cpu_start = CpuSeconds();
  // Room for the expected operations up front, within reason: a rate no node can serve must not
  // reserve gigabytes.
  double expected = std::min(options_.rate * options_.time_limit_s, 2e6);
  history_.Reserve(static_cast<std::size_t>(2.2 * expected) + 64);
  ok_latencies_.reserve(static_cast<std::size_t>(1.1 * expected) + 16);
  Loop([&] {
    return phase_ == Phase::kDrain && free_workers_ == workers_.size() && !nemesis_busy_;
  });
  Nanos end = SteadyNow();
  double cpu = CpuSeconds() - cpu_start;
  Report(end);
  progress_.Finish();
  phase_ = Phase::kDone;
  Teardown(end);

  Analysis analysis = Analyze(options_, history_, network_->stats(), report_);
  Nanos test_end = Rel(end);
  std::string error;
  WriteFile(dir_ + "/results.json", PrettyJson(analysis.json));
  if (!WriteHistoryFile(history_, dir_ + "/history.jsonl", &error)) {
    std::fprintf(err_, "glomers: %s\n", error.c_str());
  }
  auto windows = FaultWindows(history_, test_end);
  WriteFile(dir_ + "/latency-raw.svg", LatencySvg(history_, windows, test_end));
  WriteFile(dir_ + "/rate.svg", RateSvg(history_, windows, test_end));
  LinkLatest(options_.store, options_.workload, dir_);

  SummaryInput in;
  in.options = &options_;
  in.analysis = &analysis;
  in.ok_latency = Quantiles(ok_latencies_);
  in.elapsed_s = static_cast<double>(test_end) / 1e9;
  in.runner_cpu_s = cpu;
  in.operations = ok_ + fail_ + info_;
  in.dir = dir_;
  std::string summary = FormatSummary(in);
  std::fputs(summary.c_str(), out_);
  std::fflush(out_);
  switch (analysis.valid) {
    case Validity::kTrue:
      return kExitValid;
    case Validity::kFalse:
      return kExitInvalid;
    case Validity::kUnknown:
      return kExitUnknown;
  }
  return kExitUnknown;
}

}  // namespace glomers
