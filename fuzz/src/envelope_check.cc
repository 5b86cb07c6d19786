// CheckEnvelopeScan: the one-pass reader of compact messages against the full parser (see
// checks.h). White-box: it compares the library's internal tapes, entry by entry.
#include <string>
#include <string_view>

#include "checks.h"
#include "envelope.h"
#include "json_tape.h"
#include "maelstrom/message.h"
#include "message_state.h"

namespace glomers::fuzz {

namespace {

using maelstrom::JsonKind;
using maelstrom::JsonLimits;
using maelstrom::MalformedMessage;
using maelstrom::internal::EnvelopeSlots;
using maelstrom::internal::MessageState;
using maelstrom::internal::Tape;

std::string Slots(const EnvelopeSlots& s) {
  return "src " + std::to_string(s.src) + ", dest " + std::to_string(s.dest) + ", body " +
         std::to_string(s.body) + ", type " + std::to_string(s.type) + ", msg_id " +
         std::to_string(s.msg_id) + ", in_reply_to " + std::to_string(s.in_reply_to);
}

std::string Opt(const std::optional<std::string>& s) { return s ? "\"" + *s + "\"" : "none"; }
std::string Opt(const std::optional<std::int64_t>& v) {
  return v ? std::to_string(*v) : std::string("none");
}

// The same line read as a message with and without the scan.
std::string CompareMessages(std::string_view line, const JsonLimits& limits) {
  MessageState scanned, full;
  MalformedMessage a, b;
  bool ok_a = scanned.Parse(line, &a, limits, true);
  bool ok_b = full.Parse(line, &b, limits, false);
  if (ok_a != ok_b) {
    return std::string("Message::Parse ") + (ok_a ? "accepts" : "refuses") +
           " with the scan what it " + (ok_b ? "accepts" : "refuses") + " without";
  }
  if (!ok_a) {
    if (a.reason != b.reason) return "refused for other reasons: " + a.reason + " / " + b.reason;
    if (a.src != b.src || a.dest != b.dest || a.msg_id != b.msg_id ||
        a.in_reply_to != b.in_reply_to) {
      return "a refused line's fields differ: src " + Opt(a.src) + "/" + Opt(b.src) + ", dest " +
             Opt(a.dest) + "/" + Opt(b.dest) + ", msg_id " + Opt(a.msg_id) + "/" + Opt(b.msg_id) +
             ", in_reply_to " + Opt(a.in_reply_to) + "/" + Opt(b.in_reply_to);
    }
    return "";
  }
  if (scanned.src() != full.src() || scanned.dest() != full.dest() ||
      scanned.type() != full.type() || scanned.msg_id() != full.msg_id() ||
      scanned.in_reply_to() != full.in_reply_to() || scanned.src_json() != full.src_json() ||
      scanned.dest_json() != full.dest_json() || scanned.body_index() != full.body_index()) {
    return "the message reads differently with the scan";
  }
  return "";
}

}  // namespace

std::string CheckEnvelopeScan(std::string_view line, const JsonLimits& limits, bool* scanned) {
  Tape scan, full;
  EnvelopeSlots found;
  bool took = maelstrom::internal::ScanCompactMessage(line, limits, &scan, &found);
  if (scanned) *scanned = took;
  std::string error;
  bool parsed = full.Parse(line, &error, limits);
  if (!took) {
    if (!scan.empty() || !scan.text().empty()) return "the scan declined but left a parse behind";
  } else {
    if (!parsed) return "the scan accepted a line the full parser refuses (" + error + ")";
    if (scan.text().data() != line.data() || scan.text().size() != line.size()) {
      return "the scan's tape is not over the line";
    }
    if (scan.size() != full.size()) {
      return "tapes of " + std::to_string(scan.size()) + " and " + std::to_string(full.size()) +
             " entries";
    }
    for (std::uint32_t i = 0; i < scan.size(); ++i) {
      const auto &s = scan[i], &f = full[i];
      if (s.begin != f.begin || s.end != f.end || s.next != f.next || s.count != f.count ||
          s.kind != f.kind || s.simple != f.simple) {
        return "tape entry " + std::to_string(i) + " differs: [" + std::to_string(s.begin) + "," +
               std::to_string(s.end) + ") next " + std::to_string(s.next) + " count " +
               std::to_string(s.count) + " kind " + std::to_string(int(s.kind)) + " simple " +
               std::to_string(s.simple) + ", full parser: [" + std::to_string(f.begin) + "," +
               std::to_string(f.end) + ") next " + std::to_string(f.next) + " count " +
               std::to_string(f.count) + " kind " + std::to_string(int(f.kind)) + " simple " +
               std::to_string(f.simple);
      }
    }
    if (full[0].kind != JsonKind::kObject) return "the scan took a line that is not an object";
    EnvelopeSlots walked = maelstrom::internal::FindEnvelope(full);
    if (!(walked == found)) {
      return "envelopes differ: scan " + Slots(found) + "; full parse " + Slots(walked);
    }
  }
  return CompareMessages(line, limits);
}

}  // namespace glomers::fuzz
