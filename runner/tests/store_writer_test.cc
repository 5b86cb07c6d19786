// The history files written on threads (StoreWriter) are byte for byte the files written alone,
// while the calling thread copies the history's values as the checkers do. Under ThreadSanitizer
// this is also the check that the writers touch no reference count (store_writer.h).
#include "runner/src/store_writer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "runner/src/network.h"
#include "runner/src/results.h"
#include "runner/src/workload.h"
#include "testing/read_file.h"
#include "testing/temp_dir.h"

namespace glomers {
namespace {

using glomers::testing::ReadFile;

class Grudge final : public Value::Lazy {
 public:
  void AppendJson(std::string& out) const override { out += R"({"n0":["n1"],"n1":["n0"]})"; }
};

// Echo operations whose values live in reference-counted blocks (objects, long strings), with
// errors and exceptions, and nemesis operations with a lazy value among them.
History MakeHistory(int n) {
  History h;
  for (int i = 0; i < n; ++i) {
    Op invoke;
    invoke.f = FName("echo");
    invoke.process = i % 7;
    invoke.time = 10 * i;
    invoke.value =
        Value::String("Please echo a string longer than fourteen bytes " + std::to_string(i));
    std::int64_t at = h.Append(invoke);
    Op done = invoke;
    done.time = 10 * i + 5;
    OpDetails details;
    if (i % 5 == 3) {
      done.type = OpType::kInfo;
      details.error = Value::Array({Value::String("net-timeout"), Value::String("no reply\tin")});
      details.exception = Value::Object({{"via", Value::String("a \"quoted\" place")}});
    } else {
      done.type = OpType::kOk;
      done.value = Value::Object({{"type", Value::String("echo_ok")},
                                  {"echo", invoke.value},
                                  {"in_reply_to", Value::Int(i)}});
    }
    h.Complete(at, done, details);
    if (i % 1000 == 0) {
      Op fault;
      fault.f = FName("start-partition");
      fault.type = OpType::kInfo;
      fault.process = kNemesisProcess;
      fault.time = 10 * i + 7;
      fault.value = Value::FromLazy(std::make_shared<Grudge>());
      h.Append(fault);
    }
  }
  return h;
}

TEST(StoreWriterTest, FilesWrittenConcurrentlyAreTheFilesWrittenAlone) {
  History history = MakeHistory(10000);
  TestOptions options;
  options.workload = "echo";
  options.nodes = {"n0", "n1"};
  FaultLog faults;
  Network net{LatencyDistribution(LatencyShape::kConstant, 0), Random(1, Random::kLatency)};
  testing::TempDir concurrent("glomers-store-writer"), alone("glomers-store-writer");
  RunRecord record{&options, &history, nullptr, &faults, 300000, &net};

  StoreWriter writer(record, concurrent.path());
  // Meanwhile, what the checkers do on this thread: copy the history's values, so that their
  // reference counts change while the writers read the values.
  std::size_t copied = 0;
  for (int round = 0; round < 3; ++round) {
    std::vector<Value> copies;
    for (const Op& op : history) copies.push_back(op.value);
    copied += copies.size();
  }
  EXPECT_EQ(copied, 3 * history.size());
  Analysis analysis = Analyze(options, *MakeWorkload("echo"), history, net.stats(), {});
  record.analysis = &analysis;
  std::vector<std::string> problems = writer.Finish(record);
  EXPECT_TRUE(problems.empty()) << problems[0];

  int history_files = 0;
  for (const auto& file : StoreFiles()) {
    std::string name(file->name());
    EXPECT_EQ(WriteStoreFile(*file, record, alone.path()), "") << name;
    std::string a = ReadFile(concurrent.path() + "/" + name),
                b = ReadFile(alone.path() + "/" + name);
    EXPECT_FALSE(b.empty()) << name;
    EXPECT_TRUE(a == b) << name << ": " << a.size() << " bytes written concurrently, " << b.size()
                        << " alone";
    history_files += file->history_only();
  }
  EXPECT_EQ(history_files, 3);  // history.jsonl, .edn and .txt
}

TEST(StoreWriterTest, ProblemsAreReportedInTheOrderOfTheFiles) {
  History history = MakeHistory(10);
  TestOptions options;
  options.workload = "echo";
  FaultLog faults;
  Analysis analysis = Analyze(options, *MakeWorkload("echo"), history, NetStats{}, {});
  RunRecord record{&options, &history, &analysis, &faults, 100, nullptr};
  StoreWriter writer(record, "/nonexistent/dir");
  std::vector<std::string> problems = writer.Finish(record);
  ASSERT_EQ(problems.size(), StoreFiles().size());
  for (std::size_t i = 0; i < problems.size(); ++i) {
    EXPECT_EQ(problems[i].rfind("/nonexistent/dir/" + std::string(StoreFiles()[i]->name()), 0), 0u)
        << problems[i];
  }
}

TEST(FNameTest, NamesAreReadWhileAnotherThreadInternsNewOnes) {
  FName mine("fname-test-mine");
  std::thread other([] {
    for (int i = 0; i < 3000; ++i) FName("fname-test-" + std::to_string(i));
  });
  std::size_t same = 0;
  for (int i = 0; i < 200000; ++i) same += mine.view() == "fname-test-mine";
  other.join();
  EXPECT_EQ(same, 200000u);
  EXPECT_EQ(FName("fname-test-2999").view(), "fname-test-2999");
  EXPECT_TRUE(FName("fname-test-7") == FName("fname-test-7"));
  EXPECT_FALSE(FName("fname-test-7") == mine);
}

}  // namespace
}  // namespace glomers
