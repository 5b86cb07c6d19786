// CheckDecodeId: the `idgen decode` parser on arbitrary bytes (see checks.h).
#include <cstdint>
#include <string>
#include <string_view>

#include "checks.h"
#include "cli.h"
#include "idgen/decode.h"
#include "idgen/flake64.h"
#include "idgen/uuid.h"

namespace glomers::fuzz {

namespace {

using namespace idgen;

bool SameFields(const DecodedId& a, const DecodedId& b) {
  return a.format == b.format && a.unix_ms == b.unix_ms && a.sequence == b.sequence &&
         a.node_index == b.node_index;
}

// The value of a string of decimal digits written as IDs are (no leading zero), if it fits.
std::optional<std::uint64_t> Digits(std::string_view text) {
  if (text.empty() || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    std::uint64_t d = static_cast<std::uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  return v;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

std::string CheckDecodeId(std::string_view data) {
  DecodedId d;
  Status s = DecodeId(data, &d);
  std::optional<std::uint64_t> number = Digits(data);
  Uuid uuid;
  bool is_uuid = ParseUuid(data, &uuid);
  // Every valid ID is accepted.
  bool valid = (number && IsValidFlake64(*number)) ||
               (is_uuid && uuid.has_rfc_variant() && (uuid.version() == 7 || uuid.version() == 4));
  if (!s.ok()) {
    if (!s.IsInvalidArgument()) return "refused with a code other than InvalidArgument";
    if (s.message().empty()) return "refused without a reason";
    if (valid) return "refused a valid ID: " + std::string(s.message());
    return "";
  }
  if (!valid) return "accepted something that is no ID";
  // What `idgen decode` prints must not fail either.
  if (cli::DescribeDecoded(d).empty()) return "nothing to print for a decoded ID";
  DecodedId again;
  switch (d.format) {
    case IdFormat::kFlake64: {
      if (!number) return "accepted a flake64 that is not digits";
      if (d.unix_ms < kFlake64EpochMs || d.unix_ms >= kFlake64EndMs || d.sequence > kMaxSequence ||
          d.node_index > kMaxNodeIndex) {
        return "decoded fields out of range";
      }
      std::uint64_t id = EncodeFlake64({d.unix_ms, d.sequence, d.node_index});
      if (id != *number) return "the fields do not encode back to the ID";
      if (!DecodeId(std::to_string(id), &again).ok() || !SameFields(again, d)) {
        return "the canonical text decodes differently";
      }
      return "";
    }
    case IdFormat::kUuid7:
    case IdFormat::kUuid4: {
      if (!is_uuid) return "accepted a UUID that does not parse";
      std::string canonical = FormatUuid(uuid);
      if (canonical != Lower(data)) return "the canonical text is not the text, lowercased";
      if (!DecodeId(canonical, &again).ok() || !SameFields(again, d)) {
        return "the canonical text decodes differently";
      }
      if (d.format == IdFormat::kUuid4) {
        return uuid.version() == 4 ? "" : "a uuid4 that is not version 4";
      }
      if (uuid.version() != 7) return "a uuid7 that is not version 7";
      if (d.unix_ms < 0 || d.unix_ms >= kUuid7EndMs || d.sequence > kMaxSequence ||
          d.node_index > kMaxNodeIndex) {
        return "decoded fields out of range";
      }
      // The fields and the random bits encode back to the same UUID.
      Uuid back = EncodeUuid7({d.unix_ms, d.sequence, d.node_index, uuid.low()});
      if (back != uuid) return "the fields do not encode back to the UUID";
      return "";
    }
  }
  return "an unknown format";
}

}  // namespace glomers::fuzz
