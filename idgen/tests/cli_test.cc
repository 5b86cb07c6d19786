// The idgen command line: the parser and commands in-process, then the real binary.

#include "cli.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "idgen/flake64.h"
#include "idgen/uuid.h"
#include "test_util.h"

namespace idgen::cli {
namespace {

struct CliResult {
  int code;
  std::string out;
  std::string err;
};

CliResult RunInProcess(std::vector<std::string_view> args, Getenv getenv = nullptr) {
  char* out_buf = nullptr;
  char* err_buf = nullptr;
  size_t out_size = 0, err_size = 0;
  std::FILE* out = open_memstream(&out_buf, &out_size);
  std::FILE* err = open_memstream(&err_buf, &err_size);
  const int code = Run(args, out, err, getenv);
  std::fclose(out);
  std::fclose(err);
  CliResult r{code, std::string(out_buf, out_size), std::string(err_buf, err_size)};
  std::free(out_buf);
  std::free(err_buf);
  return r;
}

Status Parse(std::vector<std::string_view> args, Args* out) { return ParseArgs(args, out); }

TEST(CliParseTest, Decode) {
  Args a;
  ASSERT_TRUE(Parse({"decode", "123"}, &a).ok());
  EXPECT_EQ(a.command, Command::kDecode);
  EXPECT_EQ(a.id, "123");
}

TEST(CliParseTest, GenerateDefaultsAndFlags) {
  Args a;
  ASSERT_TRUE(Parse({"generate"}, &a).ok());
  EXPECT_EQ(a.command, Command::kGenerate);
  EXPECT_EQ(a.generate.format, IdFormat::kFlake64);
  EXPECT_EQ(a.generate.node_index, 0u);
  EXPECT_EQ(a.generate.node_id, "n0");
  EXPECT_EQ(a.generate.count, 1u);
  EXPECT_EQ(a.generate.mark_dir, "");  // resolved by Run: DefaultMarkDir
  EXPECT_EQ(a.generate.lease_ms, 200);
  EXPECT_EQ(a.generate.max_lead_ms, 50);
  ASSERT_TRUE(Parse({"generate", "--lease-ms", "20"}, &a).ok());
  EXPECT_EQ(a.generate.max_lead_ms, 9);  // what a 20 ms lease leaves room for
  ASSERT_TRUE(Parse({"generate", "--format", "uuid7", "--node", "1023", "-n", "5", "--mark-dir",
                     "/tmp/x", "--lease-ms", "20", "--max-lead-ms", "0"},
                    &a)
                  .ok());
  EXPECT_EQ(a.generate.format, IdFormat::kUuid7);
  EXPECT_EQ(a.generate.node_index, 1023u);
  EXPECT_EQ(a.generate.node_id, "n1023");
  EXPECT_EQ(a.generate.count, 5u);
  EXPECT_EQ(a.generate.mark_dir, "/tmp/x");
  EXPECT_EQ(a.generate.lease_ms, 20);
  EXPECT_EQ(a.generate.max_lead_ms, 0);
  ASSERT_TRUE(Parse({"generate", "--node-id", "client/7"}, &a).ok());
  EXPECT_EQ(a.generate.node_id, "client/7");
}

TEST(CliParseTest, Help) {
  Args a;
  for (std::string_view h : {"--help", "-h", "help"}) {
    ASSERT_TRUE(Parse({h}, &a).ok());
    EXPECT_EQ(a.command, Command::kHelp);
  }
}

TEST(CliParseTest, HelpAfterACommandIsThatCommandsHelp) {
  const struct {
    std::vector<std::string_view> args;
    Command help_for;
  } cases[] = {
      {{"decode", "--help"}, Command::kDecode},
      {{"decode", "-h"}, Command::kDecode},
      {{"decode", "12", "--help"}, Command::kDecode},
      {{"generate", "--help"}, Command::kGenerate},
      {{"generate", "-n", "5", "-h"}, Command::kGenerate},
      {{"generate", "--bogus", "--help"}, Command::kGenerate},
  };
  for (const auto& c : cases) {
    Args a;
    ASSERT_TRUE(Parse(c.args, &a).ok()) << c.args[0];
    EXPECT_EQ(a.command, Command::kHelp);
    EXPECT_EQ(a.help_for, c.help_for);
  }
}

TEST(CliRunTest, CommandHelpIsThatCommandsUsage) {
  CliResult decode = RunInProcess({"decode", "--help"});
  EXPECT_EQ(decode.code, kExitOk);
  EXPECT_EQ(decode.err, "");
  EXPECT_NE(decode.out.find("idgen decode <id>"), std::string::npos) << decode.out;
  EXPECT_EQ(decode.out.find("idgen generate"), std::string::npos) << decode.out;
  CliResult generate = RunInProcess({"generate", "--help"});
  EXPECT_EQ(generate.code, kExitOk);
  EXPECT_NE(generate.out.find("idgen generate [--format"), std::string::npos) << generate.out;
  EXPECT_EQ(generate.out.find("idgen decode"), std::string::npos) << generate.out;
}

const char* NoEnv(const char*) { return nullptr; }

TEST(CliDefaultMarkDirTest, StateHomeThenHomeNeverTheWorkingDirectory) {
  const struct {
    const char* xdg_state_home;
    const char* home;
    const char* dir;  // nullptr: refused
  } cases[] = {
      {"/s", "/h", "/s/idgen"},
      {nullptr, "/h", "/h/.local/state/idgen"},
      {"", "/h", "/h/.local/state/idgen"},       // empty: unset, as the spec says
      {"state", "/h", "/h/.local/state/idgen"},  // relative: invalid, ignored
      {nullptr, nullptr, nullptr},
      {"relative", "also-relative", nullptr},
  };
  for (const auto& c : cases) {
    static const char* xdg;
    static const char* home;
    xdg = c.xdg_state_home;
    home = c.home;
    auto env = [](const char* name) -> const char* {
      return std::string_view(name) == "XDG_STATE_HOME" ? xdg
             : std::string_view(name) == "HOME"         ? home
                                                        : nullptr;
    };
    std::string dir = "unchanged";
    Status s = DefaultMarkDir(env, &dir);
    if (c.dir == nullptr) {
      EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
      EXPECT_NE(s.message().find("--mark-dir"), std::string_view::npos) << s.ToString();
    } else {
      ASSERT_TRUE(s.ok()) << s.ToString();
      EXPECT_EQ(dir, c.dir);
    }
  }
}

TEST(CliRunTest, GenerateWithoutAHomeAsksForAMarkDirectory) {
  CliResult r = RunInProcess({"generate"}, NoEnv);
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("pass --mark-dir"), std::string::npos) << r.err;
}

TEST(CliParseTest, EveryUsageErrorSaysWhatIsWrong) {
  const struct {
    std::vector<std::string_view> args;
    const char* says;
  } cases[] = {
      {{}, "missing command"},
      {{"frobnicate"}, "unknown command"},
      {{"--help", "x"}, "no arguments"},
      {{"decode"}, "exactly one ID"},
      {{"decode", "1", "2"}, "exactly one ID"},
      {{"generate", "--format"}, "needs a value"},
      {{"generate", "--format", "uuid1"}, "unknown format"},
      {{"generate", "--node", "1024"}, "too large"},
      {{"generate", "--node", "-1"}, "non-negative integer"},
      {{"generate", "--node", ""}, "needs a number"},
      {{"generate", "--node", "x"}, "non-negative integer"},
      {{"generate", "-n", "99999999999999999999"}, "too large"},
      {{"generate", "-n", "1.5"}, "non-negative integer"},
      {{"generate", "--mark-dir", ""}, "must not be empty"},
      {{"generate", "--node-id", ""}, "must not be empty"},
      {{"generate", "--lease-ms", "1"}, ">= 2"},
      {{"generate", "--lease-ms", "20", "--max-lead-ms", "10"}, "at most 9"},
      {{"generate", "--bogus", "1"}, "unknown option"},
      {{"generate", "extra"}, "unknown option"},
  };
  for (const auto& c : cases) {
    Args a;
    Status s = Parse(c.args, &a);
    EXPECT_TRUE(s.IsInvalidArgument()) << c.says;
    EXPECT_NE(s.message().find(c.says), std::string_view::npos) << s.ToString();
  }
}

TEST(CliRunTest, DecodeFlake64) {
  const uint64_t id = EncodeFlake64({1'772'323'200'123, 17, 3});
  const std::string text = std::to_string(id);
  CliResult r = RunInProcess({"decode", text});
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_EQ(r.out,
            "format: flake64\ntime: 2026-03-01T00:00:00.123Z\nunix_ms: 1772323200123\n"
            "sequence: 17\nnode: 3\n");
  EXPECT_EQ(r.err, "");
}

TEST(CliRunTest, DecodeUuids) {
  const std::string u7 = FormatUuid(EncodeUuid7({1'772'323'200'123, 5, 6, 7}));
  CliResult r = RunInProcess({"decode", u7});
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_NE(r.out.find("format: uuid7\ntime: 2026-03-01T00:00:00.123Z"), std::string::npos);
  EXPECT_NE(r.out.find("sequence: 5\nnode: 6\n"), std::string::npos);
  const std::string u4 = FormatUuid(MakeUuid4(1, 2));
  r = RunInProcess({"decode", u4});
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_NE(r.out.find("carries no time"), std::string::npos);
}

TEST(CliRunTest, DecodeRejectsGarbageOnStderr) {
  for (std::string_view bad : {"", "-5", "abc", "9223372036854775808", "18446744073709551616",
                               "01234567-89ab-1def-8edc-ba9876543210"}) {
    CliResult r = RunInProcess({"decode", bad});
    EXPECT_EQ(r.code, kExitFailure) << bad;
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("idgen decode: "), std::string::npos) << r.err;
  }
}

