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
// Init: the node learns its name from init. Until then it has no `src` to write, so what it sends
// (Send, Rpc, Call, and so the KV and TSO clients, from a timer, a task or a posted function)
// waits, in order, and goes out with that name the moment init brings it, before init's hook
// runs. An RPC's timeout counts from the call: one that expires first is never sent. To bound
// what a node that never gets init keeps, more than 1 MiB of waiting messages makes the next send
// throw Error code 11 (temporarily-unavailable). Requests that arrive before init are answered
// with code 11 (malformed ones with code 12), from the name they were addressed to; nothing else
// is written before init. Requests that arrive while init's hook runs wait for it. A second init
// supersedes the first (see OnInit).
//
// Errors: a handler's exception becomes its error reply, by the rule stated at Error (error.h):
// a maelstrom::Error as it is; a JsonError about the request itself code 12; anything else code
// 13. A message type without a handler answers code 10 (not-supported). A line that is not a
// valid message is logged and answered with code 12 when its sender and msg_id can be read, else
// dropped. Nothing a peer sends can stop the node.
#pragma once

#include <concepts>
#include <coroutine>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "maelstrom/clock.h"
#include "maelstrom/error.h"
#include "maelstrom/json.h"
#include "maelstrom/message.h"
#include "maelstrom/task.h"

namespace maelstrom {

class Node;
class Transport;

namespace internal {
class NodeCore;    // src/node_core.h
struct CallState;  // src/rpc_table.h
}  // namespace internal

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
  void await_suspend(std::coroutine_handle<> h) noexcept;
  Message await_resume();

 private:
  friend class internal::NodeCore;
  RpcCall(Node* node, std::int64_t msg_id, std::shared_ptr<internal::CallState> state);

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
  // Handles requests of `type`. A handler returning Task<> runs as a coroutine; the Message it
  // receives stays valid until it finishes. Registering a type again replaces the handler (a
  // coroutine already running keeps the one it started with). "init" is the node's own: use
  // OnInit (On("init", ...) throws std::invalid_argument). Replies never reach a handler: they
  // go to the RPC that asked.
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
  // replies to its RPCs. If it throws, init is answered with the error (by the rule at Error) and
  // the node stays uninitialized.
  //
  // Init by generation: an init that arrives while a coroutine hook still runs supersedes the
  // one before. The superseded init is answered at once with code 14 (abort); its hook is not
  // stopped, and runs on to its end as any coroutine does (its RPCs, timers and sends go on, with
  // the node's current name), but its end does nothing: no init_ok, no error reply (an exception
  // is logged), no release of the waiting messages. Only the current init's hook, when it ends,
  // answers init and lets the waiting messages through. An invalid init (code 12) supersedes
  // nothing.
  template <class F>
  void OnInit(F&& hook) {
    if constexpr (std::is_same_v<std::invoke_result_t<F&>, Task<void>>) {
      SetInitHook(nullptr, std::function<Task<void>()>(std::forward<F>(hook)));
    } else {
      SetInitHook(std::function<void()>(std::forward<F>(hook)), nullptr);
    }
  }

  // --- Identity (set by init) ---------------------------------------------------------------
  // True once init has been answered init_ok (and until another init arrives).
  bool initialized() const;
  // Empty before the first init.
  const std::string& id() const;
  const std::vector<std::string>& node_ids() const;

  // --- Messages -----------------------------------------------------------------------------
  // Answers `request`: to its src, with in_reply_to set to its msg_id. A request without msg_id
  // cannot be answered; that is logged and nothing is sent.
  void Reply(const Message& request, const Body& body);
  void ReplyError(const Message& request, const Error& error);
  // Answers `request` with a body of `shape` and `value`: the same line as Reply(request,
  // Body(shape.type()).Set(key, value)), written from the node's template for the shape and the
  // request's sender (see ReplyShape). Integers, strings and views of received JSON.
  template <std::integral I>
  requires(!std::same_as<I, bool>) void Reply(const Message& request, const ReplyShape& shape,
                                              I value) {
    if constexpr (std::is_signed_v<I>) {
      ReplySigned(request, shape, static_cast<std::int64_t>(value));
    } else {
      ReplyUnsigned(request, shape, static_cast<std::uint64_t>(value));
    }
  }
  void Reply(const Message& request, const ReplyShape& shape, std::string_view value);
  void Reply(const Message& request, const ReplyShape& shape, const JsonView& value);
  // Sends a message that expects no reply (no msg_id). Before init it waits (see above). A
  // destination Maelstrom cannot route makes it stop reading the node for good, so an empty one,
  // or a node name (n<digits>) not in node_ids, throws Error code 1 (node-not-found) instead.
  void Send(std::string_view dest, const Body& body);
  // Sends a request with a fresh msg_id and calls `callback` exactly once with the reply, an
  // error reply, or a timeout error (code 0) after `timeout`, unless cancelled first. Returns the
  // msg_id, which Cancel takes. Only a reply from `dest` counts. Before init the request waits
  // (see above); `dest` is checked as for Send.
  //
  // msg_ids count up from the node clock's reading in microseconds when the node was made (from
  // 1 on a ManualClock at zero). A node that Maelstrom kills and restarts is a new process that
  // starts above every id the old one used (unless it sent more than a request a microsecond),
  // so a late reply meant for the old process is never taken for the reply to a new request.
  std::int64_t Rpc(std::string_view dest, const Body& body, Duration timeout, RpcCallback callback);
  // The same, for co_await.
  RpcCall Call(std::string_view dest, const Body& body, Duration timeout);
  // Forgets a pending RPC: its callback is never called, a late reply is dropped, and a request
  // still waiting for init is never sent. False if it was not pending.
  bool Cancel(std::int64_t msg_id);
  std::size_t pending_rpcs() const;

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
  const Clock& clock() const;

 private:
  void OnSync(std::string type, Handler handler);
  void OnAsync(std::string type, AsyncHandler handler);
  void SetInitHook(std::function<void()> sync, std::function<Task<void>()> async);
  void ReplySigned(const Message& request, const ReplyShape& shape, std::int64_t value);
  void ReplyUnsigned(const Message& request, const ReplyShape& shape, std::uint64_t value);

  std::unique_ptr<internal::NodeCore> core_;
};

}  // namespace maelstrom
