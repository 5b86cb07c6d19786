#include "runner/src/serve_store.h"

#include <unistd.h>

#include <algorithm>
#include <system_error>

#include "maelstrom/json.h"
#include "runner/src/serve_paths.h"

namespace glomers {

namespace fs = std::filesystem;

namespace {

// results.json of a long run is a few kilobytes; the limit only keeps a stray huge file from
// being read for the index.
constexpr std::uintmax_t kMaxSummaryFileBytes = 64u << 20;

// Parses `dir`/`name` into `doc`. False if it is absent (nothing said) or cannot be parsed
// (`problem` says why). Read through OpenInside: a results.json that is a symlink out of the
// store is refused as the server refuses it, not summed up.
bool ReadJsonFile(const fs::path& store, const fs::path& dir, const std::string& name,
                  maelstrom::JsonDocument* doc, std::string* problem) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(dir / name, ec))) return false;
  fs::path real = fs::canonical(dir / name, ec);
  int fd = ec ? -1 : OpenInside(store, real);
  if (fd < 0) {
    *problem += name + ": not a readable file in the store; ";
    return false;
  }
  std::string text;
  char buffer[65536];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0 && text.size() <= kMaxSummaryFileBytes) {
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  std::string error;
  if (n < 0 || text.size() > kMaxSummaryFileBytes) {
    *problem += name + (n < 0 ? ": cannot be read; " : ": too large to read; ");
    return false;
  }
  if (!doc->ParseOwned(std::move(text), &error)) {
    *problem += name + ": " + error + "; ";
    return false;
  }
  if (!doc->root().is_object()) {
    *problem += name + ": not a JSON object; ";
    return false;
  }
  return true;
}

// The raw JSON text of root[key1][key2]..., if every step is there and it is a number. Raw, so
// a fraction is shown as written (0.99997), never rounded into its opposite.
std::optional<std::string> NumberAt(maelstrom::JsonView root,
                                    const std::vector<std::string_view>& keys) {
  maelstrom::JsonView v = root;
  for (auto key : keys) {
    if (!v.is_object()) return std::nullopt;
    auto next = v.Find(key);
    if (!next) return std::nullopt;
    v = *next;
  }
  if (!v.is_number()) return std::nullopt;
  return std::string(v.raw());
}

RunVerdict VerdictOf(maelstrom::JsonView v) {
  if (v.is_bool()) return v.as_bool() ? RunVerdict::kValid : RunVerdict::kInvalid;
  return RunVerdict::kUnknown;  // "unknown", or anything else Jepsen would not call valid
}

void ReadTestJson(maelstrom::JsonView test, RunSummary* run) {
  if (auto w = test.Find("workload"); w && w->is_string()) run->workload = w->as_string();
  if (auto nodes = test.Find("nodes"); nodes && nodes->is_array()) run->node_count = nodes->size();
  if (auto nemesis = test.Find("nemesis"); nemesis && nemesis->is_array() && nemesis->size()) {
    std::string faults;
    for (auto fault : nemesis->elements()) {
      if (fault.is_string()) faults += (faults.empty() ? "" : ",") + fault.as_string();
    }
    run->figures.emplace_back("nemesis", faults);
  }
  if (auto t = NumberAt(test, {"time-limit"})) run->figures.emplace_back("time limit (s)", *t);
  if (auto r = NumberAt(test, {"rate"})) run->figures.emplace_back("rate (/s)", *r);
}

