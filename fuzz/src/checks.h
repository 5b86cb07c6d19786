// The invariants the fuzz targets check, as plain functions: the libFuzzer entry points
// (fuzz_target.cc, clang only) call them, and so does the GoogleTest replay of the corpus and of
// every crash ever found (replay_test.cc), so g++ builds check the regressions too.
//
// Each returns "" when the input upholds every invariant, else what went wrong. Memory errors
// and crashes are for the sanitizers to catch.
#pragma once

#include <string>
#include <string_view>

#include "maelstrom/json.h"

namespace glomers::fuzz {

// message: the JSON parser and Message::Parse on arbitrary bytes. Whatever parses survives every
// accessor and re-parses to an equal value; strings round-trip through the writer; Message::Parse
// accepts exactly the lines an independent reading (through JsonView) finds valid, and on a
// malformed line recovers the sender and msg_id exactly when they are there to be read.
std::string CheckMessage(std::string_view data);

// node_line: the bytes as one input line to an initialized maelstrom::Node (handlers: echo, a
// coroutine that makes an RPC, handlers that throw). Every output line is protocol JSON (an
// object with exactly src, dest and body; body.type a string; in_reply_to and msg_id integers),
// and the node writes exactly the lines the request calls for: one answer to a request with a
// msg_id (code 12 to a malformed one whose sender and msg_id can be read), nothing else. The RPC
// the coroutine made is then answered (a reply, an error or a timeout, chosen by the input) and
// checked the same way, and the node must still answer a plain echo afterwards.
std::string CheckNodeLine(std::string_view data);

// decode_id: idgen::DecodeId never crashes, rejects with InvalidArgument, and whatever it
// accepts round-trips: the decoded fields encode back to the same ID, whose canonical text
// decodes to the same fields. It accepts every valid ID (canonical flake64 digits, version 7 and
// 4 UUIDs).
std::string CheckDecodeId(std::string_view data);

// The one-pass reader of compact messages (maelstrom/src/envelope.h) against the full parser on
// `line`: when the scan takes a line, the full parser accepts it too, with the same tape entry for
// entry and the same envelope; and Message::Parse, with the scan and without, accepts or refuses
// the line alike, with the same fields and the same reason. Sets *scanned to whether the scan
// took the line. CheckMessage runs it under the default limits and tight ones.
std::string CheckEnvelopeScan(std::string_view line, const maelstrom::JsonLimits& limits,
                              bool* scanned = nullptr);

// One output line of a node checked against the protocol's envelope rules: "" if it is valid.
// Exposed so that tests can show that it does reject what it should.
std::string ValidateOutputLine(std::string_view line);

}  // namespace glomers::fuzz
