#include "mark_file.h"

#include <cstdio>

#include "crc32c.h"

namespace idgen {

namespace {

constexpr std::string_view kMagic = "idgen-mark v2 index=";
constexpr std::string_view kMsField = " ms=";
constexpr std::string_view kNodeField = " node=";
constexpr std::string_view kCrcField = " crc32c=";
constexpr size_t kMaxPrefixSize = 100;

bool IsSafeByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

std::string Hex32(uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return std::string(buf, 8);
}

// Canonical decimal (no sign, no leading zero) of at most 16 digits.
bool ParseDecimal(std::string_view digits, int64_t* value) {
  if (digits.empty() || digits.size() > 16 || (digits.size() > 1 && digits[0] == '0')) return false;
  int64_t v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *value = v;
  return true;
}

}  // namespace

std::string EscapeNodeId(std::string_view node_id) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : node_id) {
    if (IsSafeByte(c)) {
      out += c;
    } else {
      const auto b = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 0xf];
    }
  }
  return out;
}

Status MarkFileName(std::string_view prefix, uint32_t node_index, std::string* name) {
  if (prefix.empty()) return Status::InvalidArgument("mark file prefix is empty");
  if (prefix.size() > kMaxPrefixSize) {
    return Status::InvalidArgument("mark file prefix is longer than " +
                                   std::to_string(kMaxPrefixSize) + " bytes");
  }
  for (char c : prefix) {
    if (!IsSafeByte(c) && c != '.') {
      return Status::InvalidArgument("mark file prefix \"" + std::string(prefix) +
                                     "\" may only contain [A-Za-z0-9_.-]");
    }
  }
  *name = std::string(prefix) + "." + std::to_string(node_index) + ".mark";
  return Status::OK();
}

std::string EncodeMark(uint32_t node_index, std::string_view node_id, int64_t mark_ms) {
  std::string body = std::string(kMagic) + std::to_string(node_index) + std::string(kMsField) +
                     std::to_string(mark_ms) + std::string(kNodeField) + EscapeNodeId(node_id);
  const uint32_t crc = Crc32c(body);
  return body + std::string(kCrcField) + Hex32(crc) + "\n";
}

Status DecodeMark(std::string_view contents, uint32_t node_index, DecodedMark* mark) {
  if (contents.empty()) return Status::Corruption("mark file is empty");
  if (contents.back() != '\n')
    return Status::Corruption("mark file is truncated (no final newline)");
  const std::string_view line = contents.substr(0, contents.size() - 1);
  if (line.find('\n') != std::string_view::npos) {
    return Status::Corruption("mark file has more than one line");
  }
  const size_t crc_at = line.rfind(kCrcField);
  if (crc_at == std::string_view::npos) return Status::Corruption("mark file has no checksum");
  const std::string_view body = line.substr(0, crc_at);
  const std::string_view crc_text = line.substr(crc_at + kCrcField.size());
  const std::string expected_crc = Hex32(Crc32c(body));
  if (crc_text != expected_crc) {
    return Status::Corruption("mark file checksum mismatch (stored \"" + std::string(crc_text) +
                              "\", computed \"" + expected_crc + "\")");
  }
  // A matching checksum over a body we would not have written means a different format (an
  // older idgen's v1, say), not damage, but refusing is still the only safe answer.
  if (body.substr(0, kMagic.size()) != kMagic) {
    return Status::Corruption("mark file has an unknown format (expected \"idgen-mark v2\")");
  }
  std::string_view rest = body.substr(kMagic.size());
  const size_t ms_at = rest.find(kMsField);
  const size_t node_at = rest.find(kNodeField);
  if (ms_at == std::string_view::npos || node_at == std::string_view::npos || node_at < ms_at) {
    return Status::Corruption("mark file has an unknown format (fields missing or out of order)");
  }
  int64_t index = 0;
  int64_t value = 0;
  if (!ParseDecimal(rest.substr(0, ms_at), &index)) {
    return Status::Corruption("mark file has a malformed index field");
  }
  if (!ParseDecimal(rest.substr(ms_at + kMsField.size(), node_at - ms_at - kMsField.size()),
                    &value)) {
    return Status::Corruption("mark file has a malformed ms field");
  }
  const std::string_view node = rest.substr(node_at + kNodeField.size());
  for (char c : node) {
    if (!IsSafeByte(c) && c != '%') {
      return Status::Corruption("mark file has a malformed node field");
    }
  }
  if (index != static_cast<int64_t>(node_index)) {
    return Status::Corruption("mark file belongs to node index " + std::to_string(index) +
                              ", not " + std::to_string(node_index) +
                              " (copied or renamed from another index?)");
  }
  if (value > kMaxMarkMs) return Status::Corruption("mark file ms field is out of range");
  mark->ms = value;
  mark->node = std::string(node);
  return Status::OK();
}

}  // namespace idgen