TEST(CliRunTest, UsageErrorsPrintUsage) {
  CliResult r = RunInProcess({"generate", "--node", "5000"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("too large"), std::string::npos);
  EXPECT_NE(r.err.find("usage:"), std::string::npos);
  r = RunInProcess({"--help"});
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_EQ(r.out, UsageText());
}

TEST(CliRunTest, GenerateAllFormats) {
  test::TempDir dir;
  CliResult r = RunInProcess({"generate", "-n", "5000", "--node", "12", "--mark-dir", dir.path()});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  std::set<std::string> lines;
  size_t start = 0;
  for (size_t nl; (nl = r.out.find('\n', start)) != std::string::npos; start = nl + 1) {
    const std::string line = r.out.substr(start, nl - start);
    DecodedId d;
    ASSERT_TRUE(DecodeId(line, &d).ok()) << line;
    EXPECT_EQ(d.node_index, 12u);
    lines.insert(line);
  }
  EXPECT_EQ(lines.size(), 5000u);

  for (std::string_view format : {"uuid7", "uuid4"}) {
    r = RunInProcess({"generate", "--format", format, "-n", "3", "--mark-dir", dir.path()});
    ASSERT_EQ(r.code, kExitOk) << r.err;
    ASSERT_EQ(r.out.size(), 3 * 37u);
    DecodedId d;
    ASSERT_TRUE(DecodeId(r.out.substr(0, 36), &d).ok());
    EXPECT_EQ(IdFormatName(d.format), format);
  }
}

TEST(CliRunTest, GenerateOnAMissingMarkDirectoryFailsClearly) {
  test::TempDir dir;
  CliResult r = RunInProcess({"generate", "--mark-dir", dir.path() + "/missing"});
  EXPECT_EQ(r.code, kExitFailure);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("Unavailable"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("No such file or directory"), std::string::npos) << r.err;
}

// The real binary, as a user runs it.

TEST(CliBinaryTest, DecodeGarbageExitsNonZeroWithAMessage) {
  test::ChildProcess child({IDGEN_TOOL_PATH, "decode", "12x"}, {});
  EXPECT_TRUE(child.ReadAllLines().empty());
  EXPECT_EQ(child.Wait(), kExitFailure);
  EXPECT_NE(child.Stderr().find("non-digit"), std::string::npos) << child.Stderr();
}

TEST(CliBinaryTest, GenerateThenDecodeRoundTrips) {
  test::TempDir dir;
  test::ChildProcess gen({IDGEN_TOOL_PATH, "generate", "--node", "77", "--mark-dir", dir.path()},
                         {});
  const std::vector<std::string> lines = gen.ReadAllLines();
  ASSERT_EQ(gen.Wait(), kExitOk) << gen.Stderr();
  ASSERT_EQ(lines.size(), 1u);
  test::ChildProcess dec({IDGEN_TOOL_PATH, "decode", lines[0]}, {});
  const std::vector<std::string> out = dec.ReadAllLines();
  EXPECT_EQ(dec.Wait(), kExitOk);
  ASSERT_EQ(out.size(), 5u);
  EXPECT_EQ(out[0], "format: flake64");
  EXPECT_EQ(out[4], "node: 77");
}

TEST(CliBinaryTest, BadClockOffsetIsReported) {
  test::TempDir dir;
  test::ChildProcess gen({IDGEN_TOOL_PATH, "generate", "--mark-dir", dir.path()},
                         {{"IDGEN_CLOCK_OFFSET_MS", "1 day"}});
  EXPECT_TRUE(gen.ReadAllLines().empty());
  EXPECT_EQ(gen.Wait(), kExitFailure);
  EXPECT_NE(gen.Stderr().find("IDGEN_CLOCK_OFFSET_MS"), std::string::npos) << gen.Stderr();
}

// `idgen generate` through /bin/sh, for the redirections a user writes.
std::vector<std::string> Shell(const std::string& script, const std::string& dir) {
  return {"/bin/sh", "-c", script, IDGEN_TOOL_PATH, dir};
}

TEST(CliBinaryTest, AClosedStdoutFailsTheCommandAndNeverReachesTheLockFile) {
  test::TempDir dir;
  test::ChildProcess gen(Shell(R"(exec "$0" generate -n 5 --mark-dir "$1" >&-)", dir.path()), {});
  EXPECT_EQ(gen.Wait(), kExitFailure);
  EXPECT_NE(gen.Stderr().find("cannot write output: Bad file descriptor"), std::string::npos)
      << gen.Stderr();
  // Descriptor 1 was not handed to the lock (or the mark) file, so no ID went into it.
  std::ifstream lock(dir.path() + "/idgen.0.mark.lock");
  EXPECT_TRUE(lock.good());
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(lock), {}), "");
}

