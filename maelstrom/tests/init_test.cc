// init: hooks that run as coroutines, what waits for them, and init by generation: a second
// init supersedes the first, and only the current one's hook may finish init. All on a manual
// clock, with exact lines.
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

std::string InitLine(int msg_id, std::string_view id) {
  return R"({"src":"c0","dest":")" + std::string(id) + R"(","body":{"type":"init","node_id":")" +
         std::string(id) + R"(","node_ids":["n0","n1","n2"],"msg_id":)" + std::to_string(msg_id) +
         "}}";
}
std::string InitOk(int in_reply_to, std::string_view id) {
  return R"({"src":")" + std::string(id) +
         R"(","dest":"c0","body":{"type":"init_ok","in_reply_to":)" + std::to_string(in_reply_to) +
         "}}";
}
const std::string kEcho = R"({"src":"c1","dest":"n1","body":{"type":"echo","echo":5,"msg_id":1}})";
const std::string kEchoOk =
    R"({"src":"n1","dest":"c1","body":{"type":"echo_ok","echo":5,"in_reply_to":1}})";

TEST(Init, AnAsyncHookDelaysInitOkAndHoldsBackOtherMessages) {
  Harness h;
  std::optional<std::string> seed;
  h.node.OnInit([&]() -> Task<> {
    Message m = co_await h.node.Call("lin-kv", Body("read").Set("key", "seed"), 1s);
    seed = m.body()["value"].as_string();
  });
  h.node.On("echo", [&](const Message& m) {
    h.node.Reply(m, Body("echo_ok").Set("echo", m.body()["echo"]));
  });
  EXPECT_EQ(
      h.Send(
          R"({"src":"c0","dest":"n0","body":{"type":"init","node_id":"n0","node_ids":["n0"],"msg_id":1}})"),
      Lines{R"({"src":"n0","dest":"lin-kv","body":{"type":"read","key":"seed","msg_id":1}})"});
  EXPECT_EQ(h.Send(R"({"src":"c1","dest":"n0","body":{"type":"echo","echo":1,"msg_id":1}})"),
            Lines{});
  EXPECT_EQ(
      h.Send(
          R"({"src":"lin-kv","dest":"n0","body":{"type":"read_ok","value":"abc","in_reply_to":1}})"),
      (Lines{R"({"src":"n0","dest":"c0","body":{"type":"init_ok","in_reply_to":1}})",
             R"({"src":"n0","dest":"c1","body":{"type":"echo_ok","echo":1,"in_reply_to":1}})"}));
  EXPECT_EQ(seed, "abc");
  EXPECT_TRUE(h.node.initialized());
}

TEST(Init, AFailingAsyncHookAnswersInitWithTheErrorAndLaterMessagesWithCode11) {
  Harness h;
  h.node.OnInit([&]() -> Task<> { co_await h.node.Call("lin-kv", Body("read"), 1s); });
  h.node.On("echo", [&](const Message& m) { h.node.Reply(m, Body("echo_ok")); });
  h.Send(
      R"({"src":"c0","dest":"n0","body":{"type":"init","node_id":"n0","node_ids":["n0"],"msg_id":1}})");
  h.Send(R"({"src":"c1","dest":"n0","body":{"type":"echo","echo":1,"msg_id":1}})");
  EXPECT_EQ(
      h.Advance(1s),
      (Lines{
          R"({"src":"n0","dest":"c0","body":{"type":"error","code":0,"text":"RPC \"read\" to lin-kv timed out after 1000 ms","in_reply_to":1}})",
          R"({"src":"n0","dest":"c1","body":{"type":"error","code":11,"text":"node not initialized: init must come first","in_reply_to":1}})"}));
}

// A node whose init hook sleeps, a different time for each init, then says which init's hook it
// was (1 for the first), and throws if told to.
class SlowHooks : public ::testing::Test {
 protected:
  SlowHooks() {
    h.node.OnInit([this]() -> Task<> {
      int generation = ++started;
      co_await h.node.Sleep(sleeps.at(generation - 1));
      h.node.Send("n2", Body("hook_ended").Set("generation", generation));
      if (generation == throwing) throw std::runtime_error("hook failed");
    });
    h.node.On("echo", [this](const Message& m) {
      h.node.Reply(m, Body("echo_ok").Set("echo", m.body()["echo"]));
    });
  }
  Harness h;
  std::vector<Duration> sleeps = {20ms, 1s};
  int started = 0;
  int throwing = 0;
};

