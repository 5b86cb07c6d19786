// init, by generation (see Node::OnInit): naming the node, the hook, init_ok, and the requests
// that waited for it.
#include <algorithm>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "log_failure.h"
#include "maelstrom/log.h"
#include "node_core.h"

namespace maelstrom::internal {

void NodeCore::SetInitHook(std::function<void()> sync, std::function<Task<void>()> async) {
  init_.sync_hook = std::move(sync);
  init_.async_hook = std::move(async);
}

void NodeCore::HandleInit(const Message& message) {
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

  // A valid init starts a new generation. One whose hook still runs is superseded: answered
  // now, from the name it was sent to, and its hook's end will do nothing.
  if (init_.running) {
    std::string text = "init superseded by a later init (msg_id " +
                       std::to_string(message.msg_id().value_or(0)) + ") before its hook ended";
    MAELSTROM_LOG(kWarn, "init from ", message.src(), " as ", id, ": ", text,
                  " (superseded: msg_id ", init_.running->msg_id().value_or(0), ")");
    ReplyError(*init_.running, Error(ErrorCode::kAbort, text));
    init_.running.reset();
  } else if (init_.generation > 0) {
    MAELSTROM_LOG(kInfo, "init again, now as ", id);
  }
  ++init_.generation;
  init_.initialized = false;
  init_.id = std::move(id);
  init_.node_ids = std::move(ids);
  // What waited for a name goes out now, before the hook runs.
  for (std::int64_t msg_id : outbox_.Name(init_.id, init_.node_ids)) {
    Complete(msg_id, RpcResult(Error(ErrorCode::kNodeNotFound,
                                     "no such node among init's node_ids: the request that "
                                     "waited for init was not sent")));
  }

  if (init_.async_hook) {
    init_.running = message;  // a copy that owns its text
    Spawn(RunInit(message, init_.generation));
    return;
  }
  std::exception_ptr failure;
  if (init_.sync_hook) {
    try {
      init_.sync_hook();
    } catch (...) {
      failure = std::current_exception();
    }
  }
  FinishInit(message, failure);
}

Task<void> NodeCore::RunInit(Message message, std::uint64_t generation) {
  // The hook's own copy: if OnInit replaces it meanwhile, this coroutine's captures stay alive.
  std::function<Task<void>()> hook = init_.async_hook;
  std::exception_ptr failure;
  try {
    co_await hook();
  } catch (...) {
    failure = std::current_exception();
  }
  if (generation != init_.generation) {
    std::string what = "the hook of the superseded init (msg_id " +
                       std::to_string(message.msg_id().value_or(0)) + " from " +
                       std::string(message.src()) + ")";
    if (failure) {
      LogFailure(what, failure);
    } else {
      MAELSTROM_LOG(kInfo, what, " ended; a later init is the node's");
    }
    co_return;
  }
  init_.running.reset();
  FinishInit(message, failure);
}

void NodeCore::FinishInit(const Message& message, std::exception_ptr failure) {
  if (failure) {
    AnswerException(message, failure);
  } else {
    init_.initialized = true;
    Reply(message, Body("init_ok"));
  }
  // What arrived during init is handled now, in order (answered "not initialized" if init
  // failed). Should handling one of them start another init, the rest wait for that one.
  while (!init_.waiting.empty() && !init_.running) {
    Message next = std::move(init_.waiting.front());
    init_.waiting.pop_front();
    HandleMessage(next);
  }
}

}  // namespace maelstrom::internal
