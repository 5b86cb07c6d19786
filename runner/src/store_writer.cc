#include "runner/src/store_writer.h"

#include <utility>

namespace glomers {

StoreWriter::StoreWriter(const RunRecord& run, std::string dir)
    : dir_(std::move(dir)), problems_(StoreFiles().size()) {
  // The history files get a record of the history alone (a file that reads more than it says
  // finds null). Each thread writes its own slot of problems_, which nothing reads before Join.
  RunRecord history_run;
  history_run.history = run.history;
  for (std::size_t i = 0; i < StoreFiles().size(); ++i) {
    const StoreFile& file = *StoreFiles()[i];
    if (!file.history_only()) continue;
    threads_.emplace_back(
        [this, &file, history_run, i] { problems_[i] = WriteStoreFile(file, history_run, dir_); });
  }
}

StoreWriter::~StoreWriter() { Join(); }

void StoreWriter::Join() {
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

std::vector<std::string> StoreWriter::Finish(const RunRecord& run) {
  for (std::size_t i = 0; i < StoreFiles().size(); ++i) {
    const StoreFile& file = *StoreFiles()[i];
    if (!file.history_only()) problems_[i] = WriteStoreFile(file, run, dir_);
  }
  Join();
  std::vector<std::string> problems;
  for (std::string& p : problems_) {
    if (!p.empty()) problems.push_back(std::move(p));
  }
  return problems;
}

}  // namespace glomers
