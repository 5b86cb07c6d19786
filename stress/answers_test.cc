// The checks the stress tests rely on must be able to fail: AnswerBook against output that is
// wrong in each way a node could get it wrong, and the stream's determinism.
#include <gtest/gtest.h>

#include <string>

#include "answers.h"
#include "stream.h"

namespace glomers::stress {
namespace {

AnswerBook Book() {
  AnswerBook book;
  book.Expect("c0", 1, Answer{"init_ok", {}, {}});
  book.Expect("c1", 1, Answer{"echo_ok", {}, R"([1,"a"])"});
  book.Expect("h1", 7, Answer{"error", 12, {}});
  return book;
}

const std::string kInitOk = R"({"src":"n0","dest":"c0","body":{"type":"init_ok","in_reply_to":1}})"
                            "\n";
const std::string kEchoOk =
    R"({"src":"n0","dest":"c1","body":{"type":"echo_ok","echo":[1,"a"],"in_reply_to":1}})"
    "\n";
const std::string kError =
    R"({"src":"n0","dest":"h1","body":{"type":"error","code":12,"text":"x","in_reply_to":7}})"
    "\n";

TEST(AnswerBook, PassesTheRightAnswersInAnyOrder) {
  AnswerBook book = Book();
  EXPECT_TRUE(book.Check(kError + kInitOk + kEchoOk, "n0").empty());
  EXPECT_EQ(book.answered(), 3u);
}

TEST(AnswerBook, FailsEveryWrongOutput) {
  const std::string wrong[] = {
      kInitOk + kEchoOk,                          // an answer missing
      kInitOk + kEchoOk + kError + kError,        // answered twice
      kInitOk + kEchoOk + kError + "log line\n",  // not protocol
      kInitOk + kEchoOk + kError + "\n",          // a blank line
      kInitOk + kEchoOk + kError.substr(0, 20),   // a torn line
      kInitOk + kError +                          // the echo changed
          R"({"src":"n0","dest":"c1","body":{"type":"echo_ok","echo":[1, "a"],"in_reply_to":1}})"
          "\n",
      kInitOk + kEchoOk +  // the wrong code
          R"({"src":"n0","dest":"h1","body":{"type":"error","code":13,"text":"x","in_reply_to":7}})"
          "\n",
      kInitOk + kEchoOk + kError +  // an answer to what must not be answered
          R"({"src":"n0","dest":"x1","body":{"type":"error","code":12,"in_reply_to":3}})"
          "\n",
      kInitOk + kEchoOk + kError +  // an extra envelope key
          R"({"src":"n0","dest":"c1","body":{"type":"echo_ok","in_reply_to":1},"id":1})"
          "\n",
      kInitOk + kEchoOk +  // from another node
          R"({"src":"n1","dest":"h1","body":{"type":"error","code":12,"text":"x","in_reply_to":7}})"
          "\n",
  };
  for (const std::string& output : wrong) {
    AnswerBook book = Book();
    EXPECT_FALSE(book.Check(output, "n0").empty()) << output;
  }
}

TEST(AnswerBook, FailsADuplicateId) {
  AnswerBook book;
  book.Expect("c1", 1, Answer{"generate_ok", {}, {}});
  book.Expect("c1", 2, Answer{"generate_ok", {}, {}});
  EXPECT_FALSE(
      book.Check(R"({"src":"n0","dest":"c1","body":{"type":"generate_ok","id":5,"in_reply_to":1}})"
                 "\n"
                 R"({"src":"n0","dest":"c1","body":{"type":"generate_ok","id":5,"in_reply_to":2}})"
                 "\n",
                 "n0")
          .empty());
}

TEST(Stream, TheSameSeedGivesTheSameBytes) {
  StreamOptions options;
  options.seed = 42;
  options.huge = false;
  EXPECT_EQ(MakeStream(options).input, MakeStream(options).input);
  StreamOptions other = options;
  other.seed = 43;
  EXPECT_NE(MakeStream(options).input, MakeStream(other).input);
}

}  // namespace
}  // namespace glomers::stress
