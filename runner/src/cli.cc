#include "runner/src/cli.h"

#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <system_error>

#include "runner/src/workload.h"

namespace glomers {

namespace {

// The workloads glomers runs, for messages: "echo, unique-ids".
std::string WorkloadList() {
  std::string list;
  for (auto name : WorkloadNames()) list += (list.empty() ? "" : ", ") + std::string(name);
  return list;
}

// flake64 IDs have room for 1,024 nodes; so does the runner.
constexpr std::int64_t kMaxNodes = 1024;
// Maelstrom's other workloads: named so that the error says they exist but are not here yet.
constexpr std::string_view kMaelstromOnlyWorkloads[] = {
    "broadcast", "g-counter",  "g-set",           "kafka",
    "lin-kv",    "pn-counter", "txn-list-append", "txn-rw-register"};

[[noreturn]] void Fail(std::string_view option, std::string_view value, std::string_view why) {
  std::string message(option);
  message += ' ';
  message += value.empty() ? std::string_view("\"\"") : value;
  message += ": ";
  message += why;
  throw CliError(message);
}

std::int64_t ParseInteger(std::string_view option, std::string_view text) {
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
    Fail(option, text, "must be an integer");
  }
  return value;
}

// A finite decimal number, or a ratio a/b as Clojure's reader takes it.
double ParseNumber(std::string_view option, std::string_view text) {
  auto parse_double = [&](std::string_view part) -> std::optional<double> {
    if (part.empty()) return std::nullopt;
    std::string owned(part);
    char* end = nullptr;
    errno = 0;
    double value = std::strtod(owned.c_str(), &end);
    if (end != owned.c_str() + owned.size() || errno == ERANGE || !std::isfinite(value) ||
        owned.find_first_of("xXpPnNiI") != std::string::npos || std::isspace(owned[0])) {
      return std::nullopt;
    }
    return value;
  };
  if (auto slash = text.find('/'); slash != std::string_view::npos) {
    auto a = parse_double(text.substr(0, slash));
    auto b = parse_double(text.substr(slash + 1));
    if (a && b && *b != 0) return *a / *b;
    Fail(option, text, "must be a number");
  }
  auto value = parse_double(text);
  if (!value) Fail(option, text, "must be a number");
  return *value;
}

std::vector<std::string> Split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    std::string_view part = text.substr(start, end == std::string_view::npos ? end : end - start);
    while (!part.empty() && std::isspace(static_cast<unsigned char>(part.front()))) {
      part.remove_prefix(1);
    }
    while (!part.empty() && std::isspace(static_cast<unsigned char>(part.back()))) {
      part.remove_suffix(1);
    }
    parts.emplace_back(part);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

bool IsServiceName(std::string_view name) {
  return name == "lin-kv" || name == "seq-kv" || name == "lww-kv" || name == "lin-tso";
}

struct OptionSpec {
  std::string_view name;  // long name, with dashes
  std::string_view short_name;
  bool takes_value;
  std::function<void(CliCommand&, std::string_view value)> apply;
};

// Flags Maelstrom and Jepsen accept that change nothing for the workloads glomers runs.
constexpr std::string_view kIgnoredWithValue[] = {
    "--consistency-models", "--key-count", "--max-txn-length", "--max-writes-per-key",
    "--topology",           "--username",  "--password",       "--ssh-private-key"};
constexpr std::string_view kIgnoredSwitches[] = {"--log-stderr", "--strict-host-key-checking",
                                                 "--no-ssh", "--leave-db-running",
                                                 "--logging-json"};

// Every flag, in one table in --help's order (long, but one entry per flag reads as the list of
// what glomers takes; split, it would hide which flags exist).
std::vector<OptionSpec> Specs(std::vector<std::string>& node_flags,
                              std::optional<std::vector<std::string>>& nodes_list,
                              std::optional<std::int64_t>& node_count) {
  std::vector<OptionSpec> specs = {
      {"--help", "-h", false, [](CliCommand& c, std::string_view) { c.action = CliAction::kHelp; }},
      {"--bin", "", true,
       [](CliCommand& c, std::string_view v) {
         if (v.empty()) Fail("--bin", v, "must name a file");
         c.options.bin = std::string(v);
       }},
      {"--workload", "-w", true,
       [](CliCommand& c, std::string_view v) {
         if (MakeWorkload(v)) {
           c.options.workload = std::string(v);
           return;
         }
         for (auto w : kMaelstromOnlyWorkloads) {
           if (v == w) {
             Fail("--workload", v,
                  "is a Maelstrom workload that glomers does not run yet; must be one of " +
                      WorkloadList());
           }
         }
         Fail("--workload", v, "must be one of " + WorkloadList());
       }},
      {"--node-count", "", true,
       [&node_count](CliCommand&, std::string_view v) {
         auto n = ParseInteger("--node-count", v);
         if (n <= 0) Fail("--node-count", v, "must be positive");
         if (n > kMaxNodes) Fail("--node-count", v, "must be at most " + std::to_string(kMaxNodes));
         node_count = n;
       }},
      {"--node", "-n", true,
       [&node_flags](CliCommand&, std::string_view v) { node_flags.emplace_back(v); }},
      {"--nodes", "", true,
       [&nodes_list](CliCommand&, std::string_view v) {
         auto parts = Split(v, ',');
         if (!nodes_list) nodes_list.emplace();
         nodes_list->insert(nodes_list->end(), parts.begin(), parts.end());
       }},
      {"--nodes-file", "", true,
       [&nodes_list](CliCommand&, std::string_view v) {
         std::ifstream in{std::string(v)};
         if (!in) Fail("--nodes-file", v, "cannot be read");
         if (!nodes_list) nodes_list.emplace();
         std::string line;
         while (std::getline(in, line)) {
           auto name = Split(line, ',')[0];
           if (!name.empty()) nodes_list->push_back(name);
         }
       }},
      {"--time-limit", "", true,
       [](CliCommand& c, std::string_view v) {
         double s = ParseNumber("--time-limit", v);
         if (!(s > 0)) Fail("--time-limit", v, "must be positive");
         c.options.time_limit_s = s;
       }},
      {"--rate", "", true,
       [](CliCommand& c, std::string_view v) {
         double r = ParseNumber("--rate", v);
         if (r < 0) Fail("--rate", v, "can't be negative");
         if (r > 1e7) Fail("--rate", v, "must be at most 10000000");
         c.options.rate = r;
       }},
      {"--concurrency", "", true,
       [](CliCommand& c, std::string_view v) {
         std::string_view digits = v;
         if (!digits.empty() && digits.back() == 'n') digits.remove_suffix(1);
         bool ok = !digits.empty();
         for (char ch : digits) ok = ok && ch >= '0' && ch <= '9';
         if (!ok) Fail("--concurrency", v, "must be an integer, optionally followed by n");
         if (digits.size() > 6) Fail("--concurrency", v, "is too large");
         if (std::stoll(std::string(digits)) == 0) Fail("--concurrency", v, "must be positive");
         c.options.concurrency = std::string(v);
       }},
      {"--latency", "", true,
       [](CliCommand& c, std::string_view v) {
         auto ms = ParseInteger("--latency", v);
         if (ms < 0) Fail("--latency", v, "must be non-negative");
         if (ms > 3'600'000) Fail("--latency", v, "must be at most an hour");
         c.options.latency_ms = ms;
       }},
      {"--latency-dist", "", true,
       [](CliCommand& c, std::string_view v) {
         if (v == "constant") {
           c.options.latency_shape = LatencyShape::kConstant;
         } else if (v == "uniform") {
           c.options.latency_shape = LatencyShape::kUniform;
         } else if (v == "exponential") {
           c.options.latency_shape = LatencyShape::kExponential;
         } else {
           Fail("--latency-dist", v, "must be constant, uniform, or exponential");
         }
       }},
      {"--nemesis", "", true,
       [](CliCommand& c, std::string_view v) {
         c.options.nemesis.clear();
         for (const auto& fault : Split(v, ',')) {
           if (fault == "partition") {
             c.options.nemesis.insert(Fault::kPartition);
           } else if (fault == "kill") {
             c.options.nemesis.insert(Fault::kKill);
           } else if (fault == "pause") {
             c.options.nemesis.insert(Fault::kPause);
           } else {
             Fail("--nemesis", v,
                  "must be a comma-separated list of kill, partition, pause (\"" + fault +
                      "\" is not one)");
           }
         }
       }},
      {"--nemesis-interval", "", true,
       [](CliCommand& c, std::string_view v) {
         double s = ParseNumber("--nemesis-interval", v);
         if (!(s > 0)) Fail("--nemesis-interval", v, "must be positive");
         c.options.nemesis_interval_s = s;
       }},
      {"--availability", "", true,
       [](CliCommand& c, std::string_view v) {
         if (v == "total") {
           c.options.availability = Availability{true, std::nullopt};
           return;
         }
         double a = 0;
         try {
           a = ParseNumber("--availability", v);
         } catch (const CliError&) {
           Fail("--availability", v, "must be either 'total' or a number between 0 and 1");
         }
         if (a < 0 || a > 1) {
           Fail("--availability", v, "must be either 'total' or a number between 0 and 1");
         }
         c.options.availability = Availability{false, a};
       }},
      {"--test-count", "", true,
       [](CliCommand& c, std::string_view v) {
         auto n = ParseInteger("--test-count", v);
         if (n <= 0) Fail("--test-count", v, "must be positive");
         c.options.test_count = n;
       }},
      {"--log-net-send", "", false,
       [](CliCommand& c, std::string_view) { c.options.log_net_send = true; }},
      {"--log-net-recv", "", false,
       [](CliCommand& c, std::string_view) { c.options.log_net_recv = true; }},
      {"--seed", "", true,
       [](CliCommand& c, std::string_view v) {
         std::uint64_t seed = 0;
         auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), seed);
         if (v.empty() || ec != std::errc() || end != v.data() + v.size()) {
           Fail("--seed", v, "must be a non-negative integer below 2^64");
         }
         c.options.seed = seed;
         c.options.seed_given = true;
       }},
      {"--store", "", true,
       [](CliCommand& c, std::string_view v) {
         if (v.empty()) Fail("--store", v, "must name a directory");
         c.options.store = std::string(v);
       }},
      {"--rpc-timeout", "", true,
       [](CliCommand& c, std::string_view v) {
         double s = ParseNumber("--rpc-timeout", v);
         if (!(s > 0) || s > 3600) Fail("--rpc-timeout", v, "must be positive, at most 3600");
         c.options.rpc_timeout_s = s;
       }},
      {"--strict", "", false, [](CliCommand& c, std::string_view) { c.options.strict = true; }},
      {"--init-timeout", "", true,
       [](CliCommand& c, std::string_view v) {
         double s = ParseNumber("--init-timeout", v);
         if (!(s > 0) || s > 3600) Fail("--init-timeout", v, "must be positive, at most 3600");
         c.options.init_timeout_s = s;
       }},
  };
  for (auto name : kIgnoredWithValue) {
    specs.push_back({name, "", true, [](CliCommand&, std::string_view) {}});
  }
  for (auto name : kIgnoredSwitches) {
    specs.push_back({name, "", false, [](CliCommand&, std::string_view) {}});
  }
  return specs;
}

