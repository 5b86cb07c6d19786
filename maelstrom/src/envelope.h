// Where a message's envelope lies on its tape: the entries of `src`, `dest` and `body`, and of the
// body's `type`, `msg_id` and `in_reply_to`. Two ways to get there, which must agree exactly:
//
//  - FindEnvelope walks the tape the full parser made (json_parser.cc), the root's members and
//    then the body's, for any valid JSON text;
//  - ScanCompactMessage reads a line in one pass, building the same tape and finding the same
//    entries as it goes, for the shapes Maelstrom sends (compact JSON, an object of objects of
//    plain strings, non-negative integers and literals). Anything else it declines, and the line
//    goes to the full parser, which accepts or refuses it as it always has: the scan never
//    accepts what the full parser refuses, and what it accepts reads exactly as the full parse
//    does (envelope_test.cc checks both on the fuzz corpus and on generated variants).
//
// Internal to the library.
#pragma once

#include <cstdint>
#include <string_view>

#include "json_tape.h"
#include "maelstrom/json.h"

namespace maelstrom::internal {

// Tape indexes of the envelope's values. 0 means absent: index 0 is the root, never a member.
// On duplicate keys the last one wins (as in JsonView::Find); the body's members are those of
// the last `body`, and none when it is not an object.
struct EnvelopeSlots {
  std::uint32_t src = 0, dest = 0, body = 0;
  std::uint32_t type = 0, msg_id = 0, in_reply_to = 0;

  friend bool operator==(const EnvelopeSlots&, const EnvelopeSlots&) = default;
};

// The envelope of a parsed text whose root is an object.
EnvelopeSlots FindEnvelope(const Tape& tape);

// Parses `line` into `tape` (as Tape::Parse, borrowing the line) and finds its envelope, in one
// pass, if the line has a shape this reads: compact JSON (no whitespace at all), a root object
// whose values are plain strings (printable ASCII, no escapes), integers without sign, fraction
// or exponent, true, false, null, or objects of those. Returns false for any other line, the tape
// then empty: parse it with Tape::Parse. Within `limits` only (depth 2 needs max_depth >= 2).
bool ScanCompactMessage(std::string_view line, const JsonLimits& limits, Tape* tape,
                        EnvelopeSlots* slots);

}  // namespace maelstrom::internal
