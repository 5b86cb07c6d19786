// The idgen command line: argument parsing and the commands, kept out of main() so tests
// can drive them without a process.

#ifndef IDGEN_TOOLS_CLI_H_
#define IDGEN_TOOLS_CLI_H_

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>

#include "idgen/decode.h"
#include "idgen/id_format.h"
#include "idgen/status.h"

namespace idgen::cli {

enum class Command { kHelp, kDecode, kGenerate };

struct GenerateArgs {
  IdFormat format = IdFormat::kFlake64;
  uint32_t node_index = 0;
  std::string node_id;  // empty: "n<node_index>"; recorded in the mark
  uint64_t count = 1;
  std::string mark_dir;  // empty: DefaultMarkDir()
  int64_t lease_ms = 200;
  int64_t max_lead_ms = 50;  // without --max-lead-ms: min(50, what the lease leaves room for)
};

struct Args {
  Command command = Command::kHelp;
  Command help_for = Command::kHelp;  // for kHelp: the command whose usage is asked for
  std::string id;                     // for kDecode
  GenerateArgs generate;
};

// Exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // invalid ID, or IDs could not be issued
inline constexpr int kExitUsage = 2;    // bad command line

// `args` excludes the program name. InvalidArgument, with a message fit for stderr, for
// unknown commands or flags, missing or malformed values, and out-of-range numbers.
Status ParseArgs(std::span<const std::string_view> args, Args* out);

// The usage of one command (kDecode, kGenerate) or of them all (kHelp).
std::string UsageText(Command command = Command::kHelp);

// Where `idgen generate` keeps its marks without --mark-dir: $XDG_STATE_HOME/idgen, else
// $HOME/.local/state/idgen (the XDG base directory spec's state directory), never the current
// directory, where a mark left behind by surprise would end up in a repository. InvalidArgument
// when neither variable is set to an absolute path.
using Getenv = const char* (*)(const char*);
Status DefaultMarkDir(Getenv getenv, std::string* dir);

// What `idgen decode` prints for a decoded ID.
std::string DescribeDecoded(const DecodedId& id);

// Runs the command line; returns the exit code. Results go to `out`, errors to `err`; the
// environment is read through `getenv` (nullptr: std::getenv).
int Run(std::span<const std::string_view> args, std::FILE* out, std::FILE* err,
        Getenv getenv = nullptr);

}  // namespace idgen::cli

#endif  // IDGEN_TOOLS_CLI_H_