TEST(CliBinaryTest, GenerateLeavesNothingInTheWorkingDirectory) {
  test::TempDir dir;
  test::ChildProcess gen(
      Shell(
          R"(mkdir "$1/work" && cd "$1/work" && HOME="$1/home" XDG_STATE_HOME= exec "$0" generate -n 3)",
          dir.path()),
      {});
  EXPECT_EQ(gen.ReadAllLines().size(), 3u);
  EXPECT_EQ(gen.Wait(), kExitOk) << gen.Stderr();
  std::error_code ec;
  EXPECT_TRUE(std::filesystem::is_empty(dir.path() + "/work", ec)) << ec.message();
  // The mark went to the state directory, made on the way, private to the user.
  const std::string state = dir.path() + "/home/.local/state/idgen";
  EXPECT_TRUE(std::filesystem::exists(state + "/idgen.0.mark"));
  EXPECT_EQ(std::filesystem::status(state).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_all);
}

TEST(CliBinaryTest, SubcommandHelpReadsNoInputAndExitsZero) {
  for (const char* command : {"decode", "generate"}) {
    test::ChildProcess help({IDGEN_TOOL_PATH, command, "--help"}, {});
    const std::vector<std::string> lines = help.ReadAllLines();
    EXPECT_EQ(help.Wait(), kExitOk) << command;
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines[0], "usage:");
  }
}

