#include "runner/src/json_writer.h"

#include <charconv>

#include "maelstrom/json.h"

namespace glomers {

void JsonWriter::Separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (nonempty_.empty()) return;
  if (nonempty_.back()) out_ += ',';
  nonempty_.back() = true;
}

JsonWriter& JsonWriter::Open(char c) {
  Separate();
  out_ += c;
  nonempty_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::Close(char c) {
  out_ += c;
  nonempty_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  Separate();
  maelstrom::WriteJsonString(out_, key);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::PlainKey(std::string_view key) {
  Separate();
  out_ += '"';
  out_ += key;
  out_ += "\":";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::Null() {
  Separate();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::Bool(bool b) {
  Separate();
  out_ += b ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::Int(std::int64_t i) {
  Separate();
  maelstrom::WriteJson(out_, static_cast<long long>(i));
  return *this;
}

JsonWriter& JsonWriter::Uint(std::uint64_t u) {
  Separate();
  maelstrom::WriteJson(out_, static_cast<unsigned long long>(u));
  return *this;
}

JsonWriter& JsonWriter::Double(double d) {
  Separate();
  maelstrom::WriteJson(out_, d);
  return *this;
}

JsonWriter& JsonWriter::Float(float f) {
  Separate();
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, f);
  std::string_view text(buf, static_cast<std::size_t>(r.ptr - buf));
  out_ += text;
  if (text.find_first_of(".e") == std::string_view::npos) out_ += ".0";
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view s) {
  Separate();
  maelstrom::WriteJsonString(out_, s);
  return *this;
}

JsonWriter& JsonWriter::Json(const Value& v) {
  Separate();
  v.AppendJson(out_);
  return *this;
}

JsonWriter& JsonWriter::Raw(std::string_view json) {
  Separate();
  out_ += json;
  return *this;
}

namespace {

void Pretty(std::string& out, maelstrom::JsonView v, int depth) {
  auto indent = [&](int d) {
    out += '\n';
    out.append(static_cast<std::size_t>(2 * d), ' ');
  };
  if (v.is_object() && v.size() > 0) {
    out += '{';
    bool first = true;
    for (auto m : v.members()) {
      if (!first) out += ',';
      first = false;
      indent(depth + 1);
      out += m.key_view().raw();
      out += ": ";
      Pretty(out, m.value(), depth + 1);
    }
    indent(depth);
    out += '}';
  } else if (v.is_array() && v.size() > 0) {
    bool scalars = v.size() <= 8;
    for (auto e : v.elements()) scalars = scalars && !e.is_array() && !e.is_object();
    if (scalars && v.raw().size() <= 80) {
      out += v.raw();
      return;
    }
    out += '[';
    bool first = true;
    for (auto e : v.elements()) {
      if (!first) out += ',';
      first = false;
      indent(depth + 1);
      Pretty(out, e, depth + 1);
    }
    indent(depth);
    out += ']';
  } else {
    out += v.raw();
  }
}

}  // namespace

std::string PrettyJson(std::string_view json) {
  maelstrom::JsonDocument doc;
  if (!doc.Parse(json)) return std::string(json);
  std::string out;
  Pretty(out, doc.root(), 0);
  out += '\n';
  return out;
}

}  // namespace glomers
