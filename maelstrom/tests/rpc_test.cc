// RPCs (callback and co_await), timeouts, late replies, cancellation and timers, all on a manual
// clock.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "maelstrom/node.h"
#include "testing/node_harness.h"

namespace maelstrom {
namespace {

using namespace std::chrono_literals;
using testing::Harness;
using testing::LogCapture;
using Lines = std::vector<std::string>;

const std::string kPing1 = R"({"src":"n0","dest":"n1","body":{"type":"ping","msg_id":1}})";
const std::string kPong1 = R"({"src":"n1","dest":"n0","body":{"type":"pong","in_reply_to":1}})";

TEST(Rpc, CallbackGetsTheReplyOnce) {
  Harness h;
  h.Init();
  std::vector<std::string> seen;
  std::int64_t id = h.node.Rpc("n1", Body("ping"), 1s, [&](RpcResult r) {
    seen.emplace_back(r.ok() ? r.reply().type() : "error");
  });
  EXPECT_EQ(id, 1);
  EXPECT_EQ(h.Lines(), Lines{kPing1});
  EXPECT_EQ(h.node.pending_rpcs(), 1u);
  EXPECT_EQ(h.Send(kPong1), Lines{});
  EXPECT_EQ(seen, Lines{"pong"});
  EXPECT_EQ(h.node.pending_rpcs(), 0u);
  // The timeout timer went with the entry.
  EXPECT_EQ(h.Advance(2s), Lines{});
  EXPECT_EQ(seen, Lines{"pong"});
}

TEST(Rpc, MsgIdsCountFromOne) {
  Harness h;
  h.Init();
  for (std::int64_t want = 1; want <= 3; ++want) {
    EXPECT_EQ(h.node.Rpc("n1", Body("ping"), 1s, [](RpcResult) {}), want);
  }
}

TEST(Rpc, ARestartedNodesMsgIdsStartAboveItsPredecessorsSoALateReplyIsNotTaken) {
  ManualClock clock;
  std::int64_t last = 0;
  {
    Node before(NodeOptions{&clock, {}});
    before.HandleLine(
        R"({"src":"c0","dest":"n0","body":{"type":"init","node_id":"n0","node_ids":["n0"],"msg_id":1}})");
    for (int i = 0; i < 3; ++i) last = before.Rpc("lin-kv", Body("read"), 1s, [](RpcResult) {});
  }
  EXPECT_EQ(last, 3);  // from 1 at time zero
  clock.Advance(2s);   // the restart
  Node after(NodeOptions{&clock, {}});
  after.HandleLine(
      R"({"src":"c0","dest":"n0","body":{"type":"init","node_id":"n0","node_ids":["n0"],"msg_id":1}})");
  after.TakeOutput();
  std::vector<std::string> seen;
  std::int64_t id = after.Rpc("lin-kv", Body("read"), 1s, [&](RpcResult r) {
    seen.emplace_back(r.reply().body()["value"].raw());
  });
  EXPECT_EQ(id, 2'000'001);  // the clock's microseconds, plus one
  EXPECT_EQ(after.TakeOutput(),
            R"({"src":"n0","dest":"lin-kv","body":{"type":"read","msg_id":2000001}})"
            "\n");
  // The old process's reply to its msg_id 1 reaches the new one: no RPC of its own has that id.
  after.HandleLine(
      R"({"src":"lin-kv","dest":"n0","body":{"type":"read_ok","value":"stale","in_reply_to":1}})");
  EXPECT_TRUE(seen.empty());
  after.HandleLine(
      R"({"src":"lin-kv","dest":"n0","body":{"type":"read_ok","value":"fresh","in_reply_to":2000001}})");
  EXPECT_EQ(seen, std::vector<std::string>{"\"fresh\""});
}

TEST(Rpc, ErrorRepliesArriveAsTypedErrors) {
  Harness h;
  h.Init();
  std::optional<Error> got;
  h.node.Rpc("lin-kv", Body("read").Set("key", "k"), 1s, [&](RpcResult r) { got = r.error(); });
  h.Lines();
  h.Send(
      R"({"src":"lin-kv","dest":"n0","body":{"type":"error","code":20,"text":"key does not exist","in_reply_to":1}})");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->code(), 20);
  EXPECT_TRUE(got->is(ErrorCode::kKeyDoesNotExist));
  EXPECT_EQ(got->name(), "key-does-not-exist");
  EXPECT_TRUE(got->definite());
  EXPECT_EQ(got->text(), "key does not exist");
}

TEST(Rpc, TimeoutRemovesTheEntryAndALateReplyIsDroppedAndLogged) {
  Harness h;
  h.Init();
  std::vector<std::int64_t> codes;
  h.node.Rpc("n1", Body("ping"), 500ms, [&](RpcResult r) { codes.push_back(r.error().code()); });
  h.Lines();
  EXPECT_EQ(h.Advance(499ms), Lines{});
  EXPECT_TRUE(codes.empty());
  h.Advance(1ms);
  EXPECT_EQ(codes, std::vector<std::int64_t>{0});
  EXPECT_EQ(h.node.pending_rpcs(), 0u);
  LogCapture log;
  EXPECT_EQ(h.Send(kPong1), Lines{});
  EXPECT_EQ(codes.size(), 1u);
  EXPECT_TRUE(log.Contains("dropping reply \"pong\" from n1 to msg_id 1"));
}

TEST(Rpc, CancelForgetsTheEntry) {
  Harness h;
  h.Init();
  int calls = 0;
  std::int64_t id = h.node.Rpc("n1", Body("ping"), 1s, [&](RpcResult) { ++calls; });
  EXPECT_TRUE(h.node.Cancel(id));
  EXPECT_FALSE(h.node.Cancel(id));
  EXPECT_EQ(h.node.pending_rpcs(), 0u);
  h.Send(kPong1);
  h.Advance(5s);
  EXPECT_EQ(calls, 0);
}

TEST(Rpc, AThrowingCallbackIsLogged) {
  Harness h;
  h.Init();
  h.node.Rpc("n1", Body("ping"), 1s, [&](RpcResult) { throw std::runtime_error("oops"); });
  LogCapture log;
  h.Send(kPong1);
  EXPECT_TRUE(log.Contains("RPC callback for msg_id 1 failed: oops"));
}

// A proxy: answers a client after asking n1, with co_await.
class AwaitTest : public ::testing::Test {
 protected:
  AwaitTest() {
    h.node.On("ask", [this](const Message& m) -> Task<> {
      try {
        Message answer = co_await h.node.Call("n1", Body("ping"), 1s);
        h.node.Reply(m, Body("ask_ok").Set("answer", answer.body()["value"]));
      } catch (const RpcCancelled&) {
        h.node.Reply(m, Body("ask_cancelled"));
      }
    });
    h.node.On("echo", [this](const Message& m) {
      h.node.Reply(m, Body("echo_ok").Set("echo", m.body()["echo"]));
    });
    h.Init();
  }
  Harness h;
};

TEST_F(AwaitTest, AWaitingHandlerDoesNotStallOtherMessages) {
  EXPECT_EQ(h.Send(R"({"src":"c1","dest":"n0","body":{"type":"ask","msg_id":1}})"), Lines{kPing1});
  // While it waits, another client is served, and the request's own message stays intact.
  EXPECT_EQ(
      h.Send(R"({"src":"c2","dest":"n0","body":{"type":"echo","echo":"x","msg_id":1}})"),
      Lines{R"({"src":"n0","dest":"c2","body":{"type":"echo_ok","echo":"x","in_reply_to":1}})"});
  EXPECT_EQ(
      h.Send(R"({"src":"n1","dest":"n0","body":{"type":"pong","value":[42],"in_reply_to":1}})"),
      Lines{R"({"src":"n0","dest":"c1","body":{"type":"ask_ok","answer":[42],"in_reply_to":1}})"});
  EXPECT_EQ(h.node.pending_rpcs(), 0u);
}

TEST_F(AwaitTest, ATimeoutIsThrownAndAnswersTheClient) {
  h.Send(R"({"src":"c1","dest":"n0","body":{"type":"ask","msg_id":1}})");
  EXPECT_EQ(
      h.Advance(1s),
      Lines{
          R"({"src":"n0","dest":"c1","body":{"type":"error","code":0,"text":"RPC \"ping\" to n1 timed out after 1000 ms","in_reply_to":1}})"});
  EXPECT_EQ(h.node.pending_rpcs(), 0u);
  EXPECT_EQ(h.Send(kPong1), Lines{});  // late: dropped
}

