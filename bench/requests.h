// The throughput benchmark's request streams, byte for byte what bench/requests.py writes (the
// project's yardstick, copied from shared/bench): one init, then N requests from C clients, each
// numbering its own msg_ids from 1. bench_requests_test checks the bytes against the script.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bench {

enum class Workload { kUniqueIds, kEcho };

// "unique-ids" or "echo", as requests.py's --workload spells them.
std::string_view WorkloadName(Workload workload);
std::optional<Workload> ParseWorkload(std::string_view name);

// A count on the tools' command lines (N, --clients, --runs): decimal digits only, all of `text`.
bool ParseCount(std::string_view text, std::uint64_t* value);

struct StreamOptions {
  std::uint64_t requests = 0;
  Workload workload = Workload::kUniqueIds;
  std::uint64_t clients = 3;  // at least 1
  std::string node = "n0";
};

// Writes the stream to `fd`. Returns false (errno set) when a write fails.
bool WriteRequests(const StreamOptions& options, int fd);

// The request at 0-based position `index` (after init) comes from client "c<3 + index % C>" with
// msg_id index / C + 1; the inverse, for checking replies. False when (client, msg_id) is not a
// request of the stream.
bool RequestIndex(const StreamOptions& options, std::uint64_t client, std::uint64_t msg_id,
                  std::uint64_t* index);

}  // namespace bench
