#include "runner/src/services.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>

namespace glomers {
namespace {

struct Svc {
  explicit Svc(const std::string& name, std::uint64_t seed = 1)
      : service(MakeService(name, Random(seed))) {}
  std::string Call(const std::string& body, const std::string& sender = "n0") {
    auto reply = ServiceReply(*service, sender, body);
    return reply ? *reply : "<no reply>";
  }
  std::unique_ptr<Service> service;
};

TEST(ServicesTest, AllFourExist) {
  for (const auto& name : ServiceNames()) EXPECT_NE(MakeService(name, Random(1)), nullptr) << name;
  EXPECT_EQ(MakeService("lin-queue", Random(1)), nullptr);
}

TEST(ServicesTest, LinKvReadWriteCas) {
  Svc kv("lin-kv");
  EXPECT_EQ(kv.Call(R"({"type":"read","key":"x","msg_id":1})"),
            R"({"type":"error","code":20,"text":"key does not exist","in_reply_to":1})");
  EXPECT_EQ(kv.Call(R"({"type":"write","key":"x","value":[1,2],"msg_id":2})"),
            R"({"type":"write_ok","in_reply_to":2})");
  EXPECT_EQ(kv.Call(R"({"type":"read","key":"x","msg_id":3})"),
            R"({"type":"read_ok","value":[1,2],"in_reply_to":3})");
  EXPECT_EQ(
      kv.Call(R"({"type":"cas","key":"x","from":[1,3],"to":4,"msg_id":4})"),
      R"({"type":"error","code":22,"text":"current value [1,2] is not [1,3]","in_reply_to":4})");
  EXPECT_EQ(kv.Call(R"({"type":"cas","key":"x","from":[1, 2],"to":4,"msg_id":5})"),
            R"({"type":"cas_ok","in_reply_to":5})");
  EXPECT_EQ(kv.Call(R"({"type":"read","key":"x","msg_id":6})"),
            R"({"type":"read_ok","value":4,"in_reply_to":6})");
  // 4 is not 4.0.
  EXPECT_NE(kv.Call(R"({"type":"cas","key":"x","from":4.0,"to":5,"msg_id":7})").find("\"code\":22"),
            std::string::npos);
}

TEST(ServicesTest, CasOnAMissingKey) {
  Svc kv("lin-kv");
  EXPECT_NE(kv.Call(R"({"type":"cas","key":"k","from":1,"to":2,"msg_id":1})").find("\"code\":20"),
            std::string::npos);
  EXPECT_EQ(
      kv.Call(R"({"type":"cas","key":"k","from":1,"to":2,"create_if_not_exists":true,"msg_id":2})"),
      R"({"type":"cas_ok","in_reply_to":2})");
  EXPECT_EQ(kv.Call(R"({"type":"read","key":"k","msg_id":3})"),
            R"({"type":"read_ok","value":2,"in_reply_to":3})");
  // lww-kv never creates on cas.
  Svc lww("lww-kv");
  EXPECT_NE(
      lww.Call(R"({"type":"cas","key":"k","from":1,"to":2,"create_if_not_exists":true,"msg_id":1})")
          .find("\"code\":20"),
      std::string::npos);
}

TEST(ServicesTest, KeysAreAnyJsonComparedByValue) {
  Svc kv("lin-kv");
  kv.Call(R"({"type":"write","key":{"a":1,"b":2},"value":"v","msg_id":1})");
  EXPECT_EQ(kv.Call(R"({"type":"read","key":{"b":2,"a":1},"msg_id":2})"),
            R"({"type":"read_ok","value":"v","in_reply_to":2})");
  EXPECT_NE(kv.Call(R"({"type":"read","key":"{\"a\":1}","msg_id":3})").find("\"code\":20"),
            std::string::npos);
}

TEST(ServicesTest, UnknownTypesGetNoReplyAndNoMsgIdGivesNullInReplyTo) {
  Svc kv("lin-kv");
  EXPECT_EQ(kv.Call(R"({"type":"delete","key":"x","msg_id":1})"), "<no reply>");
  EXPECT_EQ(kv.Call(R"({"type":"write","key":"x","value":1})"),
            R"({"type":"write_ok","in_reply_to":null})");
  Svc tso("lin-tso");
  EXPECT_EQ(tso.Call(R"({"type":"read","msg_id":1})"), "<no reply>");
}

TEST(ServicesTest, TsoCountsFromZero) {
  Svc tso("lin-tso");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(tso.Call(R"({"type":"ts","msg_id":9})"),
              R"({"type":"ts_ok","ts":)" + std::to_string(i) + R"(,"in_reply_to":9})");
  }
}

