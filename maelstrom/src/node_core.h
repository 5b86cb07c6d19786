// What a Node is made of, behind its public header: the parts below, each a concern of its own,
// and the code that ties them together, in one file per concern:
//   node.cc      incoming lines, dispatch to handlers, error answers, replies
//   init.cc      init, by generation
//   rpc.cc       requests, replies, timeouts, cancellation (RpcCall, RpcResult)
//   run_loop.cc  the event loop over a transport, and posts from other threads
// Internal to the library.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "handler_table.h"
#include "maelstrom/clock.h"
#include "maelstrom/node.h"
#include "message_state.h"
#include "outbox.h"
#include "rpc_table.h"
#include "timer_queue.h"

namespace maelstrom::internal {

// What a node keeps of the memory a huge message made it take, per buffer.
inline constexpr std::size_t kKeptMemory = std::size_t{1} << 20;

// Init by generation (see Node::OnInit): every valid init starts a new generation, and only the
// current one's hook may finish it.
struct InitState {
  std::function<void()> sync_hook;
  std::function<Task<void>()> async_hook;
  std::string id;
  std::vector<std::string> node_ids;
  bool initialized = false;
  std::uint64_t generation = 0;    // of the latest valid init
  std::optional<Message> running;  // that init, while its coroutine hook runs
  std::deque<Message> waiting;     // requests that arrived meanwhile
};

// How other threads reach the loop.
struct Mailbox {
  std::mutex mu;  // guards posted and transport
  std::vector<std::function<void()>> posted;
  Transport* transport = nullptr;  // while Run runs, to wake it
  std::atomic<bool> stop{false};
  std::atomic<bool> has_posted{false};
};

class NodeCore {
 public:
  NodeCore(Node& node, NodeOptions options);
  ~NodeCore();
  // Destroys the coroutines still suspended (and so cancels their RPCs) while the rest of the
  // node is intact: the first thing ~Node does.
  void DestroyDetached();

  // --- node.cc
  void SetHandlers(std::string type, HandlerTable::Handlers handlers);
  void HandleLine(std::string_view line);
  void Reply(const Message& request, const Body& body);
  void ReplyError(const Message& request, const Error& error);
  // Reply with a ReplyShape: `write_value` writes the value's JSON (at most `value_size` bytes)
  // at the pointer it is given and returns how many it wrote.
  template <class WriteValue>
  void ReplyShaped(const Message& request, const ReplyShape& shape, std::size_t value_size,
                   const WriteValue& write_value);
  void Send(std::string_view dest, const Body& body);
  void Spawn(Task<void> task);
  std::string TakeOutput();

  // --- init.cc
  void SetInitHook(std::function<void()> sync, std::function<Task<void>()> async);
  const InitState& init() const { return init_; }

  // --- rpc.cc
  std::int64_t Rpc(std::string_view dest, const Body& body, Duration timeout, RpcCallback callback);
  RpcCall Call(std::string_view dest, const Body& body, Duration timeout);
  bool Cancel(std::int64_t msg_id);
  std::size_t pending_rpcs() const { return rpcs_.pending.size(); }

  // --- timers
  TimerQueue& timers() { return timers_; }
  const Clock& clock() const { return *clock_; }

  // --- run_loop.cc
  int Run(Transport& transport);
  void Post(std::function<void()> fn);
  void RunPosted();
  void Stop();

 private:
  // node.cc
  void HandleMessage(const Message& message);
  void Dispatch(const Message& message);
  Task<void> RunAsyncHandler(const Node::AsyncHandler* handler, Message message);
  void AnswerException(const Message& request, std::exception_ptr error);
  void AnswerMalformed(const MalformedMessage& bad);
  void ReplyError(std::string_view to_json, std::string_view addressed_json,
                  std::int64_t in_reply_to, const Error& error);

  // init.cc
  void HandleInit(const Message& message);
  Task<void> RunInit(Message message, std::uint64_t generation);
  void FinishInit(const Message& message, std::exception_ptr failure);

  // rpc.cc
  void HandleReply(const Message& message);
  void HandleMalformedReply(const MalformedMessage& bad);
  void Complete(std::int64_t msg_id, RpcResult result);

  Node& node_;
  SteadyClock steady_clock_;
  const Clock* clock_;
  JsonLimits limits_;

  HandlerTable handlers_;
  InitState init_;
  Outbox outbox_;
  TimerQueue timers_;
  RpcTable rpcs_;
  // Coroutines running with nobody awaiting them, destroyed with the node if still suspended.
  std::unordered_set<void*> detached_;
  Mailbox mailbox_;

  Message incoming_;             // reused for every line, so the hot path does not allocate
  bool huge_line_seen_ = false;  // memory to give back once it has been handled
};

}  // namespace maelstrom::internal
