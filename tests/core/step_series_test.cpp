#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdint>
#include <vector>

#include "model/step_series.h"

using cs::StepSeries;
using cs::TimeRange;

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

namespace {
// The walk maxPerColumn did before it had block maxima: every point, in order.
std::vector<std::int64_t> referenceColumns(const StepSeries& s, TimeRange w, int width, double until) {
    std::vector<std::int64_t> out(static_cast<std::size_t>(width), -1);
    std::size_t j = s.indexAtOrBefore(w.begin);
    std::int64_t v = 0;
    if (j == s.size()) {
        j = 0;
    } else {
        v = s.valueAt(j);
        ++j;
    }
    const double dt = w.span() / width;
    for (int x = 0; x < width; ++x) {
        const double colStart = w.begin + x * dt;
        if (colStart > until) break;
        const double colEnd = w.begin + (x + 1) * dt;
        std::int64_t m = v;
        while (j < s.size() && s.timeAt(j) < colEnd && s.timeAt(j) <= until) {
            v = s.valueAt(j);
            m = std::max(m, v);
            ++j;
        }
        out[static_cast<std::size_t>(x)] = m;
    }
    return out;
}
}  // namespace

TEST_CASE("maxPerColumn over block maxima equals a walk over every point, also column by column as points append") {
    std::uint64_t rng = 7;
    auto next = [&rng](int n) {
        rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<int>((rng >> 33) % static_cast<std::uint64_t>(n));
    };
    StepSeries s;
    double t = 0.0;
    std::int64_t v = 0;
    std::vector<std::int64_t> live;
    const TimeRange w{3.0, 900.0};
    double redoFrom = 0.0;  // min(live time, last point) as the previous frame saw them
    for (int step = 0; step < 40; ++step) {
        // A batch of changes, some at one instant (collapsing, popping points).
        for (int k = next(400); k > 0; --k) {
            if (next(3) > 0) t += next(100) / 37.0;
            v = std::max<std::int64_t>(0, v + next(7) - 3);
            s.set(t, v);
        }
        const double until = t + next(20);
        // Incrementally, from the column of the last point / live time seen before.
        const int width = 613;
        const double x = (redoFrom - w.begin) / w.span() * width;
        const int from = step == 0 || x <= 1.0 ? 0 : std::min(width, static_cast<int>(x) - 1);
        s.maxPerColumn(w, width, until, live, from);
        CHECK(live == referenceColumns(s, w, width, until));
        redoFrom = std::min(until, s.timeAt(s.size() - 1));
        std::vector<std::int64_t> fresh;
        for (const TimeRange z : {TimeRange{0.0, t + 1.0}, TimeRange{t * 0.3, t * 0.31}, TimeRange{-5.0, 2.0}}) {
            for (const int width2 : {1, 17, 1600}) {
                s.maxPerColumn(z, width2, until, fresh);
                REQUIRE(fresh == referenceColumns(s, z, width2, until));
            }
        }
    }
    CHECK(s.size() > 1000);  // enough points for many sealed blocks
}

TEST_CASE("the maximum is over settled values: a change undone within its instant is no peak") {
    StepSeries s;
    s.set(0.0, 0);
    s.set(1.0, 6);  // six start at 1.0 ...
    s.set(1.0, 5);  // ... one ends within the instant
    CHECK(s.maxValue() == 5);
    s.set(2.0, 3);
    CHECK(s.maxValue() == 5);
    s.set(3.0, 4);
    s.set(3.0, 3);  // back to the previous value: the point goes, the peak stays 5
    CHECK(s.maxValue() == 5);
    CHECK(s.maxUpTo(0.5) == 0);
    CHECK(s.maxUpTo(1.0) == 5);
    CHECK(s.maxUpTo(-1.0, 9) == 9);
}

TEST_CASE("a series kept with its integral answers integral(t) as a walk would") {
    StepSeries fast(true), slow;
    const double ts[] = {0.0, 0.5, 0.5, 1.25, 2.0, 2.0, 3.5};
    const std::int64_t vs[] = {2, 3, 1, 4, 0, 2, 1};
    for (int k = 0; k < 7; ++k) {
        fast.set(ts[k], vs[k]);
        slow.set(ts[k], vs[k]);
    }
    for (double t : {-1.0, 0.0, 0.25, 0.5, 1.0, 1.25, 1.9, 2.0, 3.0, 3.5, 10.0}) {
        INFO("t = " << t);
        CHECK(fast.integral(t) == Approx(slow.integral(t)));
    }
    CHECK(fast.integral(3.5) == Approx(2 * 0.5 + 1 * 0.75 + 4 * 0.75 + 2 * 1.5));
}

