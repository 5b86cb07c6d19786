// CheckNodeLine: one input line through an initialized Node, every line it writes checked (see
// checks.h).
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "checks.h"
#include "maelstrom/clock.h"
#include "maelstrom/error.h"
#include "maelstrom/json.h"
#include "maelstrom/log.h"
#include "maelstrom/message.h"
#include "maelstrom/node.h"
#include "maelstrom/task.h"

namespace glomers::fuzz {

namespace {

using namespace maelstrom;
using namespace std::chrono_literals;

constexpr std::string_view kInit =
    R"({"id":0,"src":"c0","dest":"n1","body":{"type":"init","node_id":"n1","node_ids":["n0","n1","n2"],"msg_id":1}})";
constexpr std::string_view kInitOk =
    R"({"src":"n1","dest":"c0","body":{"type":"init_ok","in_reply_to":1}})";

std::string Quote(std::string_view s) {
  std::string out;
  WriteJsonString(out, s);
  return out;
}

// What the node must write for a line: nothing, or one answer, and for the proxy a request first.
struct Expected {
  bool answer = false;
  std::string to;  // the request's src, decoded
  std::int64_t in_reply_to = 0;
  // The answer's type; for init either init_ok or an error (code 12), for the proxy decided by
  // how its RPC ends.
  std::string type;
  std::optional<std::int64_t> code;  // for errors
  std::optional<std::string> echo;   // the exact text an echo_ok must carry
  bool init = false;
  bool proxy = false;
};

Expected Expect(std::string_view line) {
  Expected e;
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) return e;  // blank: ignored
  Message m;
  MalformedMessage bad;
  if (!m.Parse(line, &bad)) {
    // The node has a name (it is initialized), so what decides is whether src and msg_id can be
    // read.
    if (bad.src && bad.msg_id) {
      e.answer = true;
      e.to = *bad.src;
      e.in_reply_to = *bad.msg_id;
      e.type = "error";
      e.code = 12;
    }
    return e;
  }
  e.answer = m.msg_id().has_value();
  e.to = std::string(m.src());
  e.in_reply_to = m.msg_id().value_or(0);
  if (m.type() == "init") {
    e.init = true;
    return e;
  }
  if (m.is_reply()) {
    e.answer = false;  // no RPC is pending: dropped
    return e;
  }
  JsonView body = m.body();
  e.type = "error";
  if (m.type() == "echo") {
    if (auto echo = body.Find("echo")) {
      e.type = "echo_ok";
      // Byte for byte, but for line breaks between tokens, which are written as spaces.
      e.echo = std::string(echo->raw());
      for (char& c : *e.echo) {
        if (c == '\n' || c == '\r') c = ' ';
      }
    } else {
      e.code = 12;  // the handler's body["echo"] throws JsonError
    }
  } else if (m.type() == "fail") {
    e.code = 12;
    if (auto code = body.Find("code"); code && code->is_integer()) {
      try {
        e.code = code->as_int64();
      } catch (const JsonError&) {
      }
    }
  } else if (m.type() == "crash") {
    e.code = 13;
  } else if (m.type() == "proxy") {
    e.proxy = true;
  } else {
    e.code = 10;
  }
  return e;
}

class Checker {
 public:
  // Splits and validates what the node wrote since the last call; false (with problem_ set) if
  // any line is not protocol JSON from this node.
  bool Take(Node& node, std::vector<Message>* lines) {
    std::string out = node.TakeOutput();
    if (!out.empty() && out.back() != '\n') return Fail("output does not end in a newline");
    std::string_view rest = out;
    while (!rest.empty()) {
      std::string_view line = rest.substr(0, rest.find('\n'));
      rest.remove_prefix(line.size() + 1);
      if (std::string why = ValidateOutputLine(line); !why.empty()) {
        return Fail("invalid output line (" + why + "): " + std::string(line.substr(0, 300)));
      }
      Message m = Message::FromJson(line);
      if (m.src() != node.id()) {
        return Fail("a line whose src is not the node's id " + Quote(node.id()) + ": " +
                    std::string(line.substr(0, 300)));
      }
      lines->push_back(std::move(m));
    }
    return true;
  }

  // Checks that `line` is the answer `e` calls for, of type `type` (and `code` for an error).
  bool IsAnswer(const Message& line, const Expected& e, std::string_view type,
                std::optional<std::int64_t> code) {
    std::string what(line.json().substr(0, 300));
    if (line.dest() != e.to)
      return Fail("an answer to " + Quote(line.dest()) + ", not " + Quote(e.to) + ": " + what);
    if (line.in_reply_to() != e.in_reply_to) {
      return Fail("an answer in reply to the wrong msg_id (" + std::to_string(e.in_reply_to) +
                  "): " + what);
    }
    if (line.type() != type)
      return Fail("an answer of type " + Quote(line.type()) + ", not " + Quote(type) + ": " + what);
    if (type == "error" && code && line.body()["code"].as_int64() != *code) {
      return Fail("an error with code other than " + std::to_string(*code) + ": " + what);
    }
    return true;
  }

  bool Fail(std::string problem) {
    if (problem_.empty()) problem_ = std::move(problem);
    return false;
  }
  const std::string& problem() const { return problem_; }

