#include "answers.h"

#include <stdexcept>

#include "checks.h"
#include "maelstrom/json.h"
#include "maelstrom/message.h"

namespace glomers::stress {

void AnswerBook::Expect(std::string src, std::int64_t msg_id, Answer answer) {
  Key key(std::move(src), msg_id);
  if (!expected_.emplace(key, std::move(answer)).second) {
    throw std::logic_error("test bug: two requests from " + key.first + " with msg_id " +
                           std::to_string(key.second));
  }
}

std::vector<std::string> AnswerBook::Check(std::string_view output, std::string_view node,
                                           std::size_t max) {
  std::vector<std::string> problems;
  auto problem = [&](std::string what, std::string_view line) {
    if (problems.size() < max) {
      problems.push_back(what + ": " + std::string(line.substr(0, 200)) +
                         (line.size() > 200 ? "..." : ""));
    }
  };
  if (!output.empty() && output.back() != '\n') problem("output ends inside a line", "");
  while (!output.empty()) {
    std::size_t nl = output.find('\n');
    std::string_view line = output.substr(0, nl);
    output.remove_prefix(nl == std::string_view::npos ? output.size() : nl + 1);
    ++lines_;
    if (std::string why = fuzz::ValidateOutputLine(line); !why.empty()) {
      problem("not a protocol line (" + why + ")", line);
      continue;
    }
    maelstrom::Message m;
    maelstrom::MalformedMessage bad;
    // Output is up to two levels deeper than what the node accepted, and as large.
    if (!m.Parse(line, &bad, maelstrom::JsonLimits{1024, std::size_t{1} << 31})) {
      problem("not a message (" + bad.reason + ")", line);
      continue;
    }
    if (m.src() != node) {
      problem("src is not " + std::string(node), line);
      continue;
    }
    if (!m.in_reply_to()) {
      problem("a line that answers nothing", line);
      continue;
    }
    Key key(std::string(m.dest()), *m.in_reply_to());
    auto it = expected_.find(key);
    if (it == expected_.end()) {
      problem("an answer to a request that must not be answered", line);
      continue;
    }
    if (!answered_.insert(key).second) {
      problem("a second answer to one request", line);
      continue;
    }
    const Answer& want = it->second;
    if (m.type() != want.type) {
      problem("type " + std::string(m.type()) + " where " + want.type + " was due", line);
      continue;
    }
    maelstrom::JsonView body = m.body();
    if (want.code && body["code"].as_int64() != *want.code) {
      problem("an error code other than " + std::to_string(*want.code), line);
    }
    if (want.echo && body["echo"].raw() != *want.echo) {
      problem("echo_ok does not carry the echo byte for byte", line);
    }
    if (want.type == "generate_ok") {
      auto id = body.Find("id");
      if (!id || !id->is_integer()) {
        problem("generate_ok without an integer id", line);
      } else if (!ids_.insert(std::string(id->raw())).second) {
        problem("a duplicate id", line);
      }
    }
  }
  std::size_t missing = 0;
  for (const auto& [key, answer] : expected_) {
    if (answered_.count(key)) continue;
    if (++missing <= 5) {
      problems.push_back("no answer to the request from " + key.first + " with msg_id " +
                         std::to_string(key.second) + " (due: " + answer.type + ")");
    }
  }
  if (missing > 5) problems.push_back(std::to_string(missing) + " requests unanswered in all");
  return problems;
}

}  // namespace glomers::stress
