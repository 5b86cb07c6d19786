// Node, and the core of it: incoming lines, dispatch to handlers, answers (see node_core.h for
// where the rest lives).
#include "maelstrom/node.h"

#include <chrono>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <utility>
#include <vector>

#include "access.h"
#include "log_failure.h"
#include "maelstrom/log.h"
#include "node_core.h"
#include "scan.h"

namespace maelstrom {

using internal::Access;
using internal::MessageState;
using internal::NodeCore;

namespace internal {

namespace {

// A coroutine that runs a task nobody awaits. It registers its frame with the node on creation
// and unregisters when the frame goes away (it finished, or the node destroyed it), so the node
// can destroy whatever is still suspended when it is destroyed itself.
struct Detached {
  struct promise_type {
    std::unordered_set<void*>* registry;

    template <class... Args>
    explicit promise_type(std::unordered_set<void*>* r, Args&&...) : registry(r) {}
    ~promise_type() {
      registry->erase(std::coroutine_handle<promise_type>::from_promise(*this).address());
    }
    Detached get_return_object() {
      registry->insert(std::coroutine_handle<promise_type>::from_promise(*this).address());
      return {};
    }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {}
  };
};

Detached RunDetached(std::unordered_set<void*>* registry, Task<void> task) {
  (void)registry;
  try {
    co_await std::move(task);
  } catch (...) {
    LogFailure("task", std::current_exception());
  }
}

// The first msg_id, from the clock's reading in microseconds (see Node::Rpc for why).
std::int64_t FirstMsgId(const Clock& clock) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(clock.Now().time_since_epoch());
  return us.count() < 0 ? 1 : us.count() + 1;
}

std::string JsonString(std::string_view s) {
  std::string out;
  WriteJsonString(out, s);
  return out;
}

}  // namespace

NodeCore::NodeCore(Node& node, NodeOptions options)
    : node_(node),
      clock_(options.clock ? options.clock : &steady_clock_),
      limits_(options.limits),
      timers_(*clock_) {
  rpcs_.next_msg_id = FirstMsgId(*clock_);
}

NodeCore::~NodeCore() = default;

void NodeCore::DestroyDetached() {
  // Suspended coroutines first: their RpcCalls cancel entries in the RPC table, which must still
  // exist.
  std::vector<void*> frames(detached_.begin(), detached_.end());
  for (void* frame : frames) {
    if (detached_.count(frame)) std::coroutine_handle<>::from_address(frame).destroy();
  }
}

void NodeCore::SetHandlers(std::string type, HandlerTable::Handlers handlers) {
  if (type == "init") {
    throw std::invalid_argument(
        "Node::On(\"init\"): init is the node's own; use Node::OnInit to run code on it");
  }
  handlers_.Set(std::move(type), std::move(handlers));
}

void NodeCore::Spawn(Task<void> task) { RunDetached(&detached_, std::move(task)); }

// --- Incoming --------------------------------------------------------------------------------

void NodeCore::HandleLine(std::string_view line) {
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
    MAELSTROM_LOG(kWarn, "ignoring a blank input line");
    return;
  }
  MalformedMessage bad;
  if (!incoming_.Parse(line, &bad, limits_)) {
    AnswerMalformed(bad);
  } else {
    HandleMessage(incoming_);
  }
  // A huge line leaves a huge parse behind; a node must not keep that memory for good.
  if (line.size() > kKeptMemory) {
    incoming_.ReleaseMemory(kKeptMemory);
    huge_line_seen_ = true;
  }
}

void NodeCore::HandleMessage(const Message& message) {
  const MessageState& m = *Access::State(message);
  if (m.type() == "init") {
    HandleInit(message);
    return;
  }
  if (m.in_reply_to()) {
    HandleReply(message);
    return;
  }
  if (init_.running) {
    init_.waiting.push_back(message);  // a copy that owns its text
    return;
  }
  if (!init_.initialized) {
    MAELSTROM_LOG(kWarn, "message of type \"", m.type(), "\" from ", m.src(), " before init");
    ReplyError(message, Error(ErrorCode::kTemporarilyUnavailable,
                              "node not initialized: init must come first"));
    return;
  }
  Dispatch(message);
}

void NodeCore::Dispatch(const Message& message) {
  std::string_view type = Access::State(message)->type();
  const HandlerTable::Handlers* h = handlers_.Find(type);
  if (h == nullptr) {
    MAELSTROM_LOG(kWarn, "no handler for message type \"", type, "\" from ", message.src());
    ReplyError(message, Error(ErrorCode::kNotSupported,
                              "unknown message type \"" + std::string(type) + "\""));
    return;
  }
  if (h->async) {
    Spawn(RunAsyncHandler(&h->async, message));
    return;
  }
  try {
    h->sync(message);
  } catch (...) {
    AnswerException(message, std::current_exception());
  }
}

