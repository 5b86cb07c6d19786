// What `glomers serve` reads from the store for its pages: the runs (STORE/WORKLOAD/TIMESTAMP/,
// as store.h lays them out), each summed up from its test.json and results.json, and the
// entries of a directory. Nothing here writes; a file that is missing or unreadable is reported
// in the summary (`problem`), never thrown, so one broken run does not hide the others.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace glomers {

// results.json's top-level "valid?": true, false, "unknown"; kNone when there is no
// results.json (a test still running, or one that aborted).
enum class RunVerdict { kValid, kInvalid, kUnknown, kNone };

struct RunSummary {
  std::string path;      // relative to the store: "echo/20240102T030405.678+0000"
  std::string workload;  // test.json's, else the directory's name
  std::string started;   // "2024-01-02 03:04:05", from the directory's name; else the name
  std::optional<std::size_t> node_count;  // test.json's nodes
  RunVerdict verdict = RunVerdict::kNone;
  // Key figures, in order: ("operations", "13"), ("ok", "13"), ... Only those the files have.
  std::vector<std::pair<std::string, std::string>> figures;
  std::vector<std::string> failed;  // results.json's checkers whose "valid?" is not true
  std::string problem;              // why a file could not be read; empty if none
};

// A run directory: one with a test.json or a results.json in it.
bool IsRunDirectory(const std::filesystem::path& dir);

// The runs under canonical `store`, newest first (by start time, then path). Symlinks (latest,
// current) are not followed, so each run is listed once.
std::vector<RunSummary> FindRuns(const std::filesystem::path& store);

// The run STORE/`relative` (`store` canonical, `relative` as FindRuns gives it).
RunSummary SummarizeRun(const std::filesystem::path& store, const std::string& relative);

struct DirectoryEntry {
  std::string name;
  bool is_directory = false;  // after following a symlink
  std::uintmax_t size = 0;    // files only
  bool is_symlink = false;
};

// The entries of `dir` (under canonical `store`), directories first, then by name. Entries the
// server would refuse (a dangling symlink, one out of the store, a fifo) are left out.
std::vector<DirectoryEntry> ListDirectory(const std::filesystem::path& store,
                                          const std::filesystem::path& dir);

// "2024-01-02 03:04:05" from Jepsen's "20240102T030405.678+0000" (nullopt if it is not one).
std::optional<std::string> ReadableTimestamp(const std::string& name);

}  // namespace glomers
