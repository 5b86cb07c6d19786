#include "runner/src/plot.h"

#include <gtest/gtest.h>

#include "history_builder.h"
#include "runner/src/fault_log.h"

namespace glomers {
namespace {

std::size_t Count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

TEST(PlotTest, FaultWindowsPairStartsWithStops) {
  FaultLog log;
  log.Begin(FaultKind::kPartition, 3, {0, 1}, "one");
  log.Begin(FaultKind::kKill, 5, {2}, "one");
  log.End(FaultKind::kPartition, 7);
  log.Begin(FaultKind::kPause, 9, {0, 1, 2}, "all");
  log.End(FaultKind::kPause, 11);
  log.End(FaultKind::kPartition, 12);  // none open: nothing to end
  auto windows = FaultWindows(log, 100);
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
  FaultLog log;
  log.Begin(FaultKind::kPartition, 150, {0}, "one");
  auto windows = FaultWindows(log, 200);
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
  // Every failure kept: the failed points' group holds ten.
  auto group = latency.find("<g fill=\"#FF1E90\">");
  ASSERT_NE(group, std::string::npos);
  EXPECT_EQ(Count(latency.substr(group, latency.find("</g>", group) - group), "<circle"), 10u);
  EXPECT_NE(latency.find("10 failed and indeterminate, 490 of 2990 ok operations (evenly sampled)"),
            std::string::npos);
}

TEST(PlotTest, FaultsThatTouchedNoNodeAreMarkersAndOverlapsHaveASwatch) {
  HistoryBuilder h;
  for (int i = 0; i < 20; ++i) h.Generate(OpType::kOk, "1");
  FaultLog log;
  log.Begin(FaultKind::kPartition, 2, {0, 1}, "majority");
  log.Begin(FaultKind::kKill, 4, {1}, "one");  // overlaps the partition
  log.End(FaultKind::kKill, 6);
  log.End(FaultKind::kPartition, 8);
  log.Begin(FaultKind::kKill, 10, {}, "minority-third");  // touched nothing
  log.End(FaultKind::kKill, 12);
  log.Begin(FaultKind::kPause, 14, {}, "minority-third");
  auto windows = FaultWindows(log, 20);
  ASSERT_EQ(windows.size(), 4u);
  EXPECT_FALSE(windows[2].touched);
  EXPECT_EQ(windows[2].label, "kill minority-third");
  for (const std::string& svg :
       {LatencySvg(h.history(), windows, 20), RateSvg(h.history(), windows, 20),
        LatencyQuantilesSvg(h.history(), windows, 20)}) {
    // Windows for the two that touched nodes; markers, not windows, for the other two.
    EXPECT_EQ(Count(svg, "fill-opacity=\"0.5\"><title>"), 2u);
    EXPECT_NE(svg.find("<title>kill one</title>"), std::string::npos);
    EXPECT_NE(svg.find("<title>kill minority-third (touched no node)</title><line"),
              std::string::npos);
    EXPECT_NE(svg.find("<title>pause minority-third (touched no node)</title><line"),
              std::string::npos);
    // The legend: each kind drawn, their overlap, each kind of marker; no pause window.
    EXPECT_NE(svg.find(">partition</text>"), std::string::npos);
    EXPECT_NE(svg.find(">kill</text>"), std::string::npos);
    EXPECT_NE(svg.find(">partition + kill</text>"), std::string::npos);
    EXPECT_NE(svg.find(">kill, touched no node</text>"), std::string::npos);
    EXPECT_NE(svg.find(">pause, touched no node</text>"), std::string::npos);
    EXPECT_EQ(svg.find(">pause</text>"), std::string::npos);
  }
}

TEST(FaultLogTest, WhatTouchedANodeAndWhatIsInForce) {
  FaultLog log;
  std::vector<std::string> names = {"n0", "n1", "n2"};
  EXPECT_EQ(log.InForce(names), "");
  log.Begin(FaultKind::kPartition, 1, {0, 2}, "majority");
  log.Begin(FaultKind::kKill, 2, {2, 1}, "minority");
  log.Begin(FaultKind::kPause, 3, {}, "minority-third");
  EXPECT_EQ(log.InForce(names), "partition majority, killed n1 n2");
  log.End(FaultKind::kKill, 4);
  log.Begin(FaultKind::kPause, 5, {0}, "one");
  EXPECT_EQ(log.InForce(names), "partition majority, paused n0");
  ASSERT_EQ(log.episodes().size(), 4u);
  EXPECT_EQ(log.episodes()[2].end, 5);  // a new pause ends the last
  auto touching = log.Touching(2);
  ASSERT_EQ(touching.size(), 2u);
  EXPECT_EQ(touching[0]->kind, FaultKind::kPartition);
  EXPECT_EQ(touching[1]->kind, FaultKind::kKill);
  EXPECT_EQ(touching[1]->begin, 2);
  EXPECT_EQ(touching[1]->end, 4);
  EXPECT_FALSE(touching[0]->end.has_value());
  EXPECT_TRUE(log.Touching(1).size() == 1 && log.Touching(1)[0]->detail == "minority");
}

}  // namespace
}  // namespace glomers
