// The HTML pages of `glomers serve`: the index of runs, a run's page, a directory's listing and
// the not-found page. Pure functions of what serve_store.h read, so they are tested without a
// store or a socket. Every page is a complete HTML5 document, with every text from the store
// escaped, links percent-encoded (serve_paths.h), and no script or outside resource (nothing
// for a browser to fetch but the pictures' own links, so no console errors from the pages).
//
// For tests and for anyone reading the HTML: each run on the index is a <tr class="run VERDICT">
// (VERDICT: valid, invalid, unknown, none), its verdict cell a <td class="verdict">; a run's page
// has <section id="pictures"> with one <figure class="picture"> per SVG and <section id="files">.
//
// A run's pictures are on its page as <object type="image/svg+xml">, each its own document:
// markup pasted into the page would share one style sheet and one set of ids (a picture's
// `g text { ... }` would restyle the others), and an <img> would lose the pictures' hover texts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runner/src/serve_store.h"

namespace glomers {

// "valid", "invalid", "unknown", "none": a run's CSS class.
std::string_view VerdictClass(RunVerdict verdict);
// What the page says: "valid", "invalid", "unknown", "no results".
std::string_view VerdictText(RunVerdict verdict);

// `store` is shown in the heading (the directory being served).
std::string RenderIndex(std::string_view store, const std::vector<RunSummary>& runs);

// `url_path` is the page's own path, decoded, ending in '/' (links are relative to it). The
// pictures are the *.svg files among `files`.
std::string RenderRun(std::string_view url_path, const RunSummary& run,
                      const std::vector<DirectoryEntry>& files);

std::string RenderDirectory(std::string_view url_path, const std::vector<DirectoryEntry>& entries);

std::string RenderNotFound(std::string_view url_path);

// &, <, >, " and ' as entities.
std::string HtmlEscape(std::string_view text);

}  // namespace glomers
