#include "cli.h"

#include <sys/stat.h>
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "idgen/id_generator.h"
#include "idgen/uuid.h"

namespace idgen::cli {

namespace {

int64_t RefreshAheadMs(int64_t lease_ms) { return lease_ms / 2; }

Status ParseUnsigned(std::string_view flag, std::string_view text, uint64_t max, uint64_t* out) {
  if (text.empty()) return Status::InvalidArgument(std::string(flag) + " needs a number");
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return Status::InvalidArgument(std::string(flag) + " expects a non-negative integer, got \"" +
                                     std::string(text) + "\"");
    }
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (max - digit) / 10) {
      return Status::InvalidArgument(std::string(flag) + " " + std::string(text) +
                                     " is too large (at most " + std::to_string(max) + ")");
    }
    value = value * 10 + digit;
  }
  *out = value;
  return Status::OK();
}

Status ParseGenerate(std::span<const std::string_view> args, GenerateArgs* g) {
  bool max_lead_given = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string_view flag = args[i];
    if (flag != "--format" && flag != "--node" && flag != "--node-id" && flag != "-n" &&
        flag != "--mark-dir" && flag != "--lease-ms" && flag != "--max-lead-ms") {
      return Status::InvalidArgument("unknown option \"" + std::string(flag) + "\" for generate");
    }
    if (i + 1 == args.size()) {
      return Status::InvalidArgument(std::string(flag) + " needs a value");
    }
    const std::string_view value = args[++i];
    uint64_t number = 0;
    Status s;
    if (flag == "--format") {
      const std::optional<IdFormat> f = ParseIdFormat(value);
      if (!f.has_value()) {
        return Status::InvalidArgument("unknown format \"" + std::string(value) +
                                       "\" (expected flake64, uuid7 or uuid4)");
      }
      g->format = *f;
    } else if (flag == "--node") {
      s = ParseUnsigned(flag, value, kMaxNodeIndex, &number);
      g->node_index = static_cast<uint32_t>(number);
    } else if (flag == "--node-id") {
      if (value.empty()) return Status::InvalidArgument("--node-id must not be empty");
      g->node_id = std::string(value);
    } else if (flag == "-n") {
      s = ParseUnsigned(flag, value, UINT64_MAX, &number);
      g->count = number;
    } else if (flag == "--mark-dir") {
      if (value.empty()) return Status::InvalidArgument("--mark-dir must not be empty");
      g->mark_dir = std::string(value);
    } else if (flag == "--lease-ms") {
      s = ParseUnsigned(flag, value, uint64_t{1} << 40, &number);
      if (s.ok() && number < 2) return Status::InvalidArgument("--lease-ms must be >= 2");
      g->lease_ms = static_cast<int64_t>(number);
    } else {
      s = ParseUnsigned(flag, value, uint64_t{1} << 40, &number);
      g->max_lead_ms = static_cast<int64_t>(number);
      max_lead_given = true;
    }
    if (!s.ok()) return s;
  }
  if (g->node_id.empty()) g->node_id = "n" + std::to_string(g->node_index);
  // The lease must cover the lead plus the refresh margin (half the lease).
  const int64_t room = g->lease_ms - RefreshAheadMs(g->lease_ms) - 1;
  if (!max_lead_given) {
    g->max_lead_ms = std::min<int64_t>(g->max_lead_ms, room);
  } else if (g->max_lead_ms > room) {
    return Status::InvalidArgument("--max-lead-ms " + std::to_string(g->max_lead_ms) +
                                   " is too large for --lease-ms " + std::to_string(g->lease_ms) +
                                   " (at most " + std::to_string(room) + ")");
  }
  return Status::OK();
}

int Decode(const std::string& text, std::FILE* out, std::FILE* err) {
  DecodedId decoded;
  Status s = DecodeId(text, &decoded);
  if (!s.ok()) {
    std::fprintf(err, "idgen decode: %s\n", std::string(s.message()).c_str());
    return kExitFailure;
  }
  std::fputs(DescribeDecoded(decoded).c_str(), out);
  return kExitOk;
}

