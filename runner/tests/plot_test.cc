#include "runner/src/plot.h"

#include <gtest/gtest.h>

#include "history_builder.h"

namespace glomers {
namespace {

std::size_t Count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

TEST(PlotTest, FaultWindowsPairStartsWithStops) {
  HistoryBuilder h;
  h.Generate(OpType::kOk, "1");
  h.Nemesis("start-partition", "\"one\"");  // completes at time 3
  h.Nemesis("kill", "\"one\"");             // 5
  h.Nemesis("stop-partition", "null");      // 7
  h.Nemesis("pause", "\"all\"");            // 9
  h.Nemesis("resume", "\"all\"");           // 11
  auto windows = FaultWindows(h.history(), 100);
  ASSERT_EQ(windows.size(), 3u);
  EXPECT_EQ(windows[0].kind, "partition");
  EXPECT_EQ(windows[0].start, 3);
  EXPECT_EQ(windows[0].end, 7);
  EXPECT_EQ(windows[1].kind, "kill");
  EXPECT_EQ(windows[1].end, 100);  // never restarted: open to the end
  EXPECT_EQ(windows[2].kind, "pause");
  EXPECT_EQ(windows[2].end, 11);
}

TEST(PlotTest, LatencyAndRateAreSvgWithShadedFaults) {
  HistoryBuilder h;
  for (int i = 0; i < 50; ++i) h.Generate(i % 10 == 0 ? OpType::kInfo : OpType::kOk, "1");
  h.Nemesis("start-partition", "\"one\"");
  auto windows = FaultWindows(h.history(), 200);
  std::string latency = LatencySvg(h.history(), windows, 200);
  EXPECT_EQ(latency.rfind("<svg", 0), 0u);
  EXPECT_NE(latency.find("</svg>"), std::string::npos);
  EXPECT_EQ(Count(latency, "<circle"), 50u);
  EXPECT_NE(latency.find("fill=\"#E9DCA0\""), std::string::npos);  // the partition window
  EXPECT_NE(latency.find("#FFA400"), std::string::npos);           // info points
  std::string rate = RateSvg(h.history(), windows, 200);
  EXPECT_EQ(Count(rate, "<polyline"), 3u);
  EXPECT_NE(rate.find("fill=\"#E9DCA0\""), std::string::npos);
}

TEST(PlotTest, ManyOperationsAreSampled) {
  HistoryBuilder h;
  for (int i = 0; i < 3000; ++i) h.Generate(i < 10 ? OpType::kFail : OpType::kOk, "1");
  std::string latency = LatencySvg(h.history(), {}, 10000, 500);
  EXPECT_EQ(Count(latency, "<circle"), 500u);
  EXPECT_EQ(Count(latency, "r=\"2\" fill=\"#FF1E90\""), 10u);  // every failure kept
}

}  // namespace
}  // namespace glomers
