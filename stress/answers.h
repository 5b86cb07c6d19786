// What a node must answer, keyed by (src, msg_id) as Maelstrom's clients key replies, and the
// check of everything it did write against that.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace glomers::stress {

struct Answer {
  std::string type;                  // "echo_ok", "generate_ok", "init_ok" or "error"
  std::optional<std::int64_t> code;  // for "error"
  std::optional<std::string> echo;   // for "echo_ok": the exact text of the value echoed
};

class AnswerBook {
 public:
  using Key = std::pair<std::string, std::int64_t>;  // (src, decoded; msg_id)

  // Records that the request from `src` with `msg_id` must be answered so. A key used twice is a
  // bug in the test.
  void Expect(std::string src, std::int64_t msg_id, Answer answer);

  // Checks all a node wrote: every line protocol JSON with exactly src, dest and body (the check
  // the fuzzers use), from `node`, answering a request that is owed an answer and was not answered
  // yet, with the answer it is owed; generate_ok ids integers never seen before. Returns the
  // problems found (at most `max` of them), then those of the requests left unanswered.
  std::vector<std::string> Check(std::string_view output, std::string_view node,
                                 std::size_t max = 20);

  std::size_t size() const { return expected_.size(); }
  std::size_t answered() const { return answered_.size(); }
  std::size_t lines() const { return lines_; }
  const std::set<std::string>& ids() const { return ids_; }

 private:
  std::map<Key, Answer> expected_;
  std::set<Key> answered_;
  std::set<std::string> ids_;
  std::size_t lines_ = 0;
};

}  // namespace glomers::stress
