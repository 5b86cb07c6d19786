#include "requests.h"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <vector>

namespace bench {
namespace {

// A write buffer over a descriptor; the first failed write sticks.
class Writer {
 public:
  explicit Writer(int fd) : fd_(fd) { buffer_.reserve(kSize); }

  void Put(std::string_view s) {
    if (buffer_.size() + s.size() > kSize) Flush();
    buffer_.insert(buffer_.end(), s.begin(), s.end());
  }

  void Put(std::uint64_t v) {
    char text[24];
    auto result = std::to_chars(text, text + sizeof text, v);
    Put(std::string_view(text, static_cast<std::size_t>(result.ptr - text)));
  }

  bool Flush() {
    for (std::size_t done = 0; ok_ && done < buffer_.size();) {
      ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        if (n == 0) errno = EIO;
        ok_ = false;
        break;
      }
      done += static_cast<std::size_t>(n);
    }
    buffer_.clear();
    return ok_;
  }

 private:
  static constexpr std::size_t kSize = 1 << 20;
  int fd_;
  bool ok_ = true;
  std::vector<char> buffer_;
};

}  // namespace

std::string_view WorkloadName(Workload workload) {
  return workload == Workload::kEcho ? "echo" : "unique-ids";
}

std::optional<Workload> ParseWorkload(std::string_view name) {
  if (name == "unique-ids") return Workload::kUniqueIds;
  if (name == "echo") return Workload::kEcho;
  return std::nullopt;
}

bool ParseCount(std::string_view text, std::uint64_t* value) {
  auto result = std::from_chars(text.data(), text.data() + text.size(), *value);
  return result.ec == std::errc() && result.ptr == text.data() + text.size();
}

bool WriteRequests(const StreamOptions& options, int fd) {
  if (options.clients == 0) {
    errno = EINVAL;
    return false;
  }
  Writer w(fd);
  w.Put("{\"id\":0,\"src\":\"c0\",\"dest\":\"");
  w.Put(options.node);
  w.Put("\",\"body\":{\"type\":\"init\",\"node_id\":\"");
  w.Put(options.node);
  w.Put("\",\"node_ids\":[\"n0\",\"n1\",\"n2\"],\"msg_id\":1}}\n");
  for (std::uint64_t i = 0; i < options.requests; ++i) {
    std::uint64_t client = 3 + i % options.clients;
    std::uint64_t msg_id = i / options.clients + 1;
    w.Put("{\"id\":");
    w.Put(i + 1);
    w.Put(",\"src\":\"c");
    w.Put(client);
    w.Put("\",\"dest\":\"");
    w.Put(options.node);
    if (options.workload == Workload::kUniqueIds) {
      w.Put("\",\"body\":{\"type\":\"generate\",\"msg_id\":");
    } else {
      w.Put("\",\"body\":{\"echo\":\"Please echo ");
      w.Put(i % 128);
      w.Put("\",\"type\":\"echo\",\"msg_id\":");
    }
    w.Put(msg_id);
    w.Put("}}\n");
  }
  return w.Flush();
}

bool RequestIndex(const StreamOptions& options, std::uint64_t client, std::uint64_t msg_id,
                  std::uint64_t* index) {
  if (options.clients == 0 || client < 3 || client - 3 >= options.clients || msg_id == 0) {
    return false;
  }
  std::uint64_t i = (msg_id - 1) * options.clients + (client - 3);
  if ((msg_id - 1) > options.requests / options.clients || i >= options.requests) return false;
  *index = i;
  return true;
}

}  // namespace bench