TEST_F(AwaitTest, AnErrorReplyIsThrownAsThatError) {
  h.Send(R"({"src":"c1","dest":"n0","body":{"type":"ask","msg_id":1}})");
  EXPECT_EQ(
      h.Send(
          R"({"src":"n1","dest":"n0","body":{"type":"error","code":11,"text":"busy","in_reply_to":1}})"),
      Lines{
          R"({"src":"n0","dest":"c1","body":{"type":"error","code":11,"text":"busy","in_reply_to":1}})"});
}

TEST_F(AwaitTest, CancellingResumesTheWaiterWithRpcCancelled) {
  h.Send(R"({"src":"c1","dest":"n0","body":{"type":"ask","msg_id":1}})");
  EXPECT_TRUE(h.node.Cancel(1));
  EXPECT_EQ(h.Lines(),
            Lines{R"({"src":"n0","dest":"c1","body":{"type":"ask_cancelled","in_reply_to":1}})"});
  EXPECT_EQ(h.Send(kPong1), Lines{});
  EXPECT_EQ(h.Advance(5s), Lines{});
}

TEST(Rpc, ACallCarriesItsMsgIdAndCancelsWhenDroppedUnawaited) {
  Harness h;
  h.Init();
  {
    RpcCall call = h.node.Call("n1", Body("ping"), 1s);
    EXPECT_EQ(call.msg_id(), 1);
    EXPECT_EQ(h.node.pending_rpcs(), 1u);
  }
  EXPECT_EQ(h.node.pending_rpcs(), 0u);
  RpcCall call = h.node.Call("n1", Body("ping"), 1s);
  call.Cancel();
  EXPECT_EQ(h.node.pending_rpcs(), 0u);
}

