// Jepsen's unhandled-exceptions checker: indeterminate client operations that carry an exception
// (in Maelstrom, malformed RPC responses), grouped by class, most frequent first, each with a
// count and an example operation. Always valid.
#pragma once

#include <string>

#include "runner/src/history.h"

namespace glomers {

// {"valid?":true} or {"valid?":true,"exceptions":[{"count":..,"class":..,"example":{op}}]}
std::string ExceptionsResultJson(const History& history);

}  // namespace glomers
