// ValidateOutputLine: what Maelstrom requires of every line a node writes (docs in checks.h).
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "checks.h"
#include "maelstrom/json.h"

namespace glomers::fuzz {

namespace {

using maelstrom::JsonDocument;
using maelstrom::JsonError;
using maelstrom::JsonLimits;
using maelstrom::JsonView;

bool IsInt64(JsonView v) {
  if (!v.is_integer()) return false;
  try {
    v.as_int64();
    return true;
  } catch (const JsonError&) {
    return false;
  }
}

}  // namespace

std::string ValidateOutputLine(std::string_view line) {
  if (line.empty()) return "an empty line";
  if (line.find('\n') != std::string_view::npos) return "a newline inside a line";
  // Maelstrom reads node output with Java's BufferedReader.readLine, which ends a line at '\r'
  // too: a raw carriage return, even as JSON whitespace, cuts the message in two.
  if (line.find('\r') != std::string_view::npos) return "a carriage return inside a line";
  JsonDocument doc;
  std::string error;
  // Wider limits than a node's input: a reply wraps what it echoes in two more levels.
  if (!doc.Parse(line, &error, JsonLimits{1024, std::size_t{1} << 31})) {
    return "not JSON (" + error + ")";
  }
  JsonView root = doc.root();
  if (!root.is_object()) return "not a JSON object";
  bool src = false, dest = false, body = false;
  for (auto member : root.members()) {
    std::string key = member.key();
    bool* seen = key == "src" ? &src : key == "dest" ? &dest : key == "body" ? &body : nullptr;
    if (seen == nullptr) return "an envelope key other than src, dest and body: \"" + key + "\"";
    if (*seen) return "the envelope key \"" + key + "\" twice";
    *seen = true;
  }
  if (!src || !dest || !body) return "an envelope without src, dest or body";
  if (!root["src"].is_string()) return "src is not a string";
  if (!root["dest"].is_string()) return "dest is not a string";
  JsonView b = root["body"];
  if (!b.is_object()) return "body is not an object";
  // Body keys are unique: readers differ on which of two they keep.
  std::set<std::string> keys;
  for (auto member : b.members()) {
    if (!keys.insert(member.key()).second) return "the body key \"" + member.key() + "\" twice";
  }
  auto type = b.Find("type");
  if (!type) return "body without type";
  if (!type->is_string()) return "body.type is not a string";
  for (const char* id : {"in_reply_to", "msg_id"}) {
    if (auto v = b.Find(id); v && !IsInt64(*v)) {
      return std::string("body.") + id + " is not an integer of 64 bits: " + std::string(v->raw());
    }
  }
  if (type->as_string() == "error") {
    auto code = b.Find("code");
    if (!code || !IsInt64(*code)) return "an error without an integer code";
    auto text = b.Find("text");
    if (text && !text->is_string()) return "an error whose text is not a string";
    if (!b.Find("in_reply_to")) return "an error that answers nothing (no in_reply_to)";
  }
  return "";
}

}  // namespace glomers::fuzz