TEST_F(SlowHooks, OnlyTheLastInitsHookFinishesInit) {
  EXPECT_EQ(h.Send(InitLine(1, "n1")), Lines{});
  EXPECT_EQ(h.Advance(5ms), Lines{});
  // The second init supersedes the first, which is answered at once, from the name it was sent to.
  EXPECT_EQ(
      h.Send(InitLine(2, "n1")),
      Lines{
          R"({"src":"n1","dest":"c0","body":{"type":"error","code":14,"text":"init superseded by a later init (msg_id 2) before its hook ended","in_reply_to":1}})"});
  EXPECT_EQ(h.Send(kEcho), Lines{});
  // t = 20 ms: the first hook ends. It finishes nothing: no init_ok, the echo still waits.
  EXPECT_EQ(h.Advance(15ms),
            Lines{R"({"src":"n1","dest":"n2","body":{"type":"hook_ended","generation":1}})"});
  EXPECT_FALSE(h.node.initialized());
  EXPECT_EQ(h.Advance(984ms), Lines{});
  // t = 1005 ms: the second hook ends, and with it init.
  EXPECT_EQ(h.Advance(1ms),
            (Lines{R"({"src":"n1","dest":"n2","body":{"type":"hook_ended","generation":2}})",
                   InitOk(2, "n1"), kEchoOk}));
  EXPECT_TRUE(h.node.initialized());
  EXPECT_EQ(started, 2);
}

TEST_F(SlowHooks, TheFirstHookRunsOnWithTheNewNameAndItsFailureIsOnlyLogged) {
  throwing = 1;
  LogCapture log;
  EXPECT_EQ(h.Send(InitLine(1, "n0")), Lines{});
  EXPECT_EQ(h.node.id(), "n0");
  // Renamed: the superseded init is answered from n0, what follows comes from n1.
  EXPECT_EQ(
      h.Send(InitLine(2, "n1")),
      Lines{
          R"({"src":"n0","dest":"c0","body":{"type":"error","code":14,"text":"init superseded by a later init (msg_id 2) before its hook ended","in_reply_to":1}})"});
  EXPECT_EQ(h.node.id(), "n1");
  EXPECT_EQ(h.Advance(20ms),
            Lines{R"({"src":"n1","dest":"n2","body":{"type":"hook_ended","generation":1}})"});
  EXPECT_TRUE(
      log.Contains("the hook of the superseded init (msg_id 1 from c0) failed: hook failed"));
  EXPECT_EQ(h.Advance(1s),
            (Lines{R"({"src":"n1","dest":"n2","body":{"type":"hook_ended","generation":2}})",
                   InitOk(2, "n1")}));
}

TEST_F(SlowHooks, WhenTheCurrentHookFailsInitIsAnsweredWithItsErrorAndWaitersWithCode11) {
  throwing = 2;
  h.Send(InitLine(1, "n1"));
  h.Send(InitLine(2, "n1"));
  h.Send(kEcho);
  h.Advance(20ms);
  EXPECT_EQ(
      h.Advance(1s),
      (Lines{
          R"({"src":"n1","dest":"n2","body":{"type":"hook_ended","generation":2}})",
          R"({"src":"n1","dest":"c0","body":{"type":"error","code":13,"text":"hook failed","in_reply_to":2}})",
          R"({"src":"n1","dest":"c1","body":{"type":"error","code":11,"text":"node not initialized: init must come first","in_reply_to":1}})"}));
  EXPECT_FALSE(h.node.initialized());
}

TEST_F(SlowHooks, AnInvalidInitSupersedesNothing) {
  h.Send(InitLine(1, "n1"));
  EXPECT_EQ(
      h.Send(
          R"({"src":"c0","dest":"n1","body":{"type":"init","node_id":"n9","node_ids":["n1"],"msg_id":2}})"),
      Lines{
          R"({"src":"n1","dest":"c0","body":{"type":"error","code":12,"text":"invalid init: node_id \"n9\" is not in node_ids","in_reply_to":2}})"});
  EXPECT_EQ(h.Advance(20ms),
            (Lines{R"({"src":"n1","dest":"n2","body":{"type":"hook_ended","generation":1}})",
                   InitOk(1, "n1")}));
}

TEST_F(SlowHooks, AnInitAfterTheFirstEndedStartsAfreshAndHoldsRequestsAgain) {
  h.Send(InitLine(1, "n1"));
  h.Advance(20ms);
  EXPECT_TRUE(h.node.initialized());
  EXPECT_EQ(h.Send(InitLine(2, "n1")), Lines{});  // nothing to supersede: no error
  EXPECT_FALSE(h.node.initialized());
  EXPECT_EQ(h.Send(kEcho), Lines{});
  EXPECT_EQ(h.Advance(1s),
            (Lines{R"({"src":"n1","dest":"n2","body":{"type":"hook_ended","generation":2}})",
                   InitOk(2, "n1"), kEchoOk}));
}

TEST(Init, OnInitIsTheOnlyWayToHandleInit) {
  Node node;
  EXPECT_THROW(node.On("init", [](const Message&) {}), std::invalid_argument);
}

}  // namespace
}  // namespace maelstrom
