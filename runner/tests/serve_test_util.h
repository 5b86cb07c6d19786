// For the tests of `glomers serve`: a scratch store with two runs and the traps a server must
// not fall into (symlinks out of the store, a fifo, a sibling directory whose name starts like
// the store's), and a raw HTTP/1.1 GET that sends the request target byte for byte (a client
// library would normalise "..", which is what the server must be tested against).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>

#include "testing/temp_dir.h"

namespace glomers::serve_test {

namespace fs = std::filesystem;

inline void WriteFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

inline std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

constexpr const char* kEchoRun = "echo/20240102T030405.678+0000";
constexpr const char* kIdsRun = "unique-ids/20240103T101112.000+0000";
constexpr const char* kSecret = "the secret outside the store";
constexpr const char* kSvg =
    "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" "
    "height=\"10\"><rect id=\"r\" width=\"5\" height=\"5\"/></svg>\n";

// ROOT/store (the store), ROOT/outside/secret.txt and ROOT/store2/secret.txt (not in it).
class ScratchStore {
 public:
  ScratchStore() : root_("glomers-serve-test") {
    fs::path root = fs::canonical(root_.path());
    store_ = root / "store";
    WriteFile(root / "outside" / "secret.txt", kSecret);
    WriteFile(root / "store2" / "secret.txt", kSecret);
    fs::path echo = store_ / kEchoRun;
    WriteFile(echo / "test.json",
              R"({"workload":"echo","nodes":["n0","n1"],"time-limit":2.0,"rate":5.0,)"
              R"("nemesis":["partition","kill"]})");
    WriteFile(
        echo / "results.json",
        R"({"stats":{"valid?":true,"count":13,"ok-count":13,"fail-count":0,)"
        R"("info-count":0},"availability":{"valid?":true,"ok-fraction":0.99997},)"
        R"("net":{"all":{"msgs-per-op":2.3076923}},"workload":{"valid?":true},"valid?":true})");
    WriteFile(echo / "history.jsonl", "{\"index\":0,\"type\":\"invoke\"}\n");
    WriteFile(echo / "rate.svg", kSvg);
    WriteFile(echo / "node-logs" / "n0.log", "n0 started\n");
    fs::path ids = store_ / kIdsRun;
    WriteFile(ids / "test.json", R"({"workload":"unique-ids","nodes":["n0","n1","n2"]})");
    WriteFile(ids / "results.json",
              R"({"workload":{"valid?":false,"duplicated-count":2},"valid?":false})");
    fs::create_directory_symlink(fs::path("echo") / "20240102T030405.678+0000", store_ / "latest");
    // Traps.
    fs::create_symlink(root / "outside" / "secret.txt", echo / "secret-link");
    fs::create_symlink("../../../outside/secret.txt", echo / "relative-link");
    fs::create_directory_symlink(root / "outside", echo / "outside-dir");
    fs::create_symlink("../../../store2/secret.txt", echo / "sibling-link");
    fs::create_symlink("nowhere", echo / "dangling");
    if (::mkfifo((echo / "fifo").c_str(), 0600) != 0) throw std::runtime_error("mkfifo");
  }

  const fs::path& store() const { return store_; }
  fs::path run(const char* relative) const { return store_ / relative; }

 private:
  glomers::testing::TempDir root_;
  fs::path store_;
};

struct HttpResponse {
  int status = 0;                              // 0: no answer
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

// Sends `method` `target` to 127.0.0.1:`port` with Connection: close and `host` as its Host
// header, and reads the whole answer.
// The limit is generous: it only turns a hung server into a failure.
inline HttpResponse RawRequest(int port, const std::string& target,
                               const std::string& method = "GET",
                               const std::string& host = "127.0.0.1") {
  HttpResponse response;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return response;
  }
  std::string request =
      method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
  if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    ::close(fd);
    return response;
  }
  std::string raw;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 1000) <= 0) continue;
    char chunk[65536];
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n <= 0) break;
    raw.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(fd);
  std::size_t end = raw.find("\r\n\r\n");
  if (raw.compare(0, 9, "HTTP/1.1 ") != 0 || end == std::string::npos) return response;
  response.status = std::stoi(raw.substr(9, 3));
  std::size_t line = raw.find("\r\n") + 2;
  while (line < end) {
    std::size_t next = raw.find("\r\n", line);
    std::string header = raw.substr(line, next - line);
    std::size_t colon = header.find(':');
    std::string name = header.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::size_t value = header.find_first_not_of(' ', colon + 1);
    response.headers[name] = value == std::string::npos ? "" : header.substr(value);
    line = next + 2;
  }
  response.body = raw.substr(end + 4);
  return response;
}

}  // namespace glomers::serve_test