int Generate(const GenerateArgs& g, std::FILE* out, std::FILE* err) {
  Options options;
  options.format = g.format;
  options.node_index = g.node_index;
  options.node_id = g.node_id;
  options.mark_dir = g.mark_dir;
  options.mark_file_prefix = "idgen";
  options.lease_ms = g.lease_ms;
  options.refresh_ahead_ms = RefreshAheadMs(g.lease_ms);
  options.max_lead_ms = g.max_lead_ms;
  std::unique_ptr<IdGenerator> gen;
  Status s = IdGenerator::Open(options, &gen);
  if (s.ok()) s = gen->Maintain();
  if (!s.ok()) {
    std::fprintf(err, "idgen generate: %s\n", s.ToString().c_str());
    return kExitFailure;
  }
  char line[kUuidTextSize + 1];
  for (uint64_t i = 0; i < g.count; ++i) {
    // No timer here, so refresh the mark every so often from the loop itself.
    if (i % 4096 == 4095) gen->Maintain().ok();
    size_t size = 0;
    if (g.format == IdFormat::kFlake64) {
      uint64_t id = 0;
      s = gen->NextFlake(&id);
      if (s.ok())
        size = static_cast<size_t>(
            std::snprintf(line, sizeof line, "%llu", static_cast<unsigned long long>(id)));
    } else {
      Uuid uuid;
      s = gen->NextUuid(&uuid);
      if (s.ok()) {
        FormatUuid(uuid, line);
        size = kUuidTextSize;
      }
    }
    if (!s.ok()) {
      std::fflush(out);
      std::fprintf(err, "idgen generate: %s\n", s.ToString().c_str());
      return kExitFailure;
    }
    line[size] = '\n';
    // Stop at the first failed write (a closed or full stdout): the IDs would be lost.
    if (std::fwrite(line, 1, size + 1, out) != size + 1) break;
  }
  if (std::fflush(out) != 0 || std::ferror(out)) {
    std::fprintf(err, "idgen generate: cannot write output: %s\n", std::strerror(errno));
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

std::string UsageText(Command command) {
  const char* decode =
      "  idgen decode <id>\n"
      "      Prints the time (UTC), sequence and node index of a flake64 integer or a\n"
      "      uuid7 string; a uuid4 carries no time.\n";
  const char* generate =
      "  idgen generate [--format flake64|uuid7|uuid4] [--node N] [-n COUNT]\n"
      "                 [--mark-dir DIR] [--node-id NAME] [--lease-ms MS]\n"
      "                 [--max-lead-ms MS]\n"
      "      Prints COUNT (default 1) IDs, one per line, as node index N (0..1023,\n"
      "      default 0). The high-water mark lives in DIR (default: $XDG_STATE_HOME/idgen,\n"
      "      else ~/.local/state/idgen, made if missing) as idgen.<N>.mark, locked while\n"
      "      in use, and records NAME (default n<N>). It runs at most --lease-ms\n"
      "      (default 200) ahead of the clock; load may push IDs --max-lead-ms ahead\n"
      "      (default 50, less for short leases; at most lease - lease/2 - 1).\n";
  std::string text = "usage:\n";
  if (command != Command::kGenerate) text += decode;
  if (command != Command::kDecode) text += generate;
  if (command == Command::kHelp) text += "  idgen --help, idgen <command> --help\n";
  text +=
      "\n"
      "environment:\n"
      "  IDGEN_CLOCK_OFFSET_MS  testing aid: milliseconds added to the clock (may be\n"
      "                         negative), e.g. -86400000 to start a day in the past.\n";
  if (command != Command::kDecode) {
    text += "  XDG_STATE_HOME, HOME   where the marks live without --mark-dir.\n";
  }
  text += "\nexit status: 0 success, 1 invalid ID or IDs unavailable, 2 bad command line.\n";
  return text;
}

Status DefaultMarkDir(Getenv getenv, std::string* dir) {
  const char* state = getenv("XDG_STATE_HOME");
  // The spec: a relative path in the variable is invalid and is ignored.
  if (state != nullptr && state[0] == '/') {
    *dir = std::string(state) + "/idgen";
    return Status::OK();
  }
  const char* home = getenv("HOME");
  if (home != nullptr && home[0] == '/') {
    *dir = std::string(home) + "/.local/state/idgen";
    return Status::OK();
  }
  return Status::InvalidArgument(
      "no directory for the marks: set XDG_STATE_HOME or HOME, or pass --mark-dir");
}

Status ParseArgs(std::span<const std::string_view> args, Args* out) {
  *out = Args();
  if (args.empty()) return Status::InvalidArgument("missing command (decode or generate)");
  const std::string_view command = args[0];
  if (command == "--help" || command == "-h" || command == "help") {
    if (args.size() > 1) return Status::InvalidArgument("--help takes no arguments");
    out->command = Command::kHelp;
    return Status::OK();
  }
  // `idgen decode --help`, `idgen generate -h`: help wins wherever it stands, so a user who
  // asks for it gets it rather than an ID parsed from "--help".
  for (std::string_view arg : args.subspan(1)) {
    if (arg == "--help" || arg == "-h") {
      out->command = Command::kHelp;
      if (command == "decode") out->help_for = Command::kDecode;
      if (command == "generate") out->help_for = Command::kGenerate;
      if (out->help_for != Command::kHelp) return Status::OK();
    }
  }
  if (command == "decode") {
    if (args.size() != 2) {
      return Status::InvalidArgument("decode takes exactly one ID, got " +
                                     std::to_string(args.size() - 1) + " arguments");
    }
    out->command = Command::kDecode;
    out->id = std::string(args[1]);
    return Status::OK();
  }
  if (command == "generate") {
    out->command = Command::kGenerate;
    return ParseGenerate(args.subspan(1), &out->generate);
  }
  return Status::InvalidArgument("unknown command \"" + std::string(command) +
                                 "\" (expected decode or generate)");
}

std::string DescribeDecoded(const DecodedId& id) {
  std::string s = "format: " + std::string(IdFormatName(id.format)) + "\n";
  if (id.format == IdFormat::kUuid4) {
    return s + "time: none (a uuid4 is random and carries no time, sequence or node)\n";
  }
  s += "time: " + FormatIso8601Ms(id.unix_ms) + "\n";
  s += "unix_ms: " + std::to_string(id.unix_ms) + "\n";
  s += "sequence: " + std::to_string(id.sequence) + "\n";
  s += "node: " + std::to_string(id.node_index) + "\n";
  return s;
}

namespace {

// Creates `dir` and its missing parents, private to the user (0700), as `mkdir -p` would.
Status MakeDirectories(const std::string& dir) {
  for (size_t slash = dir.find('/', 1);; slash = dir.find('/', slash + 1)) {
    const std::string prefix = dir.substr(0, slash);
    if (::mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST) {
      return Status::IOError("cannot make the mark directory " + prefix + ": " +
                             std::strerror(errno));
    }
    if (slash == std::string::npos) return Status::OK();
  }
}

}  // namespace

int Run(std::span<const std::string_view> args, std::FILE* out, std::FILE* err, Getenv getenv) {
  if (getenv == nullptr) getenv = [](const char* name) -> const char* { return std::getenv(name); };
  Args parsed;
  Status s = ParseArgs(args, &parsed);
  if (!s.ok()) {
    std::fprintf(err, "idgen: %s\n\n%s", std::string(s.message()).c_str(), UsageText().c_str());
    return kExitUsage;
  }
  switch (parsed.command) {
    case Command::kHelp:
      std::fputs(UsageText(parsed.help_for).c_str(), out);
      return kExitOk;
    case Command::kDecode:
      return Decode(parsed.id, out, err);
    case Command::kGenerate:
      if (parsed.generate.mark_dir.empty()) {
        s = DefaultMarkDir(getenv, &parsed.generate.mark_dir);
        if (s.ok()) s = MakeDirectories(parsed.generate.mark_dir);
        if (!s.ok()) {
          std::fprintf(err, "idgen generate: %s\n", std::string(s.message()).c_str());
          return s.IsInvalidArgument() ? kExitUsage : kExitFailure;
        }
      }
      return Generate(parsed.generate, out, err);
  }
  return kExitUsage;
}

}  // namespace idgen::cli
