// A Maelstrom node: handlers by message type, replies, sends, RPCs, timers and init, all run by one
// event loop on one thread.
//
//   maelstrom::Node node;
//   node.On("echo", [&](const maelstrom::Message& m) {
//     node.Reply(m, maelstrom::Body("echo_ok").Set("echo", m.body()["echo"]));
//   });
//   return node.Run();
//
// Threading: everything (handlers, callbacks, timers, coroutines) runs on the thread that calls
// Run, one at a time, so node state needs no locks and output lines never interleave. A handler
// that must wait (for an RPC, a timer) is a coroutine returning Task<>: while it waits the loop
// goes on with other messages. Other threads talk to the loop only through Post.
//
// Errors: a handler that throws maelstrom::Error answers with that error; JsonError (a missing or
// ill-typed field) answers code 12 (malformed-request); any other exception answers code 13
// (crash) with its text. A message type without a handler answers code 10 (not-supported). A line
// that is not a valid message is logged and answered with code 12 when its sender and msg_id can
// be read, else dropped. Nothing a peer sends can stop the node.
#pragma once

#include <atomic>
#include <coroutine>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

#include "maelstrom/clock.h"
#include "maelstrom/error.h"
#include "maelstrom/internal/byte_buffer.h"
#include "maelstrom/json.h"
#include "maelstrom/message.h"
#include "maelstrom/task.h"
#include "maelstrom/transport.h"

namespace maelstrom {

class Node;

// The outcome of an RPC: the reply, or the error it answered with, or a timeout (code 0).
class RpcResult {
 public:
  explicit RpcResult(Message reply) : value_(std::move(reply)) {}
  explicit RpcResult(Error error) : value_(std::move(error)) {}

  bool ok() const { return value_.index() == 0; }
  const Message& reply() const;  // throws the error if !ok()
  const Error& error() const;    // only if !ok()
  // The reply, or throws the error.
  Message Take() &&;

 private:
  std::variant<Message, Error> value_;
};

using RpcCallback = std::function<void(RpcResult)>;

// Thrown by co_await on an RPC that was cancelled before it finished.
class RpcCancelled : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace internal {
struct CallState {
  std::optional<RpcResult> result;
  bool cancelled = false;
  std::coroutine_handle<> waiter;
};
}  // namespace internal

// An RPC in flight that a coroutine can co_await: the reply, or it throws the Error the peer
// answered with, a timeout Error (code 0), or RpcCancelled. Destroying it unawaited cancels the
// RPC.
class [[nodiscard]] RpcCall {
 public:
  RpcCall(RpcCall&& other) noexcept;
  RpcCall& operator=(RpcCall&&) = delete;
  ~RpcCall();

  std::int64_t msg_id() const { return msg_id_; }
  // Removes the pending entry; an awaiting coroutine resumes with RpcCancelled.
  void Cancel();

  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<> h) noexcept { state_->waiter = h; }
  Message await_resume();

 private:
  friend class Node;
  RpcCall(Node* node, std::int64_t msg_id, std::shared_ptr<internal::CallState> state)
      : node_(node), msg_id_(msg_id), state_(std::move(state)) {}

  Node* node_;
  std::int64_t msg_id_;
  std::shared_ptr<internal::CallState> state_;
};

using TimerId = std::uint64_t;

struct NodeOptions {
  // The loop's time source; the node's own SteadyClock if null. Must outlive the node.
  const Clock* clock = nullptr;
  // Limits on each incoming line.
  JsonLimits limits;
};

class Node {
 public:
  using Handler = std::function<void(const Message&)>;
  using AsyncHandler = std::function<Task<void>(const Message&)>;

  explicit Node(NodeOptions options = {});
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // --- Registration -----------------------------------------------------------------------
  // Handles messages of `type`. A handler returning Task<> runs as a coroutine; the Message it
  // receives stays valid until it finishes. Registering a type again replaces the handler.
  template <class F>
  void On(std::string type, F&& handler) {
    if constexpr (std::is_same_v<std::invoke_result_t<F&, const Message&>, Task<void>>) {
      OnAsync(std::move(type), AsyncHandler(std::forward<F>(handler)));
    } else {
      OnSync(std::move(type), Handler(std::forward<F>(handler)));
    }
  }
  // Runs when init arrives, after id() and node_ids() are set and before init_ok is sent; it may
  // be a coroutine (to read a key from a service, say). Messages that arrive meanwhile wait, except
  // replies to its RPCs. If it throws, init is answered with the error and the node stays
  // uninitialized.
  template <class F>
  void OnInit(F&& hook) {
    if constexpr (std::is_same_v<std::invoke_result_t<F&>, Task<void>>) {
      init_async_ = std::function<Task<void>()>(std::forward<F>(hook));
      init_sync_ = nullptr;
    } else {
      init_sync_ = std::function<void()>(std::forward<F>(hook));
      init_async_ = nullptr;
    }
  }

  // --- Identity (set by init) ---------------------------------------------------------------
  bool initialized() const { return initialized_; }
  const std::string& id() const { return id_; }
  const std::vector<std::string>& node_ids() const { return node_ids_; }

