#include "mark_file.h"

#include <cstdio>

#include "crc32c.h"

namespace idgen {

namespace {

constexpr std::string_view kMagic = "idgen-mark v1 node=";
constexpr std::string_view kMsField = " ms=";
constexpr std::string_view kCrcField = " crc32c=";
constexpr size_t kMaxFileNameSize = 200;

bool IsSafeByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

std::string Hex32(uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return std::string(buf, 8);
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

Status MarkFileName(std::string_view prefix, std::string_view node_id, std::string* name) {
  if (node_id.empty()) return Status::InvalidArgument("node id is empty");
  if (prefix.empty()) return Status::InvalidArgument("mark file prefix is empty");
  for (char c : prefix) {
    if (!IsSafeByte(c) && c != '.') {
      return Status::InvalidArgument("mark file prefix \"" + std::string(prefix) +
                                     "\" may only contain [A-Za-z0-9_.-]");
    }
  }
  std::string result = std::string(prefix) + "." + EscapeNodeId(node_id) + ".mark";
  if (result.size() > kMaxFileNameSize) {
    return Status::InvalidArgument(
        "node id is too long for a mark file name (" + std::to_string(result.size()) +
        " bytes after escaping, at most " + std::to_string(kMaxFileNameSize) + ")");
  }
  *name = std::move(result);
  return Status::OK();
}

std::string EncodeMark(std::string_view node_id, int64_t mark_ms) {
  std::string body =
      std::string(kMagic) + EscapeNodeId(node_id) + std::string(kMsField) + std::to_string(mark_ms);
  const uint32_t crc = Crc32c(body);
  return body + std::string(kCrcField) + Hex32(crc) + "\n";
}

Status DecodeMark(std::string_view contents, std::string_view node_id, int64_t* mark_ms) {
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
  // A matching checksum over a body we would not have written means a different format,
  // not damage, but refusing is still the only safe answer.
  const std::string expected_prefix =
      std::string(kMagic) + EscapeNodeId(node_id) + std::string(kMsField);
  if (body.substr(0, expected_prefix.size()) != expected_prefix) {
    if (body.substr(0, kMagic.size()) == kMagic) {
      return Status::Corruption(
          "mark file belongs to another node (expected node=" + EscapeNodeId(node_id) + ")");
    }
    return Status::Corruption("mark file has an unknown format");
  }
  const std::string_view digits = body.substr(expected_prefix.size());
  if (digits.empty() || digits.size() > 16 || (digits.size() > 1 && digits[0] == '0')) {
    return Status::Corruption("mark file has a malformed ms field");
  }
  int64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return Status::Corruption("mark file has a malformed ms field");
    value = value * 10 + (c - '0');
  }
  if (value > kMaxMarkMs) return Status::Corruption("mark file ms field is out of range");
  *mark_ms = value;
  return Status::OK();
}

}  // namespace idgen
