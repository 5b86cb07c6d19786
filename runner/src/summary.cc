#include "runner/src/summary.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "runner/src/figures.h"

namespace glomers {

namespace {

std::string Ms(Nanos ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f ms", static_cast<double>(ns) / 1e6);
  return buf;
}

std::string Verdict(Validity v) {
  switch (v) {
    case Validity::kTrue:
      return "Everything looks good! ヽ('ー`)ノ  (valid, exit 0)";
    case Validity::kUnknown:
      return "Errors occurred during analysis, but no anomalies found. ಠ~ಠ  (unknown, exit 2)";
    case Validity::kFalse:
      return "Analysis invalid! (ﾉಥ益ಥ）ﾉ ┻━┻  (invalid, exit 1)";
  }
  return "";
}

const char* Mark(bool ok) { return ok ? "ok  " : "FAIL"; }

const char* Mark(Validity v) {
  switch (v) {
    case Validity::kTrue:
      return "ok  ";
    case Validity::kFalse:
      return "FAIL";
    case Validity::kUnknown:
      break;
  }
  return "????";
}

}  // namespace

std::string FormatSummary(const SummaryInput& in) {
  const TestOptions& o = *in.options;
  const Analysis& a = *in.analysis;
  std::ostringstream s;
  s << "\n==== glomers: " << o.workload << " on " << o.nodes.size() << " node(s), "
    << o.concurrency_count() << " client(s), seed " << o.seed << " ====\n";
  const OpCounts& c = a.stats.all;
  s << "Operations:   " << c.count << " completed: " << c.ok << " ok, " << c.fail << " failed, "
    << c.info << " unknown (info)\n";
  if (a.ok_latency.count > 0) {
    s << "Latency (ok): p50 " << Ms(a.ok_latency.p50) << ", p90 " << Ms(a.ok_latency.p90)
      << ", p99 " << Ms(a.ok_latency.p99) << ", max " << Ms(a.ok_latency.max) << "\n";
  }
  if (in.elapsed_s > 0) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "Throughput:   %.1f ops/s over %.2f s\n",
                  static_cast<double>(in.operations) / in.elapsed_s, in.elapsed_s);
    s << buf;
  }
  if (in.operations > 0) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "Runner CPU:   %.2f s, %.2f us per operation\n", in.runner_cpu_s,
                  in.runner_cpu_s * 1e6 / static_cast<double>(in.operations));
    s << buf;
  }

  s << "\nCheckers:\n";
  s << "  " << Mark(a.stats.valid == Validity::kTrue) << " stats: every operation type had an ok"
    << (a.stats.valid == Validity::kTrue ? "" : " -- not so: some never succeeded") << "\n";
  std::vector<double> thresholds;
  if (o.availability.fraction) thresholds.push_back(*o.availability.fraction);
  s << "  " << Mark(a.availability.valid) << " availability: ok fraction "
    << FormatFraction(a.availability.ok_fraction, thresholds);
  if (o.availability.total) s << " (required: total)";
  if (o.availability.fraction) s << " (required: at least " << *o.availability.fraction << ")";
  if (!o.availability.judged()) s << " (not judged)";
  s << "\n";
  WorkloadCheck::Summary w = a.workload->Summarize();
  s << "  " << Mark(a.workload->valid()) << " workload (" << o.workload << "): " << w.headline
    << "\n";
  auto explained = [&](const std::string& line, const std::vector<std::int64_t>* ops) {
    s << "         " << line << "\n";
    if (in.explainer == nullptr || ops == nullptr || ops->empty()) return;
    std::string why = in.explainer->Explain(*ops);
    if (!why.empty()) s << "           " << why << "\n";
  };
  for (std::size_t i = 0; i < w.details.size(); ++i) {
    explained(w.details[i], i < w.detail_ops.size() ? &w.detail_ops[i] : nullptr);
  }
  if (!a.exceptions.groups.empty()) {
    std::int64_t count = 0;
    for (const auto& g : a.exceptions.groups) count += g.count;
    s << "  ok   exceptions: " << count << " operation(s) ended by an exception ("
      << a.exceptions.groups[0].cls << (a.exceptions.groups.size() > 1 ? ", ..." : "") << ")\n";
    if (in.explainer != nullptr) {
      for (const auto& f : in.explainer->MalformedReplies(3)) explained(f.what, &f.ops);
    }
  }
  s << "  " << Mark(a.nodes.crashes.empty()) << " nodes: " << a.nodes.crashes.size() << " crashed, "
    << a.nodes.bad_output.size() << " wrote invalid output\n";
  for (const auto& crash : a.nodes.crashes) {
    s << "         node " << crash.node << " " << crash.how << " at "
      << static_cast<double>(crash.time) / 1e9 << " s; last stderr lines:\n";
    for (const auto& line : crash.stderr_tail) s << "           | " << line << "\n";
  }
  for (const auto& bad : a.nodes.bad_output) {
    s << "         node " << bad.node << " wrote a line that is not a valid message (" << bad.reason
      << "), after which Maelstrom reads nothing more from it:\n           " << bad.line << "\n";
  }
  for (const auto& line : SummarizeLint(a.lint)) s << "  " << line << "\n";
  s << "\nResults in " << in.dir << "/ (";
  for (std::size_t i = 0; i < in.files.size(); ++i) s << (i ? ", " : "") << in.files[i];
  s << ")\n";
  s << Verdict(a.valid) << "\n";
  return s.str();
}

}  // namespace glomers
