// The `glomers` command line: Maelstrom's `test` command with its flags, names and defaults.
//
//   glomers test -w unique-ids --bin ./node --node-count 3 --time-limit 30 --rate 1000
//                --availability total --nemesis partition
//
// Arguments for the node binary: as in Maelstrom, every argument that is not an option (and every
// argument after `--`) is passed to the binary, in order: `--bin ./node.py fast -- --verbose` runs
// `./node.py fast --verbose`.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "runner/src/options.h"

namespace glomers {

// A command line that cannot run; its message says what is wrong. Exit with kExitUsage.
class CliError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class CliAction { kTest, kHelp };

struct CliCommand {
  CliAction action = CliAction::kHelp;
  TestOptions options;
};

// Parses the arguments after the program name. Throws CliError. Checks that --bin names an
// executable file, but starts nothing.
CliCommand ParseCommandLine(const std::vector<std::string>& args);

// The --help text.
std::string Usage();

}  // namespace glomers
