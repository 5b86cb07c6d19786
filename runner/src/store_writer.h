// Writes a finished test's store files with the history files on threads of their own: at three
// million operations they are over a gigabyte (history.jsonl, .edn, .txt; seconds of formatting
// and of copying into the page cache), and they need nothing the analysis computes, so they are
// written while it runs, and while the other files are written after it.
//
//   StoreWriter writer(record, dir);       // the history files start (record.analysis unused)
//   record.analysis = &Analyze(...);       // meanwhile
//   auto problems = writer.Finish(record); // the other files; then waits for the history files
//
// Why this is safe with Values' non-atomic reference counts: a history file's writer (a
// StoreFile whose history_only() is true) reads the history through const references only: it
// copies no Value, so it never reads or writes a reference count, and it writes nothing shared.
// The calling thread may meanwhile copy the history's Values (the checkers do): then only that
// thread touches the counts, and the writers never read them. What the caller must not do while
// a StoreWriter is live: change the history (append, destroy) or intern a new FName (FName's
// table would grow under the writers' reads). Finish (or the destructor) joins every thread.
#pragma once

#include <string>
#include <thread>
#include <vector>

#include "runner/src/store.h"

namespace glomers {

class StoreWriter {
 public:
  // Starts a thread per history_only() file of StoreFiles(); `run.history` must stay unchanged
  // and alive until Finish returns.
  StoreWriter(const RunRecord& run, std::string dir);
  StoreWriter(const StoreWriter&) = delete;
  StoreWriter& operator=(const StoreWriter&) = delete;
  ~StoreWriter();

  // Writes the other files from `run` (now with its analysis) on this thread, waits for the
  // history files, and returns every problem, in StoreFiles() order (empty if none).
  std::vector<std::string> Finish(const RunRecord& run);

 private:
  void Join();

  std::string dir_;
  std::vector<std::string> problems_;  // per StoreFiles() entry, "" for none
  std::vector<std::thread> threads_;
};

}  // namespace glomers
