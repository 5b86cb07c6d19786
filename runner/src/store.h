// Where a test's files go, as Jepsen lays them out: STORE/WORKLOAD/TIMESTAMP/, with symlinks
// STORE/current (the running test), STORE/latest and STORE/WORKLOAD/latest (the last finished).
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace glomers {

// Jepsen's directory name for a start time: 20240102T030405.678+0000 (local time).
std::string StoreTimestamp(std::chrono::system_clock::time_point t);

// Creates a fresh test directory with node-logs/ and work/ in it, and points STORE/current at it.
// Never reuses a directory: a clash adds a suffix. Returns its path, or nullopt and `error`.
std::optional<std::string> CreateTestDir(const std::string& store, const std::string& workload,
                                         std::chrono::system_clock::time_point start,
                                         std::string* error);

// Points STORE/latest and STORE/WORKLOAD/latest at the finished test.
void LinkLatest(const std::string& store, const std::string& workload, const std::string& dir);

// Writes a whole file; false on error.
bool WriteFile(const std::string& path, const std::string& contents);

}  // namespace glomers