void CheckBinary(const std::string& bin) {
  struct stat st;
  if (::stat(bin.c_str(), &st) != 0) Fail("--bin", bin, "no such file");
  if (!S_ISREG(st.st_mode)) Fail("--bin", bin, "is not a file");
  // access() lets root execute anything; the mode bits are what exec checks.
  if (::access(bin.c_str(), X_OK) != 0 || (st.st_mode & 0111) == 0) {
    Fail("--bin", bin, "is not executable");
  }
  char* resolved = ::realpath(bin.c_str(), nullptr);
  if (resolved == nullptr) Fail("--bin", bin, "cannot be resolved");
  std::free(resolved);
}

// Applies the flag at args[i] (and its value, the next argument unless given as --flag=value).
// Returns the index of the last argument it used.
std::size_t ApplyFlag(const std::vector<OptionSpec>& specs, const std::vector<std::string>& args,
                      std::size_t i, CliCommand& command, bool* help) {
  std::string_view arg = args[i];
  std::string_view name = arg;
  std::optional<std::string_view> inline_value;
  if (arg.starts_with("--")) {
    if (auto eq = arg.find('='); eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
  }
  const OptionSpec* spec = nullptr;
  for (const auto& s : specs) {
    if (name == s.name || (!s.short_name.empty() && name == s.short_name)) spec = &s;
  }
  if (spec == nullptr) {
    throw CliError("unknown option " + std::string(name) +
                   " (arguments for the node binary that start with - go after --)");
  }
  if (spec->name == "--help") {
    *help = true;
    return i;
  }
  if (!spec->takes_value) {
    if (inline_value) throw CliError(std::string(name) + " takes no value");
    spec->apply(command, {});
    return i;
  }
  std::string_view value;
  if (inline_value) {
    value = *inline_value;
  } else {
    if (i + 1 >= args.size()) throw CliError("missing value for " + std::string(spec->name));
    value = args[++i];
  }
  spec->apply(command, value);
  return i;
}

// Nodes: --node-count wins, as in Maelstrom; else --nodes/--nodes-file/--node; else n1..n5.
std::vector<std::string> ResolveNodes(const std::vector<std::string>& node_flags,
                                      const std::optional<std::vector<std::string>>& nodes_list,
                                      std::optional<std::int64_t> node_count) {
  std::vector<std::string> nodes;
  if (node_count) {
    for (std::int64_t i = 0; i < *node_count; ++i) nodes.push_back("n" + std::to_string(i));
  } else if (nodes_list || !node_flags.empty()) {
    nodes = nodes_list.value_or(std::vector<std::string>{});
    nodes.insert(nodes.end(), node_flags.begin(), node_flags.end());
  } else {
    nodes = {"n1", "n2", "n3", "n4", "n5"};
  }
  if (nodes.empty()) throw CliError("--nodes: no nodes given");
  if (nodes.size() > static_cast<std::size_t>(kMaxNodes)) {
    throw CliError("--nodes: " + std::to_string(nodes.size()) + " nodes given, at most " +
                   std::to_string(kMaxNodes));
  }
  std::set<std::string> seen;
  for (const auto& node : nodes) {
    if (node.empty()) throw CliError("--nodes: a node name is empty");
    // Maelstrom tells clients from servers by the first letter, so a node may not start with c.
    if (node[0] == 'c') throw CliError("--nodes: node " + node + " starts with c, as clients do");
    if (IsServiceName(node)) throw CliError("--nodes: node " + node + " is a service's name");
    if (!seen.insert(node).second) throw CliError("--nodes: node " + node + " is given twice");
  }
  return nodes;
}

}  // namespace