TEST(Rpc, AReplyThatArrivesBeforeTheAwaitIsKept) {
  Harness h;
  h.Init();
  std::string got;
  h.node.On("go", [&](const Message&) -> Task<> {
    RpcCall first = h.node.Call("n1", Body("ping"), 1s);
    RpcCall second = h.node.Call("n2", Body("ping"), 1s);
    Message b = co_await std::move(second);
    Message a = co_await std::move(first);  // answered while we waited for the second
    got = std::string(a.src()) + "," + std::string(b.src());
  });
  h.Send(R"({"src":"c1","dest":"n0","body":{"type":"go","msg_id":1}})");
  h.Lines();
  h.Send(kPong1);
  h.Send(R"({"src":"n2","dest":"n0","body":{"type":"pong","in_reply_to":2}})");
  EXPECT_EQ(got, "n1,n2");
}

TEST(Rpc, NestedTasksReturnValues) {
  Harness h;
  h.Init();
  auto ask = [&](std::string dest) -> Task<std::int64_t> {
    Message m = co_await h.node.Call(dest, Body("ping"), 1s);
    co_return m.body()["n"].as_int64();
  };
  h.node.On("sum", [&](const Message& m) -> Task<> {
    std::int64_t a = co_await ask("n1");
    std::int64_t b = co_await ask("n2");
    h.node.Reply(m, Body("sum_ok").Set("sum", a + b));
  });
  h.Send(R"({"src":"c1","dest":"n0","body":{"type":"sum","msg_id":5}})");
  EXPECT_EQ(h.Send(R"({"src":"n1","dest":"n0","body":{"type":"pong","n":2,"in_reply_to":1}})"),
            Lines{R"({"src":"n0","dest":"n2","body":{"type":"ping","msg_id":2}})"});
  EXPECT_EQ(h.Send(R"({"src":"n2","dest":"n0","body":{"type":"pong","n":3,"in_reply_to":2}})"),
            Lines{R"({"src":"n0","dest":"c1","body":{"type":"sum_ok","sum":5,"in_reply_to":5}})"});
}

