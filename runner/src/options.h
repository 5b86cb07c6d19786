// The options of one `glomers test` run: Maelstrom's flags with their meanings and defaults, plus
// glomers' own (--seed, --store, and the timeouts tests shorten).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace glomers {

enum class LatencyShape { kConstant, kUniform, kExponential };
enum class Fault { kPartition, kKill, kPause };

// --availability: absent (not judged), total (every invoke ok), or a lower bound on ok/invoked.
struct Availability {
  bool total = false;
  std::optional<double> fraction;
  bool judged() const { return total || fraction.has_value(); }
};

struct TestOptions {
  std::string workload = "lin-kv";  // Maelstrom's default; glomers refuses it with a clear error
  std::string bin;                  // as given
  std::vector<std::string> node_args;
  std::vector<std::string> nodes;  // n0..n{N-1} with --node-count, else Jepsen's n1..n5
  double time_limit_s = 60;
  double rate = 5;                 // ops/s over all clients; 0: no operations
  std::string concurrency = "1n";  // as given; see concurrency()
  std::int64_t latency_ms = 0;
  LatencyShape latency_shape = LatencyShape::kConstant;
  std::set<Fault> nemesis;
  double nemesis_interval_s = 10;
  Availability availability;
  std::int64_t test_count = 1;
  bool log_net_send = false;
  bool log_net_recv = false;

  // glomers only.
  std::uint64_t seed = 0;
  bool seed_given = false;
  std::string store = "store";
  double rpc_timeout_s = 5;    // Maelstrom's client timeout
  double init_timeout_s = 10;  // Maelstrom's init timeout
  bool strict = false;         // lint (what Maelstrom lets pass) fails the run

  // Workers: an integer, or k followed by n for k times the node count.
  int concurrency_count() const;
};

class JsonWriter;
// The options as JSON, for test.json: what it takes to run the test again, seed included.
void WriteJson(JsonWriter& w, const TestOptions& options);

}  // namespace glomers
