#include "runner/src/partition.h"

#include <algorithm>
#include <bit>
#include <numeric>

#include "maelstrom/json.h"
#include "runner/src/edn_writer.h"

namespace glomers {

Grudge::Grudge(std::size_t nodes)
    : n_(nodes), words_((nodes + 63) / 64), bits_(nodes * ((nodes + 63) / 64), 0) {}

void Grudge::DropAllBut(std::size_t dest, const std::uint64_t* keeps) {
  for (std::size_t w = 0; w < words_; ++w) {
    std::size_t valid = std::min<std::size_t>(64, n_ - w * 64);
    std::uint64_t all = valid == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << valid) - 1;
    bits_[dest * words_ + w] = all & ~keeps[w];
  }
}

std::size_t Grudge::cut_count() const {
  std::size_t count = 0;
  for (std::uint64_t w : bits_) count += static_cast<std::size_t>(std::popcount(w));
  return count;
}

std::vector<std::size_t> Grudge::TouchedNodes() const {
  std::vector<std::uint64_t> sources(words_, 0);  // every src some dest drops
  std::vector<std::size_t> touched;
  for (std::size_t dest = 0; dest < n_; ++dest) {
    bool drops_any = false;
    for (std::size_t w = 0; w < words_; ++w) {
      sources[w] |= bits_[dest * words_ + w];
      drops_any = drops_any || bits_[dest * words_ + w] != 0;
    }
    if (drops_any) touched.push_back(dest);
  }
  std::vector<std::size_t> all;
  std::size_t t = 0;
  for (std::size_t node = 0; node < n_; ++node) {
    while (t < touched.size() && touched[t] < node) ++t;
    bool dest = t < touched.size() && touched[t] == node;
    if (dest || ((sources[node / 64] >> (node % 64)) & 1)) all.push_back(node);
  }
  return all;
}

namespace {

// Jepsen's map of a grudge in either syntax: every node, by name in order, with the names of
// the nodes it drops, in order. JSON and EDN differ only in separators and in how a key and a
// name are written.
template <class Key, class Name>
void AppendMap(std::string& out, const Grudge& grudge, const std::vector<std::string>& names,
               std::string_view between_entries, std::string_view after_key, char between_names,
               Key key, Name name) {
  std::vector<std::size_t> order(grudge.nodes());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return names[a] < names[b]; });
  out += '{';
  for (std::size_t k = 0; k < order.size(); ++k) {
    std::size_t dest = order[k];
    if (k > 0) out += between_entries;
    key(out, names[dest]);
    out += after_key;
    out += '[';
    bool first = true;
    for (std::size_t src : order) {
      if (!grudge.drops(dest, src)) continue;
      if (!first) out += between_names;
      first = false;
      name(out, names[src]);
    }
    out += ']';
  }
  out += '}';
}

}  // namespace

void Grudge::AppendJson(std::string& out, const std::vector<std::string>& names) const {
  auto string = [](std::string& o, const std::string& s) { maelstrom::WriteJsonString(o, s); };
  AppendMap(out, *this, names, ",", ":", ',', string, string);
}

void Grudge::AppendEdn(std::string& out, const std::vector<std::string>& names,
                       EdnKeys keys) const {
  AppendMap(
      out, *this, names, ", ", " ", ' ',
      [keys](std::string& o, const std::string& s) { AppendEdnKey(o, s, keys); },
      [](std::string& o, const std::string& s) { AppendEdnString(o, s); });
}

const std::vector<PartitionSpec>& AllPartitionSpecs() {
  static const std::vector<PartitionSpec> specs = {
      PartitionSpec::kOne, PartitionSpec::kMinorityThird, PartitionSpec::kMajority,
      PartitionSpec::kMajoritiesRing};
  return specs;
}

std::string_view PartitionSpecName(PartitionSpec spec) {
  switch (spec) {
    case PartitionSpec::kOne:
      return "one";
    case PartitionSpec::kMajority:
      return "majority";
    case PartitionSpec::kMinorityThird:
      return "minority-third";
    case PartitionSpec::kMajoritiesRing:
      return "majorities-ring";
  }
  return "?";
}

std::size_t Majority(std::size_t n) { return n / 2 + 1; }
std::size_t MinorityThird(std::size_t n) { return n == 0 ? 0 : (n - 1) / 3; }

Grudge CompleteGrudge(std::size_t n, const std::vector<std::vector<std::size_t>>& components) {
  // Each component as bits; a node keeps the nodes of its own.
  std::size_t words = (n + 63) / 64;
  std::vector<std::uint64_t> members(components.size() * words, 0);
  std::vector<std::size_t> component(n, 0);
  for (std::size_t c = 0; c < components.size(); ++c) {
    for (std::size_t node : components[c]) {
      component[node] = c;
      members[c * words + node / 64] |= std::uint64_t{1} << (node % 64);
    }
  }
  Grudge grudge(n);
  for (std::size_t dest = 0; dest < n; ++dest) {
    grudge.DropAllBut(dest, &members[component[dest] * words]);
  }
  return grudge;
}

