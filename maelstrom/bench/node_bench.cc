// The node's hot path, piece by piece: parse a request, dispatch it, write the reply.
#include <benchmark/benchmark.h>

#include <string>

#include "maelstrom/json.h"
#include "maelstrom/message.h"
#include "maelstrom/node.h"

namespace {

const std::string kGenerate =
    R"({"id":17,"src":"c4","dest":"n0","body":{"type":"generate","msg_id":42}})";
const std::string kEcho =
    R"({"id":17,"src":"c4","dest":"n0","body":{"echo":"Please echo 35","type":"echo","msg_id":42}})";

void BM_ParseJson(benchmark::State& state) {
  maelstrom::JsonDocument doc;
  for (auto _ : state) {
    benchmark::DoNotOptimize(doc.Parse(kGenerate));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kGenerate.size()));
}
BENCHMARK(BM_ParseJson);

void BM_ParseMessage(benchmark::State& state) {
  maelstrom::Message m;
  for (auto _ : state) {
    benchmark::DoNotOptimize(m.Parse(kGenerate, nullptr));
  }
}
BENCHMARK(BM_ParseMessage);

void BM_WriteBody(benchmark::State& state) {
  std::uint64_t id = 0;
  for (auto _ : state) {
    maelstrom::Body body("generate_ok");
    body.Set("id", ++id);
    benchmark::DoNotOptimize(body.members().data());
  }
}
BENCHMARK(BM_WriteBody);

void BM_WriteString(benchmark::State& state) {
  std::string out;
  for (auto _ : state) {
    out.clear();
    maelstrom::WriteJsonString(out, "Please echo 35");
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_WriteString);

maelstrom::Node& InitializedNode() {
  static maelstrom::Node* node = [] {
    auto* n = new maelstrom::Node;
    std::uint64_t* id = new std::uint64_t(0);
    n->On("generate", [n, id](const maelstrom::Message& m) {
      n->Reply(m, maelstrom::Body("generate_ok").Set("id", ++*id));
    });
    n->On("echo", [n](const maelstrom::Message& m) {
      n->Reply(m, maelstrom::Body("echo_ok").Set("echo", m.body()["echo"]));
    });
    n->HandleLine(
        R"({"src":"c0","dest":"n0","body":{"type":"init","node_id":"n0","node_ids":["n0"],"msg_id":1}})");
    n->TakeOutput();
    return n;
  }();
  return *node;
}

// A whole request: parse, validate, dispatch, reply (as Run does per line, minus the I/O).
void BM_HandleLine_Generate(benchmark::State& state) {
  maelstrom::Node& node = InitializedNode();
  int pending = 0;
  for (auto _ : state) {
    node.HandleLine(kGenerate);
    if (++pending == 1024) {  // as Run flushes after each read
      node.TakeOutput();
      pending = 0;
    }
  }
  node.TakeOutput();
}
BENCHMARK(BM_HandleLine_Generate);

void BM_HandleLine_Echo(benchmark::State& state) {
  maelstrom::Node& node = InitializedNode();
  int pending = 0;
  for (auto _ : state) {
    node.HandleLine(kEcho);
    if (++pending == 1024) {
      node.TakeOutput();
      pending = 0;
    }
  }
  node.TakeOutput();
}
BENCHMARK(BM_HandleLine_Echo);

}  // namespace

// main() is bench/benchmark_main.cc.