  // --- Messages -----------------------------------------------------------------------------
  // Answers `request`: to its src, with in_reply_to set to its msg_id. A request without msg_id
  // cannot be answered; that is logged and nothing is sent.
  void Reply(const Message& request, const Body& body);
  void ReplyError(const Message& request, const Error& error);
  // Sends a message that expects no reply (no msg_id).
  void Send(std::string_view dest, const Body& body);
  // Sends a request with a fresh msg_id and calls `callback` exactly once with the reply, an
  // error reply, or a timeout error (code 0) after `timeout`, unless cancelled first. Returns the
  // msg_id, which Cancel takes.
  std::int64_t Rpc(std::string_view dest, const Body& body, Duration timeout, RpcCallback callback);
  // The same, for co_await.
  RpcCall Call(std::string_view dest, const Body& body, Duration timeout);
  // Forgets a pending RPC: its callback is never called, a late reply is dropped. False if it
  // was not pending.
  bool Cancel(std::int64_t msg_id);
  std::size_t pending_rpcs() const { return pending_.size(); }

  // --- Timers and tasks ---------------------------------------------------------------------
  TimerId After(Duration delay, std::function<void()> fn);
  // Every `period`, first after one period. Errors thrown by `fn` are logged.
  TimerId Every(Duration period, std::function<void()> fn);
  bool CancelTimer(TimerId id);
  // co_await node.Sleep(d): resumes after d.
  auto Sleep(Duration d) {
    struct Awaiter {
      Node* node;
      Duration d;
      bool await_ready() const noexcept { return d <= Duration::zero(); }
      void await_suspend(std::coroutine_handle<> h) {
        node->After(d, [h] { h.resume(); });
      }
      void await_resume() const noexcept {}
    };
    return Awaiter{this, d};
  }
  // Runs a task on the loop with nobody awaiting it; an exception that escapes it is logged.
  void Spawn(Task<void> task);

  // Runs `fn` on the loop thread soon. The only member that is safe from other threads.
  void Post(std::function<void()> fn);

  // --- Running ------------------------------------------------------------------------------
  // Serves stdin and stdout until stdin ends, then returns 0 (1 if stdout failed).
  int Run();
  int Run(Transport& transport);
  // Makes Run return after the current step. Safe from any thread. Input the loop has not read
  // yet stays unread: a caller that needs it handled first waits for its answers.
  void Stop();

  // The steps Run is made of, for tests and custom loops.
  // Handles one line (without its newline).
  void HandleLine(std::string_view line);
  // Fires the timers due by the clock.
  void RunDueTimers();
  // Runs what other threads posted.
  void RunPosted();
  std::optional<TimePoint> NextDeadline() const;
  // Lines written and not yet taken, each ending in '\n'.
  std::string TakeOutput();
  const Clock& clock() const { return *clock_; }

 private:
  friend class RpcCall;
  struct Timer {
    TimePoint deadline;
    Duration period;  // zero: once
    std::function<void()> fn;
  };
  struct PendingRpc {
    RpcCallback callback;
    std::shared_ptr<internal::CallState> state;
    TimerId timer;
  };
  void OnSync(std::string type, Handler handler);
  void OnAsync(std::string type, AsyncHandler handler);

  void HandleMessage(const Message& message);
  void HandleInit(const Message& message);
  Task<void> RunInit(Message message);
  void FinishInit(const Message& message);
  void Dispatch(const Message& message);
  void HandleReply(const Message& message);
  void AnswerMalformed(const MalformedMessage& bad);
  Task<void> RunAsyncHandler(const AsyncHandler* handler, Message message);
  void AnswerException(const Message& request, std::exception_ptr error);
  void Complete(std::int64_t msg_id, RpcResult result);

  std::int64_t SendRequest(std::string_view dest, const Body& body);
  void WriteEnvelopeStart(std::string_view src_json, std::string_view dest_json);
  void WriteErrorReply(std::string_view dest_json, std::int64_t in_reply_to, std::int64_t code,
                       std::string_view text, std::string_view src_json);
  TimerId AddTimer(Duration delay, Duration period, std::function<void()> fn);

  SteadyClock steady_clock_;
  const Clock* clock_;
  JsonLimits limits_;

  struct Handlers {
    Handler sync;
    AsyncHandler async;  // set instead of sync for coroutine handlers
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Handlers, StringHash, std::equal_to<>> handlers_;
  // The last type dispatched: a stream of requests is mostly one type, so this skips hashing.
  const std::string* last_type_ = nullptr;
  const Handlers* last_handlers_ = nullptr;
  std::function<void()> init_sync_;
  std::function<Task<void>()> init_async_;

  bool initialized_ = false;
  bool initializing_ = false;
  std::string id_;
  std::string id_json_;  // id_ as a JSON string, to write envelopes quickly
  std::vector<std::string> node_ids_;
  std::deque<Message> waiting_for_init_;

  std::int64_t next_msg_id_ = 1;
  std::unordered_map<std::int64_t, PendingRpc> pending_;

  TimerId next_timer_ = 1;
  std::unordered_map<TimerId, Timer> timers_;
  std::set<std::pair<TimePoint, TimerId>> timer_order_;

  // Coroutines running with nobody awaiting them, destroyed with the node if still suspended.
  std::unordered_set<void*> detached_;

  std::mutex posted_mu_;  // guards posted_ and transport_, which other threads reach
  std::vector<std::function<void()>> posted_;
  Transport* transport_ = nullptr;  // while Run runs, to wake it
  std::atomic<bool> stop_{false};
  std::atomic<bool> has_posted_{false};

  // Lines written and not yet flushed.
  internal::ByteBuffer<4096> out_;
  void AppendInteger(std::int64_t v);

  Message incoming_;             // reused for every line, so the hot path does not allocate
  bool huge_line_seen_ = false;  // memory to give back once it has been handled
};

}  // namespace maelstrom
