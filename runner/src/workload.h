// A workload, as a plug-in: everything about it in one file of workloads/ (Maelstrom keeps a
// workload in one file too: its RPC schema, client, generator and checker). The rest of the
// runner names no workload; it asks the one the test runs:
//
//   Next            the generator: the f and value of the next operation
//   WriteRequest    the client: the request body for an invocation
//   Complete        the client: a reply, judged against the workload's schema, becomes the
//                   completed operation (ok, fail or info), as Maelstrom's defrpc client does
//   Check           the checker, whose result writes results.json's "workload" and the
//                   summary's workload line
//
// A new workload is a file in workloads/ and a line in workload.cc's list.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "maelstrom/json.h"
#include "runner/src/history.h"
#include "runner/src/random.h"
#include "runner/src/validity.h"

namespace glomers {

class JsonWriter;

struct Invocation {
  FName f;
  Value value;
};

struct Completion {
  OpType type = OpType::kInfo;
  Value value;
  OpDetails details;
};

// What a workload's checker found.
class WorkloadCheck {
 public:
  virtual ~WorkloadCheck() = default;
  virtual Validity valid() const = 0;
  // results.json's "workload": {"valid?":..,...}.
  virtual void WriteJson(JsonWriter& w) const = 0;
  // The summary's line: what follows "workload (NAME): ", then lines of detail under it; for a
  // detail about operations (a duplicated id, a lost echo), detail_ops[i] names them (history
  // indices), so that the summary can say which node answered them and when (explain.h).
  struct Summary {
    std::string headline;
    std::vector<std::string> details;
    std::vector<std::vector<std::int64_t>> detail_ops;  // parallel to details; may be shorter
  };
  virtual Summary Summarize() const = 0;
};
inline void WriteJson(JsonWriter& w, const WorkloadCheck& check) { check.WriteJson(w); }

class Workload {
 public:
  virtual ~Workload() = default;
  virtual std::string_view name() const = 0;
  // Whether a client carries on after an indeterminate operation (Jepsen's client/Reusable):
  // if not, the next operation of that worker gets a fresh client (a new cN).
  virtual bool reusable_client() const = 0;
  virtual Invocation Next(Random& rng) const = 0;
  // The members of the request body for `invoke`, msg_id excepted.
  virtual void WriteRequest(const Op& invoke, JsonWriter& body) const = 0;
  // The completion of `invoke` from its reply; `node` and `request` (the body sent) are for the
  // error texts, as Maelstrom's read.
  virtual Completion Complete(const Op& invoke, maelstrom::JsonView reply, std::string_view node,
                              std::string_view request) const = 0;
  virtual std::unique_ptr<WorkloadCheck> Check(const History& history) const = 0;
};

// The workloads glomers runs, in the order --help lists them.
const std::vector<std::string_view>& WorkloadNames();
// nullptr for a name not in WorkloadNames().
std::unique_ptr<Workload> MakeWorkload(std::string_view name);

}  // namespace glomers
