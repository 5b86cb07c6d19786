#include "runner/src/serve_pages.h"

#include <cstdio>

#include "runner/src/markup.h"
#include "runner/src/serve_paths.h"

namespace glomers {

namespace {

// One style for every page: verdict colours as Maelstrom's serve uses them (green valid, red
// invalid, orange unknown), grey for a run without results.
constexpr std::string_view kStyle = R"(
body { font-family: sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: 0.3em 0.7em; border-bottom: 1px solid #ddd; vertical-align: top; }
td.verdict { font-weight: bold; color: #fff; }
tr.valid td.verdict, span.valid { background: #2e7d32; }
tr.invalid td.verdict, span.invalid { background: #c62828; }
tr.unknown td.verdict, span.unknown { background: #ef6c00; }
tr.none td.verdict, span.none { background: #757575; }
span.verdict { color: #fff; font-weight: bold; padding: 0.1em 0.5em; }
.figures span { margin-right: 1em; white-space: nowrap; }
td.started { white-space: nowrap; }
.failed, .problem { color: #c62828; }
figure.picture { margin: 1em 0; }
figure.picture object { max-width: 100%; display: block; }
nav a { margin-right: 0.3em; }
)";

std::string Head(std::string_view title) {
  std::string s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  // An empty icon: otherwise the browser asks for /favicon.ico, and its 404 is a console error.
  s += "<link rel=\"icon\" href=\"data:,\">\n<title>" + HtmlEscape(title) + "</title>\n";
  s += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
  return s;
}

constexpr std::string_view kTail = "</body>\n</html>\n";

std::string Link(std::string_view href, std::string_view text) {
  return "<a href=\"" + HtmlEscape(UrlEncodePath(href)) + "\">" + HtmlEscape(text) + "</a>";
}

std::string HumanSize(std::uintmax_t bytes) {
  char text[32];
  if (bytes < 1000) {
    std::snprintf(text, sizeof text, "%ju B", bytes);
  } else if (bytes < 1000 * 1000) {
    std::snprintf(text, sizeof text, "%.1f kB", static_cast<double>(bytes) / 1e3);
  } else {
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
  }
  return text;
}

// "/ echo / 2024..." with each step a link: where this page is in the store.
std::string Breadcrumbs(std::string_view url_path) {
  std::string s = "<nav>" + Link("/", "store");
  std::size_t start = 1;
  while (start < url_path.size()) {
    std::size_t slash = url_path.find('/', start);
    if (slash == std::string_view::npos) slash = url_path.size();
    s += " / " + Link(url_path.substr(0, slash + 1), url_path.substr(start, slash - start));
    start = slash + 1;
  }
  return s + "</nav>\n";
}

std::string Figures(const RunSummary& run) {
  std::string s = "<div class=\"figures\">";
  for (const auto& [label, value] : run.figures) {
    // The space between figures is where a long line may break.
    s += "<span>" + HtmlEscape(label) + ": <b>" + HtmlEscape(value) + "</b></span> ";
  }
  s += "</div>";
  if (!run.failed.empty()) {
    std::string names;
    for (const auto& f : run.failed) names += (names.empty() ? "" : ", ") + f;
    s += "<div class=\"failed\">not valid: " + HtmlEscape(names) + "</div>";
  }
  if (!run.problem.empty()) s += "<div class=\"problem\">" + HtmlEscape(run.problem) + "</div>";
  return s;
}

std::string FileList(std::string_view url_path, const std::vector<DirectoryEntry>& entries) {
  if (entries.empty()) return "<p>(empty)</p>\n";
  std::string s = "<table>\n<tr><th>name</th><th>size</th></tr>\n";
  for (const auto& e : entries) {
    std::string name = e.name + (e.is_directory ? "/" : "");
    s += "<tr><td>" + Link(std::string(url_path) + name, name) + (e.is_symlink ? " (link)" : "") +
         "</td><td>" + (e.is_directory ? "" : HumanSize(e.size)) + "</td></tr>\n";
  }
  return s + "</table>\n";
}

std::string NodeCount(const RunSummary& run) {
  return run.node_count ? std::to_string(*run.node_count) : "?";
}

}  // namespace

std::string_view VerdictClass(RunVerdict verdict) {
  switch (verdict) {
    case RunVerdict::kValid:
      return "valid";
    case RunVerdict::kInvalid:
      return "invalid";
    case RunVerdict::kUnknown:
      return "unknown";
    case RunVerdict::kNone:
      break;
  }
  return "none";
}

std::string_view VerdictText(RunVerdict verdict) {
  return verdict == RunVerdict::kNone ? "no results" : VerdictClass(verdict);
}

std::string HtmlEscape(std::string_view text) { return XmlEscaped(text); }

std::string RenderIndex(std::string_view store, const std::vector<RunSummary>& runs) {
  std::string s = Head("glomers runs");
  s += "<h1>glomers runs</h1>\n<p>Store: <code>" + HtmlEscape(store) + "</code>, " +
       std::to_string(runs.size()) + " run" + (runs.size() == 1 ? "" : "s") +
       ", newest first. Colours: <span class=\"verdict valid\">valid</span> "
       "<span class=\"verdict invalid\">invalid</span> "
       "<span class=\"verdict unknown\">unknown</span> "
       "<span class=\"verdict none\">no results</span> (running, or aborted).</p>\n";
  if (runs.empty()) {
    s += "<p id=\"no-runs\">No runs yet: <code>glomers test ... --store " + HtmlEscape(store) +
         "</code> makes one.</p>\n";
    return s + std::string(kTail);
  }
  s += "<table id=\"runs\">\n<tr><th>verdict</th><th>started</th><th>workload</th><th>nodes</th>"
       "<th>figures</th></tr>\n";
  for (const auto& run : runs) {
    std::string href = "/" + run.path + "/";
    s += "<tr class=\"run " + std::string(VerdictClass(run.verdict)) + "\"><td class=\"verdict\">" +
         std::string(VerdictText(run.verdict)) + "</td><td class=\"started\">" +
         Link(href, run.started) + "</td><td>" + HtmlEscape(run.workload) + "</td><td>" +
         NodeCount(run) + "</td><td>" + Figures(run) + "</td></tr>\n";
  }
  return s + "</table>\n" + std::string(kTail);
}

std::string RenderRun(std::string_view url_path, const RunSummary& run,
                      const std::vector<DirectoryEntry>& files) {
  std::string title =
      run.workload + " " + run.started + ": " + std::string(VerdictText(run.verdict));
  std::string s = Head(title) + Breadcrumbs(url_path);
  s += "<h1>" + HtmlEscape(run.workload) + ", " + HtmlEscape(run.started) +
       " <span class=\"verdict " + std::string(VerdictClass(run.verdict)) + "\">" +
       std::string(VerdictText(run.verdict)) + "</span></h1>\n";
  s += "<div class=\"summary\">" + NodeCount(run) + " node(s). " + Figures(run) + "</div>\n";
  s += "<section id=\"files\">\n<h2>Files</h2>\n" + FileList(url_path, files) + "</section>\n";
  s += "<section id=\"pictures\">\n<h2>Pictures</h2>\n";
  bool any = false;
  for (const auto& f : files) {
    if (f.is_directory || !f.name.ends_with(".svg")) continue;
    any = true;
    std::string href = std::string(url_path) + f.name;
    s += "<figure class=\"picture\">\n<figcaption>" + Link(href, f.name) + "</figcaption>\n";
    s += "<object type=\"image/svg+xml\" data=\"" + HtmlEscape(UrlEncodePath(href)) + "\">" +
         Link(href, f.name) + "</object>\n</figure>\n";
  }
  if (!any) s += "<p>(none)</p>\n";
  return s + "</section>\n" + std::string(kTail);
}

std::string RenderDirectory(std::string_view url_path, const std::vector<DirectoryEntry>& entries) {
  std::string s = Head(std::string(url_path)) + Breadcrumbs(url_path);
  s += "<h1>" + HtmlEscape(url_path) + "</h1>\n<section id=\"files\">\n" +
       FileList(url_path, entries) + "</section>\n";
  return s + std::string(kTail);
}

std::string RenderNotFound(std::string_view url_path) {
  std::string s = Head("not found");
  s += "<h1>Not found</h1>\n<p><code>" + HtmlEscape(url_path) + "</code> is not in the store. " +
       Link("/", "All runs") + ".</p>\n";
  return s + std::string(kTail);
}

}  // namespace glomers
