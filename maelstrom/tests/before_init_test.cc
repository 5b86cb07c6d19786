// What a node sends before init has named it: nothing goes out until the name comes, then
// everything, in order, with that name; nothing is ever written without a src.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "maelstrom/kv.h"
#include "maelstrom/node.h"
#include "testing/node_harness.h"

namespace maelstrom {
namespace {

using namespace std::chrono_literals;
using testing::Harness;
using testing::LogCapture;
using Lines = std::vector<std::string>;

const std::string kInit =
    R"({"src":"c0","dest":"n0","body":{"type":"init","node_id":"n0","node_ids":["n0","n1"],"msg_id":1}})";
const std::string kInitOk = R"({"src":"n0","dest":"c0","body":{"type":"init_ok","in_reply_to":1}})";

TEST(BeforeInit, ATimerSendsNothingUntilInitThenEverythingWithTheName) {
  Harness h;
  int ticks = 0;
  h.node.Every(100ms, [&] { h.node.Send("n1", Body("gossip").Set("tick", ++ticks)); });
  EXPECT_EQ(h.Advance(100ms), Lines{});
  EXPECT_EQ(h.Advance(100ms), Lines{});
  EXPECT_EQ(ticks, 2);
  EXPECT_EQ(h.Send(kInit),
            (Lines{R"({"src":"n0","dest":"n1","body":{"type":"gossip","tick":1}})",
                   R"({"src":"n0","dest":"n1","body":{"type":"gossip","tick":2}})", kInitOk}));
  EXPECT_EQ(h.Advance(100ms),
            Lines{R"({"src":"n0","dest":"n1","body":{"type":"gossip","tick":3}})"});
}

TEST(BeforeInit, AnRpcWaitsForInitAndItsReplyStillCounts) {
  Harness h;
  std::vector<std::string> seen;
  std::int64_t id = h.node.Rpc("n1", Body("ping"), 1s, [&](RpcResult r) {
    seen.emplace_back(r.ok() ? r.reply().type() : r.error().what());
  });
  EXPECT_EQ(id, 1);
  EXPECT_EQ(h.node.pending_rpcs(), 1u);
  EXPECT_EQ(h.Lines(), Lines{});
  EXPECT_EQ(h.Send(kInit),
            (Lines{R"({"src":"n0","dest":"n1","body":{"type":"ping","msg_id":1}})", kInitOk}));
  EXPECT_EQ(h.Send(R"({"src":"n1","dest":"n0","body":{"type":"pong","in_reply_to":1}})"), Lines{});
  EXPECT_EQ(seen, Lines{"pong"});
}

TEST(BeforeInit, ACoroutineCallWaitsForInit) {
  Harness h;
  std::optional<std::string> answer;
  h.node.Spawn([](Node& node, std::optional<std::string>& answer) -> Task<> {
    Message m = co_await node.Call("n1", Body("ask").Set("q", 1), 1s);
    answer = std::string(m.body()["a"].raw());
  }(h.node, answer));
  EXPECT_EQ(h.Lines(), Lines{});
  EXPECT_EQ(h.Send(kInit),
            (Lines{R"({"src":"n0","dest":"n1","body":{"type":"ask","q":1,"msg_id":1}})", kInitOk}));
  h.Send(R"({"src":"n1","dest":"n0","body":{"type":"ask_ok","a":[2],"in_reply_to":1}})");
  EXPECT_EQ(answer, "[2]");
}

TEST(BeforeInit, AKvCallWaitsForInit) {
  Harness h;
  KV kv(h.node, KV::kLinearizable);
  bool written = false;
  h.node.Spawn([](KV& kv, bool& written) -> Task<> {
    co_await kv.Write("k", 7);
    written = true;
  }(kv, written));
  EXPECT_EQ(h.Advance(10ms), Lines{});
  EXPECT_EQ(
      h.Send(kInit),
      (Lines{
          R"({"src":"n0","dest":"lin-kv","body":{"type":"write","key":"k","value":7,"msg_id":1}})",
          kInitOk}));
  EXPECT_FALSE(written);
  h.Send(R"({"src":"lin-kv","dest":"n0","body":{"type":"write_ok","in_reply_to":1}})");
  EXPECT_TRUE(written);
}

TEST(BeforeInit, ARequestWhoseRpcEndedBeforeInitIsNeverSent) {
  Harness h;
  std::vector<std::int64_t> codes;
  h.node.Rpc("n1", Body("timed"), 50ms, [&](RpcResult r) { codes.push_back(r.error().code()); });
  std::int64_t cancelled = h.node.Rpc("n1", Body("cancelled"), 1s, [](RpcResult) {});
  h.node.Send("n1", Body("kept"));
  EXPECT_TRUE(h.node.Cancel(cancelled));
  EXPECT_EQ(h.Advance(50ms), Lines{});
  EXPECT_EQ(codes, std::vector<std::int64_t>{0});
  EXPECT_EQ(h.Send(kInit), (Lines{R"({"src":"n0","dest":"n1","body":{"type":"kept"}})", kInitOk}));
}

TEST(BeforeInit, MoreThanAMebibyteWaitingFailsTheNextSendLoudly) {
  Harness h;
  const std::string filler(1000, 'x');
  int accepted = 0;
  std::optional<Error> refused;
  for (int i = 0; i < 2000 && !refused; ++i) {
    try {
      h.node.Send("n1", Body("big").Set("filler", filler));
      ++accepted;
    } catch (const Error& e) {
      refused = e;
    }
  }
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->code(), 11);
  EXPECT_EQ(refused->text(), "node not initialized: " + std::to_string(accepted) +
                                 " messages already wait for init to name it");
  EXPECT_GT(accepted, 1000);  // about 1 MiB of 1 KiB bodies
  // An RPC refused the same way is not pending.
  EXPECT_THROW(h.node.Rpc("n1", Body("big").Set("filler", filler), 1s, [](RpcResult) {}), Error);
  EXPECT_EQ(h.node.pending_rpcs(), 0u);
  // What was accepted goes out at init, all of it.
  std::vector<std::string> out = h.Send(kInit);
  ASSERT_EQ(out.size(), static_cast<std::size_t>(accepted) + 1);
  EXPECT_EQ(out.back(), kInitOk);
  // And once named, sends go straight out again.
  h.node.Send("n1", Body("after"));
  EXPECT_EQ(h.Lines(), Lines{R"({"src":"n0","dest":"n1","body":{"type":"after"}})"});
}

TEST(BeforeInit, RequestsAreAnsweredFromTheNameTheyWereSentTo) {
  Harness h;
  h.node.On("echo", [&](const Message& m) { h.node.Reply(m, Body("echo_ok")); });
  LogCapture log;
  EXPECT_EQ(
      h.Send(R"({"src":"c1","dest":"n3","body":{"type":"echo","echo":1,"msg_id":3}})"),
      Lines{
          R"({"src":"n3","dest":"c1","body":{"type":"error","code":11,"text":"node not initialized: init must come first","in_reply_to":3}})"});
  EXPECT_EQ(
      h.Send(R"({"src":"c1","dest":"n3","body":{"type":7,"msg_id":4}})"),
      Lines{
          R"({"src":"n3","dest":"c1","body":{"type":"error","code":12,"text":"\"type\" must be a string, found the number 7","in_reply_to":4}})"});
  // Without a dest, or with an empty one, there is no name to answer from: logged only.
  EXPECT_EQ(h.Send(R"({"src":"c1","body":{"type":"echo","msg_id":5}})"), Lines{});
  EXPECT_TRUE(log.Contains("missing \"dest\""));
  EXPECT_EQ(h.Send(R"({"src":"c1","dest":"","body":{"type":"echo","msg_id":6}})"), Lines{});
  EXPECT_TRUE(log.Contains("not answering \"c1\": the node has no name yet"));
}

TEST(BeforeInit, AWaitingMessageToANodeInitShowsWrongIsDroppedAndItsRpcFails) {
  Harness h;
  std::optional<Error> failed;
  h.node.Rpc("n7", Body("ping"), 1s, [&](RpcResult r) { failed = r.error(); });
  h.node.Send("n5", Body("gossip"));
  h.node.Send("n1", Body("gossip"));
  LogCapture log;
  EXPECT_EQ(h.Send(kInit),
            (Lines{R"({"src":"n0","dest":"n1","body":{"type":"gossip"}})", kInitOk}));
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->code(), 1);
  EXPECT_EQ(h.node.pending_rpcs(), 0u);
  EXPECT_TRUE(log.Contains("dropping a message that waited for init: no node n5 among the 2"));
}

TEST(BeforeInit, APostedSendWaitsToo) {
  Harness h;
  h.node.Post([&] { h.node.Send("n1", Body("posted")); });
  h.node.RunPosted();
  EXPECT_EQ(h.Lines(), Lines{});
  EXPECT_EQ(h.Send(kInit),
            (Lines{R"({"src":"n0","dest":"n1","body":{"type":"posted"}})", kInitOk}));
}

}  // namespace
}  // namespace maelstrom
