// CheckMessage: the JSON parser and Message::Parse on arbitrary bytes (see checks.h).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "checks.h"
#include "maelstrom/json.h"
#include "maelstrom/message.h"

namespace glomers::fuzz {

namespace {

using namespace maelstrom;

std::optional<std::int64_t> Int64(JsonView v) {
  if (!v.is_integer()) return std::nullopt;
  try {
    return v.as_int64();
  } catch (const JsonError&) {
    return std::nullopt;
  }
}

bool IsCanonicalInt64Text(std::string_view raw, std::int64_t v) {
  return raw == std::to_string(v) || (raw == "-0" && v == 0);
}

// Every accessor on every value; "" or what failed.
std::string Walk(JsonView v) {
  std::string raw(v.raw());
  v.Describe();
  // The value's own text is JSON and parses to an equal value.
  Json again;
  try {
    again = Json::Parse(raw);
  } catch (const JsonError& e) {
    return "the text of a value does not parse on its own: " + raw.substr(0, 200) + " (" +
           e.what() + ")";
  }
  if (!(again.view() == v) || !(v == v))
    return "a value is not equal to itself: " + raw.substr(0, 200);
  // Written back out, a value stays on one line: Maelstrom reads lines with Java's readLine, which
  // also breaks at '\r', and whitespace in the source may hold either.
  std::string written;
  WriteJson(written, v);
  WriteJson(written, again);
  if (written.find_first_of("\r\n") != std::string::npos) {
    return "a written value holds a line break: " + raw.substr(0, 200);
  }
  switch (v.kind()) {
    case JsonKind::kNull:
      break;
    case JsonKind::kBool:
      if (v.as_bool() != (raw == "true")) return "as_bool disagrees with the text " + raw;
      break;
    case JsonKind::kNumber: {
      if (auto i = Int64(v); i && !IsCanonicalInt64Text(raw, *i)) {
        return "as_int64 of " + raw + " is " + std::to_string(*i);
      }
      try {
        v.as_uint64();
      } catch (const JsonError&) {
      }
      try {
        v.as_double();
      } catch (const JsonError&) {
      }
      break;
    }
    case JsonKind::kString: {
      std::string decoded = v.as_string();
      if (auto plain = v.string_if_plain(); plain && *plain != decoded) {
        return "a plain string decodes to something else: " + raw.substr(0, 200);
      }
      // Decoded text is UTF-8 (a lone surrogate escape becomes U+FFFD), so it round-trips.
      std::string written;
      WriteJsonString(written, decoded);
      Json back;
      try {
        back = Json::Parse(written);
      } catch (const JsonError& e) {
        return "the writer made invalid JSON of a decoded string: " + written.substr(0, 200);
      }
      if (back.as_string() != decoded) return "a string does not round-trip: " + raw.substr(0, 200);
      break;
    }
    case JsonKind::kArray: {
      std::size_t n = 0;
      for (JsonView e : v.elements()) {
        if (!(v.At(n) == e)) return "At(" + std::to_string(n) + ") is not the element";
        if (std::string why = Walk(e); !why.empty()) return why;
        ++n;
      }
      if (n != v.size()) return "an array's size is not its number of elements";
      break;
    }
    case JsonKind::kObject: {
      std::size_t n = 0;
      for (JsonMember m : v.members()) {
        std::string key = m.key();
        // Find returns the last member of that key.
        std::optional<JsonView> last;
        for (JsonMember other : v.members()) {
          if (other.key() == key) last = other.value();
        }
        auto found = v.Find(key);
        if (!found || found->raw().data() != last->raw().data()) {
          return "Find does not return the last member named " + key;
        }
        if (std::string why = Walk(m.value()); !why.empty()) return why;
        ++n;
      }
      if (n != v.size()) return "an object's size is not its number of members";
      break;
    }
  }
  return "";
}

// An independent reading of what makes a line a message, through JsonView only.
struct Reading {
  bool valid = false;
  std::optional<std::string> src, dest;
  std::optional<std::int64_t> msg_id;
};

Reading Read(JsonView root) {
  Reading r;
  if (!root.is_object()) return r;
  auto src = root.Find("src"), dest = root.Find("dest"), body = root.Find("body");
  if (src && src->is_string()) r.src = src->as_string();
  if (dest && dest->is_string()) r.dest = dest->as_string();
  if (!body || !body->is_object()) return r;
  auto type = body->Find("type"), msg_id = body->Find("msg_id");
  auto in_reply_to = body->Find("in_reply_to");
  if (msg_id) r.msg_id = Int64(*msg_id);
  r.valid = r.src && r.dest && type && type->is_string() && (!msg_id || r.msg_id) &&
            (!in_reply_to || Int64(*in_reply_to));
  return r;
}

}  // namespace

std::string CheckMessage(std::string_view data) {
  // The one-pass reader agrees with the full parser, also at the edges of the limits.
  for (JsonLimits limits : {JsonLimits{}, JsonLimits{2, data.size()},
                            JsonLimits{1, data.empty() ? 0 : data.size() - 1}}) {
    if (std::string why = CheckEnvelopeScan(data, limits); !why.empty()) return why;
  }
  JsonDocument doc;
  std::string error;
  bool parsed = doc.Parse(data, &error);
  Message message;
  MalformedMessage bad;
  bool ok = message.Parse(data, &bad);
  if (!parsed) {
    if (error.empty()) return "the parser refused the text without saying why";
    if (ok) return "Message::Parse accepted text the JSON parser refuses";
    if (bad.src || bad.dest || bad.msg_id) return "fields recovered from text that is not JSON";
    try {
      Json::Parse(data);
      return "Json::Parse accepted text JsonDocument refuses";
    } catch (const JsonError&) {
    }
    return "";
  }
  if (std::string why = Walk(doc.root()); !why.empty()) return why;
  // A copy owns its text and reads the same.
  JsonDocument doc_copy = doc;
  if (!(doc_copy.root() == doc.root()) || doc_copy.text() != data)
    return "a copied document differs";
  JsonDocument moved = std::move(doc_copy);
  if (!(moved.root() == doc.root())) return "a moved document differs";

  Reading r = Read(doc.root());
  if (ok != r.valid) {
    return ok ? "Message::Parse accepted an invalid message"
              : "Message::Parse refused a valid message (" + bad.reason + ")";
  }
  if (!ok) {
    if (bad.reason.empty()) return "a malformed message without a reason";
    if (bad.src != r.src) return "the sender of a malformed message is misread";
    if (bad.dest != r.dest) return "the dest of a malformed message is misread";
    // msg_id is read only from a body that is an object, and only if it is an id.
    if (bad.msg_id != r.msg_id) return "the msg_id of a malformed message is misread";
    return "";
  }
  JsonView root = doc.root(), body = root["body"];
  if (message.src() != *r.src || message.dest() != *r.dest) return "src or dest misread";
  if (message.type() != body["type"].as_string()) return "type misread";
  if (message.msg_id() != r.msg_id) return "msg_id misread";
  std::optional<std::int64_t> in_reply_to;
  if (auto v = body.Find("in_reply_to")) in_reply_to = Int64(*v);
  if (message.in_reply_to() != in_reply_to) return "in_reply_to misread";
  if (message.src_json() != root["src"].raw()) return "src_json is not the text of src";
  if (!(message.body() == body) || message.body().raw() != body.raw()) return "body misread";
  if (message.json() != data) return "json() is not the line";
  // A copy of a message owns its text and reads the same.
  Message copy = message;
  if (copy.src() != message.src() || copy.type() != message.type() ||
      copy.body().raw() != body.raw() || copy.json().data() == data.data()) {
    return "a copied message differs or borrows";
  }
  return "";
}

}  // namespace glomers::fuzz
