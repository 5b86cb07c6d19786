// Logging the exception that ended a piece of user code the loop runs (a timer, a posted
// function, an RPC callback, a task): the loop goes on. Internal to the library.
#pragma once

#include <exception>
#include <string_view>

namespace maelstrom::internal {

// Logs, as an error, "<what> failed: <the exception's text>" (or "... failed with an unknown
// exception" for one that is not a std::exception).
void LogFailure(std::string_view what, std::exception_ptr error);

}  // namespace maelstrom::internal
