#include "runner/src/workloads/unique_ids.h"

#include <gtest/gtest.h>

#include "history_builder.h"
#include "runner/src/json_writer.h"

namespace glomers {
namespace {

TEST(CheckerUniqueIdsTest, DistinctIdsAreValid) {
  HistoryBuilder h;
  h.Generate(OpType::kOk, "3").Generate(OpType::kOk, "1").Generate(OpType::kOk, "2");
  h.Generate(OpType::kInfo, "null").Generate(OpType::kFail, "null").Generate(OpType::kInvoke, "");
  UniqueIdsResult r = CheckUniqueIds(h.history());
  EXPECT_EQ(r.valid(), Validity::kTrue);
  EXPECT_EQ(r.attempted_count, 6);
  EXPECT_EQ(r.acknowledged_count, 3);
  EXPECT_EQ(r.duplicated_count, 0);
  ASSERT_TRUE(r.range.has_value());
  EXPECT_EQ(r.range->first.ToJson(), "1");
  EXPECT_EQ(r.range->second.ToJson(), "3");
  EXPECT_EQ(ToJson(r),
            R"({"valid?":true,"attempted-count":6,"acknowledged-count":3,"duplicated-count":0,)"
            R"("duplicated":{},"range":[1,3]})");
}

TEST(CheckerUniqueIdsTest, DuplicatesAreCountedByDistinctId) {
  HistoryBuilder h;
  for (const char* id : {"5", "5", "5", "9", "9", "4", R"("x")"}) h.Generate(OpType::kOk, id);
  UniqueIdsResult r = CheckUniqueIds(h.history());
  EXPECT_EQ(r.valid(), Validity::kUnknown);  // a string among numbers cannot be ranged
  HistoryBuilder g;
  for (const char* id : {"5", "5", "5", "9", "9", "4"}) g.Generate(OpType::kOk, id);
  r = CheckUniqueIds(g.history());
  EXPECT_EQ(r.valid(), Validity::kFalse);
  EXPECT_EQ(r.duplicated_count, 2);
  ASSERT_EQ(r.duplicated.size(), 2u);
  EXPECT_EQ(r.duplicated[0].first.ToJson(), "5");
  EXPECT_EQ(r.duplicated[0].second, 3);
  EXPECT_EQ(r.duplicated[1].first.ToJson(), "9");
  EXPECT_EQ(r.duplicated[1].second, 2);
  EXPECT_NE(ToJson(r).find(R"("duplicated":{"5":3,"9":2})"), std::string::npos) << ToJson(r);
}

TEST(CheckerUniqueIdsTest, EqualityIsByJsonValue) {
  HistoryBuilder h;
  h.Generate(OpType::kOk, "1").Generate(OpType::kOk, "1.0");  // differ
  h.Generate(OpType::kOk, R"([1,{"a":1,"b":2}])").Generate(OpType::kOk, R"([1,{"b":2,"a":1}])");
  UniqueIdsResult r = CheckUniqueIds(h.history());
  // Arrays holding objects cannot be ordered against numbers: unknown. Check with arrays alone.
  EXPECT_EQ(r.valid(), Validity::kUnknown);
  HistoryBuilder numbers;
  numbers.Generate(OpType::kOk, "1").Generate(OpType::kOk, "1.0").Generate(OpType::kOk, "2");
  EXPECT_EQ(CheckUniqueIds(numbers.history()).valid(), Validity::kTrue);
  HistoryBuilder strings;
  strings.Generate(OpType::kOk, R"("a")").Generate(OpType::kOk, R"("\u0061")");
  r = CheckUniqueIds(strings.history());
  EXPECT_EQ(r.valid(), Validity::kFalse);
  EXPECT_EQ(r.duplicated_count, 1);
}

TEST(CheckerUniqueIdsTest, NumbersBeyondADoubleAreInfinitiesAsTheJvmReadsThem) {
  // A node may answer anything; this once aborted the runner while it compared ids.
  HistoryBuilder h;
  h.Generate(OpType::kOk, "1e999999").Generate(OpType::kOk, "2e999999");
  h.Generate(OpType::kOk, "-1e999999").Generate(OpType::kOk, "5");
  UniqueIdsResult r = CheckUniqueIds(h.history());
  EXPECT_EQ(r.valid(), Validity::kFalse);  // both are Infinity to Maelstrom
  EXPECT_EQ(r.duplicated_count, 1);
}

TEST(CheckerUniqueIdsTest, RangesOfStringsAndArrays) {
  HistoryBuilder s;
  s.Generate(OpType::kOk, R"("n1-2")")
      .Generate(OpType::kOk, R"("n0-9")")
      .Generate(OpType::kOk, R"("n1-10")");
  UniqueIdsResult r = CheckUniqueIds(s.history());
  EXPECT_EQ(r.valid(), Validity::kTrue);
  EXPECT_EQ(r.range->first.ToJson(), R"("n0-9")");
  EXPECT_EQ(r.range->second.ToJson(), R"("n1-2")");
  HistoryBuilder a;
  a.Generate(OpType::kOk, R"(["n1",2])")
      .Generate(OpType::kOk, R"(["n0",7])")
      .Generate(OpType::kOk, R"(["n0",3,1])");
  r = CheckUniqueIds(a.history());
  EXPECT_EQ(r.valid(), Validity::kTrue);
  EXPECT_EQ(r.range->first.ToJson(), R"(["n0",7])");
  EXPECT_EQ(r.range->second.ToJson(), R"(["n0",3,1])");
}

TEST(CheckerUniqueIdsTest, ObjectIdsCannotBeRangedSoTheResultIsUnknown) {
  HistoryBuilder h;
  h.Generate(OpType::kOk, R"({"node":"n1","n":1})").Generate(OpType::kOk, R"({"node":"n1","n":2})");
  UniqueIdsResult r = CheckUniqueIds(h.history());
  EXPECT_EQ(r.valid(), Validity::kUnknown);
  EXPECT_NE(r.error.find("cannot compare"), std::string::npos);
  EXPECT_EQ(ToJson(r).rfind(R"({"valid?":"unknown","error":)", 0), 0u);
  // One object alone is never compared with anything.
  HistoryBuilder one;
  one.Generate(OpType::kOk, R"({"a":1})");
  EXPECT_EQ(CheckUniqueIds(one.history()).valid(), Validity::kTrue);
}

TEST(CheckerUniqueIdsTest, ShowsTheFortyEightMostDuplicated) {
  HistoryBuilder h;
  for (int id = 0; id < 60; ++id) {
    int copies = id < 10 ? 3 : 2;  // ids 0..9 most often
    for (int k = 0; k < copies; ++k) h.Generate(OpType::kOk, std::to_string(id));
  }
  UniqueIdsResult r = CheckUniqueIds(h.history());
  EXPECT_EQ(r.duplicated_count, 60);
  ASSERT_EQ(r.duplicated.size(), 48u);
  for (int id = 0; id < 10; ++id) {
    EXPECT_EQ(r.duplicated[static_cast<std::size_t>(id)].first.ToJson(), std::to_string(id));
    EXPECT_EQ(r.duplicated[static_cast<std::size_t>(id)].second, 3);
  }
}

TEST(CheckerUniqueIdsTest, NoAcknowledgementsNoRange) {
  HistoryBuilder h;
  h.Generate(OpType::kInfo, "null");
  UniqueIdsResult r = CheckUniqueIds(h.history());
  EXPECT_EQ(r.valid(), Validity::kTrue);
  EXPECT_FALSE(r.range.has_value());
  EXPECT_NE(ToJson(r).find("\"range\":null"), std::string::npos);
}

}  // namespace
}  // namespace glomers
