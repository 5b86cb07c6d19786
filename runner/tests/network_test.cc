#include "runner/src/network.h"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace glomers {
namespace {

constexpr Nanos kMs = 1'000'000;

// A grudge over three nodes: dest drops messages from src.
std::shared_ptr<const Grudge> Drops(std::size_t dest, std::size_t src) {
  auto g = std::make_shared<Grudge>(3);
  g->Drop(dest, src);
  return g;
}

struct Net {
  explicit Net(LatencyShape shape = LatencyShape::kConstant, std::int64_t mean_ms = 0)
      : net(LatencyDistribution(shape, mean_ms), Random(1, Random::kLatency)) {
    n0 = net.Add("n0", EntityKind::kNode);
    n1 = net.Add("n1", EntityKind::kNode);
    n2 = net.Add("n2", EntityKind::kNode);
    kv = net.Add("lin-kv", EntityKind::kService);
    c0 = net.OpenClient();
  }
  // Everything delivered by `now`, as "src->dest body".
  std::vector<std::string> Drain(Nanos now) {
    std::vector<std::string> out;
    while (auto e = net.TakeDue(now)) {
      net.Received(*e);
      out.push_back(net.name(e->src) + "->" + net.name(e->dest) + " " + e->body);
    }
    return out;
  }
  Network net;
  Address n0, n1, n2, kv, c0;
};

std::string NameJson(const Network& net, Address a) {
  std::string out;
  net.AppendName(out, a);
  return out;
}

TEST(NetworkTest, AddressesAndNames) {
  Net t;
  EXPECT_EQ(t.net.Find("n1"), t.n1);
  EXPECT_FALSE(t.net.Find("n9").has_value());
  EXPECT_EQ(t.n2, 2);  // a node's address is its index
  EXPECT_EQ(t.net.node_count(), 3u);
  EXPECT_EQ(t.net.kind(t.n2), EntityKind::kNode);
  EXPECT_EQ(t.net.kind(t.kv), EntityKind::kService);
  EXPECT_EQ(t.net.kind(t.c0), EntityKind::kClient);
  EXPECT_EQ(NameJson(t.net, t.kv), "\"lin-kv\"");
  EXPECT_EQ(t.net.name(t.c0), "c0");
  EXPECT_TRUE(t.net.live(t.c0));
  t.net.Close(t.c0);
  EXPECT_FALSE(t.net.live(t.c0));
  EXPECT_EQ(t.net.Find("c0"), t.c0);
  // Clients are numbered as they open: c0, c1, ... and only those that opened exist.
  Address c1 = t.net.OpenClient();
  EXPECT_EQ(t.net.Find("c1"), c1);
  EXPECT_EQ(NameJson(t.net, c1), "\"c1\"");
  EXPECT_TRUE(t.net.live(c1));
  for (const char* name : {"c2", "c01", "c", "c-1", "c1x", "lin-kvx"}) {
    EXPECT_FALSE(t.net.Find(name).has_value()) << name;
  }
  EXPECT_THROW(t.net.Add("n3", EntityKind::kNode), std::logic_error);
}

TEST(NetworkTest, LatencyBetweenNodesAndServicesButNotClients) {
  Net t(LatencyShape::kConstant, 50);
  t.net.Send(t.c0, t.n0, "{\"a\":1}", 0);
  t.net.Send(t.n0, t.n1, "{\"b\":2}", 0);
  t.net.Send(t.n0, t.kv, "{\"c\":3}", 0);
  t.net.Send(t.n1, t.c0, "{\"d\":4}", 0);
  EXPECT_EQ(t.Drain(0), (std::vector<std::string>{"c0->n0 {\"a\":1}", "n1->c0 {\"d\":4}"}));
  EXPECT_EQ(t.net.NextDeadline(), 50 * kMs);
  EXPECT_TRUE(t.Drain(50 * kMs - 1).empty());
  EXPECT_EQ(t.Drain(50 * kMs),
            (std::vector<std::string>{"n0->n1 {\"b\":2}", "n0->lin-kv {\"c\":3}"}));
}

TEST(NetworkTest, ConstantLatencyKeepsOrderRandomLatencyMayReorder) {
  Net constant(LatencyShape::kConstant, 5);
  for (int i = 0; i < 50; ++i) constant.net.Send(constant.n0, constant.n1, std::to_string(i), i);
  auto got = constant.Drain(1000 * kMs);
  ASSERT_EQ(got.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(got[i], "n0->n1 " + std::to_string(i));

  Net uniform(LatencyShape::kUniform, 5);
  for (int i = 0; i < 50; ++i) uniform.net.Send(uniform.n0, uniform.n1, std::to_string(i), i);
  auto shuffled = uniform.Drain(1000 * kMs);
  ASSERT_EQ(shuffled.size(), 50u);  // nothing lost or duplicated
  bool reordered = false;
  for (int i = 0; i < 50; ++i)
    reordered = reordered || shuffled[i] != "n0->n1 " + std::to_string(i);
  EXPECT_TRUE(reordered);
}

TEST(NetworkTest, PartitionDropsAtDeliveryOneWay) {
  Net t(LatencyShape::kConstant, 10);
  // n1 drops messages from n0; n0 still hears n1.
  t.net.Partition(Drops(1, 0));
  EXPECT_TRUE(t.net.Cuts(t.n0, t.n1));
  EXPECT_FALSE(t.net.Cuts(t.n1, t.n0));
  t.net.Send(t.n0, t.n1, "cut", 0);
  t.net.Send(t.n1, t.n0, "through", 0);
  t.net.Send(t.n0, t.n2, "other", 0);
  t.net.Send(t.c0, t.n1, "client", 0);
  t.net.Send(t.n1, t.kv, "service", 0);
  EXPECT_EQ(t.Drain(10 * kMs), (std::vector<std::string>{"c0->n1 client", "n1->n0 through",
                                                         "n0->n2 other", "n1->lin-kv service"}));
  EXPECT_EQ(t.net.stats().servers.send_count, 4);
  EXPECT_EQ(t.net.stats().servers.recv_count, 3);
}

TEST(NetworkTest, PartitionIsCheckedWhenTakenNotWhenSent) {
  Net t(LatencyShape::kConstant, 10);
  t.net.Send(t.n0, t.n1, "sent-before-partition", 0);
  t.net.Partition(Drops(1, 0));
  EXPECT_TRUE(t.net.partitioned());
  t.net.Send(t.n0, t.n1, "sent-during-partition", 1);
  t.net.Heal();
  EXPECT_FALSE(t.net.partitioned());
  // Healed before delivery: both arrive.
  EXPECT_EQ(t.Drain(20 * kMs).size(), 2u);

  t.net.Send(t.n0, t.n1, "sent-before-partition", 30 * kMs);
  t.net.Partition(Drops(1, 0));
  EXPECT_TRUE(t.Drain(50 * kMs).empty());
  // A grudge that cuts nothing is no partition.
  t.net.Partition(std::make_shared<Grudge>(3));
  EXPECT_FALSE(t.net.partitioned());
}

TEST(NetworkTest, JournalCountsClientsAndServersApart) {
  Net t;
  t.net.Send(t.c0, t.n0, "{}", 0);
  t.net.Send(t.n0, t.c0, "{}", 0);
  t.net.Send(t.n0, t.n1, "{}", 0);
  t.Drain(0);
  const NetStats& s = t.net.stats();
  EXPECT_EQ(s.all.send_count, 3);
  EXPECT_EQ(s.all.recv_count, 3);
  EXPECT_EQ(s.all.msg_count, 3);
  EXPECT_EQ(s.clients.send_count, 2);
  EXPECT_EQ(s.servers.send_count, 1);
}

TEST(NetworkTest, LineForANode) {
  Net t;
  std::int64_t id = t.net.Send(t.c0, t.n0, "{\"type\":\"echo\"}", 0);
  auto e = t.net.TakeDue(0);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->id, id);
  std::string line;
  t.net.AppendLine(line, *e);
  EXPECT_EQ(line, "{\"id\":0,\"src\":\"c0\",\"dest\":\"n0\",\"body\":{\"type\":\"echo\"}}\n");
}

}  // namespace
}  // namespace glomers