void ReadResultsJson(maelstrom::JsonView results, RunSummary* run) {
  if (auto valid = results.Find("valid?")) run->verdict = VerdictOf(*valid);
  // Vectors, not initializer lists: those in a static array would outlive their elements.
  static const std::pair<const char*, std::vector<std::string_view>> kFigures[] = {
      {"operations", {"stats", "count"}},
      {"ok", {"stats", "ok-count"}},
      {"fail", {"stats", "fail-count"}},
      {"info", {"stats", "info-count"}},
      {"ok fraction", {"availability", "ok-fraction"}},
      {"msgs/op", {"net", "all", "msgs-per-op"}},
  };
  for (const auto& [label, keys] : kFigures) {
    if (auto n = NumberAt(results, keys)) run->figures.emplace_back(label, *n);
  }
  // The workload's own counts (unique-ids' duplicated-count, ...), without naming a workload.
  if (auto w = results.Find("workload"); w && w->is_object()) {
    for (auto member : w->members()) {
      std::string key = member.key();
      if (key.size() > 6 && key.ends_with("-count") && member.value().is_number()) {
        run->figures.emplace_back(key.substr(0, key.size() - 6), std::string(member.value().raw()));
      }
    }
  }
  for (auto member : results.members()) {
    auto value = member.value();
    if (!value.is_object()) continue;
    auto valid = value.Find("valid?");
    if (valid && !(valid->is_bool() && valid->as_bool())) run->failed.push_back(member.key());
  }
}

}  // namespace

bool IsRunDirectory(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "test.json", ec) ||
         fs::is_regular_file(dir / "results.json", ec);
}

std::optional<std::string> ReadableTimestamp(const std::string& name) {
  // 20240102T030405.678+0000, perhaps with a suffix CreateTestDir added on a clash.
  if (name.size() < 15 || name[8] != 'T') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14}) {
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
  }
  return name.substr(0, 4) + "-" + name.substr(4, 2) + "-" + name.substr(6, 2) + " " +
         name.substr(9, 2) + ":" + name.substr(11, 2) + ":" + name.substr(13, 2);
}

RunSummary SummarizeRun(const fs::path& store, const std::string& relative) {
  fs::path dir = store / relative;
  RunSummary run;
  run.path = relative;
  fs::path rel(relative);
  run.workload = rel.has_parent_path() ? rel.parent_path().filename().string() : relative;
  std::string name = rel.filename().string();
  run.started = ReadableTimestamp(name).value_or(name);
  maelstrom::JsonDocument test, results;
  if (ReadJsonFile(store, dir, "test.json", &test, &run.problem)) ReadTestJson(test.root(), &run);
  if (ReadJsonFile(store, dir, "results.json", &results, &run.problem)) {
    ReadResultsJson(results.root(), &run);
  }
  if (run.problem.ends_with("; ")) run.problem.resize(run.problem.size() - 2);
  return run;
}

std::vector<RunSummary> FindRuns(const fs::path& store) {
  std::vector<std::pair<std::string, RunSummary>> found;  // (timestamp name, run)
  std::error_code ec;
  for (const auto& workload : fs::directory_iterator(store, ec)) {
    if (workload.is_symlink(ec) || !workload.is_directory(ec)) continue;
    std::error_code inner;
    for (const auto& run : fs::directory_iterator(workload.path(), inner)) {
      if (run.is_symlink(inner) || !run.is_directory(inner) || !IsRunDirectory(run.path())) {
        continue;
      }
      std::string relative =
          workload.path().filename().string() + "/" + run.path().filename().string();
      found.emplace_back(run.path().filename().string(), SummarizeRun(store, relative));
    }
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second.path < b.second.path;
  });
  std::vector<RunSummary> runs;
  for (auto& [name, run] : found) runs.push_back(std::move(run));
  return runs;
}

std::vector<DirectoryEntry> ListDirectory(const fs::path& store, const fs::path& dir) {
  std::vector<DirectoryEntry> entries;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::error_code inner;
    fs::path real = fs::canonical(entry.path(), inner);
    if (inner || !IsInside(store, real)) continue;
    auto status = fs::status(real, inner);
    if (inner || !(fs::is_directory(status) || fs::is_regular_file(status))) continue;
    DirectoryEntry e;
    e.name = entry.path().filename().string();
    e.is_directory = fs::is_directory(status);
    e.is_symlink = entry.is_symlink(inner);
    if (!e.is_directory) e.size = fs::file_size(real, inner);
    entries.push_back(std::move(e));
  }
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.is_directory != b.is_directory ? a.is_directory : a.name < b.name;
  });
  return entries;
}

}  // namespace glomers
