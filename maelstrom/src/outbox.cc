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
  if (named()) {
    Write(src_json_, to_json, members, kInReplyTo, in_reply_to);
  } else if (addressed_json.size() > 2) {  // a name, not ""
    Write(addressed_json, to_json, members, kInReplyTo, in_reply_to);
  } else {
    MAELSTROM_LOG(kWarn, "not answering ", to_json,
                  ": the node has no name yet, and the request "
                  "was not addressed to one");
  }
}

void Outbox::ReplyUnnamed(std::string_view before_value, std::string_view value,
                          std::string_view to_json, std::string_view addressed_json,
                          std::int64_t in_reply_to) {
  std::string members(before_value);
  members += value;
  Reply(to_json, addressed_json, members, in_reply_to);
}

std::string Outbox::WrongDestination(std::string_view dest) const {
  if (dest.empty()) return "a message needs a destination";
  if (!named()) return "";  // the node's peers are not known yet
  bool node_like = dest.size() > 1 && dest[0] == 'n' &&
                   dest.find_first_not_of("0123456789", 1) == std::string_view::npos;
  if (!node_like || std::find(node_ids_.begin(), node_ids_.end(), dest) != node_ids_.end()) {
    return "";
  }
  return "no node " + std::string(dest) + " among the " + std::to_string(node_ids_.size()) +
         " in node_ids: Maelstrom would stop reading this node's output";
}

void Outbox::Send(std::string_view dest, std::string_view members,
                  std::optional<std::int64_t> msg_id) {
  if (std::string wrong = WrongDestination(dest); !wrong.empty()) {
    throw Error(ErrorCode::kNodeNotFound, wrong);
  }
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
  waiting_.push_back(
      Waiting{std::string(dest), std::move(dest_json), std::string(members), msg_id});
}

void Outbox::Forget(std::int64_t msg_id) {
  auto it = std::find_if(waiting_.begin(), waiting_.end(),
                         [&](const Waiting& w) { return w.msg_id == msg_id; });
  if (it == waiting_.end()) return;
  waiting_bytes_ -= it->dest_json.size() + it->members.size();
  waiting_.erase(it);
}

std::vector<std::int64_t> Outbox::Name(std::string_view id,
                                       const std::vector<std::string>& node_ids) {
  src_json_.clear();
  WriteJsonString(src_json_, id);
  for (Template& t : templates_) t.shape = 0;  // they hold the old name
  node_ids_ = node_ids;
  std::vector<std::int64_t> dropped;
  if (waiting_.empty()) return dropped;
  MAELSTROM_LOG(kInfo, "init named the node ", id, ": sending the ", waiting_.size(),
                " messages that waited for it");
  for (const Waiting& w : waiting_) {
    if (std::string wrong = WrongDestination(w.dest); !wrong.empty()) {
      MAELSTROM_LOG(kError, "dropping a message that waited for init: ", wrong);
      if (w.msg_id) dropped.push_back(*w.msg_id);
      continue;
    }
    Write(src_json_, w.dest_json, w.members, w.msg_id ? kMsgId : ""sv, w.msg_id.value_or(0));
  }
  waiting_.clear();
  waiting_.shrink_to_fit();
  waiting_bytes_ = 0;
  return dropped;
}

}  // namespace maelstrom::internal
