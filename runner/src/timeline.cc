// timeline.html, as Jepsen's timeline checker draws it: a column per process (the nemesis
// first), each operation a box from its invocation down to its completion, coloured by how it
// completed (ok blue, info orange, fail pink); time flows down by event, not by clock (row i is
// the history's i-th event). Hovering a box shows the operation. Like Jepsen, only the first
// 10,000 operations are drawn, and the page says so when there were more.
//
// The page is XHTML-clean (every element closed, every attribute quoted and escaped), so an
// XML parser reads it as well as a browser does.
#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>

#include "runner/src/edn_writer.h"
#include "runner/src/markup.h"
#include "runner/src/store_files.h"

namespace glomers {

namespace {

constexpr std::size_t kOpLimit = 10000;  // Jepsen's op-limit
constexpr int kRow = 16, kGutter = 106;  // pixels; an operation is 100 wide (the style)

struct Pair {
  std::int64_t start;
  std::optional<std::int64_t> stop;
};

const char* kStyle =
    "body { font-family: sans-serif; font-size: 12px; }\n"
    ".ops { position: relative; }\n"
    ".op { position: absolute; width: 100px; padding: 2px; border-radius: 2px; overflow: hidden;"
    " box-sizing: border-box; box-shadow: 0 1px 3px rgba(0,0,0,0.12), 0 1px 2px"
    " rgba(0,0,0,0.24); }\n"
    ".op.invoke { background: #eeeeee; }\n"
    ".op.ok { background: #6DB6FE; }\n"
    ".op.info { background: #FFAA26; }\n"
    ".op.fail { background: #FEB5DA; }\n"
    ".op:target { box-shadow: 0 14px 28px rgba(0,0,0,0.25), 0 10px 10px rgba(0,0,0,0.22); }\n"
    ".legend span { display: inline-block; padding: 2px 6px; margin-right: 6px; }\n"
    ".warning { color: #D96918; font-weight: bold; }\n"
    ".process { position: absolute; top: 0; font-weight: bold; }\n";

std::string Seconds(Nanos t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f s", static_cast<double>(t) / 1e9);
  return buf;
}

// Jepsen's hover text: the duration, the error, and the operation.
std::string Title(const History& h, const Pair& p) {
  const Op& start = h[p.start];
  const Op& op = p.stop ? h[*p.stop] : start;
  std::string t;
  if (p.stop) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "Dur: %.3f ms\n",
                  static_cast<double>(op.time - start.time) / 1e6);
    t += buf;
  }
  t += "At " + Seconds(start.time) + (p.stop ? " to " + Seconds(op.time) : "") + "\n";
  if (const Value& e = h.error(op); !e.is_null()) {
    t += "Err: ";
    AppendOpErrorEdn(t, e);
    t += "\n";
  }
  t += "Op: ";
  AppendOpEdn(t, h, p.stop ? *p.stop : p.start);
  return Truncated(t, 2000);
}

std::string Body(const History& h, const Pair& p) {
  const Op& start = h[p.start];
  std::string b;
  AppendOpProcessEdn(b, start);
  b += ' ';
  b += start.f.view();
  std::string value;
  if (start.is_client()) {
    AppendOpValueEdn(value, start);
    b += ' ' + value;
  }
  std::string body = XmlEscaped(Truncated(b, 120));
  if (p.stop && !(h[*p.stop].value == start.value)) {
    std::string stop;
    AppendOpValueEdn(stop, h[*p.stop]);
    body += "<br/>" + XmlEscaped(Truncated(stop, 120));
  }
  return body;
}

class TimelineFile final : public StoreFile {
 public:
  std::string_view name() const override { return "timeline.html"; }
  bool Write(const RunRecord& run, std::FILE* out, std::string*) const override {
    const History& h = *run.history;
    std::vector<Pair> pairs;
    std::size_t total = 0;
    for (auto it = h.begin(); it != h.end(); ++it) {
      const Op& op = *it;
      if (op.pair >= 0 && op.pair < it.index()) continue;  // a completion: drawn with its invoke
      ++total;
      if (pairs.size() < kOpLimit) {
        pairs.push_back({it.index(), op.pair >= 0 ? std::optional(op.pair) : std::nullopt});
      }
    }
    // Columns: the nemesis, then the clients' processes in order.
    std::map<std::int64_t, int> column;
    for (const Pair& p : pairs) column[h[p.start].process] = 0;
    int next = 0;
    for (auto& [process, c] : column) c = next++;
    std::int64_t last_row = 0;
    for (const Pair& p : pairs) last_row = std::max(last_row, p.stop.value_or(p.start));

    std::string s =
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n"
        "<meta charset=\"utf-8\"/>\n<title>timeline: ";
    AppendXmlEscaped(s, run.options->workload);
    s += "</title>\n<style>\n";
    s += kStyle;
    s += "</style>\n</head>\n<body>\n<h1>";
    AppendXmlEscaped(s, run.options->workload);
    s += " timeline</h1>\n<p class=\"legend\">A column per process; time flows down, a row per "
         "event of the history. <span class=\"op ok\" style=\"position: static\">ok</span>"
         "<span class=\"op info\" style=\"position: static\">info (indeterminate)</span>"
         "<span class=\"op fail\" style=\"position: static\">fail</span>"
         "<span class=\"op invoke\" style=\"position: static\">never completed</span>"
         " Hover over an operation to see it.</p>\n";
    if (total > pairs.size()) {
      s += "<p class=\"warning\">Only the first " + std::to_string(pairs.size()) + " of " +
           std::to_string(total) + " operations are drawn (as Jepsen does).</p>\n";
    }
    s += "<div class=\"ops\" style=\"height: " + std::to_string((last_row + 3) * kRow) +
         "px; width: " + std::to_string(static_cast<int>(column.size()) * kGutter) + "px\">\n";
    for (const auto& [process, c] : column) {
      s += "<div class=\"process\" style=\"left: " + std::to_string(c * kGutter) + "px\">";
      s += process == kNemesisProcess ? "nemesis" : "process " + std::to_string(process);
      s += "</div>\n";
    }
    bool ok = true;
    for (const Pair& p : pairs) {
      const Op& start = h[p.start];
      OpType type = p.stop ? h[*p.stop].type : start.type;
      std::int64_t top = p.start + 1;  // row 0 holds the column names
      std::int64_t rows = 1;
      if (p.stop && type == OpType::kInfo && start.is_client()) {
        rows = last_row + 2 - top;  // indeterminate: it may take effect any time after
      } else if (p.stop) {
        rows = std::max<std::int64_t>(1, *p.stop - p.start);
      }
      std::int64_t id = p.stop.value_or(p.start);
      s += "<div class=\"op " + std::string(OpTypeName(type)) + "\" id=\"i" + std::to_string(id) +
           "\" style=\"left:" + std::to_string(column[start.process] * kGutter) +
           "px;top:" + std::to_string(top * kRow) + "px;height:" + std::to_string(rows * kRow) +
           "px\" title=\"";
      AppendXmlEscaped(s, Title(h, p));
      s += "\">" + Body(h, p) + "</div>\n";
      if (s.size() > (1 << 20)) {
        ok = ok && std::fwrite(s.data(), 1, s.size(), out) == s.size();
        s.clear();
      }
    }
    s += "</div>\n</body>\n</html>\n";
    return std::fwrite(s.data(), 1, s.size(), out) == s.size() && ok;
  }
};

}  // namespace

std::unique_ptr<StoreFile> MakeTimelineFile() { return std::make_unique<TimelineFile>(); }

}  // namespace glomers
