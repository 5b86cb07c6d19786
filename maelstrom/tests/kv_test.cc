// The service clients against an in-process fake of Maelstrom's lin-kv and lin-tso.
#include "maelstrom/kv.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "testing/node_harness.h"

namespace maelstrom {
namespace {

using namespace std::chrono_literals;
using testing::Harness;

// Answers what the node sends to a service as Maelstrom's would (protocol §9), by feeding the
// replies back into the node until it has nothing more to say.
class FakeServices {
 public:
  explicit FakeServices(Harness& h) : h_(h) {}

  void Pump() {
    for (int round = 0; round < 100; ++round) {
      std::vector<std::string> out = h_.Lines();
      if (out.empty()) return;
      for (const std::string& line : out) {
        Message m = Message::FromJson(line);
        if (m.dest() == "lin-kv") {
          h_.node.HandleLine(AnswerKv(m));
        } else if (m.dest() == "lin-tso") {
          h_.node.HandleLine(Reply(m, "{\"type\":\"ts_ok\",\"ts\":" + std::to_string(ts_++)));
        } else {
          to_clients.push_back(line);
        }
      }
    }
    FAIL() << "the node and the services never went quiet";
  }

  std::vector<std::string> to_clients;

 private:
  std::string Reply(const Message& m, std::string body_start) {
    return "{\"src\":\"" + std::string(m.dest()) + "\",\"dest\":\"" + std::string(m.src()) +
           "\",\"body\":" + body_start + ",\"in_reply_to\":" + std::to_string(*m.msg_id()) + "}}";
  }
  std::string Error(const Message& m, int code, std::string text) {
    return Reply(
        m, "{\"type\":\"error\",\"code\":" + std::to_string(code) + ",\"text\":" + ToJson(text));
  }
  std::string AnswerKv(const Message& m) {
    JsonView body = m.body();
    std::string key(body["key"].raw());  // keys compare as canonical JSON in this fake
    auto it = data_.find(key);
    if (m.type() == "read") {
      if (it == data_.end()) return Error(m, 20, "key does not exist");
      return Reply(m, "{\"type\":\"read_ok\",\"value\":" + it->second.text_copy);
    }
    if (m.type() == "write") {
      data_[key] = Stored{Json(body["value"]), std::string(body["value"].raw())};
      return Reply(m, "{\"type\":\"write_ok\"");
    }
    if (m.type() == "cas") {
      bool create = body.Contains("create_if_not_exists") && body["create_if_not_exists"].as_bool();
      if (it == data_.end() && !create) return Error(m, 20, "key does not exist");
      if (it != data_.end() && !(it->second.value == Json(body["from"]))) {
        return Error(
            m, 22, "expected " + std::string(body["from"].raw()) + ", had " + it->second.text_copy);
      }
      data_[key] = Stored{Json(body["to"]), std::string(body["to"].raw())};
      return Reply(m, "{\"type\":\"cas_ok\"");
    }
    ADD_FAILURE() << "unexpected request " << m.json();
    return Error(m, 10, "unsupported");
  }

  struct Stored {
    Json value;
    std::string text_copy;
  };
  Harness& h_;
  std::map<std::string, Stored> data_;
  std::int64_t ts_ = 0;
};

// Runs a coroutine to completion against the fake services.
template <class T>
T RunTask(Harness& h, FakeServices& services, Task<T> task) {
  std::optional<T> result;
  std::exception_ptr error;
  h.node.Spawn([](Task<T> t, std::optional<T>& out, std::exception_ptr& err) -> Task<> {
    try {
      out.emplace(co_await std::move(t));
    } catch (...) {
      err = std::current_exception();
    }
  }(std::move(task), result, error));
  services.Pump();
  if (error) std::rethrow_exception(error);
  EXPECT_TRUE(result.has_value()) << "the task did not finish";
  return std::move(*result);
}

Task<bool> Done(Task<void> t) {
  co_await std::move(t);
  co_return true;
}

class KvTest : public ::testing::Test {
 protected:
  KvTest() { h.Init(); }
  Harness h;
  FakeServices services{h};
  KV kv{h.node, KV::kLinearizable};
};

TEST_F(KvTest, ReadOfAMissingKeyIsError20) {
  try {
    RunTask(h, services, kv.Read("nope"));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_TRUE(e.is(ErrorCode::kKeyDoesNotExist));
    EXPECT_TRUE(e.definite());
  }
  EXPECT_EQ(RunTask(h, services, kv.ReadIfPresent("nope")), std::nullopt);
}

TEST_F(KvTest, WriteThenReadAnyJson) {
  Json value = Json::Object(
      {{"list", Json::Array({1, 2})}, {"big", Json::Parse("123456789012345678901234")}});
  RunTask(h, services, Done(kv.Write("k", value)));
  EXPECT_EQ(RunTask(h, services, kv.Read("k")), value);
  EXPECT_EQ(RunTask(h, services, kv.Read("k"))["big"].raw(), "123456789012345678901234");
  // Keys are JSON too.
  RunTask(h, services, Done(kv.Write(Json::Array({1, "a"}), 7)));
  EXPECT_EQ(RunTask(h, services, kv.Read(Json::Array({1, "a"}))).as_int64(), 7);
  EXPECT_EQ(RunTask(h, services, kv.ReadIfPresent("k")), value);
}

TEST_F(KvTest, CasComparesAndCanCreate) {
  try {
    RunTask(h, services, Done(kv.Cas("c", 0, 1)));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_TRUE(e.is(ErrorCode::kKeyDoesNotExist));
  }
  RunTask(h, services, Done(kv.Cas("c", 0, 1, /*create_if_not_exists=*/true)));
  EXPECT_EQ(RunTask(h, services, kv.Read("c")).as_int64(), 1);
  try {
    RunTask(h, services, Done(kv.Cas("c", 0, 2)));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_TRUE(e.is(ErrorCode::kPreconditionFailed));
    EXPECT_EQ(e.text(), "expected 0, had 1");
  }
  RunTask(h, services, Done(kv.Cas("c", 1, 2)));
  EXPECT_EQ(RunTask(h, services, kv.Read("c")).as_int64(), 2);
}

TEST_F(KvTest, RequestsHaveTheDocumentedShape) {
  h.node.Spawn([](KV& kv) -> Task<> { co_await kv.Cas("k", 1, 2, true); }(kv));
  EXPECT_EQ(
      h.Lines(),
      std::vector<std::string>{
          R"({"src":"n0","dest":"lin-kv","body":{"type":"cas","key":"k","from":1,"to":2,"create_if_not_exists":true,"msg_id":1}})"});
}

TEST_F(KvTest, ASilentServiceTimesOut) {
  KV slow(h.node, KV::kSequential, 100ms);
  std::optional<std::int64_t> code;
  h.node.Spawn([](KV& kv, std::optional<std::int64_t>& code) -> Task<> {
    try {
      co_await kv.Read("k");
    } catch (const Error& e) {
      code = e.code();
    }
  }(slow, code));
  EXPECT_EQ(h.Lines(),
            std::vector<std::string>{
                R"({"src":"n0","dest":"seq-kv","body":{"type":"read","key":"k","msg_id":1}})"});
  h.Advance(100ms);
  EXPECT_EQ(code, 0);
}

TEST_F(KvTest, TsoCountsUp) {
  TSO tso(h.node);
  EXPECT_EQ(RunTask(h, services, tso.Ts()), 0);
  EXPECT_EQ(RunTask(h, services, tso.Ts()), 1);
}

}  // namespace
}  // namespace maelstrom
