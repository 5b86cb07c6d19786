#include "maelstrom/node.h"

#include <csignal>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <cstring>
#include <exception>
#include <utility>
#include <vector>

#include "format.h"
#include "maelstrom/log.h"

namespace maelstrom {

using namespace std::string_view_literals;

namespace {

// What a node keeps of the memory a huge message made it take, per buffer.
constexpr std::size_t kKeptMemory = std::size_t{1} << 20;

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
  } catch (const std::exception& e) {
    MAELSTROM_LOG(kError, "task failed: ", e.what());
  } catch (...) {
    MAELSTROM_LOG(kError, "task failed with an unknown exception");
  }
}

std::string JsonString(std::string_view s) {
  std::string out;
  WriteJsonString(out, s);
  return out;
}

std::string DurationText(Duration d) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count()) + " ms";
}

}  // namespace

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

Message RpcCall::await_resume() {
  if (state_->cancelled) throw RpcCancelled("RPC " + std::to_string(msg_id_) + " cancelled");
  return std::move(*state_->result).Take();
}

// --- Node ------------------------------------------------------------------------------------

Node::Node(NodeOptions options)
    : clock_(options.clock ? options.clock : &steady_clock_), limits_(options.limits) {}

Node::~Node() {
  // Suspended coroutines first: their RpcCalls cancel entries in pending_, which must still exist.
  std::vector<void*> frames(detached_.begin(), detached_.end());
  for (void* frame : frames) {
    if (detached_.count(frame)) std::coroutine_handle<>::from_address(frame).destroy();
  }
}

void Node::OnSync(std::string type, Handler handler) {
  handlers_.insert_or_assign(std::move(type), Handlers{std::move(handler), nullptr});
  last_type_ = nullptr;
  last_handlers_ = nullptr;
}

void Node::OnAsync(std::string type, AsyncHandler handler) {
  handlers_.insert_or_assign(std::move(type), Handlers{nullptr, std::move(handler)});
  last_type_ = nullptr;
  last_handlers_ = nullptr;
}

// --- Incoming --------------------------------------------------------------------------------

void Node::HandleLine(std::string_view line) {
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

void Node::HandleMessage(const Message& message) {
  if (message.type() == "init") {
    HandleInit(message);
    return;
  }
  if (message.is_reply()) {
    HandleReply(message);
    return;
  }
  if (initializing_) {
    waiting_for_init_.push_back(message);  // a copy that owns its text
    return;
  }
  if (!initialized_) {
    MAELSTROM_LOG(kWarn, "message of type \"", message.type(), "\" from ", message.src(),
                  " before init");
    ReplyError(message, Error(ErrorCode::kTemporarilyUnavailable,
                              "node not initialized: init must come first"));
    return;
  }
  Dispatch(message);
}

void Node::Dispatch(const Message& message) {
  std::string_view type = message.type();
  if (last_type_ == nullptr || *last_type_ != type) {
    auto it = handlers_.find(type);
    if (it == handlers_.end()) {
      MAELSTROM_LOG(kWarn, "no handler for message type \"", type, "\" from ", message.src());
      ReplyError(message, Error(ErrorCode::kNotSupported,
                                "unknown message type \"" + std::string(type) + "\""));
      return;
    }
    last_type_ = &it->first;
    last_handlers_ = &it->second;
  }
  const Handlers& h = *last_handlers_;
  if (h.async) {
    Spawn(RunAsyncHandler(&h.async, message));
    return;
  }
  try {
    h.sync(message);
  } catch (...) {
    AnswerException(message, std::current_exception());
  }
}

Task<void> Node::RunAsyncHandler(const AsyncHandler* handler, Message message) {
  // `message` lives in this frame, so the handler may hold a reference to it across co_awaits.
  try {
    co_await (*handler)(message);
  } catch (...) {
    AnswerException(message, std::current_exception());
  }
}

void Node::AnswerException(const Message& request, std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const Error& e) {
    ReplyError(request, e);
  } catch (const JsonError& e) {
    MAELSTROM_LOG(kWarn, "malformed \"", request.type(), "\" from ", request.src(), ": ", e.what());
    ReplyError(request, Error(ErrorCode::kMalformedRequest, e.what()));
  } catch (const std::exception& e) {
    MAELSTROM_LOG(kError, "handler for \"", request.type(), "\" failed: ", e.what());
    ReplyError(request, Error(ErrorCode::kCrash, e.what()));
  } catch (...) {
    MAELSTROM_LOG(kError, "handler for \"", request.type(), "\" failed with an unknown exception");
    ReplyError(request, Error(ErrorCode::kCrash, "unknown exception"));
  }
}

