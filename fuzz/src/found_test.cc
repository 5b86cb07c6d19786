// The bugs that fuzzing and the stress tests found in the node library and idgen, one test each,
// beside the raw inputs in fuzz/regressions/ (docs/reliability.md lists them).
#include <gtest/gtest.h>

#include <string>

#include "maelstrom/json.h"
#include "maelstrom/message.h"
#include "maelstrom/node.h"

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

// fuzz/regressions/node_line/line-break-in-echoed-whitespace-{lf,cr}: a line break between the
// tokens of a value (JSON whitespace) was echoed as it came. A raw '\n' splits the reply; so does a
// raw '\r' for Maelstrom, which reads node output with Java's readLine. Either way Maelstrom stops
// reading the node. Run splits input at '\n' only, so '\r' got through the real binaries.
TEST(Found, ALineBreakInsideAnEchoedValueNeverReachesTheOutput) {
  maelstrom::Node node;
  node.On("echo", [&](const maelstrom::Message& m) {
    node.Reply(m, maelstrom::Body("echo_ok").Set("echo", m.body()["echo"]));
  });
  node.HandleLine(
      R"({"src":"c0","dest":"n0","body":{"type":"init","node_id":"n0","node_ids":["n0"],"msg_id":1}})");
  node.TakeOutput();
  node.HandleLine(
      "{\"src\":\"c1\",\"dest\":\"n0\",\"body\":{\"type\":\"echo\",\"echo\":\r[1,\r\n2\n,\"a\\r\"],"
      "\"msg_id\":2}}");
  EXPECT_EQ(
      node.TakeOutput(),
      R"({"src":"n0","dest":"c1","body":{"type":"echo_ok","echo":[1,  2 ,"a\r"],"in_reply_to":2}})"
      "\n");
  // The same for a Json value parsed from text with line breaks, and a view of one.
  Json parsed = Json::Parse("{\r\n\"a\" :\n[1,\r2]}");
  EXPECT_EQ(maelstrom::Body("x").Set("v", parsed).Set("w", parsed.view()).ToJson(),
            R"({"type":"x","v":{  "a" : [1, 2]},"w":{  "a" : [1, 2]}})");
}

}  // namespace