TEST(ServicesTest, SeqKvReadsMayBeStaleButNeverGoBackwardsForAClient) {
  Svc kv("seq-kv", 11);
  for (int i = 1; i <= 20; ++i) {
    kv.Call(R"({"type":"write","key":"x","value":)" + std::to_string(i) + R"(,"msg_id":1})",
            "writer");
  }
  // A fresh client may see old states (the store keeps the last 32), but its reads only move
  // forward.
  std::set<std::string> seen;
  int last = -1;
  bool stale = false;
  for (int i = 0; i < 200; ++i) {
    std::string r = kv.Call(R"({"type":"read","key":"x","msg_id":1})", "reader");
    auto at = r.find("\"value\":");
    int value = at == std::string::npos ? 0 : std::stoi(r.substr(at + 8));
    EXPECT_GE(value, last) << r;
    last = value;
    stale = stale || value < 20;
    seen.insert(r);
  }
  EXPECT_TRUE(stale) << "a fresh reader saw only the newest state";
  EXPECT_EQ(last, 20) << "reads eventually reach the newest state";
  // The writer saw its own writes: its reads are current.
  EXPECT_EQ(kv.Call(R"({"type":"read","key":"x","msg_id":2})", "writer"),
            R"({"type":"read_ok","value":20,"in_reply_to":2})");
}

TEST(ServicesTest, SeqKvCasAppliesToTheNewestState) {
  Svc kv("seq-kv", 5);
  kv.Call(R"({"type":"write","key":"c","value":0,"msg_id":1})", "a");
  // Counting up with cas from many callers never loses an increment.
  int done = 0;
  for (int i = 0; i < 100; ++i) {
    std::string caller = "n" + std::to_string(i % 3);
    std::string r = kv.Call(R"({"type":"read","key":"c","msg_id":1})", caller);
    if (r.find("read_ok") == std::string::npos) continue;  // a state before the first write
    int value = std::stoi(r.substr(r.find("\"value\":") + 8));
    std::string cas = kv.Call(R"({"type":"cas","key":"c","from":)" + std::to_string(value) +
                                  R"(,"to":)" + std::to_string(value + 1) + R"(,"msg_id":2})",
                              caller);
    if (cas.find("cas_ok") != std::string::npos) ++done;
  }
  // Reads are monotonic per caller and reach the newest state: it holds every increment.
  std::string final_read;
  for (int i = 0; i < 200; ++i)
    final_read = kv.Call(R"({"type":"read","key":"c","msg_id":3})", "a");
  EXPECT_GT(done, 10);
  EXPECT_EQ(final_read,
            R"({"type":"read_ok","value":)" + std::to_string(done) + R"(,"in_reply_to":3})");
}

TEST(ServicesTest, LwwKvServesFromTwoReplicasThatDoNotConverge) {
  // As in Maelstrom's code, lww-kv's merges never take effect: a write lands on one of two
  // replicas, and a read of the other does not see it.
  Svc kv("lww-kv", 3);
  kv.Call(R"({"type":"write","key":"x","value":1,"msg_id":1})");
  int found = 0, missing = 0;
  for (int i = 0; i < 100; ++i) {
    std::string r = kv.Call(R"({"type":"read","key":"x","msg_id":2})");
    (r.find("read_ok") != std::string::npos ? found : missing)++;
  }
  EXPECT_GT(found, 20);
  EXPECT_GT(missing, 20);
}

}  // namespace
}  // namespace glomers
