// Runs build/bin/glomers as a user would, in a fresh store, and reads what it leaves behind.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "maelstrom/json.h"
#include "testing/temp_dir.h"

namespace glomers::e2e {

struct HistoryOp {
  std::int64_t index = 0;
  std::string type;  // invoke, ok, fail, info
  std::string f;
  std::string value;          // JSON
  std::int64_t process = -1;  // -1: the nemesis
  std::int64_t time = 0;
  std::string error;  // JSON or empty
};

struct GlomersRun {
  int exit_code = -1;
  std::string out;                                     // stdout: the summary
  std::string err;                                     // stderr: progress and problems
  std::shared_ptr<glomers::testing::TempDir> scratch;  // removed with the last copy of the run
  std::string store;
  std::string dir;          // the test's directory (empty if none was made)
  maelstrom::Json results;  // null if there is no results.json
  std::vector<HistoryOp> history;

  std::string NodeLog(const std::string& node) const;
  // Client completions of each type.
  std::int64_t Count(const std::string& type) const;
};

// Runs `glomers` with `args` plus --store in a new temporary directory, removed when the run is
// (and --seed 424242 unless `args` has a --seed, --init-timeout 120 unless it has one).
GlomersRun RunGlomers(const std::vector<std::string>& args);

std::string ReadFile(const std::string& path);
bool Exists(const std::string& path);

}  // namespace glomers::e2e
