#include <catch2/catch.hpp>
#include <vector>

#include "timeline/step_series.h"

using namespace cs::ui;

TEST_CASE("changes at one instant collapse into the settled value") {
    StepSeries s;
    s.set(0.0, 0);
    s.set(1.0, 1);
    s.set(1.0, 2);
    s.set(1.0, 3);
    s.set(2.0, 3);  // no change: no point
    s.set(3.0, 1);
    CHECK(s.size() == 3);
    CHECK(s.valueAtTime(0.5) == 0);
    CHECK(s.valueAtTime(1.0) == 3);  // the change at exactly t counts
    CHECK(s.valueAtTime(2.5) == 3);
    CHECK(s.valueAtTime(3.0) == 1);
    CHECK(s.valueAtTime(-1.0, 7) == 7);
    s.set(4.0, 2);
    s.set(4.0, 1);  // back to the previous value at the same instant: the point goes away
    CHECK(s.size() == 3);
}

TEST_CASE("maxPerColumn keeps a one-instant spike and stops at the live time") {
    StepSeries s;
    s.set(0.0, 1);
    s.set(5.0, 9);
    s.set(5.0001, 1);
    std::vector<std::int64_t> cols;
    s.maxPerColumn({0.0, 10.0}, 10, 10.0, cols);
    REQUIRE(cols.size() == 10);
    CHECK(cols[4] == 1);
    CHECK(cols[5] == 9);
    CHECK(cols[6] == 1);
    s.maxPerColumn({0.0, 10.0}, 10, 3.5, cols);
    CHECK(cols[3] == 1);
    CHECK(cols[4] == -1);  // not simulated yet
    s.maxPerColumn({4.0, 6.0}, 4, 10.0, cols);
    CHECK(cols == std::vector<std::int64_t>{1, 1, 9, 1});
}

TEST_CASE("integral sums value times duration") {
    StepSeries s;
    s.set(0.0, 2);
    s.set(1.0, 4);
    s.set(3.0, 0);
    CHECK(s.integral(1.0) == Approx(2.0));
    CHECK(s.integral(2.0) == Approx(6.0));
    CHECK(s.integral(10.0) == Approx(10.0));
}
