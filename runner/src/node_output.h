// How glomers reads what a node writes on stdout: the bytes cut into lines, each line checked
// as a message, the first that is not one ending the reading of that node (Maelstrom reads
// nothing more from a node after a line it cannot take). One reader per node process; what the
// lines mean (where a message goes) is the caller's business.
//
// Today a line ends at '\n' and is checked strictly: a JSON object with exactly src, dest and
// body (and optionally an integer id); src and dest strings; body an object whose type is a
// string and whose msg_id and in_reply_to, if present, are integers. Whether src and dest name
// live entities is the network's question.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "maelstrom/json.h"

namespace glomers {

// A validated line. Views point into the line.
struct NodeLine {
  std::string src;
  std::string dest;
  std::string_view body;  // the body object's JSON text
  std::string_view type;  // raw JSON string of body.type, quotes included
  std::optional<std::int64_t> msg_id;
  std::optional<std::int64_t> in_reply_to;
};

// Checks one line (without its line break). On failure returns false and says why in `reason`.
// `doc` is scratch space, reused across calls.
bool ParseNodeLine(std::string_view line, maelstrom::JsonDocument& doc, NodeLine* out,
                   std::string* reason);

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
  };

  // Takes the next bytes the node wrote; calls the sink for every complete line, in order.
  // Returns false once reading has ended (an invalid line); bytes after that are ignored.
  bool Feed(std::string_view bytes, Sink& sink);
  bool reading() const { return reading_; }
  // Starts over, for a restarted node.
  void Reset();

 private:
  void Line(std::string_view line, Sink& sink);

  bool reading_ = true;
  std::string partial_;  // a line not yet ended
  maelstrom::JsonDocument doc_;
  NodeLine line_;
};

}  // namespace glomers