namespace {
// A long series with changes at one instant (some undone within it, so
// points pop) and, when `big` is set, values far outside 32 bits.
void feedRandom(StepSeries& a, StepSeries& b, std::uint64_t seed, std::int64_t big) {
    std::uint64_t rng = seed;
    auto next = [&rng](int n) {
        rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<int>((rng >> 33) % static_cast<std::uint64_t>(n));
    };
    double t = 0.0;
    std::int64_t v = 0;
    for (int k = 0; k < 20000; ++k) {
        if (next(3) > 0) t += next(100) / 37.0;
        v = std::max<std::int64_t>(0, v + next(7) - 3);
        const std::int64_t value = big != 0 && k > 7000 && next(50) == 0 ? v + big : v;
        a.set(t, value);
        b.set(t, value);
    }
}
}  // namespace

TEST_CASE("the integral kept at block starts gives the same bits as a walk over every point") {
    for (const std::int64_t big : {std::int64_t{0}, std::int64_t{1} << 40}) {
        INFO("big = " << big);
        StepSeries fast(true), slow;
        feedRandom(fast, slow, 11, big);
        REQUIRE(fast.size() == slow.size());
        REQUIRE(fast.size() > 100 * StepSeries::kBlock);
        CHECK(fast.wide() == (big != 0));
        const double end = fast.timeAt(fast.size() - 1);
        for (std::size_t i = 0; i < fast.size(); i += 7) {
            const double t = fast.timeAt(i);
            INFO("i = " << i);
            CHECK(fast.integral(t) == slow.integral(t));
            const double mid = i + 1 < fast.size() ? (t + fast.timeAt(i + 1)) / 2 : t + 1.0;
            CHECK(fast.integral(mid) == slow.integral(mid));
        }
        CHECK(fast.integral(end + 5.0) == slow.integral(end + 5.0));
        CHECK(fast.integral(-1.0) == 0.0);
    }
}

TEST_CASE("a value beyond 32 bits widens the series: every value, maximum and column stays exact") {
    const std::int64_t big = std::int64_t{1} << 40;
    StepSeries s;
    s.set(0.0, 3);
    s.set(1.0, 5);
    CHECK_FALSE(s.wide());
    s.set(2.0, -big);  // a new point
    CHECK(s.wide());
    s.set(3.0, 7);
    s.set(3.0, big + 1);  // the last point changed within its instant
    CHECK(s.size() == 4);
    CHECK(s.valueAt(0) == 3);
    CHECK(s.valueAt(1) == 5);
    CHECK(s.valueAt(2) == -big);
    CHECK(s.valueAt(3) == big + 1);
    CHECK(s.maxValue() == big + 1);
    CHECK(s.maxUpTo(2.5) == 5);
    CHECK(s.valueAtTime(2.5) == -big);
    CHECK(s.integral(3.0) == Approx(3.0 + 5.0 - static_cast<double>(big)));

    // Widened at the same instant as a change that is then undone: the
    // values stay what they were, in 64 bits.
    StepSeries u;
    u.set(0.0, 1);
    u.set(1.0, 2);
    u.set(1.0, big);
    u.set(1.0, 1);  // back to the value before: the point goes
    CHECK(u.wide());
    CHECK(u.size() == 1);
    CHECK(u.last() == 1);

    // A long series widened part-way paints as the walk over every point.
    StepSeries a, b;
    feedRandom(a, b, 5, big);
    CHECK(a.wide());
    std::vector<std::int64_t> cols;
    const double end = a.timeAt(a.size() - 1);
    for (const TimeRange z : {TimeRange{0.0, end + 1.0}, TimeRange{end * 0.5, end * 0.51}}) {
        a.maxPerColumn(z, 997, end, cols);
        CHECK(cols == referenceColumns(a, z, 997, end));
    }
}

TEST_CASE("a series whose values fit in 32 bits keeps 12 bytes a point and its integral at block starts only") {
    StepSeries s(true);
    const std::size_t n = std::size_t{1} << 14;
    for (std::size_t i = 0; i < n; ++i) s.set(static_cast<double>(i), static_cast<std::int64_t>(i % 1000));
    REQUIRE(s.size() == n);
    CHECK_FALSE(s.wide());
    // times 8, values 4, plus per block of 32: its start time, maximum and integral.
    CHECK(s.memoryBytes() <= n * 12 + (n / StepSeries::kBlock + 1) * 24 * 2);
    double sum = 0.0;  // each value held for one second
    for (std::size_t i = 0; i < n; ++i) sum += static_cast<double>(i % 1000);
    CHECK(s.integral(static_cast<double>(n)) == sum);
}
