// Which code a handler's failure answers (the rule at Error, error.h): 12 only for a fault in the
// request itself; a reply the node received that it cannot use, and anything else, 13, because
// what the request asked for may have happened. Exact lines for every step of every case.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>
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

// A node with README's `add` (read a sum from lin-kv, write it back with a compare-and-set), and
// `put` (write a key), `ts` (ask lin-tso), `ask` (ask a peer, read a field of its answer), `nan`
// (a handler that writes NaN) and `copy` (reads a field from a Json copy of the request's).
struct NodeUnderTest {
  NodeUnderTest() {
    Node& node = h.node;
    node.On("add", [this](const Message& m) -> Task<> {
      std::int64_t delta = m.body()["delta"].as_int64();
      std::int64_t old = (co_await kv.ReadIfPresent("sum")).value_or(Json(0)).as_int64();
      co_await kv.Cas("sum", old, old + delta, /*create_if_not_exists=*/true);
      h.node.Reply(m, Body("add_ok"));
    });
    node.On("put", [this](const Message& m) -> Task<> {
      co_await kv.Write(m.body()["key"], m.body()["value"]);
      h.node.Reply(m, Body("put_ok"));
    });
    node.On("ts", [this](const Message& m) -> Task<> {
      std::int64_t ts = co_await tso.Ts();
      h.node.Reply(m, Body("ts_ok").Set("ts", ts));
    });
    node.On("ask", [this](const Message& m) -> Task<> {
      Message answer = co_await h.node.Call("n1", Body("question"), 1s);
      h.node.Reply(m, Body("ask_ok").Set("n", answer.body()["n"].as_int64()));
    });
    node.On("nan", [this](const Message& m) {
      h.node.Reply(m, Body("nan_ok").Set("x", std::numeric_limits<double>::quiet_NaN()));
    });
    node.On("copy", [this](const Message& m) {
      Json delta = m.body()["delta"];
      h.node.Reply(m, Body("copy_ok").Set("delta", delta.as_int64()));
    });
    h.Init();
  }
  Harness h;
  KV kv{h.node, KV::kLinearizable};
  TSO tso{h.node};
};

std::string ErrorToC1(int code, std::string_view text) {
  return R"({"src":"n0","dest":"c1","body":{"type":"error","code":)" + std::to_string(code) +
         R"(,"text":")" + std::string(text) + R"(","in_reply_to":1}})";
}

struct Step {
  std::string in;  // a line to the node
  Lines out;       // exactly what it writes
};
struct Case {
  std::string name;
  std::vector<Step> steps;
};

void RunCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    NodeUnderTest node;
    for (std::size_t i = 0; i < c.steps.size(); ++i) {
      EXPECT_EQ(node.h.Send(c.steps[i].in), c.steps[i].out) << c.name << ", step " << i + 1;
    }
    EXPECT_EQ(node.h.node.pending_rpcs(), 0u) << c.name;
  }
}

const std::string kAdd = R"({"src":"c1","dest":"n0","body":{"type":"add","delta":2,"msg_id":1}})";
const std::string kRead =
    R"({"src":"n0","dest":"lin-kv","body":{"type":"read","key":"sum","msg_id":1}})";
const std::string kReadOk0 =
    R"({"src":"lin-kv","dest":"n0","body":{"type":"read_ok","value":0,"in_reply_to":1}})";
const std::string kCas =
    R"({"src":"n0","dest":"lin-kv","body":{"type":"cas","key":"sum","from":0,"to":2,"create_if_not_exists":true,"msg_id":2}})";
const std::string kPut =
    R"({"src":"c1","dest":"n0","body":{"type":"put","key":"k","value":3,"msg_id":1}})";
const std::string kWrite =
    R"({"src":"n0","dest":"lin-kv","body":{"type":"write","key":"k","value":3,"msg_id":1}})";

