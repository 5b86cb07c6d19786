// The workloads glomers runs: what a client asks, and how it judges the answer.
//
//   echo        {"type":"echo","echo":"Please echo 17"} -> echo_ok with the same echo
//   unique-ids  {"type":"generate"} -> generate_ok with an id (any JSON)
//
// A reply is checked as Maelstrom's defrpc does: an error reply becomes fail (definite code) or
// info (any other); any other reply must match the workload's closed schema (its type, its
// fields, in_reply_to, optionally msg_id) or it is a malformed response, which leaves the
// operation indeterminate (info, with the exception recorded).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "maelstrom/json.h"
#include "runner/src/history.h"
#include "runner/src/random.h"

namespace glomers {

struct Completion {
  OpType type = OpType::kInfo;
  std::string value;      // JSON
  std::string error;      // JSON or empty
  std::string exception;  // JSON or empty
};

class Workload {
 public:
  virtual ~Workload() = default;
  virtual std::string_view name() const = 0;
  // The operation's f, as Maelstrom names it: "echo", "generate".
  virtual std::string_view f() const = 0;
  // Whether a client carries on after an indeterminate operation. Maelstrom opens a fresh client
  // (a new cN) for the next echo, and keeps the unique-ids client.
  virtual bool reusable_client() const = 0;
  // The value of the next invocation, as JSON.
  virtual std::string NextValue(Random& rng) const = 0;
  // The request body members for an invocation, without msg_id: "\"type\":\"echo\",...".
  virtual void AppendRequest(std::string& out, std::string_view value) const = 0;
  virtual std::string_view reply_type() const = 0;
  // Fields the reply must carry besides type, in_reply_to and the optional msg_id.
  virtual const std::vector<std::string_view>& reply_fields() const = 0;
  // The ok operation's value, from a reply that matched the schema.
  virtual std::string OkValue(maelstrom::JsonView reply) const = 0;

  // Judges a reply to the request `request_body` sent to `node`, for an operation invoked with
  // `invoke_value`.
  Completion Judge(maelstrom::JsonView reply, std::string_view node, std::string_view request_body,
                   std::string_view invoke_value) const;
  // The completion of an operation whose reply never came.
  static Completion Timeout(std::string_view invoke_value);
};

// nullptr for a workload glomers does not know.
std::unique_ptr<Workload> MakeWorkload(std::string_view name);

}  // namespace glomers
