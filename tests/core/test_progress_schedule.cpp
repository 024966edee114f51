// The progress lines of a non-terminal stderr: one every tenth of the work or 30 s,
// whichever comes first, with the count, the rate and the time left; checked on a clock the
// test moves by hand.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "core/progress_schedule.hpp"

namespace edusim {
namespace {

struct FakeClock {
  double now = 1000.0;
};

TEST(ProgressSchedule, ALineAtEachTenthAndNoneInBetween) {
  FakeClock clock;
  ProgressSchedule s("run", "years", [&clock] { return clock.now; });
  int lines = 0;
  for (long done = 1; done <= 40; ++done) {
    clock.now += 1.0;  // 1 s a year: never 30 s between two tenths
    const auto line = s.update(done, 40);
    EXPECT_EQ(line.has_value(), done % 4 == 0) << done;
    lines += line ? 1 : 0;
  }
  EXPECT_EQ(lines, 10);
}

/// One call of update(): the clock moved by `advance` seconds, `done` of the total are done,
/// and whether a line is due.
struct Step {
  double advance;
  long done;
  bool line;
};

void expect_lines(long total, const std::vector<Step>& steps) {
  FakeClock clock;
  ProgressSchedule s("sweep", "runs", [&clock] { return clock.now; });
  double t = 0;
  for (const Step& step : steps) {
    clock.now += step.advance;
    t += step.advance;
    EXPECT_EQ(s.update(step.done, total).has_value(), step.line)
        << step.done << "/" << total << " at " << t << " s";
  }
}

TEST(ProgressSchedule, ALineAfter30SecondsWithoutANewTenth) {
  // 29 s: nothing; 30 s since the start: a line; 29.5 s after it nothing, 30 s a line.
  expect_lines(1000, {{29.0, 1, false}, {1.0, 2, true}, {29.5, 3, false}, {0.5, 4, true}});
}

TEST(ProgressSchedule, ATenthReachedEarlyResetsTheClockOfTheNextLine) {
  // A tenth at 20 s; 29 s later (no new tenth) nothing; 30 s after that line, a line.
  expect_lines(10, {{20.0, 1, true}, {29.0, 1, false}, {1.0, 1, true}});
}

TEST(ProgressSchedule, TheOverdueLineGivesTheRateAndTheTimeLeft) {
  FakeClock clock;
  ProgressSchedule s("sweep", "runs", [&clock] { return clock.now; });
  clock.now += 30.0;
  EXPECT_EQ(s.update(2, 1000),
            "edusim: sweep 2/1000 runs (0.2%), 0.07 runs/s, about 4 h 10 min left");
}

TEST(ProgressSchedule, TheLastLineSaysHowLongItTookOnce) {
  FakeClock clock;
  ProgressSchedule s("national", "counties", [&clock] { return clock.now; });
  clock.now += 150.0;
  const auto line = s.update(3, 3);
  ASSERT_TRUE(line);
  EXPECT_EQ(*line, "edusim: national 3/3 counties (100.0%), 0.02 counties/s, done in 3 min");
  EXPECT_FALSE(s.update(3, 3));
}

TEST(ProgressSchedule, LineGivesCountShareRateAndTimeLeft) {
  EXPECT_EQ(progress_line("run", "years", 3, 40, 3.0 / 2.1),
            "edusim: run 3/40 years (7.5%), 2.10 years/s, about 18 s left");
  EXPECT_EQ(progress_line("run", "years", 0, 40, 31.0),
            "edusim: run 0/40 years (0.0%), time left not known yet");
  EXPECT_EQ(progress_line("sweep", "runs", 500, 1000, 1.0),
            "edusim: sweep 500/1000 runs (50.0%), 500.0 runs/s, about 1 s left");
  EXPECT_EQ(progress_line("sweep", "runs", 999, 1000, 1.0),
            "edusim: sweep 999/1000 runs (99.9%), 999.0 runs/s, less than a second left");
}

TEST(ProgressSchedule, RoughDurations) {
  EXPECT_EQ(rough_duration(0.4), "0 s");
  EXPECT_EQ(rough_duration(89.0), "89 s");
  EXPECT_EQ(rough_duration(90.0), "2 min");
  EXPECT_EQ(rough_duration(89.0 * 60), "89 min");
  EXPECT_EQ(rough_duration(125.0 * 60), "2 h 5 min");
}

}  // namespace
}  // namespace edusim
