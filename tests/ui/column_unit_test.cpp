// ColumnUnit: one unit per table column of times, from its largest value.
#include <catch2/catch.hpp>

#include "panels/column_unit.h"

using namespace cs::ui;
using Unit = ColumnUnit::Unit;

TEST_CASE("a column's unit and decimals come from its largest value: four significant digits of it, never coarser "
          "than a millisecond") {
    struct Row {
        double largest;
        Unit unit;
        int decimals;
        double sample;
        const char* shown;  // `sample` seconds in that unit
    };
    const Row rows[] = {
        {0.0, Unit::Seconds, 0, 0.0, "0"},              // nothing yet
        {6.4, Unit::Seconds, 3, 0.6, "0.600"},           // 1.20 s and 600 ms in one column of seconds
        {6.4, Unit::Seconds, 3, 0.0004, "0.000"},
        {1.0, Unit::Seconds, 3, 1.0, "1.000"},
        {45.0, Unit::Seconds, 3, 3.25, "3.250"},
        {1234.0, Unit::Seconds, 3, 0.4, "0.400"},      // not "0" beside 1234 s
        {0.999, Unit::Milliseconds, 1, 0.25, "250.0"},
        {0.012, Unit::Milliseconds, 2, 0.0005, "0.50"},
        {0.001, Unit::Milliseconds, 3, 0.0001, "0.100"},
        {0.0005, Unit::Microseconds, 1, 0.0000125, "12.5"},
        {-2.0, Unit::Seconds, 3, -0.00001, "0.000"},     // no "-0.000"
    };
    for (const Row& r : rows) {
        CAPTURE(r.largest, r.sample);
        const ColumnUnit u = ColumnUnit::forLargest(r.largest);
        CHECK(u.unit() == r.unit);
        CHECK(u.decimals() == r.decimals);
        CHECK(u.format(r.sample) == QString::fromUtf8(r.shown));
    }
}

TEST_CASE("a column's header names its unit once") {
    CHECK(ColumnUnit::forLargest(2.0).header(QStringLiteral("Ran")) == QStringLiteral("Ran (s)"));
    CHECK(ColumnUnit::forLargest(0.2).header(QStringLiteral("Ran")) == QStringLiteral("Ran (ms)"));
    CHECK(ColumnUnit::forLargest(2e-5).header(QStringLiteral("Ran")) == QString::fromUtf8("Ran (µs)"));
    CHECK(ColumnUnit::forLargest(2.0) == ColumnUnit::forLargest(3.0));
    CHECK(ColumnUnit::forLargest(2.0) == ColumnUnit::forLargest(2000.0));  // seconds to the millisecond
    CHECK_FALSE(ColumnUnit::forLargest(0.002) == ColumnUnit::forLargest(0.2));  // other decimals
}
