#include "runner/src/node_output.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "runner/src/json_writer.h"
#include "runner/src/lenient_json.h"

namespace glomers {

using maelstrom::JsonView;

namespace {

// Jackson's own limit (StreamReadConstraints, 2.17: cheshire 5.13's): nesting up to 1000 deep.
const maelstrom::JsonLimits kLimits{1000, std::size_t{64} << 20};

std::string Shorten(std::string_view text) {
  if (text.size() <= 200) return std::string(text);
  return std::string(text.substr(0, 200)) + "...";
}

std::string_view Name(JsonView key, std::string* decoded) {
  if (auto plain = key.string_if_plain()) return *plain;
  *decoded = key.as_string();
  return *decoded;
}

// Calls f(name, value) for each entry of the map keywordize-keys-1 makes of `v`: an object's
// members, or an array's [key, value] pairs (a pair without its value: nullopt, Clojure's nil).
// Returns why `v` makes no map with string keys, or empty.
template <class F>
std::string ForEachEntry(JsonView v, F&& f) {
  std::string decoded;
  if (v.is_object()) {
    for (auto member : v.members()) {
      if (!f(Name(member.key_view(), &decoded), std::optional<JsonView>(member.value()))) break;
    }
    return {};
  }
  std::size_t index = 0;
  for (JsonView pair : v.elements()) {
    if (!pair.is_array() || pair.size() == 0 || !pair.At(0).is_string()) {
      return "element " + std::to_string(index) + " (" + Shorten(pair.raw()) +
             ") is not a [key, value] pair with a string key";
    }
    std::optional<JsonView> value;
    if (pair.size() > 1) value = pair.At(1);
    if (!f(Name(pair.At(0), &decoded), value)) break;
    ++index;
  }
  return {};
}

bool HasDuplicates(std::vector<std::string_view>& keys) {
  if (keys.size() <= 16) {
    for (std::size_t i = 1; i < keys.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (keys[i] == keys[j]) return true;
      }
    }
    return false;
  }
  std::sort(keys.begin(), keys.end());
  return std::adjacent_find(keys.begin(), keys.end()) != keys.end();
}

// The envelope, as net.clj's closed schema checks it: src and dest strings, a body, an
// optional integer id, nothing else; the last of duplicate keys counts.
bool ReadEnvelope(JsonView root, NodeLine* out, std::optional<JsonView>* body, LintSet* lint,
                  std::string* reason) {
  std::optional<JsonView> src, dest, id;
  bool has_src = false, has_dest = false, has_body = false, has_id = false, dup = false;
  bool has_extra = false;
  std::string extra;
  std::string why = ForEachEntry(root, [&](std::string_view name, std::optional<JsonView> v) {
    auto take = [&](bool& has, std::optional<JsonView>& slot) {
      dup |= has;
      has = true;
      slot = v;
    };
    if (name == "src") {
      take(has_src, src);
    } else if (name == "dest") {
      take(has_dest, dest);
    } else if (name == "body") {
      take(has_body, *body);
    } else if (name == "id") {
      take(has_id, id);
    } else {
      has_extra = true;
      extra = name;
      return false;
    }
    return true;
  });
  if (!why.empty()) {
    *reason = "a JSON array that is no message: its " + why;
    return false;
  }
  if (has_extra) {
    *reason = "has a key \"" + Shorten(extra) +
              "\", but a message has only src, dest and body (and an optional integer id)";
    return false;
  }
  if (!has_src || !has_dest || !has_body) {
    *reason = std::string("has no ") + (!has_src ? "src" : !has_dest ? "dest" : "body");
    return false;
  }
  for (auto [which, v, name] : {std::tuple{"src", &src, &out->src}, {"dest", &dest, &out->dest}}) {
    if (!*v || !(*v)->is_string()) {
      *reason = std::string(which) + " is not a string";
      return false;
    }
    auto plain = (*v)->string_if_plain();
    if (plain) {
      name->assign(*plain);
    } else {
      *name = (*v)->as_string();
    }
  }
  if (has_id && (!id || !id->is_integer())) {
    *reason = "id is not an integer";
    return false;
  }
  if (dup) *lint |= LintBit(LintKind::kDuplicateKey);
  return true;
}

std::optional<std::int64_t> IntegerValue(JsonView v) {
  try {
    return v.as_int64();
  } catch (const maelstrom::JsonError&) {
    return std::nullopt;  // an integer beyond 64 bits: valid, but it can match no msg_id
  }
}

using Entries = std::vector<std::pair<std::string, std::string_view>>;

// The object of `entries` (name, JSON value) as a Clojure map has them: the last of duplicate
// names kept.
void WriteEntries(const Entries& entries, std::string& out, LintSet* lint) {
  out.clear();
  JsonWriter w(out);
  w.BeginObject();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    bool later = false;
    for (std::size_t j = i + 1; j < entries.size() && !later; ++j) {
      later = entries[j].first == entries[i].first;
    }
    if (later) {
      *lint |= LintBit(LintKind::kDuplicateKey);
      continue;
    }
    w.Key(entries[i].first).Raw(entries[i].second);
  }
  w.EndObject();
}

