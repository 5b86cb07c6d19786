// A node's answers to what a Maelstrom client sends, line for line.
#include "maelstrom/node.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing/node_harness.h"

namespace maelstrom {
namespace {

using testing::Harness;
using testing::LogCapture;
using Lines = std::vector<std::string>;

// An echo node, as users write it.
class EchoTest : public ::testing::Test {
 protected:
  EchoTest() {
    h.node.On("echo", [this](const Message& m) {
      h.node.Reply(m, Body("echo_ok").Set("echo", m.body()["echo"]));
    });
  }
  Harness h;
};

TEST_F(EchoTest, InitIsAnsweredAndARequestPipelinedBehindItGetsTheRightSrc) {
  EXPECT_EQ(
      h.Send(
          R"({"id":0,"src":"c0","dest":"n1","body":{"type":"init","node_id":"n1","node_ids":["n0","n1","n2"],"msg_id":1}})"),
      Lines{R"({"src":"n1","dest":"c0","body":{"type":"init_ok","in_reply_to":1}})"});
  EXPECT_EQ(
      h.Send(R"({"id":1,"src":"c1","dest":"n1","body":{"type":"echo","echo":"hi","msg_id":1}})"),
      Lines{R"({"src":"n1","dest":"c1","body":{"type":"echo_ok","echo":"hi","in_reply_to":1}})"});
  EXPECT_EQ(h.node.id(), "n1");
  EXPECT_EQ(h.node.node_ids(), (Lines{"n0", "n1", "n2"}));
}

TEST_F(EchoTest, EchoesEveryKindOfJsonByteForByte) {
  h.Init();
  const std::vector<std::string> values = {
      R"("Please echo 35")",
      R"("")",
      "\"caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80\"",
      R"("quote \" backslash \\ slash \/ controls \b\f\n\r\t \u0000 \u00e9 \ud83d\ude00")",
      "0",
      "-1",
      "9223372036854775807",
      "18446744073709551616",
      "123456789012345678901234567890123456789",
      "-0.0",
      "1.0",
      "1.50",
      "6.02214076e23",
      "1E-400",
      "true",
      "false",
      "null",
      "[]",
      "{}",
      R"([1,"two",[3,[4,{"five":[6]}]],null,true])",
      R"({"nested":{"deeper":{"deepest":[{"k":"v"}]}},"n":-5})",
  };
  for (const std::string& v : values) {
    std::string request =
        R"({"src":"c1","dest":"n0","body":{"type":"echo","msg_id":7,"echo":)" + v + "}}";
    EXPECT_EQ(h.Send(request), Lines{R"({"src":"n0","dest":"c1","body":{"type":"echo_ok","echo":)" +
                                     v + R"(,"in_reply_to":7}})"})
        << v;
  }
}

TEST_F(EchoTest, ManyClientsReusingTheSameMsgIdsEachGetTheirOwnReply) {
  h.Init();
  for (int msg_id = 1; msg_id <= 3; ++msg_id) {
    for (int client = 1; client <= 4; ++client) {
      std::string c = "c" + std::to_string(client), id = std::to_string(msg_id);
      std::string request =
          R"({"src":"CLIENT","dest":"n0","body":{"type":"echo","echo":"CLIENTID","msg_id":ID}})";
      std::string reply =
          R"({"src":"n0","dest":"CLIENT","body":{"type":"echo_ok","echo":"CLIENTID","in_reply_to":ID}})";
      for (std::string* s : {&request, &reply}) {
        for (auto [from, to] :
             {std::pair<std::string, std::string>{"CLIENTID", c + id}, {"CLIENT", c}, {"ID", id}}) {
          s->replace(s->find(from), from.size(), to);
        }
      }
      EXPECT_EQ(h.Send(request), Lines{reply});
    }
  }
}

TEST_F(EchoTest, MsgIdZeroIsAnId) {
  h.Init();
  EXPECT_EQ(
      h.Send(R"({"src":"c1","dest":"n0","body":{"type":"echo","echo":0,"msg_id":0}})"),
      Lines{R"({"src":"n0","dest":"c1","body":{"type":"echo_ok","echo":0,"in_reply_to":0}})"});
}

TEST_F(EchoTest, IdsAreSixtyFourBitIntegers) {
  h.Init();
  EXPECT_EQ(
      h.Send(
          R"({"src":"c1","dest":"n0","body":{"type":"echo","echo":1,"msg_id":9223372036854775807}})"),
      Lines{
          R"({"src":"n0","dest":"c1","body":{"type":"echo_ok","echo":1,"in_reply_to":9223372036854775807}})"});
  EXPECT_EQ(
      h.Send(R"({"src":"c1","dest":"n0","body":{"type":"echo","echo":1,"msg_id":-3}})"),
      Lines{R"({"src":"n0","dest":"c1","body":{"type":"echo_ok","echo":1,"in_reply_to":-3}})"});
}

TEST_F(EchoTest, UnknownKeysAndAnyKeyOrderAreFine) {
  h.Init();
  EXPECT_EQ(
      h.Send(
          R"( { "body" : { "msg_id" : 3 , "extra" : {"x":[1]}, "echo" : "a", "type" : "echo" }, "dest":"n0", "id":99, "src":"c1", "zzz":[1,{"y":null}] } )"),
      Lines{R"({"src":"n0","dest":"c1","body":{"type":"echo_ok","echo":"a","in_reply_to":3}})"});
  // Escaped names are names all the same.
  EXPECT_EQ(
      h.Send(
          R"({"\u0073rc":"c\u0031","dest":"n0","body":{"type":"\u0065cho","echo":1,"msg_id":4}})"),
      Lines{R"({"src":"n0","dest":"c\u0031","body":{"type":"echo_ok","echo":1,"in_reply_to":4}})"});
}

TEST_F(EchoTest, UnknownTypeIsNotSupportedAndTheNodeGoesOn) {
  h.Init();
  LogCapture log;
  EXPECT_EQ(
      h.Send(R"({"src":"c1","dest":"n0","body":{"type":"frobnicate","msg_id":5}})"),
      Lines{
          R"({"src":"n0","dest":"c1","body":{"type":"error","code":10,"text":"unknown message type \"frobnicate\"","in_reply_to":5}})"});
  EXPECT_TRUE(log.Contains("no handler for message type \"frobnicate\""));
  // Without msg_id there is nobody to answer: logged only.
  EXPECT_EQ(h.Send(R"({"src":"c1","dest":"n0","body":{"type":"frobnicate"}})"), Lines{});
  EXPECT_EQ(
      h.Send(R"({"src":"c1","dest":"n0","body":{"type":"echo","echo":2,"msg_id":6}})"),
      Lines{R"({"src":"n0","dest":"c1","body":{"type":"echo_ok","echo":2,"in_reply_to":6}})"});
}

