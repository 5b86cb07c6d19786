// Replies with a ReplyShape write exactly the lines the same reply built as a Body writes: two
// nodes fed the same requests, one answering each way, must write the same bytes.
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "maelstrom/message.h"
#include "maelstrom/node.h"
#include "testing/node_harness.h"

namespace maelstrom {
namespace {

using testing::Harness;
using testing::LogCapture;

// A pair of nodes, and one way for each to answer a request with a value.
struct Pair {
  Harness body, shaped;

  // Both handle `line`; each answers with what `reply` writes. Returns the shaped node's output
  // after checking that it is the Body node's.
  std::string Answer(std::string_view line,
                     const std::function<void(Node&, const Message&, bool)>& reply) {
    Message m = Message::FromJson(line);
    reply(body.node, m, false);
    reply(shaped.node, m, true);
    std::string expected = body.node.TakeOutput(), got = shaped.node.TakeOutput();
    EXPECT_EQ(got, expected) << "request: " << line;
    return got;
  }
};

std::string Request(const std::string& src, std::int64_t msg_id, const std::string& dest = "n0") {
  std::string out = R"({"src":)";
  WriteJsonString(out, src);
  out += R"(,"dest":)";
  WriteJsonString(out, dest);
  out += R"(,"body":{"type":"echo","echo":{"a":[1,
2],"b":"x"},"msg_id":)" +
         std::to_string(msg_id) + "}}";
  return out;
}

TEST(ReplyShape, WritesTheLineABodyWouldForEveryKindOfValue) {
  Pair p;
  p.body.Init();
  p.shaped.Init();
  const ReplyShape shape("value_ok", "value");
  // Clients enough to fill the node's templates many times over, names that need escapes, and
  // each kind of value.
  std::vector<std::string> clients;
  for (int i = 0; i < 300; ++i) clients.push_back("c" + std::to_string(i));
  clients.insert(clients.end(), {"c\"q", "c\\b", "caf\xC3\xA9", "seq-kv", "", "n1"});
  const std::string long_text(300, 'x');
  std::int64_t msg_id = 0;
  for (int round = 0; round < 3; ++round) {
    for (const std::string& client : clients) {
      std::string line = Request(client, msg_id++);
      std::string out;
      out += p.Answer(line, [&](Node& n, const Message& m, bool shaped) {
        std::uint64_t v =
            std::numeric_limits<std::uint64_t>::max() - static_cast<std::uint64_t>(msg_id);
        shaped ? n.Reply(m, shape, v) : n.Reply(m, Body("value_ok").Set("value", v));
      });
      out += p.Answer(line, [&](Node& n, const Message& m, bool shaped) {
        std::int64_t v = msg_id % 2 ? std::numeric_limits<std::int64_t>::min() : -msg_id;
        shaped ? n.Reply(m, shape, v) : n.Reply(m, Body("value_ok").Set("value", v));
      });
      out += p.Answer(line, [&](Node& n, const Message& m, bool shaped) {
        int v = static_cast<int>(msg_id);
        shaped ? n.Reply(m, shape, v) : n.Reply(m, Body("value_ok").Set("value", v));
      });
      for (std::string_view text : {std::string_view("plain"), std::string_view("quote\" and \\"),
                                    std::string_view("line\nbreak"), std::string_view("\xFF bad"),
                                    std::string_view(long_text)}) {
        out += p.Answer(line, [&](Node& n, const Message& m, bool shaped) {
          shaped ? n.Reply(m, shape, text) : n.Reply(m, Body("value_ok").Set("value", text));
        });
      }
      // A view of received JSON: its line break is written as a space, either way.
      out += p.Answer(line, [&](Node& n, const Message& m, bool shaped) {
        JsonView v = m.body()["echo"];
        shaped ? n.Reply(m, shape, v) : n.Reply(m, Body("value_ok").Set("value", v));
      });
      ASSERT_EQ(testing::SplitLines(out).size(), 9u) << line;
    }
  }
}

TEST(ReplyShape, FollowsTheNodesNameFromBeforeInitThroughASecondInit) {
  Pair p;
  const ReplyShape shape("generate_ok", "id");
  auto answer = [&](const std::string& line) {
    return p.Answer(line, [&](Node& n, const Message& m, bool shaped) {
      shaped ? n.Reply(m, shape, std::uint64_t{42})
             : n.Reply(m, Body("generate_ok").Set("id", 42u));
    });
  };
  // Before init: from the name the request was addressed to, and nothing to a request that was
  // addressed to none.
  EXPECT_EQ(answer(Request("c1", 1, "n1")),
            R"({"src":"n1","dest":"c1","body":{"type":"generate_ok","id":42,"in_reply_to":1}})"
            "\n");
  EXPECT_EQ(answer(Request("c1", 2, "")), "");
  p.body.Init("n0");
  p.shaped.Init("n0");
  EXPECT_EQ(answer(Request("c1", 3)),
            R"({"src":"n0","dest":"c1","body":{"type":"generate_ok","id":42,"in_reply_to":3}})"
            "\n");
  // Another init renames the node: the templates made under the old name must not be used.
  p.body.Init("n2");
  p.shaped.Init("n2");
  EXPECT_EQ(answer(Request("c1", 4)),
            R"({"src":"n2","dest":"c1","body":{"type":"generate_ok","id":42,"in_reply_to":4}})"
            "\n");
}

TEST(ReplyShape, TwoShapesToOneClientKeepTheirOwnTemplates) {
  Pair p;
  p.body.Init();
  p.shaped.Init();
  const ReplyShape a("a_ok", "x"), b("b_ok", "y");
  for (int i = 0; i < 4; ++i) {
    std::string line = Request("c7", i);
    p.Answer(line, [&](Node& n, const Message& m, bool shaped) {
      shaped ? n.Reply(m, i % 2 ? a : b, i)
             : n.Reply(m, Body(i % 2 ? "a_ok" : "b_ok").Set(i % 2 ? "x" : "y", i));
    });
  }
}

TEST(ReplyShape, ARequestWithoutMsgIdIsLoggedNotAnswered) {
  Harness h;
  h.Init();
  LogCapture log;
  Message m = Message::FromJson(R"({"src":"c1","dest":"n0","body":{"type":"generate"}})");
  h.node.Reply(m, ReplyShape("generate_ok", "id"), 7);
  EXPECT_EQ(h.node.TakeOutput(), "");
  EXPECT_TRUE(log.Contains("it has no msg_id"));
}

TEST(ReplyShape, RefusesTheKeysTheNodeSets) {
  for (const char* key : {"type", "msg_id", "in_reply_to"}) {
    EXPECT_THROW(ReplyShape("x_ok", key), std::invalid_argument) << key;
  }
  ReplyShape shape("x_ok", "we\"ird");
  EXPECT_EQ(shape.type(), "x_ok");
  EXPECT_EQ(shape.members_before_value(), R"("type":"x_ok","we\"ird":)");
}

}  // namespace
}  // namespace maelstrom
