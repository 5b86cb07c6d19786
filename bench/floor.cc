// The project's yardstick, copied byte for byte from shared/bench/floor.cpp; keep it so.
// floor: the least work a unique-ids node could possibly do per request on this machine.
// It reads requests from stdin, finds "src" and the last "msg_id" by plain substring search (no JSON
// parsing, no validation, no init handling), and writes a generate_ok reply with a counter as the id.
// It is NOT a correct node; it exists only as the yardstick for "how close to the limit are we".
//   g++ -O2 -std=c++20 floor.cpp -o floor && ./floor < requests.jsonl > /dev/null
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <unistd.h>

namespace {
char out[1 << 20];
std::size_t used = 0;

void flush() {
  for (std::size_t done = 0; done < used;) {
    ssize_t n = ::write(1, out + done, used - done);
    if (n <= 0) std::exit(1);
    done += static_cast<std::size_t>(n);
  }
  used = 0;
}

void put(std::string_view s) {
  if (used + s.size() > sizeof out) flush();
  std::memcpy(out + used, s.data(), s.size());
  used += s.size();
}

void put(std::uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  put(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
}
}  // namespace

int main() {
  static char in[1 << 20];
  std::string pending;
  std::uint64_t next_id = 0;
  for (ssize_t n; (n = ::read(0, in, sizeof in)) > 0;) {
    pending.append(in, static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (std::size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      std::string_view line(pending.data() + start, nl - start);
      std::size_t s = line.find("\"src\":\"");
      std::size_t m = line.rfind("\"msg_id\":");
      if (s == std::string_view::npos || m == std::string_view::npos) continue;
      std::size_t se = line.find('"', s + 7);
      std::uint64_t msg_id = std::strtoull(line.data() + m + 9, nullptr, 10);
      put("{\"src\":\"n0\",\"dest\":\"");
      put(line.substr(s + 7, se - s - 7));
      put("\",\"body\":{\"type\":\"generate_ok\",\"in_reply_to\":");
      put(msg_id);
      put(",\"id\":");
      put(++next_id);
      put("}}\n");
    }
    pending.erase(0, start);
  }
  flush();
}