TEST_F(EchoTest, MalformedLinesAreAnsweredWhenPossibleAndLoggedAlways) {
  h.Init();
  auto error12 = [](std::string_view text, std::string_view in_reply_to = "9") {
    return Lines{R"({"src":"n0","dest":"c1","body":{"type":"error","code":12,"text":")" +
                 std::string(text) + R"(","in_reply_to":)" + std::string(in_reply_to) + "}}"};
  };
  struct Case {
    std::string line;
    Lines expected;
    std::string logged;
  };
  std::vector<Case> cases = {
      // Nothing to answer to: dropped.
      {"not json", {}, "invalid JSON: invalid literal at offset 0"},
      {"?", {}, "invalid JSON: unexpected character at offset 0"},
      {R"({"src":"c1","dest":"n0","body":{"type":"echo","msg_id":9})", {}, "unterminated object"},
      {"[1,2]", {}, "a message must be a JSON object, found an array"},
      {R"("just a string")", {}, "must be a JSON object"},
      {R"({"dest":"n0","body":{"type":"echo","msg_id":9}})", {}, "missing \"src\""},
      {R"({"src":7,"dest":"n0","body":{"type":"echo","msg_id":9}})",
       {},
       "\"src\" must be a string, found the number 7"},
      {R"({"src":"c1","dest":"n0"})", {}, "missing \"body\""},
      {R"({"src":"c1","dest":"n0","body":[1]})", {}, "\"body\" must be an object"},
      {R"({"src":"c1","dest":"n0","body":{"type":"echo","msg_id":"9"}})",
       {},
       "\"msg_id\" must be an integer of at most 64 bits, found a string"},
      {R"({"src":"c1","dest":"n0","body":{"type":"echo","msg_id":9.0}})",
       {},
       "found the number 9.0"},
      {R"({"src":"c1","dest":"n0","body":{"type":"echo","msg_id":1e1}})",
       {},
       "found the number 1e1"},
      {R"({"src":"c1","dest":"n0","body":{"type":"echo","msg_id":9223372036854775808}})",
       {},
       "found the number 9223372036854775808"},
      {R"({"src":"c1","dest":"n0","body":{"type":"echo","msg_id":null}})", {}, "found null"},
      {"{\"src\":\"c1\",\"dest\":\"n0\",\"body\":{\"type\":\"echo\",\"echo\":\"\xFF\",\"msg_id\":9}"
       "}",
       {},
       "invalid UTF-8"},
      {"{\"src\":\"c1\",\"dest\":\"n0\",\"body\":{\"type\":\"echo\",\"echo\":\"a\x01\",\"msg_id\":"
       "9}}",
       {},
       "unescaped control character"},
      {R"({"src":"c1","dest":"n0","body":{"type":"echo","msg_id":9}}{"src":"c1"})",
       {},
       "unexpected content after the JSON value"},
      {R"({"src":"c1","dest":"n0","body":{"type":"echo","msg_id":9}} trailing)",
       {},
       "unexpected content after the JSON value"},
      {R"({"src":"c1","dest":"n0","body":{"type":"echo","echo":)" + std::string(200, '[') +
           std::string(200, ']') + R"(,"msg_id":9}})",
       {},
       "nested too deep"},
      // Sender and msg_id known: answered with code 12.
      {R"({"src":"c1","dest":"n0","body":{"msg_id":9}})", error12("missing \\\"type\\\" in body"),
       "missing \"type\" in body"},
      {R"({"src":"c1","dest":"n0","body":{"type":3,"msg_id":9}})",
       error12("\\\"type\\\" must be a string, found the number 3"), "\"type\" must be a string"},
      {R"({"src":"c1","body":{"type":"echo","msg_id":9}})", error12("missing \\\"dest\\\""),
       "missing \"dest\""},
      {R"({"src":"c1","dest":["n0"],"body":{"type":"echo","msg_id":9}})",
       error12("\\\"dest\\\" must be a string, found an array"), "\"dest\" must be a string"},
      {R"({"src":"c1","dest":"n0","body":{"type":"echo","msg_id":9,"in_reply_to":"x"}})",
       error12("\\\"in_reply_to\\\" must be an integer of at most 64 bits, found a string"),
       "in_reply_to"},
      {R"({"src":"c1","dest":"n0","body":{"type":"echo","msg_id":0,"in_reply_to":1.5}})",
       error12("\\\"in_reply_to\\\" must be an integer of at most 64 bits, found the number 1.5",
               "0"),
       "in_reply_to"},
      // A handler reading a field that is missing or of the wrong kind.
      {R"({"src":"c1","dest":"n0","body":{"type":"echo","msg_id":9}})",
       error12("missing key \\\"echo\\\""), "missing key \"echo\""},
  };
  for (const Case& c : cases) {
    LogCapture log;
    EXPECT_EQ(h.Send(c.line), c.expected) << c.line;
    EXPECT_TRUE(log.Contains(c.logged)) << c.line << " should log: " << c.logged;
  }
  // And the node is still there.
  EXPECT_EQ(
      h.Send(R"({"src":"c1","dest":"n0","body":{"type":"echo","echo":2,"msg_id":10}})"),
      Lines{R"({"src":"n0","dest":"c1","body":{"type":"echo_ok","echo":2,"in_reply_to":10}})"});
}

