// The workloads as plug-ins: their requests, and how a reply becomes a completed operation (the
// closed schema, error codes), as Maelstrom's defrpc client judges it.
#include "runner/src/workload.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "runner/src/json_writer.h"
#include "runner/src/rpc.h"

namespace glomers {
namespace {

// The invocation the workload would make next, as an operation.
Op Invoke(const Workload& w, Random& rng) {
  Invocation next = w.Next(rng);
  Op op;
  op.f = next.f;
  op.value = next.value;
  return op;
}

std::string Request(const Workload& w, const Op& invoke) {
  std::string out;
  JsonWriter body(out);
  body.BeginObject();
  w.WriteRequest(invoke, body);
  body.EndObject();
  return out;
}

Completion Judge(const Workload& w, const std::string& reply, const std::string& value = "null") {
  maelstrom::JsonDocument doc;
  EXPECT_TRUE(doc.Parse(reply));
  Op invoke;
  invoke.value = Value::Parse(value);
  return w.Complete(invoke, doc.root(), "n0", "{\"type\":\"generate\",\"msg_id\":1}");
}

TEST(WorkloadTest, Requests) {
  auto echo = MakeWorkload("echo");
  Random rng(1);
  Op op = Invoke(*echo, rng);
  std::string value = op.value.ToJson();
  EXPECT_EQ(value.rfind("\"Please echo ", 0), 0u) << value;
  EXPECT_EQ(Request(*echo, op), "{\"type\":\"echo\",\"echo\":" + value + "}");
  EXPECT_EQ(op.f.view(), "echo");
  EXPECT_FALSE(echo->reusable_client());

  auto ids = MakeWorkload("unique-ids");
  op = Invoke(*ids, rng);
  EXPECT_EQ(Request(*ids, op), "{\"type\":\"generate\"}");
  EXPECT_EQ(op.f.view(), "generate");
  EXPECT_TRUE(op.value.is_null());
  EXPECT_TRUE(ids->reusable_client());
  EXPECT_EQ(MakeWorkload("lin-kv"), nullptr);
  EXPECT_EQ(WorkloadNames(), (std::vector<std::string_view>{"echo", "unique-ids"}));
  for (auto name : WorkloadNames()) EXPECT_EQ(MakeWorkload(name)->name(), name);
}

TEST(WorkloadTest, EchoValuesAreMaelstroms) {
  auto echo = MakeWorkload("echo");
  Random rng(2);
  std::set<std::string> values;
  for (int i = 0; i < 2000; ++i) values.insert(echo->Next(rng).value.ToJson());
  EXPECT_EQ(values.size(), 128u);  // "Please echo 0" .. "Please echo 127"
  EXPECT_TRUE(values.count("\"Please echo 127\""));
}

TEST(WorkloadTest, OkRepliesMatchTheClosedSchema) {
  auto ids = MakeWorkload("unique-ids");
  Completion c = Judge(*ids, R"({"type":"generate_ok","id":{"a":[1]},"in_reply_to":1})");
  EXPECT_EQ(c.type, OpType::kOk);
  EXPECT_EQ(c.value.ToJson(), R"({"a":[1]})");
  c = Judge(*ids, R"({"type":"generate_ok","id":null,"in_reply_to":1,"msg_id":9})");
  EXPECT_EQ(c.type, OpType::kOk);
  EXPECT_EQ(c.value.ToJson(), "null");

  auto echo = MakeWorkload("echo");
  c = Judge(*echo, R"({"type":"echo_ok","echo":"Please echo 3","in_reply_to":1})",
            "\"Please echo 3\"");
  EXPECT_EQ(c.type, OpType::kOk);
  EXPECT_EQ(c.value.ToJson(), R"({"type":"echo_ok","echo":"Please echo 3","in_reply_to":1})");
}

TEST(WorkloadTest, MalformedRepliesAreIndeterminate) {
  auto ids = MakeWorkload("unique-ids");
  for (const char* reply : {
           R"({"type":"generate_ok","id":1,"in_reply_to":1,"debug":"x"})",   // extra key
           R"({"type":"generate_ok","in_reply_to":1})",                      // missing id
           R"({"type":"generated","id":1,"in_reply_to":1})",                 // wrong type
           R"({"type":"generate_ok","id":1,"in_reply_to":1,"msg_id":"2"})",  // msg_id not an int
       }) {
    Completion c = Judge(*ids, reply);
    EXPECT_EQ(c.type, OpType::kInfo) << reply;
    EXPECT_NE(c.details.error.ToJson().find("Malformed RPC response"), std::string::npos)
        << c.details.error.ToJson();
    EXPECT_NE(c.details.exception.ToJson().find("malformed-rpc-response"), std::string::npos);
    EXPECT_EQ(c.value.ToJson(), "null");
  }
  Completion c = Judge(*ids, R"({"type":"generate_ok","id":1,"in_reply_to":1,"debug":"x"})");
  EXPECT_NE(c.details.error.ToJson().find("debug is a disallowed key"), std::string::npos)
      << c.details.error.ToJson();
  // Maelstrom's exception, as Jepsen records it: the class, the message, the reply.
  const Value* via = c.details.exception.Find("via");
  ASSERT_NE(via, nullptr);
  EXPECT_EQ(via->elements()[0].Find("type")->string(), "clojure.lang.ExceptionInfo");
  EXPECT_EQ(c.details.exception.Find("data")->Find("body")->ToJson(),
            R"({"type":"generate_ok","id":1,"in_reply_to":1,"debug":"x"})");
  EXPECT_EQ(c.details.exception.Find("cause")->string(),
            "Malformed RPC response. Maelstrom sent node n0 the following request: "
            "{\"type\":\"generate\",\"msg_id\":1} and expected a response of the form "
            "{\"type\":\"generate_ok\", \"id\": any, \"in_reply_to\": integer, optional "
            "\"msg_id\": integer} but instead received "
            "{\"type\":\"generate_ok\",\"id\":1,\"in_reply_to\":1,\"debug\":\"x\"}. This is "
            "malformed because: debug is a disallowed key.");
}

TEST(WorkloadTest, ErrorCodesAreDefiniteOrNotAsMaelstromsTable) {
  auto ids = MakeWorkload("unique-ids");
  struct Case {
    int code;
    OpType type;
    const char* name;
  };
  for (Case k :
       {Case{0, OpType::kInfo, "timeout"}, Case{1, OpType::kFail, "node-not-found"},
        Case{10, OpType::kFail, "not-supported"},
        Case{11, OpType::kFail, "temporarily-unavailable"},
        Case{12, OpType::kFail, "malformed-request"}, Case{13, OpType::kInfo, "crash"},
        Case{14, OpType::kFail, "abort"}, Case{20, OpType::kFail, "key-does-not-exist"},
        Case{21, OpType::kFail, "key-already-exists"},
        Case{22, OpType::kFail, "precondition-failed"}, Case{30, OpType::kFail, "txn-conflict"},
        Case{1000, OpType::kInfo, "unknown"}, Case{7, OpType::kInfo, "unknown"}}) {
    Completion c = Judge(*ids, R"({"type":"error","in_reply_to":1,"code":)" +
                                   std::to_string(k.code) + R"(,"text":"t","extra":true})");
    EXPECT_EQ(c.type, k.type) << k.code;
    EXPECT_EQ(c.details.error.ToJson(), std::string("[\"") + k.name + "\",\"t\"]") << k.code;
    EXPECT_TRUE(c.details.exception.is_null());
  }
  // Not an integer code: unknown, so indefinite.
  EXPECT_EQ(Judge(*ids, R"({"type":"error","in_reply_to":1,"code":11.0})").type, OpType::kInfo);
  EXPECT_EQ(Judge(*ids, R"({"type":"error","in_reply_to":1})").type, OpType::kInfo);
  // An error keeps the invocation's value.
  auto echo = MakeWorkload("echo");
  EXPECT_EQ(Judge(*echo, R"({"type":"error","in_reply_to":1,"code":11})", "\"Please echo 4\"")
                .value.ToJson(),
            "\"Please echo 4\"");
}

TEST(WorkloadTest, Timeout) { EXPECT_EQ(NetTimeout().ToJson(), "\"net-timeout\""); }

}  // namespace
}  // namespace glomers
