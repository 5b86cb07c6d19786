// Maelstrom's network journal, counted: sends, receives and distinct messages, for all traffic,
// for traffic involving a client, and for the rest (between servers).
#pragma once

#include <cstdint>

namespace glomers {

struct TrafficCounts {
  std::int64_t send_count = 0;
  std::int64_t recv_count = 0;
  std::int64_t msg_count = 0;  // distinct messages sent
};

struct NetStats {
  TrafficCounts all, clients, servers;
};

}  // namespace glomers
