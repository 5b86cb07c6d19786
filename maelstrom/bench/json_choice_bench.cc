// Why the node library parses JSON itself: one Maelstrom request parsed, checked and answered,
// with each JSON library Debian offers; and first, what each gives back of values that must be
// kept exactly. Built only when those libraries are installed
// (apt-get install libsimdjson-dev rapidjson-dev nlohmann-json3-dev); see docs/json.md.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "maelstrom/message.h"

#ifdef HAVE_SIMDJSON
#include <simdjson.h>
#endif
#ifdef HAVE_RAPIDJSON
#include <rapidjson/document.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#endif
#ifdef HAVE_NLOHMANN
#include <nlohmann/json.hpp>
#endif

namespace {

const std::string kGenerate =
    R"({"id":17,"src":"c4","dest":"n1","body":{"type":"generate","msg_id":42}})";
const std::string kEcho =
    R"({"id":17,"src":"c4","dest":"n1","body":{"echo":"Please echo 35","type":"echo","msg_id":42}})";

// Ours: a full validating parse, the envelope checked, the reply written as Node::Reply does.
void ReplyAsNodeDoes(const maelstrom::Message& m, const maelstrom::Body& body, std::string& out) {
  out.clear();
  out += "{\"src\":\"n1\",\"dest\":";
  out += m.src_json();
  out += ",\"body\":{";
  out += body.members();
  out += ",\"in_reply_to\":";
  maelstrom::WriteJson(out, static_cast<long long>(*m.msg_id()));
  out += "}}\n";
}

void BM_Maelstrom_Generate(benchmark::State& state) {
  maelstrom::Message m;
  std::string out;
  std::uint64_t id = 0;
  for (auto _ : state) {
    if (!m.Parse(kGenerate, nullptr) || m.type() != "generate") state.SkipWithError("parse");
    ReplyAsNodeDoes(m, maelstrom::Body("generate_ok").Set("id", ++id), out);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_Maelstrom_Generate);

// The same request behind one space: the one-pass reader declines any whitespace, so this is the
// full parser and the walk of its tape, which read every line the reader declines.
void BM_Maelstrom_Generate_FullParser(benchmark::State& state) {
  const std::string line = " " + kGenerate;
  maelstrom::Message m;
  std::string out;
  std::uint64_t id = 0;
  for (auto _ : state) {
    if (!m.Parse(line, nullptr) || m.type() != "generate") state.SkipWithError("parse");
    ReplyAsNodeDoes(m, maelstrom::Body("generate_ok").Set("id", ++id), out);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_Maelstrom_Generate_FullParser);

void BM_Maelstrom_Echo(benchmark::State& state) {
  maelstrom::Message m;
  std::string out;
  for (auto _ : state) {
    if (!m.Parse(kEcho, nullptr) || m.type() != "echo") state.SkipWithError("parse");
    ReplyAsNodeDoes(m, maelstrom::Body("echo_ok").Set("echo", m.body()["echo"]), out);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_Maelstrom_Echo);

#ifdef HAVE_SIMDJSON
void BM_SimdjsonDom_Generate(benchmark::State& state) {
  simdjson::dom::parser parser;
  simdjson::padded_string line(kGenerate);
  std::string out;
  std::uint64_t id = 0;
  for (auto _ : state) {
    out.clear();
    simdjson::dom::element doc;
    if (parser.parse(line).get(doc)) state.SkipWithError("parse");
    std::string_view src, type;
    int64_t msg_id = 0;
    if (doc["src"].get(src) || doc["body"]["type"].get(type) || doc["body"]["msg_id"].get(msg_id) ||
        type != "generate") {
      state.SkipWithError("fields");
    }
    out += "{\"src\":\"n1\",\"dest\":\"";
    out += src;  // names need no escaping here; a real node would escape
    out += "\",\"body\":{\"type\":\"generate_ok\",\"id\":";
    out += std::to_string(++id);
    out += ",\"in_reply_to\":";
    out += std::to_string(msg_id);
    out += "}}\n";
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_SimdjsonDom_Generate);

void BM_SimdjsonOnDemand_Generate(benchmark::State& state) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string line(kGenerate);
  std::string out;
  std::uint64_t id = 0;
  for (auto _ : state) {
    out.clear();
    simdjson::ondemand::document doc;
    if (parser.iterate(line).get(doc)) state.SkipWithError("parse");
    std::string_view src, type;
    int64_t msg_id = 0;
    simdjson::ondemand::object body;
    if (doc["src"].get(src) || doc["body"].get(body) || body["type"].get(type) ||
        body["msg_id"].get(msg_id) || type != "generate") {
      state.SkipWithError("fields");
    }
    out += "{\"src\":\"n1\",\"dest\":\"";
    out += src;
    out += "\",\"body\":{\"type\":\"generate_ok\",\"id\":";
    out += std::to_string(++id);
    out += ",\"in_reply_to\":";
    out += std::to_string(msg_id);
    out += "}}\n";
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_SimdjsonOnDemand_Generate);
#endif

#ifdef HAVE_RAPIDJSON
void BM_RapidJson_Generate(benchmark::State& state) {
  std::uint64_t id = 0;
  for (auto _ : state) {
    rapidjson::Document doc;
    doc.Parse(kGenerate.data(), kGenerate.size());
    if (doc.HasParseError() || !doc.IsObject()) state.SkipWithError("parse");
    const auto& body = doc["body"];
    if (std::string_view(body["type"].GetString()) != "generate") state.SkipWithError("type");
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("src");
    w.String("n1");
    w.Key("dest");
    w.String(doc["src"].GetString(), doc["src"].GetStringLength());
    w.Key("body");
    w.StartObject();
    w.Key("type");
    w.String("generate_ok");
    w.Key("id");
    w.Uint64(++id);
    w.Key("in_reply_to");
    w.Int64(body["msg_id"].GetInt64());
    w.EndObject();
    w.EndObject();
    benchmark::DoNotOptimize(buffer.GetString());
  }
}
BENCHMARK(BM_RapidJson_Generate);
#endif

#ifdef HAVE_NLOHMANN
void BM_Nlohmann_Generate(benchmark::State& state) {
  std::uint64_t id = 0;
  for (auto _ : state) {
    nlohmann::json doc = nlohmann::json::parse(kGenerate);
    if (doc["body"]["type"] != "generate") state.SkipWithError("type");
    nlohmann::json reply = {
        {"src", "n1"},
        {"dest", doc["src"]},
        {"body", {{"type", "generate_ok"}, {"id", ++id}, {"in_reply_to", doc["body"]["msg_id"]}}}};
    std::string out = reply.dump();
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_Nlohmann_Generate);
#endif

// --- Exactness: what each library gives back for values a Clojure peer may send ------------------

// An integer beyond 64 bits, a 1.0 that is not 1, and a string that reads like a number.
const std::string kExact = R"({"big":123456789012345678901234567890,"f":1.0,"s":"1.0"})";

void PrintExactness() {
  std::printf("exactness: each library parses and writes back %s\n", kExact.c_str());
  auto row = [](const char* who, const std::string& got) {
    std::printf("  %-48s %s%s\n", who, got.c_str(), got == kExact ? "  (exact)" : "");
  };
  {
    maelstrom::JsonDocument doc;
    std::string error, out = "?";
    if (doc.Parse(kExact, &error)) {
      out.clear();
      maelstrom::WriteJson(out, doc.root());
    }
    row("ours (JsonView written back)", doc.empty() ? "parse error: " + error : out);
  }
#ifdef HAVE_SIMDJSON
  {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    auto error = parser.parse(simdjson::padded_string(kExact)).get(doc);
    row("simdjson DOM (to_string)",
        error ? std::string("parse error: ") + simdjson::error_message(error)
              : simdjson::to_string(doc));
  }
  {
    // On-Demand hands out each scalar's source text; an echo would copy those tokens.
    simdjson::ondemand::parser parser;
    simdjson::padded_string line(kExact);
    simdjson::ondemand::document doc;
    std::string out = "parse error";
    if (!parser.iterate(line).get(doc)) {
      std::string_view big, f, str;
      simdjson::ondemand::object o;
      if (!doc.get_object().get(o) && !o["big"].raw_json_token().get(big) &&
          !o["f"].raw_json_token().get(f) && !o["s"].raw_json_token().get(str)) {
        out = "{\"big\":" + std::string(big) + ",\"f\":" + std::string(f) +
              ",\"s\":" + std::string(str) + "}";
      }
    }
    row("simdjson On-Demand (raw_json_token)", out);
  }
#endif
#ifdef HAVE_RAPIDJSON
  {
    rapidjson::Document doc;
    doc.Parse(kExact.data(), kExact.size());
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    doc.Accept(w);
    row("RapidJSON DOM", buffer.GetString());
  }
  {
    // Numbers kept as their text: in the DOM they become strings, so writing the DOM back
    // cannot tell 1.0 from "1.0".
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseNumbersAsStringsFlag>(kExact.data(), kExact.size());
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    doc.Accept(w);
    row("RapidJSON DOM, kParseNumbersAsStringsFlag", buffer.GetString());
  }
  {
    // The SAX reader with the same flag reports numbers apart from strings; a writer that
    // writes them with RawValue gives every byte back.
    struct RawNumbers : rapidjson::Writer<rapidjson::StringBuffer> {
      using Writer::Writer;
      bool RawNumber(const char* str, rapidjson::SizeType length, bool) {
        return RawValue(str, length, rapidjson::kNumberType);
      }
    };
    rapidjson::StringBuffer buffer;
    RawNumbers w(buffer);
    rapidjson::Reader reader;
    rapidjson::StringStream in(kExact.c_str());
    reader.Parse<rapidjson::kParseNumbersAsStringsFlag>(in, w);
    row("RapidJSON SAX, kParseNumbersAsStrings+RawValue", buffer.GetString());
  }
#endif
#ifdef HAVE_NLOHMANN
  row("nlohmann/json (dump)", nlohmann::json::parse(kExact).dump());
#endif
  std::printf("\n");
}

// A request whose envelope is fine and whose last member is not JSON: a node must refuse it.
const std::string kBroken =
    R"({"src":"c1","dest":"n1","body":{"type":"echo","msg_id":1},"x":[1,}})";

void PrintStrictness() {
  std::printf("strictness: each library reads src, body.type and body.msg_id of %s\n",
              kBroken.c_str());
  auto row = [](const char* who, bool refused) {
    std::printf("  %-48s %s\n", who, refused ? "refused" : "ACCEPTED");
  };
  {
    maelstrom::Message m;
    row("ours (Message::Parse)", !m.Parse(kBroken, nullptr));
  }
#ifdef HAVE_SIMDJSON
  {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    row("simdjson DOM", parser.parse(simdjson::padded_string(kBroken)).get(doc) != 0);
  }
  {
    simdjson::ondemand::parser parser;
    simdjson::padded_string line(kBroken);
    simdjson::ondemand::document doc;
    std::string_view src, type;
    int64_t msg_id = 0;
    simdjson::ondemand::object body;
    bool refused = parser.iterate(line).get(doc) || doc["src"].get(src) || doc["body"].get(body) ||
                   body["type"].get(type) || body["msg_id"].get(msg_id);
    row("simdjson On-Demand (reading those fields)", refused);
  }
#endif
#ifdef HAVE_RAPIDJSON
  {
    rapidjson::Document doc;
    doc.Parse(kBroken.data(), kBroken.size());
    row("RapidJSON", doc.HasParseError());
  }
#endif
#ifdef HAVE_NLOHMANN
  row("nlohmann/json", nlohmann::json::accept(kBroken) == false);
#endif
  std::printf("\n");
}

}  // namespace

// main() is bench/benchmark_main.cc; it calls this before the benchmarks run.
namespace glomers_bench {
void Preamble() {
  PrintExactness();
  PrintStrictness();
}
}  // namespace glomers_bench
