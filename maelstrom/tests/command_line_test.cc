#include "maelstrom/command_line.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace maelstrom {
namespace {

TEST(HandleCommandLine, UsageOnHelpAnErrorOnAnythingElseAndNothingWithoutArguments) {
  const struct {
    std::vector<const char*> argv;
    std::optional<int> exit;
    std::string out, err;
  } cases[] = {
      {{"node"}, std::nullopt, "", ""},
      {{"node", "--help"}, 0, "usage: node\n", ""},
      {{"node", "-h"}, 0, "usage: node\n", ""},
      {{"node", "--help", "x"}, 2, "", "node: --help takes no arguments\nusage: node\n"},
      {{"node", "--bogus"},
       2,
       "",
       "node: unknown option --bogus (this node takes no arguments)\nusage: node\n"},
      {{"node", "n1"},
       2,
       "",
       "node: unexpected argument \"n1\" (this node takes no arguments)\nusage: node\n"},
  };
  for (const auto& c : cases) {
    testing::internal::CaptureStdout();
    testing::internal::CaptureStderr();
    const std::optional<int> exit =
        HandleCommandLine(static_cast<int>(c.argv.size()), c.argv.data(), "usage: node\n");
    const std::string out = testing::internal::GetCapturedStdout();
    const std::string err = testing::internal::GetCapturedStderr();
    const std::string which = c.argv.size() > 1 ? c.argv[1] : "(none)";
    EXPECT_EQ(exit, c.exit) << which;
    EXPECT_EQ(out, c.out) << which;
    EXPECT_EQ(err, c.err) << which;
  }
}

}  // namespace
}  // namespace maelstrom