// An object body: what the lint wants to know of it (type, msg_id, in_reply_to), and, if a key
// is there twice, the body rewritten with the last of each (as the map Maelstrom passes on).
void ReadObjectBody(JsonView body, LineScratch& scratch, NodeLine* out, LintSet* lint) {
  out->body = body.raw();
  std::optional<JsonView> type, msg_id, in_reply_to;
  scratch.keys.clear();
  for (auto member : body.members()) {
    JsonView key = member.key_view();
    std::string_view raw = key.raw();
    scratch.keys.push_back(raw);
    if (raw == "\"type\"") type = member.value();
    if (raw == "\"msg_id\"") msg_id = member.value();
    if (raw == "\"in_reply_to\"") in_reply_to = member.value();
  }
  out->type = type && type->is_string() ? type->raw() : std::string_view();
  if (out->type.empty()) *lint |= LintBit(LintKind::kTypelessBody);
  for (auto [v, id, kind] : {std::tuple{&msg_id, &out->msg_id, LintKind::kNonIntegerMsgId},
                             {&in_reply_to, &out->in_reply_to, LintKind::kNonIntegerInReplyTo}}) {
    if (!*v) continue;
    if ((*v)->is_integer()) {
      *id = IntegerValue(**v);
    } else {
      *lint |= LintBit(kind);
    }
  }
  if (!HasDuplicates(scratch.keys)) return;
  Entries entries;
  std::string decoded;
  for (auto member : body.members()) {
    entries.emplace_back(std::string(Name(member.key_view(), &decoded)), member.value().raw());
  }
  WriteEntries(entries, scratch.body, lint);
  out->body = scratch.body;
}

// The body as keywordize-keys-1 leaves it: an object; null, "" or [] make {}; an array of
// [key, value] pairs makes the object of them (the last of duplicate keys kept).
bool ReadBody(std::optional<JsonView> body, LineScratch& scratch, NodeLine* out, LintSet* lint,
              std::string* reason) {
  out->type = {};
  out->msg_id.reset();
  out->in_reply_to.reset();
  if (body && body->is_object()) {
    ReadObjectBody(*body, scratch, out, lint);
    return true;
  }
  bool empty = !body || body->is_null() || (body->is_string() && body->raw() == "\"\"") ||
               (body->is_array() && body->size() == 0);
  if (!empty && !body->is_array()) {
    *reason = "body is " + body->Describe() +
              ", of which Maelstrom cannot make a map (an object, or an array of [key, value] "
              "pairs, or null)";
    return false;
  }
  *lint |= LintBit(LintKind::kBodyNotObject) | LintBit(LintKind::kTypelessBody);
  if (empty) {
    out->body = "{}";
    return true;
  }
  Entries entries;
  std::string why = ForEachEntry(*body, [&](std::string_view name, std::optional<JsonView> v) {
    entries.emplace_back(std::string(name), v ? v->raw() : std::string_view("null"));
    return true;
  });
  if (!why.empty()) {
    *reason = "body is an array whose " + why;
    return false;
  }
  WriteEntries(entries, scratch.body, lint);
  out->body = scratch.body;
  return true;
}

}  // namespace

