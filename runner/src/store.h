// The store: where a test's files go, as Jepsen lays them out, STORE/WORKLOAD/TIMESTAMP/, with
// symlinks STORE/current (the running test), STORE/latest and STORE/WORKLOAD/latest (the last
// finished); and the files a finished test leaves there.
//
// Each file is a StoreFile, written from the record of the run; StoreFiles() lists them, in the
// order they are written. A new file is a StoreFile and a line in that list (store.cc).
// test.json (the options and seed) is written at the start instead, so that a test that aborts
// still says how to run it again; jepsen.log and node-logs/ as the test runs (LiveStoreFiles()).
#pragma once

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runner/src/fault_log.h"
#include "runner/src/history.h"
#include "runner/src/network.h"
#include "runner/src/options.h"
#include "runner/src/results.h"

namespace glomers {

// Everything a finished test knows, for its files.
struct RunRecord {
  const TestOptions* options = nullptr;
  const History* history = nullptr;
  const Analysis* analysis = nullptr;
  const FaultLog* faults = nullptr;
  Nanos end = 0;                     // when the operation phase ended, since the test began
  const Network* network = nullptr;  // its journal, for messages.svg (none: an empty diagram)
};

class StoreFile {
 public:
  virtual ~StoreFile() = default;
  virtual std::string_view name() const = 0;
  // Writes the file's contents; false if that fails (then `error` says why).
  virtual bool Write(const RunRecord& run, std::FILE* out, std::string* error) const = 0;
  // Whether Write reads nothing of the record but run.history, and that only through const
  // references (no Value copied, so no reference count touched): such a file is written on a
  // thread of its own while the analysis runs (store_writer.h says why that is safe).
  virtual bool history_only() const { return false; }
};

// results.json, results.edn, history.jsonl, history.edn, history.txt, latency-raw.svg,
// latency-quantiles.svg, rate.svg, timeline.html, messages.svg (store_files.h says where each
// is written).
const std::vector<std::unique_ptr<StoreFile>>& StoreFiles();
// The files written while the test runs rather than from its record: jepsen.log (console_log.h),
// node-logs/ (node_processes.h), test.json.
const std::vector<std::string>& LiveStoreFiles();

// Writes every StoreFile into `dir`; returns the problems (empty if none), in StoreFiles() order.
// The history files are written concurrently (StoreWriter, store_writer.h).
std::vector<std::string> WriteStoreFiles(const RunRecord& run, const std::string& dir);
// Writes one StoreFile into `dir`: "" if it went well, else the problem.
std::string WriteStoreFile(const StoreFile& file, const RunRecord& run, const std::string& dir);

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