CliCommand ParseCommandLine(const std::vector<std::string>& args) {
  CliCommand command;
  std::vector<std::string> node_flags;
  std::optional<std::vector<std::string>> nodes_list;
  std::optional<std::int64_t> node_count;
  auto specs = Specs(node_flags, nodes_list, node_count);

  bool help = false;
  bool saw_command = false;
  bool only_positional = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (only_positional || arg.size() < 2 || arg[0] != '-') {
      if (!saw_command && !only_positional) {
        saw_command = true;
        if (arg != "test") {
          throw CliError("unknown command \"" + std::string(arg) +
                         "\": glomers runs `glomers test ...` and `glomers serve ...` (Maelstrom's "
                         "demo and doc commands are not supported)");
        }
        command.action = CliAction::kTest;
        continue;
      }
      command.options.node_args.emplace_back(arg);
      continue;
    }
    if (arg == "--") {
      only_positional = true;
      continue;
    }
    i = ApplyFlag(specs, args, i, command, &help);
  }

  if (help) {
    command.action = CliAction::kHelp;
    return command;
  }
  if (!saw_command) throw CliError("no command given: run `glomers test --bin PATH ...`");

  TestOptions& o = command.options;
  if (o.bin.empty()) throw CliError("--bin is required: expected a --bin PATH_TO_BINARY to test");
  if (o.workload == "lin-kv") {
    throw CliError(
        "--workload is required: Maelstrom's default workload, lin-kv, is not one glomers runs "
        "yet; must be one of " +
        WorkloadList());
  }
  CheckBinary(o.bin);
  o.nodes = ResolveNodes(node_flags, nodes_list, node_count);
  if (static_cast<long long>(o.concurrency_count()) > 100000) {
    throw CliError("--concurrency " + o.concurrency + ": is too large");
  }
  return command;
}