TEST(ErrorRule, AMissingOrIllTypedRequestFieldIsMalformedRequest) {
  RunCases({
      {"missing delta",
       {{R"({"src":"c1","dest":"n0","body":{"type":"add","msg_id":1}})",
         {ErrorToC1(12, R"(missing key \"delta\")")}}}},
      {"delta a string",
       {{R"({"src":"c1","dest":"n0","body":{"type":"add","delta":"2","msg_id":1}})",
         {ErrorToC1(12, "expected an integer, found a string")}}}},
      {"delta not an integer",
       {{R"({"src":"c1","dest":"n0","body":{"type":"add","delta":2.5,"msg_id":1}})",
         {ErrorToC1(12, "expected an integer, found the number 2.5")}}}},
      {"put without value",
       {{R"({"src":"c1","dest":"n0","body":{"type":"put","key":"k","msg_id":1}})",
         {ErrorToC1(12, R"(missing key \"value\")")}}}},
  });
}

TEST(ErrorRule, AMalformedReadReplyIsACrash) {
  RunCases({
      {"read_ok without value",
       {{kAdd, {kRead}},
        {R"({"src":"lin-kv","dest":"n0","body":{"type":"read_ok","in_reply_to":1}})",
         {ErrorToC1(13, R"(malformed reply from lin-kv to read: missing key \"value\")")}}}},
      {"a reply of the wrong type",
       {{kAdd, {kRead}},
        {R"({"src":"lin-kv","dest":"n0","body":{"type":"write_ok","in_reply_to":1}})",
         {ErrorToC1(
             13,
             R"(malformed reply from lin-kv to read: expected \"read_ok\", got \"write_ok\")")}}}},
      // The handler's own as_int64, on a Json holding what the service sent.
      {"a value that is not an integer",
       {{kAdd, {kRead}},
        {R"({"src":"lin-kv","dest":"n0","body":{"type":"read_ok","value":1.5,"in_reply_to":1}})",
         {ErrorToC1(13, "expected an integer, found the number 1.5")}}}},
      {"a value beyond a double",
       {{kAdd, {kRead}},
        {R"({"src":"lin-kv","dest":"n0","body":{"type":"read_ok","value":1e999,"in_reply_to":1}})",
         {ErrorToC1(13, "expected an integer, found the number 1e999")}}}},
      // A line that is no valid message but names the RPC it answers ends it now, not at the
      // timeout.
      {"a reply whose type is not a string",
       {{kAdd, {kRead}},
        {R"({"src":"lin-kv","dest":"n0","body":{"type":7,"value":0,"in_reply_to":1}})",
         {ErrorToC1(
             13,
             R"(malformed reply from lin-kv: \"type\" must be a string, found the number 7)")}}}},
  });
}

TEST(ErrorRule, AMalformedWriteReplyIsACrash) {
  RunCases({
      {"a reply of the wrong type",
       {{kPut, {kWrite}},
        {R"({"src":"lin-kv","dest":"n0","body":{"type":"cas_ok","in_reply_to":1}})",
         {ErrorToC1(
             13,
             R"(malformed reply from lin-kv to write: expected \"write_ok\", got \"cas_ok\")")}}}},
      {"a reply with no body type",
       {{kPut, {kWrite}},
        {R"({"src":"lin-kv","dest":"n0","body":{"in_reply_to":1}})",
         {ErrorToC1(13, R"(malformed reply from lin-kv: missing \"type\" in body)")}}}},
      {"an error reply without a code",
       {{kPut, {kWrite}},
        {R"({"src":"lin-kv","dest":"n0","body":{"type":"error","text":"disk on fire","in_reply_to":1}})",
         {ErrorToC1(13, R"(malformed error reply from lin-kv: no \"code\" (disk on fire))")}}}},
  });
}

