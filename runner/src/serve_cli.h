// `glomers serve [--store DIR] [--port 8080] [--host 127.0.0.1]`: the command line of the web
// view over the store (Maelstrom's `serve`), and the command itself.
//
// Binds loopback unless told otherwise: the store holds node logs and working directories that
// are nobody else's business. --port 0 picks a free port; the line printed at start names it.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace glomers {

struct ServeOptions {
  std::string store = "store";  // as `glomers test`'s --store default
  std::string host = "127.0.0.1";
  int port = 8080;  // Maelstrom's
  bool help = false;
};

// Parses the arguments after `serve`. Throws CliError (cli.h) naming what is wrong.
ServeOptions ParseServeCommandLine(const std::vector<std::string>& args);

// The --help text.
std::string ServeUsage();

// The URL a browser on this machine opens for a server bound to `host`:`port` (a wildcard host
// is reached at loopback; an IPv6 address is bracketed).
std::string BrowserUrl(const std::string& host, int port);

// Runs `glomers serve ARGS...`: prints where to point a browser on `out`, problems on `err`, and
// serves until killed. Returns the exit status: 254 for a bad command line (as `glomers test`),
// 255 when it cannot listen (the port in use, say).
int RunServeCommand(const std::vector<std::string>& args, std::FILE* out, std::FILE* err);

}  // namespace glomers