void Node::AnswerMalformed(const MalformedMessage& bad) {
  MAELSTROM_LOG(kWarn, "malformed message: ", bad.reason);
  if (!bad.answerable()) return;
  std::string src_json = !id_json_.empty() ? id_json_ : bad.dest ? JsonString(*bad.dest) : "";
  if (src_json.empty()) return;  // no name to answer with
  WriteErrorReply(JsonString(*bad.src), *bad.msg_id,
                  static_cast<std::int64_t>(ErrorCode::kMalformedRequest), bad.reason, src_json);
}

void Node::HandleInit(const Message& message) {
  std::vector<std::string> ids;
  std::string id;
  try {
    JsonView body = message.body();
    id = body["node_id"].as_string();
    for (JsonView v : body["node_ids"].elements()) ids.push_back(v.as_string());
  } catch (const JsonError& e) {
    MAELSTROM_LOG(kError, "invalid init: ", e.what());
    ReplyError(message,
               Error(ErrorCode::kMalformedRequest, std::string("invalid init: ") + e.what()));
    return;
  }
  if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
    std::string text = "invalid init: node_id \"" + id + "\" is not in node_ids";
    MAELSTROM_LOG(kError, text);
    ReplyError(message, Error(ErrorCode::kMalformedRequest, text));
    return;
  }
  if (initialized_ || initializing_) {
    MAELSTROM_LOG(kInfo, "init again, now as ", id);
  }
  id_ = std::move(id);
  id_json_ = JsonString(id_);
  node_ids_ = std::move(ids);
  initialized_ = false;
  if (init_async_) {
    initializing_ = true;
    Spawn(RunInit(message));
    return;
  }
  if (init_sync_) {
    try {
      init_sync_();
    } catch (...) {
      AnswerException(message, std::current_exception());
      return;
    }
  }
  FinishInit(message);
}

Task<void> Node::RunInit(Message message) {
  bool ok = true;
  try {
    co_await init_async_();
  } catch (...) {
    ok = false;
    AnswerException(message, std::current_exception());
  }
  initializing_ = false;
  if (ok) {
    FinishInit(message);
  }
  // What arrived during init is handled now, in order (answered "not initialized" if init
  // failed).
  while (!waiting_for_init_.empty() && !initializing_) {
    Message next = std::move(waiting_for_init_.front());
    waiting_for_init_.pop_front();
    HandleMessage(next);
  }
}

void Node::FinishInit(const Message& message) {
  initialized_ = true;
  Reply(message, Body("init_ok"));
}

void Node::HandleReply(const Message& message) {
  std::int64_t id = *message.in_reply_to();
  if (!pending_.count(id)) {
    MAELSTROM_LOG(kInfo, "dropping reply \"", message.type(), "\" from ", message.src(),
                  " to msg_id ", id, ": no RPC pending (late, cancelled or unknown)");
    return;
  }
  if (message.is_error()) {
    std::int64_t code = static_cast<std::int64_t>(ErrorCode::kCrash);
    std::string text;
    JsonView body = message.body();
    if (auto c = body.Find("code"); c && c->is_integer()) {
      try {
        code = c->as_int64();
      } catch (const JsonError&) {
      }
    }
    if (auto t = body.Find("text"); t && t->is_string()) text = t->as_string();
    Complete(id, RpcResult(Error(code, std::move(text))));
    return;
  }
  Complete(id, RpcResult(Message(message)));
}

