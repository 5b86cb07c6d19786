// Both nodes as real processes, fed valid requests interleaved with every kind of hostile line
// (stream.cc lists them): the node never dies, writes nothing but protocol lines, answers every
// valid request (checked by (src, msg_id)) and answers code 12 where a malformed request's sender
// and msg_id can be read. Seeded: STRESS_SEED=N replays a run.
#include <gtest/gtest.h>

#include <string>

#include "answers.h"
#include "harness.h"
#include "process.h"
#include "stream.h"

namespace glomers::stress {
namespace {

using namespace std::chrono_literals;

struct Outcome {
  std::string out, err;
  std::optional<int> status;
  bool fed = false;
};

Outcome RunNode(const std::string& bin, const Stream& stream, std::uint64_t seed,
                const std::string& dir = {}) {
  Process node({bin}, {}, dir);
  Drain out(node.stdout_fd()), err(node.stderr_fd());
  Feeder feeder(node, stream.input, seed);
  Outcome o;
  o.fed = feeder.Join();
  o.out = out.Join();
  o.err = err.Join();
  o.status = node.WaitFor(30s);
  return o;
}

void ExpectCleanRun(Stream& stream, const Outcome& o, const std::string& node) {
  EXPECT_TRUE(o.fed) << "the node stopped reading its input";
  EXPECT_EQ(DescribeStatus(o.status), "exited with status 0")
      << "stdin closed: the node must finish and exit 0\n"
      << o.err.substr(o.err.size() > 3000 ? o.err.size() - 3000 : 0);
  std::vector<std::string> problems = stream.book.Check(o.out, node);
  EXPECT_TRUE(problems.empty()) << JoinLines(problems);
  EXPECT_EQ(stream.book.answered(), stream.book.size());
  EXPECT_EQ(stream.book.lines(), stream.book.size()) << "lines that answer nothing";
  std::string kinds;
  for (const auto& [kind, count] : stream.kinds)
    kinds += "\n  " + std::to_string(count) + " " + kind;
  std::cout << "[ stress   ] " << stream.input.size() << " bytes in, " << o.out.size()
            << " bytes out, " << stream.book.size() << " answers due and given; lines:" << kinds
            << std::endl;
}

TEST(StdinStress, EchoSurvivesEveryHostileLineAndAnswersEveryRequest) {
  std::uint64_t seed = StressSeed(1);
  SCOPED_TRACE(SeedNote(seed));
  Stream stream = MakeStream({
      .workload = Workload::kEcho,
      .seed = seed,
      .over_limit = true,
  });
  Outcome o = RunNode(ECHO_BIN, stream, seed);
  ExpectCleanRun(stream, o, "n0");
  // The node said why it dropped what it dropped.
  for (const char* reason : {"invalid JSON", "nested too deep", "invalid UTF-8",
                             "longer than 67108864 bytes", "unexpected content after"}) {
    EXPECT_NE(o.err.find(reason), std::string::npos) << "no log line says " << reason;
  }
}

TEST(StdinStress, UniqueIdsSurvivesEveryHostileLineAndAnswersEveryRequest) {
  std::uint64_t seed = StressSeed(2);
  SCOPED_TRACE(SeedNote(seed));
  Stream stream = MakeStream({
      .workload = Workload::kUniqueIds,
      .seed = seed,
      .node = "n2",
  });
  TempDir dir;  // the node keeps its mark in its working directory
  Outcome o = RunNode(UNIQUE_IDS_BIN, stream, seed, dir.path());
  ExpectCleanRun(stream, o, "n2");
  EXPECT_GT(stream.book.ids().size(), 3000u);  // every generate_ok id distinct (Check)
}

// The same check on a node that exits at the first line it cannot parse, as the official Go
// library's nodes do: it must fail, or it proves nothing about ours.
TEST(StdinStress, TheCheckFailsANodeThatDiesOnABadLine) {
  std::uint64_t seed = StressSeed(1);
  SCOPED_TRACE(SeedNote(seed));
  Stream stream = MakeStream({
      .seed = seed,
      .valid = 300,
      .hostile = 100,
      .huge = false,
  });
  Outcome o = RunNode(FRAGILE_ECHO_NODE_BIN, stream, seed);
  EXPECT_NE(DescribeStatus(o.status), "exited with status 0");
  EXPECT_FALSE(stream.book.Check(o.out, "n0").empty());
  EXPECT_LT(stream.book.answered(), stream.book.size());
}

}  // namespace
}  // namespace glomers::stress
