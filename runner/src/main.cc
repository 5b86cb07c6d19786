// glomers: runs a Jepsen Maelstrom test locally. See cli.h for the command line.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "runner/src/cli.h"
#include "runner/src/exit_codes.h"
#include "runner/src/serve_cli.h"
#include "runner/src/test_run.h"

namespace {

// A standard descriptor that is closed at start would be the first one the runner opens (a
// node's pipe, say), and what it prints would go there. Each closed one is opened on /dev/null
// first, before anything else is opened.
void ReopenClosedStandardDescriptors() {
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1) continue;
    int null = ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
    // open returns the lowest free descriptor: this one, as the lower ones are open.
    if (null >= 0 && null != fd) {
      ::dup2(null, fd);
      ::close(null);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  ReopenClosedStandardDescriptors();
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "serve") {
    return glomers::RunServeCommand({args.begin() + 1, args.end()}, stdout, stderr);
  }
  glomers::CliCommand command;
  try {
    command = glomers::ParseCommandLine(args);
  } catch (const glomers::CliError& e) {
    std::fprintf(stderr, "glomers: %s\nRun `glomers test --help` for the options.\n", e.what());
    return glomers::kExitUsage;
  }
  if (command.action == glomers::CliAction::kHelp) {
    std::fputs(glomers::Usage().c_str(), stdout);
    return glomers::kExitValid;
  }
  // As Jepsen does with --test-count: run again while tests pass; stop at the first that does not.
  for (std::int64_t i = 0; i < command.options.test_count; ++i) {
    glomers::TestRun run(command.options, stdout, stderr);
    int status = run.Run();
    if (status != glomers::kExitValid) return status;
  }
  return glomers::kExitValid;
}