 private:
  std::string problem_;
};

class NodeUnderTest {
 public:
  NodeUnderTest() : node_(NodeOptions{&clock_, {}}) {
    node_.On("echo", [this](const Message& m) {
      node_.Reply(m, Body("echo_ok").Set("echo", m.body()["echo"]));
    });
    node_.On("fail", [](const Message& m) -> void {
      throw Error(m.body()["code"].as_int64(), "failed as asked");
    });
    node_.On("crash", [](const Message&) -> void { throw std::runtime_error("crashed as asked"); });
    node_.On("proxy", [this](const Message& m) -> Task<> {
      Message reply = co_await node_.Call("n2", Body("ping"), 1s);
      node_.Reply(m, Body("proxy_ok").Set("pong", reply.body()));
    });
  }

  std::string Check(std::string_view data) {
    std::vector<Message> lines;
    node_.HandleLine(kInit);
    if (node_.TakeOutput() != std::string(kInitOk) + "\n") return "init was not answered init_ok";

    // 1. The line itself.
    Expected e = Expect(data);
    node_.HandleLine(data);
    if (!checker_.Take(node_, &lines)) return checker_.problem();
    std::optional<std::int64_t> rpc;  // the proxy's request to n2
    if (e.proxy) {
      if (lines.empty()) return "the proxy sent no request";
      const Message& request = lines.front();
      if (request.dest() != "n2" || request.type() != "ping" || !request.msg_id() ||
          request.is_reply()) {
        return "the proxy's request is not a ping to n2 with a msg_id: " +
               std::string(request.json());
      }
      rpc = request.msg_id();
      lines.erase(lines.begin());
      if (node_.pending_rpcs() != 1) return "the proxy's RPC is not pending";
    }
    if (!e.proxy) {
      if (lines.size() != (e.answer ? 1u : 0u)) {
        return "wrote " + std::to_string(lines.size()) + " lines for a line that calls for " +
               (e.answer ? "one answer" : "none") + Describe(lines);
      }
      if (e.answer) {
        const Message& answer = lines.front();
        if (e.init) {
          bool ok = answer.type() == "init_ok" ? checker_.IsAnswer(answer, e, "init_ok", {})
                                               : checker_.IsAnswer(answer, e, "error", 12);
          if (!ok) return checker_.problem();
        } else if (!checker_.IsAnswer(answer, e, e.type, e.code)) {
          return checker_.problem();
        }
        if (e.echo && answer.body()["echo"].raw() != *e.echo) {
          return "echo_ok does not carry the echo byte for byte: " + std::string(answer.json());
        }
      }
    } else if (!lines.empty()) {
      return "the proxy answered before its RPC ended" + Describe(lines);
    }

    // 2. The proxy's RPC ends: a reply, an error reply or a timeout, as the input decides.
    if (rpc) {
      lines.clear();
      std::uint32_t h = 2166136261u;  // FNV-1a
      for (char c : data) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
      std::string ending = std::to_string(*rpc) + "}}";
      std::string pong = R"({"type":"ping_ok","in_reply_to":)" + std::to_string(*rpc) + "}";
      std::string type = "proxy_ok";
      std::optional<std::int64_t> code;
      if (h % 3 == 0) {
        node_.HandleLine(R"({"src":"n2","dest":)" + Quote(node_.id()) + R"(,"body":)" + pong + "}");
      } else if (h % 3 == 1) {
        type = "error";
        code = 14;
        node_.HandleLine(R"({"src":"n2","dest":)" + Quote(node_.id()) +
                         R"(,"body":{"type":"error","code":14,"text":"aborted","in_reply_to":)" +
                         ending);
      } else {
        type = "error";
        code = 0;
        clock_.Advance(2s);
        node_.RunDueTimers();
      }
      if (!checker_.Take(node_, &lines)) return checker_.problem();
      if (lines.size() != (e.answer ? 1u : 0u)) {
        return "wrote " + std::to_string(lines.size()) + " lines when the proxy's RPC ended" +
               Describe(lines);
      }
      if (e.answer) {
        if (!checker_.IsAnswer(lines.front(), e, type, code)) return checker_.problem();
        if (type == "proxy_ok" && lines.front().body()["pong"].raw() != pong) {
          return "proxy_ok does not carry the reply's body: " + std::string(lines.front().json());
        }
      }
    }
    if (node_.pending_rpcs() != 0) return "an RPC is still pending";

    // 3. The node still serves.
    lines.clear();
    node_.HandleLine(R"({"src":"c9","dest":)" + Quote(node_.id()) +
                     R"(,"body":{"type":"echo","echo":"alive","msg_id":77}})");
    if (!checker_.Take(node_, &lines)) return checker_.problem();
    if (lines.size() != 1 || lines[0].type() != "echo_ok" || lines[0].dest() != "c9" ||
        lines[0].in_reply_to() != 77 || lines[0].body()["echo"].raw() != "\"alive\"") {
      return "the node no longer answers a plain echo" + Describe(lines);
    }
    return "";
  }

 private:
  static std::string Describe(const std::vector<Message>& lines) {
    std::string s;
    for (const Message& m : lines) s += "\n  " + std::string(m.json().substr(0, 300));
    return s;
  }

  ManualClock clock_;
  Node node_;
  Checker checker_;
};

}  // namespace

std::string CheckNodeLine(std::string_view data) {
  // Log everything, to exercise the formatting of hostile text, but keep it off stderr.
  static const bool quiet = [] {
    SetLogSink([](LogLevel, std::string_view) {});
    SetLogLevel(LogLevel::kDebug);
    return true;
  }();
  (void)quiet;
  NodeUnderTest node;
  return node.Check(data);
}

}  // namespace glomers::fuzz