std::string Usage() {
  return R"(Usage: glomers test -w WORKLOAD --bin PATH [NODE ARGS...] [OPTIONS...]
       glomers serve [--store DIR] [--port 8080] [--host 127.0.0.1]   (see glomers serve --help)

Runs a Jepsen Maelstrom test locally, with Maelstrom's command line, process model, checks and
verdicts: nodes are child processes speaking JSON lines on stdin/stdout, behind a simulated network.

Options (Maelstrom's; defaults in brackets):
  -w, --workload NAME        echo or unique-ids [lin-kv, which glomers does not run yet]
      --bin PATH             the node binary (required); started once per node, no arguments
                             but the node arguments below, in a fresh directory under the store
      --node-count N         run nodes n0..n{N-1}, N at most 1024 [Jepsen's nodes n1..n5]
  -n, --node NAME            a node name (repeatable); --nodes A,B,C and --nodes-file FILE too
      --time-limit SECONDS   how long to issue operations; fractions allowed [60]
      --rate RATE            operations per second over all clients, staggered [5]
      --concurrency C        client workers: an integer, or Kn for K per node [1n]
      --latency MS           mean network latency between nodes and services, in ms [0]
      --latency-dist TYPE    constant, uniform, or exponential [constant]
      --nemesis FAULTS       comma-separated faults: partition, kill, pause [none]
      --nemesis-interval S   mean seconds between fault operations [10]
      --availability A       total (every operation ok) or a fraction of ok operations in
                             [0, 1] required [not judged]
      --test-count N         how many times to run the test [1]
      --log-net-send         print every message sent into the network, on stderr
      --log-net-recv         print every message delivered, on stderr
  -h, --help                 print this text

glomers only:
      --seed N               seed for every random choice (operations, values, faults, latency,
                             services); printed at start; the same seed replays the same
                             schedule of operations and faults [random]
      --store DIR            where results go: DIR/WORKLOAD/TIMESTAMP/, DIR/latest [store]
      --rpc-timeout S        client request timeout, for tests [5, Maelstrom's]
      --init-timeout S       time each node has to answer init, for tests [10, Maelstrom's]
      --strict               fail the run (exit 1) on any output Maelstrom lets pass but a
                             careful node would not write: text after a message, two messages
                             on a line, raw control characters, bad UTF-8, \r line ends, a
                             body without a type, ... (always reported in results.json "lint")

Accepted for compatibility, no effect on these workloads: --consistency-models, --key-count,
--max-txn-length, --max-writes-per-key, --topology, --log-stderr (node stderr is always in
node-logs/), --username, --password, --ssh-private-key, --strict-host-key-checking, --no-ssh,
--leave-db-running, --logging-json.

Node arguments: every argument that is not an option is passed to the binary, in order; after
`--`, every argument is, even if it starts with -. Options take `--flag value` or `--flag=value`.

Results: DIR/WORKLOAD/TIMESTAMP/ holds results.json (Maelstrom's results.edn as JSON),
history.jsonl (one operation per line), node-logs/nX.log (each node's stderr), latency-raw.svg
and rate.svg (fault windows shaded), test.json (the options and seed), and work/ (the nodes'
working directory).

Exit status: 0 valid, 1 invalid, 2 unknown, 254 bad command line, 255 test aborted (a node that
cannot be started or never answers init, an internal error).
)";
}

}  // namespace glomers
