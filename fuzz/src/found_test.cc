// The bugs that fuzzing and the stress tests found in the node library and idgen, one test each,
// beside the raw inputs in fuzz/regressions/ (docs/reliability.md lists them).
#include <gtest/gtest.h>

#include <string>

#include "maelstrom/json.h"

namespace {

using maelstrom::Json;

// fuzz/regressions/message/equality-throws-on-1e999999: comparing two valid numbers beyond a
// double's range threw JsonError from operator== instead of answering.
TEST(Found, NumbersBeyondADoubleCompareAsInfinities) {
  EXPECT_EQ(Json::Parse("1e999999"), Json::Parse("1e999999"));
  EXPECT_EQ(Json::Parse("1e999999"), Json::Parse("2e400"));
  EXPECT_EQ(Json::Parse("-1e999999"), Json::Parse("-1e400"));
  EXPECT_FALSE(Json::Parse("1e999999") == Json::Parse("-1e999999"));
  EXPECT_FALSE(Json::Parse("1e999999") == Json::Parse("1.5"));
  EXPECT_EQ(Json::Parse("[1e-999999]"), Json::Parse("[0.0]"));
}

}  // namespace
