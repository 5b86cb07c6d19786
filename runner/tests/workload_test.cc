#include "runner/src/workload.h"

#include <gtest/gtest.h>

#include <string>

namespace glomers {
namespace {

Completion Judge(const Workload& w, const std::string& reply, const std::string& value = "null") {
  maelstrom::JsonDocument doc;
  EXPECT_TRUE(doc.Parse(reply));
  return w.Judge(doc.root(), "n0", "{\"type\":\"generate\",\"msg_id\":1}", value);
}

TEST(WorkloadTest, Requests) {
  auto echo = MakeWorkload("echo");
  Random rng(1);
  std::string value = echo->NextValue(rng);
  EXPECT_EQ(value.rfind("\"Please echo ", 0), 0u) << value;
  std::string body;
  echo->AppendRequest(body, value);
  EXPECT_EQ(body, "\"type\":\"echo\",\"echo\":" + value);
  EXPECT_EQ(echo->f(), "echo");
  EXPECT_FALSE(echo->reusable_client());

  auto ids = MakeWorkload("unique-ids");
  body.clear();
  ids->AppendRequest(body, ids->NextValue(rng));
  EXPECT_EQ(body, "\"type\":\"generate\"");
  EXPECT_EQ(ids->f(), "generate");
  EXPECT_TRUE(ids->reusable_client());
  EXPECT_EQ(MakeWorkload("lin-kv"), nullptr);
}

TEST(WorkloadTest, EchoValuesAreMaelstroms) {
  auto echo = MakeWorkload("echo");
  Random rng(2);
  std::set<std::string> values;
  for (int i = 0; i < 2000; ++i) values.insert(echo->NextValue(rng));
  EXPECT_EQ(values.size(), 128u);  // "Please echo 0" .. "Please echo 127"
  EXPECT_TRUE(values.count("\"Please echo 127\""));
}

TEST(WorkloadTest, OkRepliesMatchTheClosedSchema) {
  auto ids = MakeWorkload("unique-ids");
  Completion c = Judge(*ids, R"({"type":"generate_ok","id":{"a":[1]},"in_reply_to":1})");
  EXPECT_EQ(c.type, OpType::kOk);
  EXPECT_EQ(c.value, R"({"a":[1]})");
  c = Judge(*ids, R"({"type":"generate_ok","id":null,"in_reply_to":1,"msg_id":9})");
  EXPECT_EQ(c.type, OpType::kOk);
  EXPECT_EQ(c.value, "null");

  auto echo = MakeWorkload("echo");
  c = Judge(*echo, R"({"type":"echo_ok","echo":"Please echo 3","in_reply_to":1})",
            "\"Please echo 3\"");
  EXPECT_EQ(c.type, OpType::kOk);
  EXPECT_EQ(c.value, R"({"type":"echo_ok","echo":"Please echo 3","in_reply_to":1})");
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
    EXPECT_NE(c.error.find("Malformed RPC response"), std::string::npos) << c.error;
    EXPECT_NE(c.exception.find("malformed-rpc-response"), std::string::npos);
    EXPECT_EQ(c.value, "null");
  }
  Completion c = Judge(*ids, R"({"type":"generate_ok","id":1,"in_reply_to":1,"debug":"x"})");
  EXPECT_NE(c.error.find("debug is a disallowed key"), std::string::npos) << c.error;
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
    EXPECT_EQ(c.error, std::string("[\"") + k.name + "\",\"t\"]") << k.code;
  }
  // Not an integer code: unknown, so indefinite.
  EXPECT_EQ(Judge(*ids, R"({"type":"error","in_reply_to":1,"code":11.0})").type, OpType::kInfo);
  EXPECT_EQ(Judge(*ids, R"({"type":"error","in_reply_to":1})").type, OpType::kInfo);
}

TEST(WorkloadTest, Timeout) {
  Completion c = Workload::Timeout("\"Please echo 1\"");
  EXPECT_EQ(c.type, OpType::kInfo);
  EXPECT_EQ(c.error, "\"net-timeout\"");
  EXPECT_EQ(c.value, "\"Please echo 1\"");
}

}  // namespace
}  // namespace glomers
