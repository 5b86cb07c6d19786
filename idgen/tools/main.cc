// idgen: decode and generate IDs from the command line. See `idgen --help`.

#include <string_view>
#include <vector>

#include "cli.h"

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  return idgen::cli::Run(args, stdout, stderr);
}