TEST(Rpc, SuspendedHandlersAreDestroyedWithTheNode) {
  // Run under AddressSanitizer, this proves no coroutine frame or pending entry leaks.
  auto h = std::make_unique<Harness>();
  h->node.On("ask",
             [&](const Message&) -> Task<> { co_await h->node.Call("n1", Body("ping"), 1s); });
  h->Init();
  h->Send(R"({"src":"c1","dest":"n0","body":{"type":"ask","msg_id":1}})");
  h->Send(R"({"src":"c1","dest":"n0","body":{"type":"ask","msg_id":2}})");
  EXPECT_EQ(h->node.pending_rpcs(), 2u);
  h.reset();
}

TEST(Timers, AfterFiresOnceAtItsDeadline) {
  Harness h;
  h.Init();
  int fired = 0;
  h.node.After(100ms, [&] { ++fired; });
  h.Advance(99ms);
  EXPECT_EQ(fired, 0);
  h.Advance(1ms);
  EXPECT_EQ(fired, 1);
  h.Advance(1s);
  EXPECT_EQ(fired, 1);
  EXPECT_FALSE(h.node.NextDeadline().has_value());
}

TEST(Timers, EveryRepeatsUntilCancelled) {
  Harness h;
  h.Init();
  std::vector<int> ticks;
  int n = 0;
  TimerId id = h.node.Every(100ms, [&] {
    ticks.push_back(++n);
    h.node.Send("n1", Body("gossip").Set("n", n));
  });
  EXPECT_EQ(h.Advance(100ms), Lines{R"({"src":"n0","dest":"n1","body":{"type":"gossip","n":1}})"});
  h.Advance(100ms);
  h.Advance(100ms);
  EXPECT_EQ(ticks, (std::vector<int>{1, 2, 3}));
  // After a long pause the missed ticks are skipped, not replayed in a burst.
  h.Lines();
  h.Advance(10s);
  EXPECT_EQ(ticks.size(), 4u);
  EXPECT_TRUE(h.node.CancelTimer(id));
  EXPECT_FALSE(h.node.CancelTimer(id));
  h.Advance(1s);
  EXPECT_EQ(ticks.size(), 4u);
}

TEST(Timers, FireInDeadlineOrderAndMayCancelEachOther) {
  Harness h;
  h.Init();
  std::vector<std::string> order;
  TimerId later = 0;
  h.node.After(30ms, [&] { order.push_back("30"); });
  h.node.After(10ms, [&] {
    order.push_back("10");
    h.node.CancelTimer(later);
  });
  later = h.node.After(20ms, [&] { order.push_back("20"); });
  h.Advance(1s);
  EXPECT_EQ(order, (Lines{"10", "30"}));
}

TEST(Timers, AZeroDelayTimerThatRearmsItselfWaitsForTheNextRound) {
  Harness h;
  int fired = 0;
  std::function<void()> again = [&] {
    ++fired;
    h.node.After(0ms, again);
  };
  h.node.After(0ms, again);
  h.node.RunDueTimers();
  EXPECT_EQ(fired, 1);
  h.node.RunDueTimers();
  EXPECT_EQ(fired, 2);
}

TEST(Timers, AThrowingTimerIsLoggedAndTheRestStillFire) {
  Harness h;
  int fired = 0;
  h.node.After(1ms, [] { throw std::runtime_error("tick failed"); });
  h.node.After(1ms, [&] { ++fired; });
  LogCapture log;
  h.Advance(1ms);
  EXPECT_EQ(fired, 1);
  EXPECT_TRUE(log.Contains("timer failed: tick failed"));
}

TEST(Timers, SleepResumesACoroutine) {
  Harness h;
  h.node.On("later", [&](const Message& m) -> Task<> {
    co_await h.node.Sleep(250ms);
    h.node.Reply(m, Body("later_ok"));
  });
  h.Init();
  EXPECT_EQ(h.Send(R"({"src":"c1","dest":"n0","body":{"type":"later","msg_id":1}})"), Lines{});
  EXPECT_EQ(h.Advance(249ms), Lines{});
  EXPECT_EQ(h.Advance(1ms),
            Lines{R"({"src":"n0","dest":"c1","body":{"type":"later_ok","in_reply_to":1}})"});
}

}  // namespace
}  // namespace maelstrom
