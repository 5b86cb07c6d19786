// What the nemesis did, to which nodes, and when: one episode per fault, from the moment it
// took effect (its operation's completion) to the moment it was undone (stop-partition, start,
// resume), or open at the end of the test. The progress line reads the faults in force from
// it, the plots their windows; a report can ask which faults touched a node.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "runner/src/nanos.h"

namespace glomers {

enum class FaultKind { kPartition, kKill, kPause };
std::string_view FaultKindName(FaultKind kind);  // "partition", "kill", "pause"

struct FaultEpisode {
  FaultKind kind = FaultKind::kPartition;
  Nanos begin = 0;           // since the test began
  std::optional<Nanos> end;  // nullopt: still in force
  // The nodes it touched (for a partition, those with a link cut), by index; may be empty
  // (a kill of "minority-third" of three nodes kills none).
  std::vector<std::size_t> nodes;
  std::string detail;  // the partition's spec ("majority"), the target spec ("one"), or empty
};

class FaultLog {
 public:
  void Begin(FaultKind kind, Nanos at, std::vector<std::size_t> nodes, std::string detail);
  // Ends the open episode of that kind, if there is one.
  void End(FaultKind kind, Nanos at);

  const std::vector<FaultEpisode>& episodes() const { return episodes_; }
  // The episodes that touched `node`, in the order they began.
  std::vector<const FaultEpisode*> Touching(std::size_t node) const;
  // Those in force now: "partition majority, killed n1 n2, paused n3", or empty.
  std::string InForce(const std::vector<std::string>& names) const;

 private:
  std::vector<FaultEpisode> episodes_;
};

}  // namespace glomers