TEST(ErrorRule, AMalformedCasReplyIsACrash) {
  RunCases({
      {"a reply of the wrong type",
       {{kAdd, {kRead}},
        {kReadOk0, {kCas}},
        {R"({"src":"lin-kv","dest":"n0","body":{"type":"read_ok","value":0,"in_reply_to":2}})",
         {ErrorToC1(
             13, R"(malformed reply from lin-kv to cas: expected \"cas_ok\", got \"read_ok\")")}}}},
      {"an error code that is a string",
       {{kAdd, {kRead}},
        {kReadOk0, {kCas}},
        {R"({"src":"lin-kv","dest":"n0","body":{"type":"error","code":"22","text":"mismatch","in_reply_to":2}})",
         {ErrorToC1(
             13,
             R"(malformed error reply from lin-kv: \"code\" must be an integer of at most 64 bits, found a string (mismatch))")}}}},
      {"an error code beyond 64 bits",
       {{kAdd, {kRead}},
        {kReadOk0, {kCas}},
        {R"({"src":"lin-kv","dest":"n0","body":{"type":"error","code":99999999999999999999,"in_reply_to":2}})",
         {ErrorToC1(
             13,
             R"(malformed error reply from lin-kv: \"code\" must be an integer of at most 64 bits, found the number 99999999999999999999)")}}}},
      // For contrast: a well-formed error passes through as it is, definite or not.
      {"a precondition failure passes through",
       {{kAdd, {kRead}},
        {kReadOk0, {kCas}},
        {R"({"src":"lin-kv","dest":"n0","body":{"type":"error","code":22,"text":"expected 0, had 5","in_reply_to":2}})",
         {ErrorToC1(22, "expected 0, had 5")}}}},
      {"and a successful cas answers add_ok",
       {{kAdd, {kRead}},
        {kReadOk0, {kCas}},
        {R"({"src":"lin-kv","dest":"n0","body":{"type":"cas_ok","in_reply_to":2}})",
         {R"({"src":"n0","dest":"c1","body":{"type":"add_ok","in_reply_to":1}})"}}}},
  });
}

TEST(ErrorRule, MalformedRepliesFromTsoAndPeersAreCrashesToo) {
  const std::string ts = R"({"src":"c1","dest":"n0","body":{"type":"ts","msg_id":1}})";
  const std::string ts_call = R"({"src":"n0","dest":"lin-tso","body":{"type":"ts","msg_id":1}})";
  const std::string ask = R"({"src":"c1","dest":"n0","body":{"type":"ask","msg_id":1}})";
  const std::string question = R"({"src":"n0","dest":"n1","body":{"type":"question","msg_id":1}})";
  RunCases({
      {"ts not an integer",
       {{ts, {ts_call}},
        {R"({"src":"lin-tso","dest":"n0","body":{"type":"ts_ok","ts":"7","in_reply_to":1}})",
         {ErrorToC1(
             13,
             R"(malformed reply from lin-tso to ts: \"ts\": expected an integer, found a string)")}}}},
      {"a peer's answer without the field read",
       {{ask, {question}},
        {R"({"src":"n1","dest":"n0","body":{"type":"answer","in_reply_to":1}})",
         {ErrorToC1(13, R"(missing key \"n\")")}}}},
  });
}

TEST(ErrorRule, FaultsInValuesTheHandlerMadeAreCrashes) {
  RunCases({
      {"NaN written as JSON",
       {{R"({"src":"c1","dest":"n0","body":{"type":"nan","msg_id":1}})",
         {ErrorToC1(13, "JSON has no NaN or infinity")}}}},
      // A Json copy is the handler's own value: the fault is no longer provably the request's,
      // so it gets the indefinite code. Read fields from m.body() to get 12.
      {"a copy of a request field",
       {{R"({"src":"c1","dest":"n0","body":{"type":"copy","delta":"x","msg_id":1}})",
         {ErrorToC1(13, "expected an integer, found a string")}}}},
  });
}

TEST(ErrorRule, OnlyAReplyFromWhereTheRequestWentCounts) {
  NodeUnderTest node;
  Harness& h = node.h;
  LogCapture log;
  EXPECT_EQ(h.Send(kAdd), Lines{kRead});
  // msg_id 1 is the node's own numbering: a message from elsewhere that names it is no reply.
  EXPECT_EQ(
      h.Send(R"({"src":"n1","dest":"n0","body":{"type":"read_ok","value":40,"in_reply_to":1}})"),
      Lines{});
  EXPECT_TRUE(
      log.Contains("dropping reply \"read_ok\" from n1 to msg_id 1: that request went to lin-kv"));
  EXPECT_EQ(h.node.pending_rpcs(), 1u);
  // Nor does a malformed one from elsewhere end the RPC.
  EXPECT_EQ(h.Send(R"({"src":"n1","dest":"n0","body":{"type":7,"in_reply_to":1}})"), Lines{});
  EXPECT_EQ(h.node.pending_rpcs(), 1u);
  EXPECT_EQ(h.Send(kReadOk0), Lines{kCas});
}

}  // namespace
}  // namespace maelstrom