TEST(CliBinaryTest, AFullStdoutStopsAtOnce) {
  test::TempDir dir;
  // A billion IDs: if a failed write did not stop it, this would run for minutes.
  test::ChildProcess gen(
      Shell(R"(exec "$0" generate -n 1000000000 --mark-dir "$1" >/dev/full)", dir.path()), {});
  EXPECT_EQ(gen.Wait(), kExitFailure);
  EXPECT_NE(gen.Stderr().find("cannot write output: No space left on device"), std::string::npos)
      << gen.Stderr();
}

TEST(CliBinaryTest, TwoProcessesNeverIssueUnderOneIndexFromOneDirectory) {
  test::TempDir dir;
  // The first holds index 3 while it waits for us to read its output.
  test::ChildProcess first(
      {IDGEN_TOOL_PATH, "generate", "--node", "3", "-n", "1000000000", "--mark-dir", dir.path()},
      {});
  ASSERT_TRUE(first.ReadLine().has_value());
  // Another name changes nothing: the index is the identity.
  test::ChildProcess second(
      {IDGEN_TOOL_PATH, "generate", "--node", "3", "--node-id", "other", "--mark-dir", dir.path()},
      {});
  EXPECT_TRUE(second.ReadAllLines().empty());
  EXPECT_EQ(second.Wait(), kExitFailure);
  EXPECT_NE(second.Stderr().find("is held by another generator"), std::string::npos)
      << second.Stderr();
  // Another index in the same directory is independent.
  test::ChildProcess third({IDGEN_TOOL_PATH, "generate", "--node", "4", "--mark-dir", dir.path()},
                           {});
  EXPECT_EQ(third.ReadAllLines().size(), 1u);
  EXPECT_EQ(third.Wait(), kExitOk) << third.Stderr();
}

TEST(CliBinaryTest, HelpAndUsage) {
  test::ChildProcess help({IDGEN_TOOL_PATH, "--help"}, {});
  const std::vector<std::string> lines = help.ReadAllLines();
  EXPECT_EQ(help.Wait(), kExitOk);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], "usage:");
  test::ChildProcess bad({IDGEN_TOOL_PATH}, {});
  EXPECT_EQ(bad.Wait(), kExitUsage);
  EXPECT_NE(bad.Stderr().find("missing command"), std::string::npos);
}

}  // namespace
}  // namespace idgen::cli
