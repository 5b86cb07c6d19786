#include "idgen/decode.h"

#include <chrono>
#include <cstdio>

#include "idgen/flake64.h"
#include "idgen/uuid.h"

namespace idgen {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

Status DecodeFlake64Text(std::string_view text, DecodedId* out) {
  uint64_t value = 0;
  for (char c : text) {
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) {
      return Status::InvalidArgument("\"" + std::string(text) +
                                     "\" is too large: it does not fit in 64 bits");
    }
    value = value * 10 + digit;
  }
  if (!IsValidFlake64(value)) {
    return Status::InvalidArgument("\"" + std::string(text) +
                                   "\" has the top bit set; flake64 IDs are below 2^63");
  }
  const Flake64Fields f = DecodeFlake64(value);
  *out = DecodedId{IdFormat::kFlake64, f.unix_ms, f.sequence, f.node_index};
  return Status::OK();
}

Status DecodeUuidText(std::string_view text, DecodedId* out) {
  Uuid uuid;
  if (!ParseUuid(text, &uuid)) {
    return Status::InvalidArgument("\"" + std::string(text) +
                                   "\" is neither decimal digits (flake64) nor a UUID in "
                                   "8-4-4-4-12 hex form");
  }
  if (!uuid.has_rfc_variant()) {
    return Status::InvalidArgument("\"" + std::string(text) +
                                   "\" does not have the RFC 9562 variant (binary 10)");
  }
  if (uuid.version() == 7) {
    const Uuid7Fields f = DecodeUuid7(uuid);
    *out = DecodedId{IdFormat::kUuid7, f.unix_ms, f.sequence, f.node_index};
    return Status::OK();
  }
  if (uuid.version() == 4) {
    *out = DecodedId{IdFormat::kUuid4};
    return Status::OK();
  }
  return Status::InvalidArgument("\"" + std::string(text) + "\" is a version " +
                                 std::to_string(uuid.version()) +
                                 " UUID; only versions 7 and 4 are supported");
}

}  // namespace

Status DecodeId(std::string_view text, DecodedId* out) {
  if (text.empty()) return Status::InvalidArgument("empty ID");
  if (text[0] == '-' || text[0] == '+') {
    const bool numeric = text.size() > 1 && IsDigit(text[1]);
    if (numeric || text[0] == '+') {
      return Status::InvalidArgument("\"" + std::string(text) +
                                     "\" has a sign; flake64 IDs are unsigned decimal digits");
    }
  }
  bool all_digits = true;
  for (char c : text) all_digits = all_digits && IsDigit(c);
  if (all_digits && text.size() > 1 && text[0] == '0') {
    // No flake64 ID is written that way, so this is not one copied from a reply.
    return Status::InvalidArgument("\"" + std::string(text) +
                                   "\" has a leading zero; flake64 IDs are written without one");
  }
  if (all_digits) return DecodeFlake64Text(text, out);
  if (IsDigit(text[0]) && text.size() != kUuidTextSize) {
    return Status::InvalidArgument("\"" + std::string(text) +
                                   "\" contains a non-digit; flake64 IDs are decimal digits");
  }
  return DecodeUuidText(text, out);
}

std::string FormatIso8601Ms(int64_t unix_ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> tp{milliseconds{unix_ms}};
  const sys_days day = floor<days>(tp);
  const year_month_day ymd{day};
  const hh_mm_ss<milliseconds> tod{tp - day};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(tod.hours().count()),
                static_cast<int>(tod.minutes().count()), static_cast<int>(tod.seconds().count()),
                static_cast<int>(tod.subseconds().count()));
  return buf;
}

}  // namespace idgen
