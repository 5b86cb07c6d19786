// How glomers reads what a node writes on stdout: exactly as Maelstrom does (process.clj,
// net.clj; ../shared/maelstrom-protocol.md §10). One reader per node process.
//
// Lines: Java's readLine over a UTF-8 reader. A line ends at '\n', "\r\n" or a bare '\r'; the
// last line is read at the end of output even without a line break.
// Each line: its first JSON value (Jackson via cheshire: bad UTF-8 read as U+FFFD, raw control
// characters in strings accepted, whatever follows the value ignored, the last of duplicate keys
// kept), made a map one level deep (keywordize-keys-1: an object, or an array of [key, value]
// pairs), checked against the envelope schema {src: string, dest: string, body: any, id?:
// integer}, closed, and its body made a map the same way (null, "" and [] become {}). A body need
// not have a type; msg_id and in_reply_to are not looked at here (a client judges its replies).
// Whether src and dest are registered is the sink's question (the network's).
// The first line that fails any of this ends the reading of that node: Maelstrom reads nothing
// more from it. What passes but a careful node would not write is reported to the sink as lint.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "maelstrom/json.h"
#include "runner/src/lint.h"

namespace glomers {

// A line taken as a message. Views point into the line or into the parse's scratch space.
struct NodeLine {
  std::string src;
  std::string dest;
  std::string_view body;  // the body as a JSON object's text, as Maelstrom passes it on
  std::string_view type;  // raw JSON of body.type if it is a string, quotes included; else empty
  std::optional<std::int64_t> msg_id;       // if an integer that fits in 64 bits
  std::optional<std::int64_t> in_reply_to;  // likewise
};

// What one parse needs besides the line; reused from line to line.
struct LineScratch {
  maelstrom::JsonDocument doc;
  std::string repaired;                // the line as Maelstrom's parser reads it, when that differs
  std::string body;                    // a body Maelstrom makes an object of
  std::vector<std::string_view> keys;  // a body's keys, to find duplicates
};

// Reads one line (without its line break). Returns false, saying why in `reason`, when Maelstrom
// would stop reading the node at it; else fills `out` and adds to `lint` what it let pass.
bool ParseNodeLine(std::string_view line, LineScratch& scratch, NodeLine* out, std::string* reason,
                   LintSet* lint);

class NodeOutput {
 public:
  class Sink {
   public:
    virtual ~Sink() = default;
    // A line that is a message. Returns why it cannot be taken after all (its src or dest is
    // not a live entity, say), which ends the reading as an invalid line does; empty if taken.
    virtual std::string OnMessage(std::string_view line, const NodeLine& message) = 0;
    // The line that ends the reading; nothing after it is read.
    virtual void OnInvalid(std::string_view line, const std::string& reason) = 0;
    // A line that was taken had `kinds` of lint; `number` counts the node's lines from 1.
    virtual void OnLint(LintSet kinds, std::string_view line, std::uint64_t number) = 0;
  };

  // Takes the next bytes the node wrote; calls the sink for every complete line, in order.
  // Returns false once reading has ended (an invalid line); bytes after that are ignored.
  bool Feed(std::string_view bytes, Sink& sink);
  // The node's output ended: a last line without a line break is read too.
  void End(Sink& sink);
  bool reading() const { return reading_; }
  // Starts over, for a restarted node (line numbers go on counting).
  void Reset();

 private:
  enum class Ending { kLf, kCrlf, kCr, kCrPending, kNone };
  void Line(std::string_view line, Ending ending, Sink& sink);
  void ResolvePendingCr(bool lf, Sink& sink);

  bool reading_ = true;
  std::string partial_;  // a line not yet ended
  std::uint64_t lines_ = 0;
  // A line ended by '\r' as the last byte read: a '\n' next makes it "\r\n" (readLine skips it).
  bool skip_lf_ = false;
  std::string pending_excerpt_;  // that line, for its lint
  LineScratch scratch_;
  NodeLine line_;
};

}  // namespace glomers