TEST_F(EchoTest, DuplicateKeysResolveLastWins) {
  h.Init();
  EXPECT_EQ(
      h.Send(
          R"({"src":"c9","src":"c1","dest":"n0","body":{"type":"echo","echo":1,"echo":2,"msg_id":1,"msg_id":2}})"),
      Lines{R"({"src":"n0","dest":"c1","body":{"type":"echo_ok","echo":2,"in_reply_to":2}})"});
}

TEST_F(EchoTest, BlankLinesAreIgnored) {
  h.Init();
  LogCapture log;
  EXPECT_EQ(h.Send(""), Lines{});
  EXPECT_EQ(h.Send(" \r"), Lines{});
  EXPECT_TRUE(log.Contains("blank input line"));
}

TEST_F(EchoTest, MessagesBeforeInitAreRefused) {
  EXPECT_EQ(
      h.Send(R"({"src":"c1","dest":"n0","body":{"type":"echo","echo":1,"msg_id":3}})"),
      Lines{
          R"({"src":"n0","dest":"c1","body":{"type":"error","code":11,"text":"node not initialized: init must come first","in_reply_to":3}})"});
  EXPECT_FALSE(h.node.initialized());
}

TEST_F(EchoTest, InvalidInitIsRefusedWithAReason) {
  struct Case {
    std::string body;
    std::string text;
  };
  std::vector<Case> cases = {
      {R"({"type":"init","node_id":"n5","node_ids":["n0","n1"],"msg_id":1})",
       R"(invalid init: node_id \"n5\" is not in node_ids)"},
      {R"({"type":"init","node_ids":["n0"],"msg_id":1})",
       R"(invalid init: missing key \"node_id\")"},
      {R"({"type":"init","node_id":0,"node_ids":["n0"],"msg_id":1})",
       "invalid init: expected a string, found the number 0"},
      {R"({"type":"init","node_id":"n0","node_ids":"n0","msg_id":1})",
       "invalid init: expected an array, found a string"},
      {R"({"type":"init","node_id":"n0","node_ids":["n0",1],"msg_id":1})",
       "invalid init: expected a string, found the number 1"},
  };
  for (const Case& c : cases) {
    LogCapture log;
    EXPECT_EQ(h.Send(R"({"src":"c0","dest":"n0","body":)" + c.body + "}"),
              Lines{R"({"src":"n0","dest":"c0","body":{"type":"error","code":12,"text":")" +
                    c.text + R"(","in_reply_to":1}})"});
    EXPECT_TRUE(log.Contains("invalid init")) << c.body;
    EXPECT_FALSE(h.node.initialized());
  }
}