Task<void> NodeCore::RunAsyncHandler(const Node::AsyncHandler* handler, Message message) {
  // `message` lives in this frame, so the handler may hold a reference to it across co_awaits.
  try {
    co_await (*handler)(message);
  } catch (...) {
    AnswerException(message, std::current_exception());
  }
}

// The rule is stated at Error (error.h).
void NodeCore::AnswerException(const Message& request, std::exception_ptr error) {
  std::string_view type = request.type(), src = request.src();
  try {
    std::rethrow_exception(error);
  } catch (const Error& e) {
    ReplyError(request, e);
  } catch (const JsonValueError& e) {
    const MessageState* state = Access::State(request);
    if (state != nullptr && e.tape() == &state->tape()) {
      MAELSTROM_LOG(kWarn, "malformed \"", type, "\" from ", src, ": ", e.what());
      ReplyError(request, Error(ErrorCode::kMalformedRequest, e.what()));
    } else {
      MAELSTROM_LOG(kError, "handler for \"", type, "\" from ", src,
                    " failed on a value that is not in the request: ", e.what());
      ReplyError(request, Error(ErrorCode::kCrash, e.what()));
    }
  } catch (const std::exception& e) {
    MAELSTROM_LOG(kError, "handler for \"", type, "\" from ", src, " failed: ", e.what());
    ReplyError(request, Error(ErrorCode::kCrash, e.what()));
  } catch (...) {
    MAELSTROM_LOG(kError, "handler for \"", type, "\" from ", src,
                  " failed with an unknown exception");
    ReplyError(request, Error(ErrorCode::kCrash, "unknown exception"));
  }
}

void NodeCore::AnswerMalformed(const MalformedMessage& bad) {
  MAELSTROM_LOG(kWarn, "malformed message: ", bad.reason);
  HandleMalformedReply(bad);
  if (!bad.answerable()) return;
  std::string addressed = bad.dest ? JsonString(*bad.dest) : "";
  ReplyError(JsonString(*bad.src), addressed, *bad.msg_id,
             Error(ErrorCode::kMalformedRequest, bad.reason));
}

// --- Outgoing --------------------------------------------------------------------------------

void NodeCore::Reply(const Message& request, const Body& body) {
  const MessageState* m = Access::State(request);
  if (m == nullptr || !m->msg_id()) {
    MAELSTROM_LOG(kWarn, "cannot reply to \"", request.type(), "\" from ", request.src(),
                  ": it has no msg_id");
    return;
  }
  outbox_.Reply(m->src_json(), outbox_.named() ? std::string_view() : m->dest_json(),
                Access::Storage(body).members.view(), *m->msg_id());
}

template <class WriteValue>
void NodeCore::ReplyShaped(const Message& request, const ReplyShape& shape, std::size_t value_size,
                           const WriteValue& write_value) {
  const MessageState* m = Access::State(request);
  if (m == nullptr || !m->msg_id()) [[unlikely]] {
    MAELSTROM_LOG(kWarn, "cannot reply to \"", request.type(), "\" from ", request.src(),
                  ": it has no msg_id");
    return;
  }
  outbox_.ReplyShaped(Access::Serial(shape), shape.members_before_value(), m->src_json(),
                      outbox_.named() ? std::string_view() : m->dest_json(), value_size,
                      write_value, *m->msg_id());
}

void NodeCore::ReplyError(const Message& request, const Error& error) {
  const MessageState* m = Access::State(request);
  if (m == nullptr || !m->msg_id()) {
    MAELSTROM_LOG(kWarn, "cannot answer \"", request.type(), "\" from ", request.src(),
                  " with error ", error.code(), ": it has no msg_id");
    return;
  }
  ReplyError(m->src_json(), m->dest_json(), *m->msg_id(), error);
}

void NodeCore::ReplyError(std::string_view to_json, std::string_view addressed_json,
                          std::int64_t in_reply_to, const Error& error) {
  Body body("error");
  body.Set("code", error.code()).Set("text", error.text());
  outbox_.Reply(to_json, addressed_json, body.members(), in_reply_to);
}

void NodeCore::Send(std::string_view dest, const Body& body) {
  outbox_.Send(dest, body.members(), std::nullopt);
}

std::string NodeCore::TakeOutput() {
  std::string out(outbox_.view());
  outbox_.Clear(kKeptMemory);
  return out;
}

}  // namespace internal

