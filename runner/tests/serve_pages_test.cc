// What `glomers serve` reads from the store (serve_store.h) and the pages it makes of it
// (serve_pages.h), without a socket.
#include <gtest/gtest.h>

#include "runner/src/serve_pages.h"
#include "runner/src/serve_store.h"
#include "runner/tests/serve_test_util.h"

namespace glomers {
namespace {

using serve_test::kEchoRun;
using serve_test::kIdsRun;
using serve_test::ScratchStore;
using serve_test::WriteFile;
namespace fs = std::filesystem;

std::string Figure(const RunSummary& run, const std::string& label) {
  for (const auto& [l, v] : run.figures) {
    if (l == label) return v;
  }
  return "(absent)";
}

TEST(ServeStoreTest, ARunIsSummedUpFromItsFiles) {
  ScratchStore s;
  RunSummary run = SummarizeRun(s.store(), kEchoRun);
  EXPECT_EQ(run.path, kEchoRun);
  EXPECT_EQ(run.workload, "echo");
  EXPECT_EQ(run.started, "2024-01-02 03:04:05");
  EXPECT_EQ(run.node_count, 2u);
  EXPECT_EQ(run.verdict, RunVerdict::kValid);
  EXPECT_EQ(Figure(run, "operations"), "13");
  EXPECT_EQ(Figure(run, "ok fraction"), "0.99997");  // as written, never rounded to 1
  EXPECT_EQ(Figure(run, "msgs/op"), "2.3076923");
  EXPECT_EQ(Figure(run, "nemesis"), "partition,kill");
  EXPECT_EQ(Figure(run, "time limit (s)"), "2.0");
  EXPECT_TRUE(run.failed.empty());
  EXPECT_EQ(run.problem, "");

  RunSummary ids = SummarizeRun(s.store(), kIdsRun);
  EXPECT_EQ(ids.verdict, RunVerdict::kInvalid);
  EXPECT_EQ(ids.node_count, 3u);
  EXPECT_EQ(Figure(ids, "duplicated"), "2");  // a workload's own *-count, unnamed here
  EXPECT_EQ(ids.failed, std::vector<std::string>{"workload"});
}

TEST(ServeStoreTest, VerdictsAreJepsensThreeValuesOrNone) {
  ScratchStore s;
  const std::string run = "echo/20240104T000000.000+0000";
  fs::path dir = s.store() / run;
  WriteFile(dir / "results.json", R"({"valid?":"unknown"})");
  EXPECT_EQ(SummarizeRun(s.store(), run).verdict, RunVerdict::kUnknown);
  fs::remove(dir / "results.json");
  WriteFile(dir / "test.json", R"({"workload":"echo"})");  // running, or aborted
  RunSummary none = SummarizeRun(s.store(), run);
  EXPECT_EQ(none.verdict, RunVerdict::kNone);
  EXPECT_EQ(none.problem, "");
  EXPECT_FALSE(none.node_count.has_value());
}

TEST(ServeStoreTest, ABrokenFileIsAProblemNotAnError) {
  ScratchStore s;
  fs::path dir = s.store() / "echo" / "20240104T000000.000+0000";
  WriteFile(dir / "results.json", "{\"valid?\": tru");
  WriteFile(dir / "test.json", "[1]");
  RunSummary run = SummarizeRun(s.store(), "echo/20240104T000000.000+0000");
  EXPECT_EQ(run.verdict, RunVerdict::kNone);
  EXPECT_NE(run.problem.find("results.json: "), std::string::npos) << run.problem;
  EXPECT_NE(run.problem.find("test.json: not a JSON object"), std::string::npos) << run.problem;
}

TEST(ServeStoreTest, FilesOutsideTheStoreAreNotSummedUp) {
  ScratchStore s;
  const std::string name = "echo/20240105T000000.000+0000";
  fs::path outside = s.store().parent_path() / "outside" / "results.json";
  WriteFile(outside, R"({"valid?":true,"stats":{"count":42}})");
  fs::create_directories(s.store() / name);
  fs::create_symlink(outside, s.store() / name / "results.json");
  RunSummary run = SummarizeRun(s.store(), name);
  EXPECT_EQ(run.verdict, RunVerdict::kNone);
  EXPECT_EQ(Figure(run, "operations"), "(absent)");
  EXPECT_EQ(run.problem, "results.json: not a readable file in the store");
}

TEST(ServeStoreTest, RunsAreFoundOnceEachNewestFirst) {
  ScratchStore s;
  auto runs = FindRuns(s.store());
  ASSERT_EQ(runs.size(), 2u);  // latest (a symlink) is not a third
  EXPECT_EQ(runs[0].path, kIdsRun);
  EXPECT_EQ(runs[1].path, kEchoRun);
  // A directory without test.json or results.json is not a run.
  fs::create_directories(s.store() / "echo" / "20250101T000000.000+0000" / "work");
  EXPECT_EQ(FindRuns(s.store()).size(), 2u);
}

TEST(ServeStoreTest, ListingsLeaveOutWhatWouldBeRefused) {
  ScratchStore s;
  std::vector<std::string> names;
  for (const auto& e : ListDirectory(s.store(), s.run(kEchoRun))) {
    names.push_back(e.name + (e.is_directory ? "/" : ""));
  }
  EXPECT_EQ(names, (std::vector<std::string>{"node-logs/", "history.jsonl", "rate.svg",
                                             "results.json", "test.json"}));
  auto top = ListDirectory(s.store(), s.store());
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[1].name, "latest");
  EXPECT_TRUE(top[1].is_symlink && top[1].is_directory);
}

TEST(ServeStoreTest, TimestampsReadAsDates) {
  EXPECT_EQ(ReadableTimestamp("20240102T030405.678+0000"), "2024-01-02 03:04:05");
  EXPECT_EQ(ReadableTimestamp("20240102T030405.678+0000-1"), "2024-01-02 03:04:05");
  EXPECT_FALSE(ReadableTimestamp("latest").has_value());
  EXPECT_FALSE(ReadableTimestamp("2024010xT030405").has_value());
}

RunSummary Sample(RunVerdict verdict) {
  RunSummary run;
  run.path = "echo/20240102T030405.678+0000";
  run.workload = "<echo>";
  run.started = "2024-01-02 03:04:05";
  run.node_count = 2;
  run.verdict = verdict;
  run.figures = {{"operations", "13"}};
  return run;
}

TEST(ServePagesTest, TheIndexListsEachRunColouredByVerdict) {
  std::string html = RenderIndex("/s", {Sample(RunVerdict::kValid), Sample(RunVerdict::kInvalid),
                                        Sample(RunVerdict::kUnknown), Sample(RunVerdict::kNone)});
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  for (const char* row : {"<tr class=\"run valid\"><td class=\"verdict\">valid</td>",
                          "<tr class=\"run invalid\"><td class=\"verdict\">invalid</td>",
                          "<tr class=\"run unknown\"><td class=\"verdict\">unknown</td>",
                          "<tr class=\"run none\"><td class=\"verdict\">no results</td>"}) {
    EXPECT_NE(html.find(row), std::string::npos) << row;
  }
  EXPECT_NE(html.find("<a href=\"/echo/20240102T030405.678%2B0000/\">2024-01-02 03:04:05</a>"),
            std::string::npos);
  EXPECT_NE(html.find("&lt;echo&gt;"), std::string::npos);  // escaped
  EXPECT_EQ(html.find("<echo>"), std::string::npos);
  EXPECT_NE(html.find("operations: <b>13</b>"), std::string::npos);
  EXPECT_NE(RenderIndex("/s", {}).find("No runs yet"), std::string::npos);
}

TEST(ServePagesTest, ARunPageLinksItsFilesAndInlinesItsPictures) {
  std::vector<DirectoryEntry> files = {{"node-logs", true, 0, false},
                                       {"rate.svg", false, 1500, false}};
  std::string html = RenderRun("/latest/", Sample(RunVerdict::kInvalid), files);
  EXPECT_NE(html.find("<a href=\"/latest/node-logs/\">node-logs/</a>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"/latest/rate.svg\">rate.svg</a></td><td>1.5 kB"),
            std::string::npos);
  EXPECT_NE(html.find("<span class=\"verdict invalid\">invalid</span>"), std::string::npos);
  // Each picture its own document in the page, so that their styles and ids cannot clash.
  EXPECT_NE(html.find("<object type=\"image/svg+xml\" data=\"/latest/rate.svg\">"),
            std::string::npos);
  EXPECT_EQ(html.find("data=\"/latest/node-logs"), std::string::npos);
  EXPECT_NE(RenderRun("/r/", Sample(RunVerdict::kValid), {}).find("(none)"), std::string::npos);
}

TEST(ServePagesTest, EverythingFromTheStoreIsEscaped) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  std::string missing = RenderNotFound("/<script>");
  EXPECT_NE(missing.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(missing.find("<script>"), std::string::npos);
}

}  // namespace
}  // namespace glomers