TEST_F(EchoTest, ASecondInitReinitializes) {
  h.Init("n0");
  h.Init("n2");  // a restarted node is told who it is again
  EXPECT_EQ(h.node.id(), "n2");
  EXPECT_EQ(
      h.Send(R"({"src":"c1","dest":"n2","body":{"type":"echo","echo":1,"msg_id":3}})"),
      Lines{R"({"src":"n2","dest":"c1","body":{"type":"echo_ok","echo":1,"in_reply_to":3}})"});
}

TEST(Node, HandlerExceptionsBecomeErrorReplies) {
  Harness h;
  h.node.On("abort", [](const Message&) { throw Error(ErrorCode::kAbort, "no can do"); });
  h.node.On("custom", [](const Message&) { throw Error(1001, "app specific"); });
  h.node.On("crash", [](const Message&) { throw std::runtime_error("boom"); });
  h.node.On("weird", [](const Message&) { throw 42; });
  h.node.On("reserved",
            [&](const Message& m) { h.node.Reply(m, Body("x").Set("in_reply_to", 1)); });
  h.Init();
  auto ask = [&](std::string type) {
    return h.Send(R"({"src":"c1","dest":"n0","body":{"type":")" + type + R"(","msg_id":2}})");
  };
  EXPECT_EQ(
      ask("abort"),
      Lines{
          R"({"src":"n0","dest":"c1","body":{"type":"error","code":14,"text":"no can do","in_reply_to":2}})"});
  EXPECT_EQ(
      ask("custom"),
      Lines{
          R"({"src":"n0","dest":"c1","body":{"type":"error","code":1001,"text":"app specific","in_reply_to":2}})"});
  EXPECT_EQ(
      ask("crash"),
      Lines{
          R"({"src":"n0","dest":"c1","body":{"type":"error","code":13,"text":"boom","in_reply_to":2}})"});
  EXPECT_EQ(
      ask("weird"),
      Lines{
          R"({"src":"n0","dest":"c1","body":{"type":"error","code":13,"text":"unknown exception","in_reply_to":2}})"});
  EXPECT_EQ(
      ask("reserved"),
      Lines{
          R"({"src":"n0","dest":"c1","body":{"type":"error","code":13,"text":"Body::Set: \"in_reply_to\" is set by the node, not by the handler","in_reply_to":2}})"});
}

