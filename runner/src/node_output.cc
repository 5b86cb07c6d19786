#include "runner/src/node_output.h"

namespace glomers {

using maelstrom::JsonView;

namespace {

bool ReadName(JsonView v, std::string* out) {
  if (!v.is_string()) return false;
  if (auto plain = v.string_if_plain()) {
    out->assign(*plain);
  } else {
    *out = v.as_string();
  }
  return true;
}

// An integer id that fits in 64 bits; larger integers are valid but can match nothing.
std::optional<std::int64_t> IntegerValue(JsonView v) {
  try {
    return v.as_int64();
  } catch (const maelstrom::JsonError&) {
    return std::nullopt;
  }
}

std::string Shorten(std::string_view text) {
  if (text.size() <= 200) return std::string(text);
  return std::string(text.substr(0, 200)) + "...";
}

}  // namespace

namespace {

// The envelope: exactly src, dest and body (and optionally an integer id).
bool ReadEnvelope(JsonView root, NodeLine* out, JsonView* body, std::string* reason) {
  bool has_src = false, has_dest = false, has_body = false;
  for (auto member : root.members()) {
    JsonView key = member.key_view();
    auto name = key.string_if_plain();
    std::string decoded;
    if (!name) {
      decoded = key.as_string();
      name = decoded;
    }
    if (*name == "src" || *name == "dest") {
      bool src = *name == "src";
      if (!ReadName(member.value(), src ? &out->src : &out->dest)) {
        *reason = std::string(src ? "src" : "dest") + " is not a string";
        return false;
      }
      (src ? has_src : has_dest) = true;
    } else if (*name == "body") {
      *body = member.value();
      has_body = true;
    } else if (*name == "id") {
      if (!member.value().is_integer()) {
        *reason = "id is not an integer";
        return false;
      }
    } else {
      *reason = "has a key \"" + Shorten(*name) +
                "\", but a message has only src, dest and body (and an optional integer id)";
      return false;
    }
  }
  if (!has_src || !has_dest || !has_body) {
    *reason = std::string("has no ") + (!has_src ? "src" : !has_dest ? "dest" : "body");
    return false;
  }
  return true;
}

// The body: an object with a string type, and integer msg_id and in_reply_to if present.
bool ReadBody(JsonView body, NodeLine* out, std::string* reason) {
  if (!body.is_object()) {
    *reason = "body is a JSON " + std::string(maelstrom::KindName(body.kind())) + ", not an object";
    return false;
  }
  out->body = body.raw();
  out->msg_id.reset();
  out->in_reply_to.reset();
  auto type = body.Find("type");
  if (!type || !type->is_string()) {
    *reason = type ? "body type is not a string" : "body has no type";
    return false;
  }
  out->type = type->raw();
  for (auto [key, id] : {std::pair{"msg_id", &out->msg_id}, {"in_reply_to", &out->in_reply_to}}) {
    if (auto v = body.Find(key)) {
      if (!v->is_integer()) {
        *reason = "body " + std::string(key) + " " + Shorten(v->raw()) + " is not an integer";
        return false;
      }
      *id = IntegerValue(*v);
    }
  }
  return true;
}

}  // namespace

bool ParseNodeLine(std::string_view line, maelstrom::JsonDocument& doc, NodeLine* out,
                   std::string* reason) {
  std::string parse_error;
  if (!doc.Parse(line, &parse_error)) {
    *reason = line.find_first_not_of(" \t\r") == std::string_view::npos
                  ? "a blank line, which is not a JSON message"
                  : "not well-formed JSON (" + parse_error + ")";
    return false;
  }
  JsonView root = doc.root();
  if (!root.is_object()) {
    *reason = "a JSON " + std::string(maelstrom::KindName(root.kind())) + ", not a message object";
    return false;
  }
  JsonView body;
  return ReadEnvelope(root, out, &body, reason) && ReadBody(body, out, reason);
}

namespace {
constexpr std::size_t kMaxLine = std::size_t{64} << 20;  // the JSON parser's own limit
}  // namespace

void NodeOutput::Line(std::string_view line, Sink& sink) {
  std::string reason;
  if (ParseNodeLine(line, doc_, &line_, &reason)) reason = sink.OnMessage(line, line_);
  if (reason.empty()) return;
  reading_ = false;
  sink.OnInvalid(line, reason);
}

bool NodeOutput::Feed(std::string_view bytes, Sink& sink) {
  if (!reading_) return false;
  std::size_t nl = bytes.find('\n');
  // Whole lines go straight from the bytes given; only a partial line is kept.
  if (nl != std::string_view::npos && !partial_.empty()) {
    partial_.append(bytes.substr(0, nl));
    Line(partial_, sink);
    partial_.clear();
    bytes.remove_prefix(nl + 1);
    nl = bytes.find('\n');
  }
  while (nl != std::string_view::npos && reading_) {
    Line(bytes.substr(0, nl), sink);
    bytes.remove_prefix(nl + 1);
    nl = bytes.find('\n');
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

void NodeOutput::Reset() {
  reading_ = true;
  partial_.clear();
}

}  // namespace glomers
