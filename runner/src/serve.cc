#include "runner/src/serve.h"

#include <netdb.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <httplib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "runner/src/serve_host.h"
#include "runner/src/serve_pages.h"
#include "runner/src/serve_paths.h"
#include "runner/src/serve_store.h"

namespace glomers {

namespace fs = std::filesystem;

namespace {

// glomers' own pages load nothing but the store's pictures (objects) and their own style: a page
// that tried more would show a console error, which the browser test catches.
constexpr const char* kPagePolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'self'; frame-src 'self'";

void SendPage(httplib::Response& res, int status, const std::string& html) {
  res.status = status;
  res.set_header("Content-Security-Policy", kPagePolicy);
  res.set_content(html, "text/html; charset=utf-8");
}

void NotFound(const httplib::Request& req, httplib::Response& res) {
  SendPage(res, 404, RenderNotFound(req.path));
}

// Streams the file at `path` (resolved inside `store`) from its descriptor, a piece at a time.
void SendFile(const fs::path& store, const fs::path& path, const httplib::Request& req,
              httplib::Response& res) {
  int raw = OpenInside(store, path);
  if (raw < 0) return NotFound(req, res);
  auto fd = std::shared_ptr<int>(new int(raw), [](int* p) {
    ::close(*p);
    delete p;
  });
  struct stat st {};
  if (::fstat(*fd, &st) != 0) return NotFound(req, res);
  char head[1024];
  ssize_t n = ::pread(*fd, head, sizeof head, 0);
  std::string type = ContentTypeFor(path, std::string_view(head, n > 0 ? std::size_t(n) : 0));
  res.status = 200;
  res.set_header("X-Content-Type-Options", "nosniff");
  auto size = static_cast<std::size_t>(st.st_size);
  if (size == 0) return res.set_content("", type);
  res.set_content_provider(
      size, type, [fd](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        char buffer[65536];
        ssize_t got =
            ::pread(*fd, buffer, std::min(length, sizeof buffer), static_cast<off_t>(offset));
        // A file that shrank while being sent: stop; httplib closes the connection.
        if (got <= 0) return false;
        return sink.write(buffer, static_cast<std::size_t>(got));
      });
}

void SendDirectory(const fs::path& store, const fs::path& dir, const httplib::Request& req,
                   httplib::Response& res) {
  if (dir == store) return SendPage(res, 200, RenderIndex(store.string(), FindRuns(store)));
  auto entries = ListDirectory(store, dir);
  if (!IsRunDirectory(dir)) return SendPage(res, 200, RenderDirectory(req.path, entries));
  RunSummary run = SummarizeRun(store, dir.lexically_relative(store).string());
  SendPage(res, 200, RenderRun(req.path, run, entries));
}

}  // namespace

StoreServer::StoreServer(const fs::path& store)
    : store_(fs::canonical(store)), server_(std::make_unique<httplib::Server>()) {
  AddRoutes();
}

StoreServer::~StoreServer() = default;

void StoreServer::AddRoutes() {
  // Every request goes through here, before httplib's own routing (whose regular expressions
  // and static-file mounts are not used): one place decides what is served.
  server_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (loopback_only_ && !IsLoopbackHost(req.get_header_value("Host"))) {
      // serve_host.h: a page elsewhere reaching this server through a name of its own.
      res.status = 403;
      res.set_content(
          "glomers serve listens on this machine only and answers requests addressed to it "
          "(Host: localhost, 127.0.0.1 or [::1]); --host names another address to listen on\n",
          "text/plain; charset=utf-8");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.method != "GET" && req.method != "HEAD") {
      res.status = 405;
      res.set_header("Allow", "GET, HEAD");
      res.set_content("only GET and HEAD\n", "text/plain; charset=utf-8");
      return httplib::Server::HandlerResponse::Handled;
    }
    res.set_header("Cache-Control", "no-cache");  // runs finish and appear while one looks
    StoreResolution r = ResolveStorePath(store_, req.path);
    switch (r.target) {
      case StoreTarget::kRedirect:
        res.set_redirect(r.location, 301);
        break;
      case StoreTarget::kDirectory:
        SendDirectory(store_, r.path, req, res);
        break;
      case StoreTarget::kFile:
        SendFile(store_, r.path, req, res);
        break;
      case StoreTarget::kNotFound:
        // Browsers ask for /favicon.ico on every page of the store (timeline.html too), and a
        // 404 there is a console error on a page that has none: no content instead.
        if (req.path == "/favicon.ico") {
          res.status = 204;
        } else {
          NotFound(req, res);
        }
        break;
    }
    return httplib::Server::HandlerResponse::Handled;
  });
  // httplib's default also sets SO_REUSEPORT, with which a second server binds a port already
  // in use and shares it silently; SO_REUSEADDR alone lets a server restart at once after the
  // last one stopped, and a port in use is an error.
  server_->set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  server_->set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        res.status = 500;
        res.set_content("internal error\n", "text/plain; charset=utf-8");
      });
}

int StoreServer::Bind(const std::string& host, int port, std::string* error) {
  // httplib says only that binding failed; the resolver's and the kernel's reasons are ours.
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found); rc != 0) {
    *error = "--host " + host + ": " + ::gai_strerror(rc);
    return -1;
  }
  loopback_only_ = found != nullptr;
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    loopback_only_ = loopback_only_ && IsLoopback(*a->ai_addr);
  }
  ::freeaddrinfo(found);
  errno = 0;
  int bound =
      port == 0 ? server_->bind_to_any_port(host) : (server_->bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    int why = errno;
    *error = "cannot listen on " + host + ":" + std::to_string(port) +
             (why ? std::string(": ") + std::strerror(why) : std::string()) +
             (why == EADDRINUSE ? " (another program has it; --port 0 picks a free one)" : "");
    return -1;
  }
  return bound;
}

bool StoreServer::Run() { return server_->listen_after_bind(); }

void StoreServer::Stop() { server_->stop(); }

}  // namespace glomers
