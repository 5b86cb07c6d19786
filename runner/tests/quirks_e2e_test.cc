// The quirk corpus (tests/quirks/, one node per reading rule): each node run under glomers as
// Maelstrom would run it, with the verdict Maelstrom gives (the node's docstring says why),
// which nodes stay heard, and the lint findings.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "runner/tests/e2e_util.h"

namespace glomers::e2e {
namespace {

struct Quirk {
  const char* node;                // tests/quirks/NODE.py
  bool valid;                      // Maelstrom's verdict
  std::set<std::string> silenced;  // nodes whose reading ended
  std::set<std::string> lint;      // the kinds of finding
};

std::string Said(const GlomersRun& r) { return "stdout:\n" + r.out + "\nstderr:\n" + r.err; }

GlomersRun RunQuirk(const std::string& node, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"test",
                                   "-w",
                                   "echo",
                                   "--bin",
                                   std::string(QUIRKS_DIR) + "/" + node + ".py",
                                   "--node-count",
                                   "2",
                                   "--time-limit",
                                   "1",
                                   "--rate",
                                   "5",
                                   "--rpc-timeout",
                                   "0.5"};
  args.insert(args.end(), extra.begin(), extra.end());
  return RunGlomers(args);
}

std::set<std::string> Silenced(const GlomersRun& r) {
  std::set<std::string> nodes;
  for (auto bad : r.results["nodes"]["invalid-output"].elements()) {
    nodes.insert(bad["node"].as_string());
  }
  return nodes;
}

std::set<std::string> LintKinds(const GlomersRun& r) {
  std::set<std::string> kinds;
  for (auto f : r.results["lint"]["findings"].elements()) kinds.insert(f["kind"].as_string());
  return kinds;
}

class QuirkTest : public ::testing::TestWithParam<Quirk> {};

TEST_P(QuirkTest, VerdictHeardNodesAndLintAreMaelstroms) {
  const Quirk& q = GetParam();
  GlomersRun r = RunQuirk(q.node);
  ASSERT_FALSE(r.results.is_null()) << Said(r);
  EXPECT_EQ(r.exit_code, q.valid ? 0 : 1) << Said(r);
  EXPECT_EQ(r.results["valid?"].as_bool(), q.valid) << Said(r);
  EXPECT_EQ(Silenced(r), q.silenced) << Said(r);
  EXPECT_EQ(LintKinds(r), q.lint) << Said(r);
  // Lint alone never judges the run.
  EXPECT_TRUE(r.results["lint"]["valid?"].as_bool());
  for (const auto& kind : q.lint) EXPECT_NE(r.out.find(kind + ": first on n"), std::string::npos);
  // A valid run had answers; in an invalid one, every reply was lost.
  EXPECT_EQ(r.Count("ok") > 0, q.valid) << Said(r);
}

INSTANTIATE_TEST_SUITE_P(
    Corpus, QuirkTest,
    ::testing::Values(Quirk{"trailing_text", true, {}, {"trailing-text"}},
                      Quirk{"second_message", false, {}, {"second-message"}},
                      Quirk{"control_character", true, {}, {"control-character"}},
                      Quirk{"invalid_utf8", true, {}, {"invalid-utf8"}},
                      Quirk{"typeless_body", true, {}, {"typeless-body"}},
                      Quirk{"null_body", true, {}, {"body-not-object", "typeless-body"}},
                      Quirk{"number_body", false, {"n0", "n1"}, {}},
                      Quirk{"envelope_array", true, {}, {"envelope-array"}},
                      Quirk{"in_reply_to_string", true, {}, {"non-integer-in_reply_to"}},
                      Quirk{"duplicate_key", true, {}, {"duplicate-key"}},
                      Quirk{"crlf", true, {}, {"crlf"}},
                      Quirk{"bare_cr_end", true, {}, {"bare-cr"}},
                      Quirk{"bare_cr_inside", false, {"n0", "n1"}, {}}),
    [](const ::testing::TestParamInfo<Quirk>& info) { return std::string(info.param.node); });

TEST(QuirkStrictTest, StrictFailsOnLintWithAReason) {
  GlomersRun r = RunQuirk("trailing_text", {"--strict"});
  ASSERT_FALSE(r.results.is_null()) << Said(r);
  EXPECT_EQ(r.exit_code, 1) << Said(r);
  EXPECT_FALSE(r.results["valid?"].as_bool());
  EXPECT_FALSE(r.results["lint"]["valid?"].as_bool());
  EXPECT_TRUE(r.results["lint"]["strict"].as_bool());
  EXPECT_NE(r.results["lint"]["reason"].as_string().find("--strict"), std::string::npos);
  // Everything Maelstrom judges passed.
  EXPECT_TRUE(r.results["workload"]["valid?"].as_bool());
  EXPECT_NE(r.out.find("FAIL lint: 1 kind(s)"), std::string::npos) << Said(r);
}

TEST(QuirkStrictTest, StrictPassesANodeWithoutLint) {
  GlomersRun r = RunGlomers({"test", "-w", "echo", "--bin", ECHO_NODE_BIN, "--node-count", "2",
                             "--time-limit", "1", "--rate", "5", "--strict"});
  EXPECT_EQ(r.exit_code, 0) << Said(r);
  EXPECT_EQ(r.results["lint"]["count"].as_int64(), 0);
  EXPECT_TRUE(r.results["lint"]["strict"].as_bool());
}

}  // namespace
}  // namespace glomers::e2e
