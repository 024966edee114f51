// The year convention of the command line: calendar years, +N for the Nth simulated year,
// a bare number under 1900 read as +N with a deprecation warning; anything else refused.
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "core/year_option.hpp"

namespace edusim {
namespace {

TEST(YearOption, CalendarYearsAndPlusN) {
  const YearOption calendar = parse_year_option("2029", "--snapshot-at");
  EXPECT_FALSE(calendar.simulated);
  EXPECT_EQ(calendar.value, 2029);
  EXPECT_FALSE(calendar.deprecation);
  EXPECT_EQ(calendar.calendar_year(2024), 2029);
  const YearOption plus = parse_year_option("+5", "--snapshot-at");
  EXPECT_TRUE(plus.simulated);
  EXPECT_EQ(plus.value, 5);
  EXPECT_FALSE(plus.deprecation);
  EXPECT_EQ(plus.calendar_year(2024), 2029);
  EXPECT_EQ(parse_year_option("+0", "--x").calendar_year(2024), 2024);
  EXPECT_FALSE(parse_year_option("1900", "--x").simulated);
}

TEST(YearOption, ABareSmallNumberIsASimulatedYearWithADeprecationWarning) {
  const YearOption old = parse_year_option("5", "--snapshot-at");
  EXPECT_TRUE(old.simulated);
  EXPECT_EQ(old.calendar_year(2024), 2029);
  ASSERT_TRUE(old.deprecation);
  EXPECT_NE(old.deprecation->find("--snapshot-at 5"), std::string::npos) << *old.deprecation;
  EXPECT_NE(old.deprecation->find("write +5"), std::string::npos) << *old.deprecation;
  EXPECT_TRUE(parse_year_option("1899", "--x").simulated);
}

TEST(YearOption, RefusesWhatIsNotAYear) {
  for (const char* text :
       {"", "+", "-3", "2029.0", "20x9", "+-1", " 2029", "10000", "++5", "99999999999999999999"}) {
    try {
      parse_year_option(text, "--snapshot-at");
      ADD_FAILURE() << "accepted '" << text << "'";
    } catch (const InputError& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find("--snapshot-at"), std::string::npos) << message;
      EXPECT_NE(message.find("1900 to 9999"), std::string::npos) << message;
      EXPECT_NE(message.find("+N"), std::string::npos) << message;
    }
  }
}

}  // namespace
}  // namespace edusim