namespace {

// Uniform in [0, n), n > 0, without division (Lemire's multiply-and-shift, with rejection):
// the stochastic ring draws a few hundred thousand times for a thousand nodes.
std::size_t Uniform(Random& rng, std::size_t n) {
  auto bound = static_cast<std::uint64_t>(n);
  unsigned __int128 m = static_cast<unsigned __int128>(rng.Next()) * bound;
  auto low = static_cast<std::uint64_t>(m);
  if (low < bound) {
    std::uint64_t threshold = -bound % bound;
    while (low < threshold) {
      m = static_cast<unsigned __int128>(rng.Next()) * bound;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::size_t>(m >> 64);
}

std::vector<std::size_t> Shuffled(std::size_t n, Random& rng) {
  std::vector<std::size_t> v(n);
  std::iota(v.begin(), v.end(), 0);
  rng.Shuffle(v);
  return v;
}

std::vector<std::vector<std::size_t>> SplitAt(const std::vector<std::size_t>& nodes,
                                              std::size_t k) {
  k = std::min(k, nodes.size());
  auto middle = nodes.begin() + static_cast<std::ptrdiff_t>(k);
  return {{nodes.begin(), middle}, {middle, nodes.end()}};
}

// The nodes, grouped by how many they are connected to (themselves included), for the
// stochastic ring: one array of the nodes sorted by that degree, each group a range of it (a
// node moves up a group by a swap, with no allocation); and each group as bits, to find the
// nodes of it that a node is not yet connected to.
class DegreeGroups {
 public:
  explicit DegreeGroups(std::size_t n)
      : words_((n + 63) / 64),
        nodes_(n),
        at_(n),
        degree_(n, 1),
        start_(n + 3, n),
        bits_((n + 2) * words_, 0) {
    std::iota(nodes_.begin(), nodes_.end(), 0);
    std::iota(at_.begin(), at_.end(), 0);
    start_[0] = start_[1] = 0;  // everyone starts in group 1; groups 2.. are empty, at the end
    for (std::size_t i = 0; i < n; ++i) bits_[words_ + i / 64] |= std::uint64_t{1} << (i % 64);
  }
  std::size_t size(std::size_t d) const { return start_[d + 1] - start_[d]; }
  std::size_t member(std::size_t d, std::size_t k) const { return nodes_[start_[d] + k]; }
  std::size_t lowest() {
    while (size(lowest_) == 0) ++lowest_;
    return lowest_;
  }
  void Promote(std::size_t node) {
    std::size_t d = degree_[node]++;
    // Swap it with the last of its group, which then ends one earlier: it is first of d + 1.
    std::size_t last = start_[d + 1] - 1, other = nodes_[last];
    std::swap(nodes_[at_[node]], nodes_[last]);
    std::swap(at_[node], at_[other]);
    --start_[d + 1];
    bits_[d * words_ + node / 64] &= ~(std::uint64_t{1} << (node % 64));
    bits_[(d + 1) * words_ + node / 64] |= std::uint64_t{1} << (node % 64);
  }
  // The members of group d whose bit in `row` (a node's connections) is clear, counted, or the
  // k-th of them.
  std::size_t CountOutside(std::size_t d, const std::uint64_t* row) const {
    std::size_t count = 0;
    for (std::size_t w = 0; w < words_; ++w) {
      count += static_cast<std::size_t>(std::popcount(bits_[d * words_ + w] & ~row[w]));
    }
    return count;
  }
  std::size_t KthOutside(std::size_t d, const std::uint64_t* row, std::size_t k) const {
    for (std::size_t w = 0;; ++w) {
      std::uint64_t x = bits_[d * words_ + w] & ~row[w];
      auto c = static_cast<std::size_t>(std::popcount(x));
      if (k >= c) {
        k -= c;
        continue;
      }
      for (; k > 0; --k) x &= x - 1;
      return w * 64 + static_cast<std::size_t>(std::countr_zero(x));
    }
  }

 private:
  std::size_t words_;
  std::vector<std::size_t> nodes_;   // sorted by degree
  std::vector<std::size_t> at_;      // each node's place in nodes_
  std::vector<std::size_t> degree_;  // by node
  std::vector<std::size_t> start_;   // group d is nodes_[start_[d], start_[d + 1])
  std::vector<std::uint64_t> bits_;  // group d's members as bits, a row per degree
  std::size_t lowest_ = 1;
};

}  // namespace

Grudge MajoritiesRingPerfect(std::size_t n, Random& rng) {
  std::vector<std::size_t> ring = Shuffled(n, rng);
  std::size_t m = Majority(n);
  Grudge grudge(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<bool> majority(n, false);
    for (std::size_t k = 0; k < m; ++k) majority[ring[(i + k) % n]] = true;
    std::size_t middle = ring[(i + m / 2) % n];
    for (std::size_t src = 0; src < n; ++src) {
      if (!majority[src]) grudge.Drop(middle, src);
    }
  }
  return grudge;
}

// Jepsen's majorities-ring-stochastic: until every node is connected to a majority (itself
// included), take a random node a of the fewest connections, and connect it to a random node b
// it is not yet connected to, among the fewest-connected nodes that have one. Jepsen shuffles
// every group for each link, which costs time in proportion to the nodes for each link (seconds
// for a thousand nodes); this draws from the same distribution in a few steps per link: a is a
// uniform pick from the lowest group, b a uniform pick of the nodes of the lowest group that
// has any that a is not connected to (by rejection, or by counting bits).
Grudge MajoritiesRingStochastic(std::size_t n, Random& rng) {
  std::size_t m = Majority(n);
  std::size_t words = (n + 63) / 64;
  std::vector<std::uint64_t> conn(n * words, 0);
  auto connect = [&](std::size_t a, std::size_t b) {
    conn[a * words + b / 64] |= std::uint64_t{1} << (b % 64);
    conn[b * words + a / 64] |= std::uint64_t{1} << (a % 64);
  };
  auto connected = [&](std::size_t a, std::size_t b) {
    return (conn[a * words + b / 64] >> (b % 64)) & 1;
  };
  for (std::size_t i = 0; i < n; ++i) connect(i, i);
  DegreeGroups groups(n);
  while (true) {
    std::size_t low = groups.lowest();
    if (low >= m) break;
    std::size_t a = groups.member(low, Uniform(rng, groups.size(low)));
    std::size_t b = n;
    for (std::size_t d = low; b == n && d <= n; ++d) {
      std::size_t size = groups.size(d);
      if (size == 0) continue;
      // A few random picks first, kept if not yet connected (most are, while the group is
      // large), then the exact count.
      for (int tries = 0; tries < 3 && b == n; ++tries) {
        std::size_t x = groups.member(d, Uniform(rng, size));
        if (!connected(a, x)) b = x;
      }
      if (b != n) break;
      std::size_t outside = groups.CountOutside(d, &conn[a * words]);
      if (outside > 0) b = groups.KthOutside(d, &conn[a * words], Uniform(rng, outside));
    }
    connect(a, b);
    groups.Promote(a);
    groups.Promote(b);
  }
  Grudge grudge(n);
  for (std::size_t dest = 0; dest < n; ++dest) grudge.DropAllBut(dest, &conn[dest * words]);
  return grudge;
}

Grudge ComputeGrudge(PartitionSpec spec, std::size_t n, Random& rng) {
  switch (spec) {
    case PartitionSpec::kOne: {
      std::size_t loner = rng.Below(n);
      std::vector<std::size_t> rest;
      for (std::size_t i = 0; i < n; ++i) {
        if (i != loner) rest.push_back(i);
      }
      return CompleteGrudge(n, {{loner}, rest});
    }
    case PartitionSpec::kMajority: {
      auto shuffled = Shuffled(n, rng);
      return CompleteGrudge(n, SplitAt(shuffled, n / 2));
    }
    case PartitionSpec::kMinorityThird: {
      auto shuffled = Shuffled(n, rng);
      return CompleteGrudge(n, SplitAt(shuffled, MinorityThird(n)));
    }
    case PartitionSpec::kMajoritiesRing:
      return n <= 5 ? MajoritiesRingPerfect(n, rng) : MajoritiesRingStochastic(n, rng);
  }
  return Grudge(n);
}

const std::vector<TargetSpec>& AllTargetSpecs() {
  static const std::vector<TargetSpec> specs = {
      std::nullopt,        NodeSpec::kOne,      NodeSpec::kMinorityThird,
      NodeSpec::kMinority, NodeSpec::kMajority, NodeSpec::kAll};
  return specs;
}

std::optional<std::string_view> TargetSpecName(TargetSpec spec) {
  if (!spec) return std::nullopt;
  switch (*spec) {
    case NodeSpec::kOne:
      return "one";
    case NodeSpec::kMinorityThird:
      return "minority-third";
    case NodeSpec::kMinority:
      return "minority";
    case NodeSpec::kMajority:
      return "majority";
    case NodeSpec::kAll:
      return "all";
  }
  return std::nullopt;
}

std::vector<std::size_t> ResolveTargets(TargetSpec spec, std::size_t n, Random& rng) {
  if (n == 0) return {};
  auto take = [&](std::size_t k) {
    auto shuffled = Shuffled(n, rng);
    shuffled.resize(std::min(k, n));
    return shuffled;
  };
  if (!spec) return take(1 + rng.Below(n));
  switch (*spec) {
    case NodeSpec::kOne:
      return {static_cast<std::size_t>(rng.Below(n))};
    case NodeSpec::kMinorityThird:
      return take(MinorityThird(n));
    case NodeSpec::kMajority:
      return take(Majority(n));
    case NodeSpec::kMinority:
      return take(Majority(n) - 1);
    case NodeSpec::kAll: {
      std::vector<std::size_t> all(n);
      std::iota(all.begin(), all.end(), 0);
      return all;
    }
  }
  return {};
}

}  // namespace glomers
