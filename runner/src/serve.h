// `glomers serve`'s HTTP server: the store's index, runs and files over HTTP, on cpp-httplib
// (Debian's libcpp-httplib-dev; README.md, "Dependencies"), which parses the requests. This file
// only wires its routes to serve_paths.h (what may be served), serve_store.h (what is read) and
// serve_pages.h (what is shown).
//
// Only GET (and HEAD, which httplib answers from GET) is served; everything that
// ResolveStorePath refuses is a 404 with the same page, whatever the reason. Files are streamed
// from an open descriptor, so a history of gigabytes is served without being held in memory.
// A server bound to a loopback address answers only requests whose Host names this machine
// (serve_host.h: the guard against DNS rebinding); others get a 403.
// Handlers run on httplib's thread pool; they share nothing but the immutable store path and
// what Bind decided before they started.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

namespace httplib {
class Server;
}

namespace glomers {

class StoreServer {
 public:
  // `store` must name an existing directory; it is made canonical here.
  explicit StoreServer(const std::filesystem::path& store);
  ~StoreServer();
  StoreServer(const StoreServer&) = delete;
  StoreServer& operator=(const StoreServer&) = delete;

  // Binds `host`:`port` (0: any free port). Returns the port bound, or -1 with `error` saying
  // why (the port in use, a host that is not an address of this machine).
  int Bind(const std::string& host, int port, std::string* error);
  // Serves until Stop() (from another thread or a signal handler's thread). False if it could
  // not start listening.
  bool Run();
  void Stop();

  const std::filesystem::path& store() const { return store_; }
  // After Bind: whether it bound loopback addresses only, so that requests must name this
  // machine in their Host header (serve_host.h).
  bool loopback_only() const { return loopback_only_; }

 private:
  void AddRoutes();

  std::filesystem::path store_;
  std::unique_ptr<httplib::Server> server_;
  // Set by Bind, before Run starts the handlers' threads: whether --host was a loopback
  // address, and so whether requests must name this machine (serve_host.h).
  bool loopback_only_ = false;
};

}  // namespace glomers