bool ParseNodeLine(std::string_view line, LineScratch& scratch, NodeLine* out, std::string* reason,
                   LintSet* lint) {
  std::string parse_error;
  if (!scratch.doc.Parse(line, &parse_error, kLimits)) {
    // Not strict JSON: read it as Maelstrom's parser does.
    RepairedLine repaired = RepairLine(line);
    if (repaired.text.empty()) {
      *reason = "a blank line, which is not a JSON message";
      return false;
    }
    scratch.repaired = std::move(repaired.text);
    if (!scratch.doc.Parse(scratch.repaired, &parse_error, kLimits)) {
      *reason = "not well-formed JSON (" + parse_error + ")";
      return false;
    }
    *lint |= repaired.lint;
  }
  JsonView root = scratch.doc.root();
  if (root.is_array()) {
    *lint |= LintBit(LintKind::kEnvelopeArray);
  } else if (!root.is_object()) {
    *reason = "a JSON " + std::string(maelstrom::KindName(root.kind())) + ", not a message object";
    return false;
  }
  std::optional<JsonView> body;
  return ReadEnvelope(root, out, &body, lint, reason) && ReadBody(body, scratch, out, lint, reason);
}

namespace {

constexpr std::size_t kMaxLine = std::size_t{64} << 20;  // the JSON parser's own limit

// Where the next line ends: the first '\n' or '\r', or npos.
std::size_t LineEnd(std::string_view bytes) {
  const char* data = bytes.data();
  const void* lf = std::memchr(data, '\n', bytes.size());
  std::size_t limit =
      lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - data) : bytes.size();
  const void* cr = std::memchr(data, '\r', limit);
  if (cr) return static_cast<std::size_t>(static_cast<const char*>(cr) - data);
  return lf ? limit : std::string_view::npos;
}

}  // namespace

void NodeOutput::Line(std::string_view line, Ending ending, Sink& sink) {
  ++lines_;
  std::string reason;
  LintSet lint = 0;
  if (ParseNodeLine(line, scratch_, &line_, &reason, &lint)) reason = sink.OnMessage(line, line_);
  if (reason.empty()) {
    if (ending == Ending::kCrlf) lint |= LintBit(LintKind::kCrlf);
    if (ending == Ending::kCr) lint |= LintBit(LintKind::kBareCr);
    if (ending == Ending::kNone) lint |= LintBit(LintKind::kNoFinalLineBreak);
    if (lint != 0) sink.OnLint(lint, line, lines_);
    if (ending == Ending::kCrPending) {
      skip_lf_ = true;
      pending_excerpt_.assign(line.substr(0, std::min<std::size_t>(line.size(), 200)));
    }
    return;
  }
  if (ending == Ending::kCr || ending == Ending::kCrPending) {
    reason += "; the line ended at a carriage return (\\r), where Maelstrom's readLine ends a line";
  }
  reading_ = false;
  sink.OnInvalid(line, reason);
}

void NodeOutput::ResolvePendingCr(bool lf, Sink& sink) {
  skip_lf_ = false;
  sink.OnLint(LintBit(lf ? LintKind::kCrlf : LintKind::kBareCr), pending_excerpt_, lines_);
}

bool NodeOutput::Feed(std::string_view bytes, Sink& sink) {
  if (!reading_) return false;
  if (bytes.empty()) return true;
  if (skip_lf_) {
    bool lf = bytes.front() == '\n';
    ResolvePendingCr(lf, sink);
    if (lf) bytes.remove_prefix(1);
  }
  // Whole lines go straight from the bytes given; only a partial line is kept.
  for (std::size_t end; reading_ && (end = LineEnd(bytes)) != std::string_view::npos;) {
    Ending ending = Ending::kLf;
    std::size_t skip = 1;
    if (bytes[end] == '\r') {
      if (end + 1 == bytes.size()) {
        ending = Ending::kCrPending;
      } else if (bytes[end + 1] == '\n') {
        ending = Ending::kCrlf;
        skip = 2;
      } else {
        ending = Ending::kCr;
      }
    }
    if (partial_.empty()) {
      Line(bytes.substr(0, end), ending, sink);
    } else {
      partial_.append(bytes.substr(0, end));
      Line(partial_, ending, sink);
      partial_.clear();
    }
    bytes.remove_prefix(end + skip);
  }
  if (!reading_) return false;
  partial_.append(bytes);
  if (partial_.size() > kMaxLine) {
    reading_ = false;
    sink.OnInvalid(partial_, "a line longer than 64 MiB");
    partial_.clear();
  }
  return reading_;
}

void NodeOutput::End(Sink& sink) {
  if (!reading_) return;
  if (skip_lf_) ResolvePendingCr(false, sink);
  if (partial_.empty()) return;
  std::string last = std::move(partial_);
  partial_.clear();
  Line(last, Ending::kNone, sink);
}

void NodeOutput::Reset() {
  reading_ = true;
  partial_.clear();
  skip_lf_ = false;
}

}  // namespace glomers
