// history.txt: Jepsen's condensed history, one operation a line: process, type, f, value and
// (when there is one) error, separated by tabs; values as Clojure prints them, the error as
// Clojure's print shows it (:net-timeout; a sentence without its quotes).
#include <cstdio>

#include "runner/src/edn_writer.h"
#include "runner/src/store_files.h"

namespace glomers {

namespace {

class HistoryTextFile final : public StoreFile {
 public:
  std::string_view name() const override { return "history.txt"; }
  bool history_only() const override { return true; }
  bool Write(const RunRecord& run, std::FILE* out, std::string*) const override {
    const History& history = *run.history;
    std::string buffer;
    return WriteOpLines(history, out, buffer, [&](std::int64_t index) {
      const Op& op = history[index];
      AppendOpProcessEdn(buffer, op);
      buffer += "\t:";  // every type's name is a keyword's
      buffer += OpTypeName(op.type);
      buffer += '\t';
      AppendOpFEdn(buffer, op);
      buffer += '\t';
      AppendOpValueEdn(buffer, op);
      if (const Value& error = history.error(op); !error.is_null()) {
        buffer += '\t';
        if (error.is_string() && !KeywordName(error.string())) {
          // A tab or line break inside it would split the line's columns.
          for (char c : error.string()) buffer += (c == '\t' || c == '\n' || c == '\r') ? ' ' : c;
        } else {
          AppendOpErrorEdn(buffer, error);
        }
      }
    });
  }
};

}  // namespace

std::unique_ptr<StoreFile> MakeHistoryTextFile() { return std::make_unique<HistoryTextFile>(); }

}  // namespace glomers
