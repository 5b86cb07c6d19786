#include "maelstrom/command_line.h"

#include <cstdio>
#include <string>

namespace maelstrom {

std::optional<int> HandleCommandLine(int argc, const char* const* argv, std::string_view usage) {
  if (argc <= 1) return std::nullopt;
  const std::string_view arg = argv[1];
  const std::string text(usage);
  if ((arg == "--help" || arg == "-h") && argc == 2) {
    std::fputs(text.c_str(), stdout);
    std::fflush(stdout);
    return 0;
  }
  const char* program = argv[0] != nullptr ? argv[0] : "node";
  if (arg == "--help" || arg == "-h") {
    std::fprintf(stderr, "%s: --help takes no arguments\n", program);
  } else if (arg.starts_with("-")) {
    std::fprintf(stderr, "%s: unknown option %s (this node takes no arguments)\n", program,
                 argv[1]);
  } else {
    std::fprintf(stderr, "%s: unexpected argument \"%s\" (this node takes no arguments)\n", program,
                 argv[1]);
  }
  std::fputs(text.c_str(), stderr);
  return 2;
}

}  // namespace maelstrom
