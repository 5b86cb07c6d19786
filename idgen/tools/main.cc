// idgen: decode and generate IDs from the command line. See `idgen --help`.

#include <cstdio>
#include <string_view>
#include <vector>

#include "cli.h"
#include "idgen/std_descriptors.h"

int main(int argc, char** argv) {
  // Before anything opens a file: a closed stdout must fail the output, not become the lock.
  if (!idgen::ReopenClosedStdDescriptors()) return idgen::cli::kExitFailure;
  std::vector<std::string_view> args(argv + 1, argv + argc);
  return idgen::cli::Run(args, stdout, stderr);
}