TEST(Node, RepliesCarryOnlyWhatTheHandlerPuts) {
  Harness h;
  h.node.On("generate", [&](const Message& m) {
    h.node.Reply(m, Body("generate_ok").Set("id", 123).Set("tags", std::vector<std::string>{"a"}));
  });
  h.Init();
  EXPECT_EQ(
      h.Send(R"({"src":"c1","dest":"n0","body":{"type":"generate","msg_id":2,"noise":[1,2,3]}})"),
      Lines{
          R"({"src":"n0","dest":"c1","body":{"type":"generate_ok","id":123,"tags":["a"],"in_reply_to":2}})"});
}

TEST(Node, ReplyToARequestWithoutMsgIdIsLoggedNotSent) {
  Harness h;
  h.node.On("note", [&](const Message& m) { h.node.Reply(m, Body("note_ok")); });
  h.Init();
  LogCapture log;
  EXPECT_EQ(h.Send(R"({"src":"n1","dest":"n0","body":{"type":"note"}})"), Lines{});
  EXPECT_TRUE(log.Contains("cannot reply to \"note\" from n1: it has no msg_id"));
}

TEST(Node, SendWritesAMessageWithoutMsgId) {
  Harness h;
  h.Init();
  h.node.Send("n1", Body("gossip").Set("values", std::vector<int>{1, 2}));
  EXPECT_EQ(h.Lines(),
            Lines{R"({"src":"n0","dest":"n1","body":{"type":"gossip","values":[1,2]}})"});
}

TEST(Node, ASendToANodeOutsideTheClusterThrowsInsteadOfSilencingTheNode) {
  Harness h;
  h.Init();  // n0 of n0..n2
  for (std::string_view dest : {"n3", "n10", ""}) {
    try {
      h.node.Send(dest, Body("gossip"));
      ADD_FAILURE() << "no error for " << dest;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), 1) << dest;  // node-not-found
    }
  }
  EXPECT_THROW(h.node.Rpc("n3", Body("ping"), std::chrono::seconds(1), [](RpcResult) {}), Error);
  EXPECT_EQ(h.node.pending_rpcs(), 0u);
  EXPECT_EQ(h.Lines(), Lines{});
  // Services, clients and the cluster's own nodes are fine; so is anything not named like a node.
  for (std::string_view dest : {"n2", "lin-kv", "c7", "node-3", "n"}) h.node.Send(dest, Body("x"));
  EXPECT_EQ(h.Lines().size(), 5u);
}

TEST(Node, HandlersCanBeReplaced) {
  Harness h;
  h.node.On("x", [&](const Message& m) { h.node.Reply(m, Body("first")); });
  h.node.On("x", [&](const Message& m) { h.node.Reply(m, Body("second")); });
  h.Init();
  EXPECT_EQ(h.Send(R"({"src":"c1","dest":"n0","body":{"type":"x","msg_id":1}})"),
            Lines{R"({"src":"n0","dest":"c1","body":{"type":"second","in_reply_to":1}})"});
}

TEST(Node, InitHookRunsBeforeInitOkAndCanFail) {
  Harness h;
  int calls = 0;
  h.node.OnInit([&] {
    ++calls;
    if (calls == 2) throw Error(ErrorCode::kTemporarilyUnavailable, "disk not ready");
  });
  h.Init();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(
      h.Send(
          R"({"src":"c0","dest":"n0","body":{"type":"init","node_id":"n0","node_ids":["n0"],"msg_id":4}})"),
      Lines{
          R"({"src":"n0","dest":"c0","body":{"type":"error","code":11,"text":"disk not ready","in_reply_to":4}})"});
  EXPECT_FALSE(h.node.initialized());
}

}  // namespace
}  // namespace maelstrom
