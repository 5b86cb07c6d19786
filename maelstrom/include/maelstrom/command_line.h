// A node's own command line. Maelstrom starts a node with no arguments; a person who runs one by
// hand to see what it is gets its usage instead of a process that silently waits on stdin.
//
//   int main(int argc, char** argv) {
//     if (auto exit = maelstrom::HandleCommandLine(argc, argv, "usage: echo\n...")) return *exit;
//     maelstrom::Node node;
//     ...
//   }
#pragma once

#include <optional>
#include <string_view>

namespace maelstrom {

// For a node that takes no arguments: none, nullopt (go on and run); `--help` or `-h`, `usage`
// on stdout and 0; anything else, what is wrong and `usage` on stderr, and 2. Reads nothing.
std::optional<int> HandleCommandLine(int argc, const char* const* argv, std::string_view usage);

}  // namespace maelstrom