// --- Node: the public face of the core --------------------------------------------------------

Node::Node(NodeOptions options) : core_(std::make_unique<NodeCore>(*this, options)) {}
Node::~Node() { core_->DestroyDetached(); }

void Node::OnSync(std::string type, Handler handler) {
  core_->SetHandlers(std::move(type), {std::move(handler), nullptr});
}
void Node::OnAsync(std::string type, AsyncHandler handler) {
  core_->SetHandlers(std::move(type), {nullptr, std::move(handler)});
}
void Node::SetInitHook(std::function<void()> sync, std::function<Task<void>()> async) {
  core_->SetInitHook(std::move(sync), std::move(async));
}

bool Node::initialized() const { return core_->init().initialized; }
const std::string& Node::id() const { return core_->init().id; }
const std::vector<std::string>& Node::node_ids() const { return core_->init().node_ids; }

void Node::Reply(const Message& request, const Body& body) { core_->Reply(request, body); }
void Node::ReplySigned(const Message& request, const ReplyShape& shape, std::int64_t value) {
  core_->ReplyShaped(request, shape, internal::kMaxIntegerDigits,
                     [value](char* out) { return internal::WriteSigned(value, out); });
}
void Node::ReplyUnsigned(const Message& request, const ReplyShape& shape, std::uint64_t value) {
  core_->ReplyShaped(request, shape, internal::kMaxIntegerDigits,
                     [value](char* out) { return internal::WriteUnsigned(value, out); });
}
void Node::Reply(const Message& request, const ReplyShape& shape, std::string_view value) {
  const auto* begin = reinterpret_cast<const unsigned char*>(value.data());
  if (value.size() <= 256 && internal::IsPlainAscii(begin, begin + value.size())) {
    // As Body::Set writes a string: nothing to escape.
    core_->ReplyShaped(request, shape, value.size() + 2, [value](char* out) {
      out[0] = '"';
      internal::CopyBytes(out + 1, value.data(), value.size());
      out[value.size() + 1] = '"';
      return value.size() + 2;
    });
    return;
  }
  std::string escaped;
  WriteJsonString(escaped, value);
  core_->ReplyShaped(request, shape, escaped.size(), [&escaped](char* out) {
    std::memcpy(out, escaped.data(), escaped.size());
    return escaped.size();
  });
}
void Node::Reply(const Message& request, const ReplyShape& shape, const JsonView& value) {
  std::string_view text = value.raw();  // first: an empty view throws, as Body::Set would
  core_->ReplyShaped(request, shape, text.size(), [text](char* out) {
    internal::CopyBytes(out, text.data(), text.size());
    internal::BlankLineBreaks(out, text.size());  // as Body::Set writes a view
    return text.size();
  });
}
void Node::ReplyError(const Message& request, const Error& error) {
  core_->ReplyError(request, error);
}
void Node::Send(std::string_view dest, const Body& body) { core_->Send(dest, body); }
std::int64_t Node::Rpc(std::string_view dest, const Body& body, Duration timeout,
                       RpcCallback callback) {
  return core_->Rpc(dest, body, timeout, std::move(callback));
}
RpcCall Node::Call(std::string_view dest, const Body& body, Duration timeout) {
  return core_->Call(dest, body, timeout);
}
bool Node::Cancel(std::int64_t msg_id) { return core_->Cancel(msg_id); }
std::size_t Node::pending_rpcs() const { return core_->pending_rpcs(); }

TimerId Node::After(Duration delay, std::function<void()> fn) {
  return core_->timers().Add(delay, Duration::zero(), std::move(fn));
}
TimerId Node::Every(Duration period, std::function<void()> fn) {
  if (period <= Duration::zero()) throw std::invalid_argument("Node::Every: period must be > 0");
  return core_->timers().Add(period, period, std::move(fn));
}
bool Node::CancelTimer(TimerId id) { return core_->timers().Cancel(id); }
void Node::Spawn(Task<void> task) { core_->Spawn(std::move(task)); }
void Node::Post(std::function<void()> fn) { core_->Post(std::move(fn)); }

int Node::Run(Transport& transport) { return core_->Run(transport); }
void Node::Stop() { core_->Stop(); }
void Node::HandleLine(std::string_view line) { core_->HandleLine(line); }
void Node::RunDueTimers() { core_->timers().RunDue(); }
void Node::RunPosted() { core_->RunPosted(); }
std::optional<TimePoint> Node::NextDeadline() const { return core_->timers().NextDeadline(); }
std::string Node::TakeOutput() { return core_->TakeOutput(); }
const Clock& Node::clock() const { return core_->clock(); }

}  // namespace maelstrom
