// glomers: runs a Jepsen Maelstrom test locally. See cli.h for the command line.
#include <cstdio>
#include <string>
#include <vector>

#include "runner/src/cli.h"
#include "runner/src/exit_codes.h"
#include "runner/src/test_run.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
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