// --- Outgoing --------------------------------------------------------------------------------

std::string Node::TakeOutput() {
  std::string out(out_.view());
  out_.Clear(kKeptMemory);
  return out;
}

void Node::AppendInteger(std::int64_t v) {
  out_.Commit(internal::WriteSigned(v, out_.Reserve(internal::kMaxIntegerDigits)));
}

void Node::WriteEnvelopeStart(std::string_view src_json, std::string_view dest_json) {
  out_.Append("{\"src\":"sv);
  out_.Append(src_json);
  out_.Append(",\"dest\":"sv);
  out_.Append(dest_json);
  out_.Append(",\"body\":{"sv);
}

void Node::Reply(const Message& request, const Body& body) {
  if (!request.msg_id()) {
    MAELSTROM_LOG(kWarn, "cannot reply to \"", request.type(), "\" from ", request.src(),
                  ": it has no msg_id");
    return;
  }
  std::string fallback;
  if (id_json_.empty()) fallback = JsonString(request.dest());
  WriteEnvelopeStart(id_json_.empty() ? fallback : id_json_, request.src_json());
  out_.Append(body.members());
  out_.Append(",\"in_reply_to\":"sv);
  AppendInteger(*request.msg_id());
  out_.Append("}}\n"sv);
}

void Node::WriteErrorReply(std::string_view dest_json, std::int64_t in_reply_to, std::int64_t code,
                           std::string_view text, std::string_view src_json) {
  WriteEnvelopeStart(src_json, dest_json);
  out_.Append("\"type\":\"error\",\"code\":"sv);
  AppendInteger(code);
  out_.Append(",\"text\":"sv);
  std::string text_json;
  WriteJsonString(text_json, text);
  out_.Append(text_json);
  out_.Append(",\"in_reply_to\":"sv);
  AppendInteger(in_reply_to);
  out_.Append("}}\n"sv);
}

void Node::ReplyError(const Message& request, const Error& error) {
  if (!request.msg_id()) {
    MAELSTROM_LOG(kWarn, "cannot answer \"", request.type(), "\" from ", request.src(),
                  " with error ", error.code(), ": it has no msg_id");
    return;
  }
  std::string fallback;
  if (id_json_.empty()) fallback = JsonString(request.dest());
  WriteErrorReply(request.src_json(), *request.msg_id(), error.code(), error.text(),
                  id_json_.empty() ? fallback : id_json_);
}

void Node::Send(std::string_view dest, const Body& body) {
  WriteEnvelopeStart(id_json_, JsonString(dest));
  out_.Append(body.members());
  out_.Append("}}\n"sv);
}

std::int64_t Node::SendRequest(std::string_view dest, const Body& body) {
  std::int64_t msg_id = next_msg_id_++;
  WriteEnvelopeStart(id_json_, JsonString(dest));
  out_.Append(body.members());
  out_.Append(",\"msg_id\":"sv);
  AppendInteger(msg_id);
  out_.Append("}}\n"sv);
  return msg_id;
}

std::int64_t Node::Rpc(std::string_view dest, const Body& body, Duration timeout,
                       RpcCallback callback) {
  std::int64_t msg_id = SendRequest(dest, body);
  std::string text = "RPC \"" + std::string(body.type()) + "\" to " + std::string(dest) +
                     " timed out after " + DurationText(timeout);
  TimerId timer = After(timeout, [this, msg_id, text = std::move(text)] {
    Complete(msg_id, RpcResult(Error(ErrorCode::kTimeout, text)));
  });
  pending_.emplace(msg_id, PendingRpc{std::move(callback), nullptr, timer});
  return msg_id;
}

RpcCall Node::Call(std::string_view dest, const Body& body, Duration timeout) {
  auto state = std::make_shared<internal::CallState>();
  std::int64_t msg_id = Rpc(dest, body, timeout, nullptr);
  pending_.at(msg_id).state = state;
  return RpcCall(this, msg_id, std::move(state));
}

