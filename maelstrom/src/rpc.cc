// RPCs: requests with a fresh msg_id, the replies that end them (or a timeout, or a cancel), and
// the RpcCall a coroutine awaits.
#include <chrono>
#include <exception>
#include <string>
#include <utility>

#include "access.h"
#include "log_failure.h"
#include "maelstrom/log.h"
#include "node_core.h"

namespace maelstrom {

using internal::CallState;

// --- RpcResult, RpcCall ----------------------------------------------------------------------

const Message& RpcResult::reply() const {
  if (!ok()) throw std::get<Error>(value_);
  return std::get<Message>(value_);
}

const Error& RpcResult::error() const { return std::get<Error>(value_); }

Message RpcResult::Take() && {
  if (!ok()) throw std::get<Error>(value_);
  return std::move(std::get<Message>(value_));
}

RpcCall::RpcCall(Node* node, std::int64_t msg_id, std::shared_ptr<CallState> state)
    : node_(node), msg_id_(msg_id), state_(std::move(state)) {}

RpcCall::RpcCall(RpcCall&& other) noexcept
    : node_(other.node_), msg_id_(other.msg_id_), state_(std::move(other.state_)) {}

RpcCall::~RpcCall() {
  if (state_ && !state_->result && !state_->cancelled) {
    // The awaiting frame (if any) is being destroyed: cancel without resuming it.
    state_->waiter = nullptr;
    node_->Cancel(msg_id_);
  }
}

void RpcCall::Cancel() {
  if (state_ && !state_->result && !state_->cancelled) node_->Cancel(msg_id_);
}

bool RpcCall::await_ready() const noexcept { return state_->result || state_->cancelled; }

void RpcCall::await_suspend(std::coroutine_handle<> h) noexcept { state_->waiter = h; }

Message RpcCall::await_resume() {
  if (state_->cancelled) throw RpcCancelled("RPC " + std::to_string(msg_id_) + " cancelled");
  return std::move(*state_->result).Take();
}

namespace internal {

namespace {

std::string DurationText(Duration d) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count()) + " ms";
}

// The error an error reply carries. One whose code cannot be read is the peer's fault, and
// nothing says whether the request took effect: code 13, with the reason.
Error ReadErrorReply(const Message& reply) {
  JsonView body = reply.body();
  std::optional<JsonView> code = body.Find("code");
  std::optional<JsonView> text = body.Find("text");
  std::string message = text && text->is_string() ? text->as_string() : "";
  if (code && code->is_integer()) {
    try {
      return Error(code->as_int64(), std::move(message));
    } catch (const JsonError&) {  // beyond 64 bits: reported below
    }
  }
  std::string reason =
      code ? "\"code\" must be an integer of at most 64 bits, found " + code->Describe()
           : std::string("no \"code\"");
  return Error(ErrorCode::kCrash, "malformed error reply from " + std::string(reply.src()) + ": " +
                                      reason + (message.empty() ? "" : " (" + message + ")"));
}

}  // namespace

std::int64_t NodeCore::Rpc(std::string_view dest, const Body& body, Duration timeout,
                           RpcCallback callback) {
  std::int64_t msg_id = rpcs_.next_msg_id;
  outbox_.Send(dest, body.members(), msg_id);  // may throw; then nothing is pending
  ++rpcs_.next_msg_id;
  TimerId timer = timers_.Add(
      timeout, Duration::zero(),
      [this, msg_id, type = std::string(body.type()), to = std::string(dest), timeout] {
        Complete(msg_id, RpcResult(Error(ErrorCode::kTimeout, "RPC \"" + type + "\" to " + to +
                                                                  " timed out after " +
                                                                  DurationText(timeout))));
      });
  rpcs_.pending.emplace(msg_id, PendingRpc{std::string(dest), std::move(callback), nullptr, timer});
  return msg_id;
}

RpcCall NodeCore::Call(std::string_view dest, const Body& body, Duration timeout) {
  auto state = std::make_shared<CallState>();
  std::int64_t msg_id = Rpc(dest, body, timeout, nullptr);
  rpcs_.pending.at(msg_id).state = state;
  return RpcCall(&node_, msg_id, std::move(state));
}

void NodeCore::Complete(std::int64_t msg_id, RpcResult result) {
  auto it = rpcs_.pending.find(msg_id);
  if (it == rpcs_.pending.end()) return;
  PendingRpc rpc = std::move(it->second);
  rpcs_.pending.erase(it);
  timers_.Cancel(rpc.timer);
  if (outbox_.waiting() != 0) outbox_.Forget(msg_id);  // timed out before init: never sent
  if (rpc.callback) {
    try {
      rpc.callback(std::move(result));
    } catch (...) {
      LogFailure("RPC callback for msg_id " + std::to_string(msg_id), std::current_exception());
    }
    return;
  }
  if (rpc.state) {
    rpc.state->result.emplace(std::move(result));
    if (auto waiter = std::exchange(rpc.state->waiter, nullptr)) waiter.resume();
  }
}

bool NodeCore::Cancel(std::int64_t msg_id) {
  auto it = rpcs_.pending.find(msg_id);
  if (it == rpcs_.pending.end()) return false;
  PendingRpc rpc = std::move(it->second);
  rpcs_.pending.erase(it);
  timers_.Cancel(rpc.timer);
  if (outbox_.waiting() != 0) outbox_.Forget(msg_id);
  if (rpc.state) {
    rpc.state->cancelled = true;
    if (auto waiter = std::exchange(rpc.state->waiter, nullptr)) waiter.resume();
  }
  return true;
}

void NodeCore::HandleReply(const Message& message) {
  const MessageState& m = *Access::State(message);
  std::int64_t id = *m.in_reply_to();
  auto it = rpcs_.pending.find(id);
  if (it == rpcs_.pending.end()) {
    MAELSTROM_LOG(kInfo, "dropping reply \"", m.type(), "\" from ", m.src(), " to msg_id ", id,
                  ": no RPC pending (late, cancelled or unknown)");
    return;
  }
  if (it->second.dest != m.src()) {
    // msg_ids are the node's own, not the peer's: a reply counts only from where the request went.
    MAELSTROM_LOG(kWarn, "dropping reply \"", m.type(), "\" from ", m.src(), " to msg_id ", id,
                  ": that request went to ", it->second.dest);
    return;
  }
  if (m.type() == "error") {
    Complete(id, RpcResult(ReadErrorReply(message)));
    return;
  }
  Complete(id, RpcResult(Message(message)));
}

void NodeCore::HandleMalformedReply(const MalformedMessage& bad) {
  if (!bad.src || !bad.in_reply_to) return;
  auto it = rpcs_.pending.find(*bad.in_reply_to);
  if (it == rpcs_.pending.end() || it->second.dest != *bad.src) return;
  Complete(*bad.in_reply_to, RpcResult(Error(ErrorCode::kCrash, "malformed reply from " + *bad.src +
                                                                    ": " + bad.reason)));
}

}  // namespace internal

}  // namespace maelstrom
