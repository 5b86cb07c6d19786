// results.edn and history.edn: the store's EDN files, as Maelstrom writes them.
#include <cstdio>

#include "runner/src/edn_writer.h"
#include "runner/src/json_writer.h"
#include "runner/src/store_files.h"

namespace glomers {

void AppendOpProcessEdn(std::string& out, const Op& op) {
  if (op.is_client()) {
    AppendDecimal(out, op.process);
  } else {
    out += ":nemesis";
  }
}

void AppendOpFEdn(std::string& out, const Op& op) {
  // A history has a few names, in runs: the last one's keyword is kept, per thread (the history
  // files are written on threads of their own), so that each line does not check it again.
  thread_local FName last;
  thread_local std::string text = "\"\"";  // the empty name's, FName()'s
  if (!(op.f == last)) {
    text.clear();
    AppendEdnKeyword(text, op.f.view());
    last = op.f;
  }
  out += text;
}

void AppendOpValueEdn(std::string& out, const Op& op) {
  AppendEdn(out, op.value, op.is_client() ? EdnKeys::kKeywords : EdnKeys::kStrings);
}

void AppendOpErrorEdn(std::string& out, const Value& error) {
  // Maelstrom's errors are keywords (:net-timeout) or [:name "text"]; a sentence stays a string.
  if (error.is_string() && KeywordName(error.string())) {
    AppendEdnKeyword(out, error.string());
    return;
  }
  if (error.is_array() && !error.elements().empty() && error.elements()[0].is_string() &&
      KeywordName(error.elements()[0].string())) {
    out += '[';
    AppendEdnKeyword(out, error.elements()[0].string());
    for (std::size_t i = 1; i < error.elements().size(); ++i) {
      out += ' ';
      AppendEdn(out, error.elements()[i]);
    }
    out += ']';
    return;
  }
  AppendEdn(out, error);
}

void AppendOpEdn(std::string& out, const History& history, std::int64_t index) {
  const Op& op = history[index];
  out += "{:index ";
  AppendDecimal(out, index);  // the same digits as EDN's
  out += ", :time ";
  AppendDecimal(out, op.time);
  out += ", :type :";  // every type's name is a keyword's
  out += OpTypeName(op.type);
  out += ", :process ";
  AppendOpProcessEdn(out, op);
  out += ", :f ";
  AppendOpFEdn(out, op);
  out += ", :value ";
  AppendOpValueEdn(out, op);
  if (const Value& error = history.error(op); !error.is_null()) {
    out += ", :error ";
    AppendOpErrorEdn(out, error);
  }
  if (const Value& e = history.exception(op); !e.is_null()) {
    out += ", :exception ";
    AppendEdn(out, e);
  }
  out += '}';
}

namespace {

class ResultsEdnFile final : public StoreFile {
 public:
  std::string_view name() const override { return "results.edn"; }
  bool Write(const RunRecord& run, std::FILE* out, std::string*) const override {
    std::string text;
    AppendResultsEdn(text, Value::Parse(ToJson(*run.analysis, *run.history)));
    text += '\n';
    return std::fwrite(text.data(), 1, text.size(), out) == text.size();
  }
};

class HistoryEdnFile final : public StoreFile {
 public:
  std::string_view name() const override { return "history.edn"; }
  bool history_only() const override { return true; }
  bool Write(const RunRecord& run, std::FILE* out, std::string*) const override {
    std::string buffer;
    return WriteOpLines(*run.history, out, buffer,
                        [&](std::int64_t index) { AppendOpEdn(buffer, *run.history, index); });
  }
};

}  // namespace

std::unique_ptr<StoreFile> MakeResultsEdnFile() { return std::make_unique<ResultsEdnFile>(); }
std::unique_ptr<StoreFile> MakeHistoryEdnFile() { return std::make_unique<HistoryEdnFile>(); }

}  // namespace glomers
