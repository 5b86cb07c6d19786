// The store's files beyond results.json, history.jsonl and the two plots of plot.h, each written
// in a file of its own; store.cc lists them all (StoreFiles()).
//
//   results.edn             store_edn.cc      results.json's map as Clojure's reader reads it
//   history.edn             store_edn.cc      one operation map a line, Jepsen's keys
//   history.txt             history_text.cc   process, type, f, value, error; tab-separated
//   latency-quantiles.svg   plot_quantiles.cc latency quantiles 0.5, 0.95, 0.99, 1 per time bin
//   timeline.html           timeline.cc       a track per process, operations as boxes
//   messages.svg            messages_svg.cc   the spacetime diagram of the first messages
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "runner/src/history.h"
#include "runner/src/store.h"

namespace glomers {

std::unique_ptr<StoreFile> MakeResultsEdnFile();
std::unique_ptr<StoreFile> MakeHistoryEdnFile();
std::unique_ptr<StoreFile> MakeHistoryTextFile();
std::unique_ptr<StoreFile> MakeLatencyQuantilesFile();
std::unique_ptr<StoreFile> MakeTimelineFile();
std::unique_ptr<StoreFile> MakeMessagesFile();

// EDN of an operation's parts, as Jepsen's history holds them (store_edn.cc): f and type as
// keywords; a client's value with keyword keys (Maelstrom parses bodies so), the nemesis's with
// node names as string keys; an error's name ("net-timeout", ["timeout" "text"]) as a keyword.
void AppendOpValueEdn(std::string& out, const Op& op);
void AppendOpFEdn(std::string& out, const Op& op);  // :generate (a string if not a keyword)
void AppendOpErrorEdn(std::string& out, const Value& error);
void AppendOpProcessEdn(std::string& out, const Op& op);  // 3, or :nemesis
// The whole operation: {:index 0, :time 1, :type :invoke, :process 0, :f :generate, :value nil}.
void AppendOpEdn(std::string& out, const History& history, std::int64_t index);

}  // namespace glomers