void Node::Complete(std::int64_t msg_id, RpcResult result) {
  auto it = pending_.find(msg_id);
  if (it == pending_.end()) return;
  PendingRpc rpc = std::move(it->second);
  pending_.erase(it);
  CancelTimer(rpc.timer);
  if (rpc.callback) {
    try {
      rpc.callback(std::move(result));
    } catch (const std::exception& e) {
      MAELSTROM_LOG(kError, "RPC callback for msg_id ", msg_id, " failed: ", e.what());
    } catch (...) {
      MAELSTROM_LOG(kError, "RPC callback for msg_id ", msg_id, " failed");
    }
    return;
  }
  if (rpc.state) {
    rpc.state->result.emplace(std::move(result));
    if (auto waiter = std::exchange(rpc.state->waiter, nullptr)) waiter.resume();
  }
}

bool Node::Cancel(std::int64_t msg_id) {
  auto it = pending_.find(msg_id);
  if (it == pending_.end()) return false;
  PendingRpc rpc = std::move(it->second);
  pending_.erase(it);
  CancelTimer(rpc.timer);
  if (rpc.state) {
    rpc.state->cancelled = true;
    if (auto waiter = std::exchange(rpc.state->waiter, nullptr)) waiter.resume();
  }
  return true;
}

// --- Timers, tasks, posts ----------------------------------------------------------------------

TimerId Node::AddTimer(Duration delay, Duration period, std::function<void()> fn) {
  TimerId id = next_timer_++;
  TimePoint deadline = clock_->Now() + delay;
  timers_.emplace(id, Timer{deadline, period, std::move(fn)});
  timer_order_.emplace(deadline, id);
  return id;
}

TimerId Node::After(Duration delay, std::function<void()> fn) {
  return AddTimer(delay, Duration::zero(), std::move(fn));
}

TimerId Node::Every(Duration period, std::function<void()> fn) {
  if (period <= Duration::zero()) throw std::invalid_argument("Node::Every: period must be > 0");
  return AddTimer(period, period, std::move(fn));
}

bool Node::CancelTimer(TimerId id) {
  auto it = timers_.find(id);
  if (it == timers_.end()) return false;
  timer_order_.erase({it->second.deadline, id});
  timers_.erase(it);
  return true;
}

std::optional<TimePoint> Node::NextDeadline() const {
  if (timer_order_.empty()) return std::nullopt;
  return timer_order_.begin()->first;
}

void Node::RunDueTimers() {
  TimePoint now = clock_->Now();
  // Only the timers due now: one that re-arms itself with no delay waits for the next call, so it
  // cannot starve the loop.
  std::vector<std::pair<TimePoint, TimerId>> due;
  for (auto it = timer_order_.begin(); it != timer_order_.end() && it->first <= now; ++it) {
    due.push_back(*it);
  }
  for (auto [deadline, id] : due) {
    auto it = timers_.find(id);
    if (it == timers_.end()) continue;  // cancelled by a timer that fired before it
    timer_order_.erase({deadline, id});
    std::function<void()> fn;
    if (it->second.period > Duration::zero()) {
      Timer& t = it->second;
      t.deadline = deadline + t.period;
      if (t.deadline <= now) t.deadline = now + t.period;  // after a pause, skip missed ticks
      timer_order_.emplace(t.deadline, id);
      fn = t.fn;
    } else {
      fn = std::move(it->second.fn);
      timers_.erase(it);
    }
    try {
      fn();
    } catch (const std::exception& e) {
      MAELSTROM_LOG(kError, "timer failed: ", e.what());
    } catch (...) {
      MAELSTROM_LOG(kError, "timer failed with an unknown exception");
    }
  }
}

void Node::Spawn(Task<void> task) { RunDetached(&detached_, std::move(task)); }

