// The test from start to end, and the routing between its parts: what a node writes goes into
// the network; what the network delivers goes to a node's stdin, to a client, or to a service.
#include "runner/src/test_run.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

#include "runner/src/clients.h"
#include "runner/src/console_log.h"
#include "runner/src/event_loop.h"
#include "runner/src/exit_codes.h"
#include "runner/src/fault_log.h"
#include "runner/src/history.h"
#include "runner/src/json_writer.h"
#include "runner/src/nemesis.h"
#include "runner/src/network.h"
#include "runner/src/node_init.h"
#include "runner/src/node_processes.h"
#include "runner/src/node_report.h"
#include "runner/src/operations.h"
#include "runner/src/progress.h"
#include "runner/src/results.h"
#include "runner/src/services.h"
#include "runner/src/store.h"
#include "runner/src/store_writer.h"
#include "runner/src/summary.h"
#include "runner/src/workload.h"

namespace glomers {

namespace {

double CpuSeconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

std::string Shorten(std::string_view line, std::size_t max) {
  if (line.size() <= max) return std::string(line);
  return std::string(line.substr(0, max)) + "... (" + std::to_string(line.size()) + " bytes)";
}

std::string JsonString(std::string_view s) {
  std::string out;
  JsonWriter(out).String(s);
  return out;
}

// What the runner itself needs of the process, before anything else.
void PrepareProcess() {
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
}

}  // namespace

class TestRun::Impl final : public EventLoop::Task,
                            public NodeProcesses::Observer,
                            public Clients::Sender,
                            public NodeInit::Listener {
 public:
  // Everything printed goes through console_, which copies it to jepsen.log.
  Impl(TestOptions options, std::FILE* out, std::FILE* err)
      : options_(std::move(options)),
        console_(out, err),
        out_(console_.out()),
        err_(console_.err()),
        progress_(err_, err == stderr && ::isatty(2) == 1) {}

  int Run();
  const std::string& dir() const { return dir_; }

  // EventLoop::Task: messages due for delivery, requests whose time is up, the progress line.
  bool RunDue(Nanos now) override;
  std::optional<Nanos> NextDue(Nanos now) const override;
  void Settle() override;
  // NodeProcesses::Observer.
  std::string OnMessage(std::size_t node, std::string_view line, const NodeLine& message,
                        Nanos now) override;
  void OnInvalidLine(std::size_t node, std::string_view line, const std::string& reason,
                     Nanos now) override;
  void OnLint(std::size_t node, LintSet kinds, std::string_view line,
              std::uint64_t number) override;
  void OnExit(std::size_t node, int status, Nanos now) override;
  // Clients::Sender.
  void Send(Address src, Address dest, std::string body, Nanos now) override;
  // NodeInit::Listener: each node's first init.
  void Initialized(std::size_t node, const std::string& failure, Nanos now) override;

 private:
  enum class Phase { kInit, kRun, kDone };

  bool Prepare(std::string* error);
  bool InitNodes(std::string* error);
  int Finish(Nanos end, double cpu);
  int Abort(const std::string& message);
  void Deliver(const Envelope& e, Nanos now);
  void LogReceived(const Envelope& e);
  void Report(Nanos now);
  // Times in reports: since the test began, 0 during init.
  Nanos Rel(Nanos now) const { return phase_ == Phase::kInit ? 0 : clock_.since_start(now); }

  TestOptions options_;
  ConsoleLog console_;
  std::FILE* out_;
  std::FILE* err_;
  Progress progress_;
  std::unique_ptr<Workload> workload_;
  std::string dir_;
  Phase phase_ = Phase::kInit;
  TestClock clock_;
  int init_waiting_ = 0;

  EventLoop loop_;
  History history_;
  FaultLog faults_;
  NodeReport report_;
  std::unique_ptr<Network> network_;
  Address first_service_ = 0;
  std::vector<std::unique_ptr<Service>> services_;  // by address - first_service_
  std::unique_ptr<NodeProcesses> nodes_;
  std::unique_ptr<Clients> clients_;
  std::unique_ptr<NodeInit> init_;
  std::unique_ptr<Operations> operations_;
  std::unique_ptr<Nemesis> nemesis_;
};

TestRun::TestRun(TestOptions options, std::FILE* out, std::FILE* err)
    : impl_(std::make_unique<Impl>(std::move(options), out, err)) {}
TestRun::~TestRun() = default;
int TestRun::Run() { return impl_->Run(); }
const std::string& TestRun::dir() const { return impl_->dir(); }

// ---------------------------------------------------------------------------------------------
// The test, phase by phase

int TestRun::Impl::Run() {
  PrepareProcess();
  if (!options_.seed_given) {
    options_.seed = (static_cast<std::uint64_t>(TestClock::Now()) * 0x9E3779B97F4A7C15ull) ^
                    (static_cast<std::uint64_t>(::getpid()) << 17);
  }
  std::fprintf(err_,
               "glomers: %s test of %s on %zu node(s), %.3g s at %.6g ops/s, seed %llu "
               "(replay with --seed %llu)\n",
               options_.workload.c_str(), options_.bin.c_str(), options_.nodes.size(),
               options_.time_limit_s, options_.rate, static_cast<unsigned long long>(options_.seed),
               static_cast<unsigned long long>(options_.seed));
  std::fflush(err_);
  std::string error;
  if (!Prepare(&error) || !InitNodes(&error)) return Abort(error);

  // Jepsen then opens (and leaves idle) one client per node for its setup.
  for (std::size_t i = 0; i < options_.nodes.size(); ++i) clients_->Open(nullptr, 0);
  Nanos t0 = TestClock::Now();
  clock_.Start(t0);
  phase_ = Phase::kRun;
  double cpu_start = CpuSeconds();
  Nanos limit = SecondsToNanos(options_.time_limit_s);
  operations_->Start(t0, limit);
  nemesis_->Start(t0, limit);
  bool ran =
      loop_.Run([&] { return operations_->stopped() && operations_->idle() && !nemesis_->busy(); });
  if (!ran) return Abort(loop_.abort_message());
  return Finish(TestClock::Now(), CpuSeconds() - cpu_start);
}

bool TestRun::Impl::Prepare(std::string* error) {
  workload_ = MakeWorkload(options_.workload);
  if (!workload_) {
    *error = "unknown workload " + options_.workload;
    return false;
  }
  char* resolved = ::realpath(options_.bin.c_str(), nullptr);
  if (resolved == nullptr) {
    *error = "cannot resolve --bin " + options_.bin + ": " + std::strerror(errno);
    return false;
  }
  std::string bin = resolved;
  std::free(resolved);
  auto dir =
      CreateTestDir(options_.store, options_.workload, std::chrono::system_clock::now(), error);
  if (!dir) return false;
  dir_ = *dir;
  if (std::string log_error; !console_.Open(dir_ + "/jepsen.log", &log_error)) {
    std::fprintf(err_, "glomers: cannot write %s\n", log_error.c_str());
  }
  if (!loop_.ok()) {
    *error = std::string("cannot create epoll: ") + std::strerror(errno);
    return false;
  }
  // test.json: everything needed to run this test again.
  WriteFile(dir_ + "/test.json", PrettyJson(ToJson(options_)));

  std::uint64_t seed = options_.seed;
  network_ =
      std::make_unique<Network>(LatencyDistribution(options_.latency_shape, options_.latency_ms),
                                Random(seed, Random::kLatency));
  // Addresses: nodes first (their address is their index), then services, then clients.
  for (const auto& name : options_.nodes) network_->Add(name, EntityKind::kNode);
  first_service_ = static_cast<Address>(options_.nodes.size());
  std::uint64_t stream = Random::kServices;
  for (const auto& name : ServiceNames()) {
    network_->Add(name, EntityKind::kService);
    services_.push_back(MakeService(name, Random(seed, 1000 + stream++)));
  }
  NodeProcesses::Spec spec{bin, options_.node_args, dir_ + "/work", dir_ + "/node-logs"};
  nodes_ = std::make_unique<NodeProcesses>(loop_, std::move(spec), options_.nodes, *this);
  clients_ = std::make_unique<Clients>(*network_, *this);
  init_ = std::make_unique<NodeInit>(*clients_, options_.nodes, options_.init_timeout_s, report_);
  Operations::Settings settings{options_.concurrency_count(), options_.rate,
                                SecondsToNanos(options_.rpc_timeout_s), seed};
  operations_ =
      std::make_unique<Operations>(settings, *workload_, *clients_, options_.nodes, history_);
  nemesis_ = std::make_unique<Nemesis>(
      Nemesis::Parts{*nodes_, *network_, *init_, *operations_, history_, faults_}, options_.nemesis,
      options_.nemesis_interval_s, seed);
  // The order of the old single step: deliveries and timeouts, faults, operations; then the
  // nodes' stdin is written.
  loop_.AddTask(this);
  loop_.AddTask(nemesis_.get());
  loop_.AddTask(operations_.get());
  loop_.AddTask(nodes_.get());
  return true;
}

// Starts every node, then inits each from a fresh client, in parallel, before any other traffic.
bool TestRun::Impl::InitNodes(std::string* error) {
  for (std::size_t i = 0; i < nodes_->size(); ++i) {
    if (!nodes_->Start(i, error)) {
      *error = "cannot start node " + nodes_->name(i) + ": " + *error;
      return false;
    }
  }
  Nanos now = TestClock::Now();
  init_waiting_ = static_cast<int>(nodes_->size());
  for (std::size_t i = 0; i < nodes_->size(); ++i) {
    init_->Send(i, static_cast<Address>(i), *this, now);
  }
  if (loop_.Run([&] { return init_waiting_ == 0; })) return true;
  *error = loop_.abort_message();
  return false;
}

void TestRun::Impl::Initialized(std::size_t, const std::string& failure, Nanos) {
  if (!failure.empty()) {
    loop_.Abort(failure);
    return;
  }
  --init_waiting_;
}

int TestRun::Impl::Finish(Nanos end, double cpu) {
  Report(end);
  progress_.Finish();
  Nanos test_end = clock_.since_start(end);
  phase_ = Phase::kDone;
  nodes_->StopAll(end);

  // The history files are written on threads while the checkers run (store_writer.h).
  RunRecord record{&options_, &history_, nullptr, &faults_, test_end, network_.get()};
  StoreWriter writer(record, dir_);
  Analysis analysis = Analyze(options_, *workload_, history_, network_->stats(), report_);
  record.analysis = &analysis;
  for (const auto& problem : writer.Finish(record)) {
    std::fprintf(err_, "glomers: cannot write %s\n", problem.c_str());
  }
  LinkLatest(options_.store, options_.workload, dir_);

  SummaryInput in;
  in.options = &options_;
  in.analysis = &analysis;
  in.elapsed_s = static_cast<double>(test_end) / 1e9;
  in.runner_cpu_s = cpu;
  in.operations = operations_->ok() + operations_->failed() + operations_->unknown();
  in.dir = dir_;
  Explainer explainer(history_, faults_, options_.nodes, options_.concurrency_count(), test_end);
  in.explainer = &explainer;
  for (const auto& file : StoreFiles()) in.files.emplace_back(file->name());
  for (const auto& file : LiveStoreFiles()) in.files.emplace_back(file);
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

int TestRun::Impl::Abort(const std::string& message) {
  progress_.Finish();
  if (nodes_) nodes_->StopAll(TestClock::Now(), false);
  std::fprintf(err_, "glomers: test aborted: %s\n", message.c_str());
  if (!dir_.empty()) std::fprintf(err_, "glomers: node logs are in %s/node-logs/\n", dir_.c_str());
  std::fflush(err_);
  return kExitAborted;
}

// ---------------------------------------------------------------------------------------------
// Routing

bool TestRun::Impl::RunDue(Nanos now) {
  bool any = false;
  while (auto e = network_->TakeDue(now)) {
    any = true;
    Deliver(*e, now);
    if (loop_.aborted()) return true;
  }
  return clients_->FireTimeouts(now) || any;
}

std::optional<Nanos> TestRun::Impl::NextDue(Nanos) const {
  std::optional<Nanos> next = network_->NextDeadline();
  auto consider = [&](std::optional<Nanos> t) {
    if (t && (!next || *t < *next)) next = t;
  };
  consider(clients_->NextTimeout());
  if (phase_ == Phase::kRun) consider(progress_.due());
  return next;
}

void TestRun::Impl::Settle() {
  if (phase_ == Phase::kRun && progress_.Due(TestClock::Now())) Report(TestClock::Now());
}

void TestRun::Impl::Deliver(const Envelope& e, Nanos now) {
  switch (network_->kind(e.dest)) {
    case EntityKind::kNode: {
      auto node = static_cast<std::size_t>(e.dest);
      // A killed or crashed node's messages are lost; a paused one's wait in its pipe.
      if (!nodes_->accepting(node)) return;
      LogReceived(e);
      nodes_->Append(node, [&](std::string& out) { network_->AppendLine(out, e); });
      return;
    }
    case EntityKind::kClient:
      LogReceived(e);
      clients_->Deliver(e, now);
      return;
    case EntityKind::kService: {
      LogReceived(e);
      Service& service = *services_[static_cast<std::size_t>(e.dest - first_service_)];
      auto reply = ServiceReply(service, network_->name(e.src), e.body);
      if (reply) Send(e.dest, e.src, std::move(*reply), now);
      return;
    }
  }
}

void TestRun::Impl::LogReceived(const Envelope& e) {
  network_->Received(e);
  if (!options_.log_net_recv) return;
  std::string line;
  network_->AppendLine(line, e);
  std::fprintf(err_, ":recv %s", line.c_str());
}

void TestRun::Impl::Send(Address src, Address dest, std::string body, Nanos now) {
  if (options_.log_net_send) {
    std::string src_name, dest_name;
    network_->AppendName(src_name, src);
    network_->AppendName(dest_name, dest);
    std::fprintf(err_, ":send {\"src\":%s,\"dest\":%s,\"body\":%s}\n", src_name.c_str(),
                 dest_name.c_str(), body.c_str());
  }
  network_->Send(src, dest, std::move(body), now);
}

std::string TestRun::Impl::OnMessage(std::size_t, std::string_view, const NodeLine& message,
                                     Nanos now) {
  auto src = network_->Find(message.src);
  auto dest = network_->Find(message.dest);
  auto unknown = [&](const char* which, const std::string& name, bool known) {
    return std::string(which) + " " + JsonString(name) +
           (known ? " is a client that has closed"
                  : " is not a node, client or service of this test");
  };
  if (!src || !network_->live(*src)) return unknown("src", message.src, src.has_value());
  if (!dest || !network_->live(*dest)) return unknown("dest", message.dest, dest.has_value());
  Send(*src, *dest, std::string(message.body), now);
  return {};
}

void TestRun::Impl::OnInvalidLine(std::size_t node, std::string_view line,
                                  const std::string& reason, Nanos now) {
  const std::string& name = nodes_->name(node);
  BadOutput bad{name, Shorten(line, 2000), reason, Rel(now)};
  Report(now);
  progress_.Finish();
  std::fprintf(err_,
               "glomers: node %s wrote a line to stdout that is not a valid message (%s); "
               "Maelstrom reads nothing more from %s after it:\n  %s\n",
               name.c_str(), reason.c_str(), name.c_str(), bad.line.c_str());
  report_.bad_output.push_back(std::move(bad));
}

void TestRun::Impl::OnLint(std::size_t node, LintSet kinds, std::string_view line,
                           std::uint64_t number) {
  report_.lint.Add(kinds, node, nodes_->name(node), line, number);
}

void TestRun::Impl::OnExit(std::size_t node, int status, Nanos now) {
  const std::string& name = nodes_->name(node);
  NodeCrash crash{name, DescribeWaitStatus(status), Rel(now),
                  TailLines(nodes_->log_path(node), 32)};
  if (phase_ == Phase::kInit) {
    std::string message = "node " + name + " crashed during init: it " + crash.how +
                          ". Its last stderr lines (" + nodes_->log_path(node) + "):";
    for (const auto& line : crash.stderr_tail) message += "\n  | " + line;
    loop_.Abort(message);
    return;
  }
  Report(now);
  progress_.Finish();
  std::fprintf(err_, "glomers: node %s crashed: it %s at %.3f s (see %s)\n", name.c_str(),
               crash.how.c_str(), static_cast<double>(crash.time) / 1e9,
               nodes_->log_path(node).c_str());
  report_.crashes.push_back(std::move(crash));
}

void TestRun::Impl::Report(Nanos now) {
  if (phase_ == Phase::kInit) return;
  ProgressSnapshot s;
  s.elapsed = clock_.since_start(now);
  s.limit = SecondsToNanos(options_.time_limit_s);
  s.ok = operations_->ok();
  s.fail = operations_->failed();
  s.info = operations_->unknown();
  s.faults = faults_.InForce(options_.nodes);
  s.draining = operations_->stopped();
  progress_.Report(now, s);
}

}  // namespace glomers
