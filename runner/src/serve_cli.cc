#include "runner/src/serve_cli.h"

#include <charconv>
#include <filesystem>
#include <optional>
#include <string_view>
#include <system_error>

#include "runner/src/cli.h"
#include "runner/src/exit_codes.h"
#include "runner/src/serve.h"

namespace glomers {

namespace {

int ParsePort(std::string_view text) {
  int port = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || port < 0 ||
      port > 65535) {
    throw CliError("--port " + std::string(text.empty() ? "\"\"" : text) +
                   ": must be an integer from 0 to 65535 (0: any free port)");
  }
  return port;
}

}  // namespace

ServeOptions ParseServeCommandLine(const std::vector<std::string>& args) {
  ServeOptions o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "-h" || arg == "--help") {
      o.help = true;
      continue;
    }
    if (!arg.starts_with("-")) {
      throw CliError("unexpected argument \"" + std::string(arg) +
                     "\": `glomers serve` takes only --store, --port and --host");
    }
    std::string_view name = arg;
    std::optional<std::string_view> value;
    if (auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    }
    if (name != "--store" && name != "--port" && name != "--host") {
      throw CliError("unknown option " + std::string(name) + " for `glomers serve`");
    }
    if (!value) {
      if (i + 1 >= args.size()) throw CliError("missing value for " + std::string(name));
      value = args[++i];
    }
    if (name == "--port") {
      o.port = ParsePort(*value);
    } else if (value->empty()) {
      throw CliError(std::string(name) + " \"\": must not be empty");
    } else {
      (name == "--store" ? o.store : o.host) = std::string(*value);
    }
  }
  return o;
}

std::string ServeUsage() {
  return R"(Usage: glomers serve [--store DIR] [--port PORT] [--host HOST]

Serves the store over HTTP, as Maelstrom's serve does: an index of the runs (newest first,
coloured by verdict: green valid, red invalid, orange unknown, grey no results) with their
workload, start time, node count and key figures; each run's page with its files one click away
and its pictures (*.svg) shown in the page. Nothing outside DIR is served.

Options (defaults in brackets):
      --store DIR   the store `glomers test --store DIR` wrote [store]
      --port PORT   the port to listen on; 0 picks a free one, printed at start [8080]
      --host HOST   the address to listen on [127.0.0.1: this machine only]
  -h, --help        print this text

Prints the address to open in a browser, then serves until interrupted (Ctrl-C).

Exit status: 254 bad command line, 255 cannot listen (the port in use, an unknown host).
)";
}

std::string BrowserUrl(const std::string& host, int port) {
  std::string shown = host;
  if (host == "0.0.0.0" || host.empty()) shown = "127.0.0.1";
  if (host == "::") shown = "::1";
  if (shown.find(':') != std::string::npos) shown = "[" + shown + "]";
  return "http://" + shown + ":" + std::to_string(port) + "/";
}

int RunServeCommand(const std::vector<std::string>& args, std::FILE* out, std::FILE* err) {
  ServeOptions o;
  try {
    o = ParseServeCommandLine(args);
    std::error_code ec;
    if (!o.help && !std::filesystem::is_directory(o.store, ec)) {
      throw CliError("--store " + o.store +
                     ": no such directory (`glomers test --store DIR` makes it)");
    }
  } catch (const CliError& e) {
    std::fprintf(err, "glomers: %s\nRun `glomers serve --help` for the options.\n", e.what());
    return kExitUsage;
  }
  if (o.help) {
    std::fputs(ServeUsage().c_str(), out);
    return kExitValid;
  }
  StoreServer server(o.store);
  std::string error;
  int port = server.Bind(o.host, o.port, &error);
  if (port < 0) {
    std::fprintf(err, "glomers serve: %s\n", error.c_str());
    return kExitAborted;
  }
  std::string url = BrowserUrl(o.host, port);
  std::fprintf(out, "glomers serve: serving %s on %s:%d\nopen %s in a browser (Ctrl-C stops)\n",
               server.store().c_str(), o.host.c_str(), port, url.c_str());
  if (!server.loopback_only()) {
    std::fprintf(err,
                 "glomers serve: --host %s: other machines may reach the store too (requests "
                 "under any host name are answered)\n",
                 o.host.c_str());
  }
  std::fflush(out);
  if (!server.Run()) {
    std::fprintf(err, "glomers serve: stopped listening on %s:%d\n", o.host.c_str(), port);
    return kExitAborted;
  }
  return kExitValid;
}

}  // namespace glomers
