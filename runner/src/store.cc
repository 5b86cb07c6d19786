#include "runner/src/store.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "runner/src/json_writer.h"
#include "runner/src/plot.h"
#include "runner/src/store_files.h"
#include "runner/src/store_writer.h"

namespace glomers {

namespace fs = std::filesystem;

std::string StoreTimestamp(std::chrono::system_clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
  std::tm local{};
  ::localtime_r(&secs, &local);
  char date[32], zone[8];
  std::strftime(date, sizeof date, "%Y%m%dT%H%M%S", &local);
  std::strftime(zone, sizeof zone, "%z", &local);
  char out[64];
  std::snprintf(out, sizeof out, "%s.%03d%s", date, static_cast<int>(ms), zone);
  return out;
}

namespace {

// Replaces `link` with a symlink to `target` atomically (a rename over the old link).
void Relink(const fs::path& link, const fs::path& target) {
  fs::path temp = link;
  temp += ".tmp." + std::to_string(::getpid());
  std::error_code ec;
  fs::remove(temp, ec);
  fs::create_directory_symlink(target, temp, ec);
  if (ec) return;
  fs::rename(temp, link, ec);
  if (ec) fs::remove(temp, ec);
}

}  // namespace

std::optional<std::string> CreateTestDir(const std::string& store, const std::string& workload,
                                         std::chrono::system_clock::time_point start,
                                         std::string* error) {
  std::error_code ec;
  fs::path parent = fs::path(store) / workload;
  fs::create_directories(parent, ec);
  if (ec) {
    *error = "cannot create " + parent.string() + ": " + ec.message();
    return std::nullopt;
  }
  std::string base = StoreTimestamp(start);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    fs::path dir = parent / (attempt == 0 ? base : base + "-" + std::to_string(attempt));
    if (::mkdir(dir.c_str(), 0755) != 0) {
      if (errno == EEXIST) continue;
      *error = "cannot create " + dir.string() + ": " + std::strerror(errno);
      return std::nullopt;
    }
    fs::create_directory(dir / "node-logs", ec);
    if (!ec) fs::create_directory(dir / "work", ec);
    if (ec) {
      *error = "cannot create directories in " + dir.string() + ": " + ec.message();
      return std::nullopt;
    }
    Relink(fs::path(store) / "current", fs::relative(dir, store));
    return dir.string();
  }
  *error = "cannot find a free directory name under " + parent.string();
  return std::nullopt;
}

void LinkLatest(const std::string& store, const std::string& workload, const std::string& dir) {
  Relink(fs::path(store) / "latest", fs::relative(dir, store));
  Relink(fs::path(store) / workload / "latest", fs::relative(dir, fs::path(store) / workload));
}

bool WriteFile(const std::string& path, const std::string& contents) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return false;
  bool ok = std::fwrite(contents.data(), 1, contents.size(), f) == contents.size();
  return (std::fclose(f) == 0) && ok;
}

namespace {

bool Put(std::FILE* out, const std::string& text) {
  return std::fwrite(text.data(), 1, text.size(), out) == text.size();
}

class ResultsFile final : public StoreFile {
 public:
  std::string_view name() const override { return "results.json"; }
  bool Write(const RunRecord& run, std::FILE* out, std::string*) const override {
    return Put(out, PrettyJson(ToJson(*run.analysis, *run.history)));
  }
};

class HistoryFile final : public StoreFile {
 public:
  std::string_view name() const override { return "history.jsonl"; }
  bool history_only() const override { return true; }
  bool Write(const RunRecord& run, std::FILE* out, std::string*) const override {
    return WriteHistory(*run.history, out);
  }
};

class LatencyPlot final : public StoreFile {
 public:
  std::string_view name() const override { return "latency-raw.svg"; }
  bool Write(const RunRecord& run, std::FILE* out, std::string*) const override {
    return Put(out, LatencySvg(*run.history, FaultWindows(*run.faults, run.end), run.end));
  }
};

class RatePlot final : public StoreFile {
 public:
  std::string_view name() const override { return "rate.svg"; }
  bool Write(const RunRecord& run, std::FILE* out, std::string*) const override {
    return Put(out, RateSvg(*run.history, FaultWindows(*run.faults, run.end), run.end));
  }
};

}  // namespace

const std::vector<std::unique_ptr<StoreFile>>& StoreFiles() {
  static const auto* files = [] {
    auto* v = new std::vector<std::unique_ptr<StoreFile>>;
    v->push_back(std::make_unique<ResultsFile>());
    v->push_back(MakeResultsEdnFile());
    v->push_back(std::make_unique<HistoryFile>());
    v->push_back(MakeHistoryEdnFile());
    v->push_back(MakeHistoryTextFile());
    v->push_back(std::make_unique<LatencyPlot>());
    v->push_back(MakeLatencyQuantilesFile());
    v->push_back(std::make_unique<RatePlot>());
    v->push_back(MakeTimelineFile());
    v->push_back(MakeMessagesFile());
    return v;
  }();
  return *files;
}

const std::vector<std::string>& LiveStoreFiles() {
  static const std::vector<std::string> files = {"jepsen.log", "test.json", "node-logs/"};
  return files;
}

std::string WriteStoreFile(const StoreFile& file, const RunRecord& run, const std::string& dir) {
  std::string path = dir + "/" + std::string(file.name());
  std::FILE* out = std::fopen(path.c_str(), "w");
  if (out == nullptr) return path + ": " + std::strerror(errno);
  std::string error;
  bool ok = file.Write(run, out, &error);
  ok = (std::fclose(out) == 0) && ok;
  if (ok) return "";
  return path + ": " + (error.empty() ? "write failed" : error);
}

std::vector<std::string> WriteStoreFiles(const RunRecord& run, const std::string& dir) {
  StoreWriter writer(run, dir);
  return writer.Finish(run);
}

}  // namespace glomers