void Node::Post(std::function<void()> fn) {
  std::lock_guard lock(posted_mu_);
  posted_.push_back(std::move(fn));
  has_posted_.store(true, std::memory_order_release);
  if (transport_) transport_->Wake();
}

void Node::RunPosted() {
  if (!has_posted_.load(std::memory_order_acquire)) return;
  std::vector<std::function<void()>> batch;
  {
    std::lock_guard lock(posted_mu_);
    batch.swap(posted_);
    has_posted_.store(false, std::memory_order_relaxed);
  }
  for (auto& fn : batch) {
    try {
      fn();
    } catch (const std::exception& e) {
      MAELSTROM_LOG(kError, "posted function failed: ", e.what());
    } catch (...) {
      MAELSTROM_LOG(kError, "posted function failed with an unknown exception");
    }
  }
}

void Node::Stop() {
  stop_.store(true);
  std::lock_guard lock(posted_mu_);
  if (transport_) transport_->Wake();
}

// --- The loop --------------------------------------------------------------------------------

int Node::Run() {
  std::signal(SIGPIPE, SIG_IGN);  // a closed stdout is an error to report, not a death
  FdTransport transport = FdTransport::Stdio();
  return Run(transport);
}

int Node::Run(Transport& transport) {
  {
    std::lock_guard lock(posted_mu_);
    transport_ = &transport;
  }
  // Input is read straight into this buffer and handled in place; it grows only for a line
  // longer than it, up to the size limit.
  constexpr std::size_t kReadSize = 64 * 1024;
  std::vector<char> in(2 * kReadSize);
  std::size_t head = 0, tail = 0;  // unhandled input is in[head, tail)
  bool discarding = false;         // inside a line over the size limit, until its newline
  bool at_end = false;
  int status = 0;
  while (!stop_.load()) {
    RunPosted();
    RunDueTimers();

    while (const void* nl = std::memchr(in.data() + head, '\n', tail - head)) {
      std::size_t end = static_cast<std::size_t>(static_cast<const char*>(nl) - in.data());
      if (!discarding) HandleLine(std::string_view(in.data() + head, end - head));
      discarding = false;
      head = end + 1;
    }
    if (tail - head > limits_.max_bytes) {
      if (!discarding) {
        MAELSTROM_LOG(kError, "dropping an input line longer than ", limits_.max_bytes, " bytes");
      }
      discarding = true;
      head = tail;
    }
    if (at_end && !discarding && tail > head) {
      HandleLine(std::string_view(in.data() + head, tail - head));  // a last line, no newline
      head = tail;
    }

    if (!out_.empty()) {
      if (!transport.Write(out_.view())) {
        status = 1;
        break;
      }
      out_.Clear(kKeptMemory);
    }
    if (huge_line_seen_ && head == tail) {
      // Everything a huge line made the node take is free now; hand it back to the system
      // (glibc keeps freed heap memory otherwise).
      if (in.size() > kKeptMemory) std::vector<char>(2 * kReadSize).swap(in);
#if defined(__GLIBC__)
      ::malloc_trim(0);
#endif
      huge_line_seen_ = false;
    }
    if (at_end) break;

    if (head == tail) {
      head = tail = 0;
    } else if (in.size() - tail < kReadSize) {
      std::memmove(in.data(), in.data() + head, tail - head);
      tail -= head;
      head = 0;
      if (in.size() - tail < kReadSize) in.resize(in.size() * 2);
    }
    std::optional<Duration> timeout;
    if (auto deadline = NextDeadline()) timeout = *deadline - clock_->Now();
    if (has_posted_.load(std::memory_order_acquire)) timeout = Duration::zero();
    std::size_t got = 0;
    auto read = transport.Read(std::span<char>(in.data() + tail, in.size() - tail), &got, timeout);
    tail += got;
    if (read == Transport::ReadStatus::kEnd) at_end = true;
  }
  std::lock_guard lock(posted_mu_);
  transport_ = nullptr;
  return status;
}

}  // namespace maelstrom
