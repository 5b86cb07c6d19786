#include "outbox.h"

#include <algorithm>
#include <utility>

#include "format.h"
#include "maelstrom/error.h"
#include "maelstrom/json.h"
#include "maelstrom/log.h"

namespace maelstrom::internal {

using namespace std::string_view_literals;

namespace {
constexpr std::string_view kInReplyTo = R"(,"in_reply_to":)";
constexpr std::string_view kMsgId = R"(,"msg_id":)";
}  // namespace

void Outbox::Write(std::string_view src_json, std::string_view dest_json, std::string_view members,
                   std::string_view id_key, std::int64_t id) {
  out_.Append(R"({"src":)"sv);
  out_.Append(src_json);
  out_.Append(R"(,"dest":)"sv);
  out_.Append(dest_json);
  out_.Append(R"(,"body":{)"sv);
  out_.Append(members);
  if (!id_key.empty()) {
    out_.Append(id_key);
    out_.Commit(WriteSigned(id, out_.Reserve(kMaxIntegerDigits)));
  }
  out_.Append("}}\n"sv);
}

void Outbox::Reply(std::string_view to_json, std::string_view addressed_json,
                   std::string_view members, std::int64_t in_reply_to) {
  Write(named() ? std::string_view(src_json_) : addressed_json, to_json, members, kInReplyTo,
        in_reply_to);
}

void Outbox::Send(std::string_view dest, std::string_view members,
                  std::optional<std::int64_t> msg_id) {
  std::string dest_json;
  WriteJsonString(dest_json, dest);
  if (named()) {
    Write(src_json_, dest_json, members, msg_id ? kMsgId : ""sv, msg_id.value_or(0));
    return;
  }
  std::size_t bytes = dest_json.size() + members.size();
  if (waiting_bytes_ + bytes > kMaxWaitingBytes) {
    throw Error(ErrorCode::kTemporarilyUnavailable,
                "node not initialized: " + std::to_string(waiting_.size()) +
                    " messages already wait for init to name it");
  }
  waiting_bytes_ += bytes;
  waiting_.push_back(Waiting{std::move(dest_json), std::string(members), msg_id});
}

void Outbox::Forget(std::int64_t msg_id) {
  auto it = std::find_if(waiting_.begin(), waiting_.end(),
                         [&](const Waiting& w) { return w.msg_id == msg_id; });
  if (it == waiting_.end()) return;
  waiting_bytes_ -= it->dest_json.size() + it->members.size();
  waiting_.erase(it);
}

void Outbox::Name(std::string_view id) {
  src_json_.clear();
  WriteJsonString(src_json_, id);
  if (waiting_.empty()) return;
  MAELSTROM_LOG(kInfo, "init named the node ", id, ": sending the ", waiting_.size(),
                " messages that waited for it");
  for (const Waiting& w : waiting_) {
    Write(src_json_, w.dest_json, w.members, w.msg_id ? kMsgId : ""sv, w.msg_id.value_or(0));
  }
  waiting_.clear();
  waiting_.shrink_to_fit();
  waiting_bytes_ = 0;
}

}  // namespace maelstrom::internal
