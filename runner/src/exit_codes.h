// Exit statuses of `glomers`, as Jepsen's: the verdict (0 valid, 1 invalid, 2 unknown), 254 for a
// command line that cannot run, 255 for a test that could not be carried out (a node that never
// answered init, a binary that cannot be started, an internal error).
#pragma once

namespace glomers {

inline constexpr int kExitValid = 0;
inline constexpr int kExitInvalid = 1;
inline constexpr int kExitUnknown = 2;
inline constexpr int kExitUsage = 254;
inline constexpr int kExitAborted = 255;

}  // namespace glomers
