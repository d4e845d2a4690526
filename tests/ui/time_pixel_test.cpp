// Table tests for the time <-> pixel functions: ordinary, zoomed and extreme
// windows, degenerate sizes, rounding at pixel edges.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "timeline/time_pixel.h"

using namespace cs::ui;

TEST_CASE("timeToX and xToTime map a window onto the width and back") {
    struct Row {
        TimeRange w;
        double width, t, x;
    };
    const Row rows[] = {
        {{0.0, 10.0}, 1000, 0.0, 0.0},
        {{0.0, 10.0}, 1000, 10.0, 1000.0},
        {{0.0, 10.0}, 1000, 2.5, 250.0},
        {{0.0, 10.0}, 1000, -1.0, -100.0},          // left of the window
        {{5.0, 6.0}, 1600, 5.5, 800.0},             // zoomed in
        {{1e6, 1e6 + 1e-3}, 1000, 1e6 + 5e-4, 500.0},  // far out and narrow
        {{0.0, 1e-6}, 1600, 2.5e-7, 400.0},          // the narrowest zoom
        {{-2.0, 2.0}, 400, 0.0, 200.0},
    };
    for (const Row& r : rows) {
        CAPTURE(r.w.begin, r.w.end, r.width, r.t);
        CHECK(tp::timeToX(r.t, r.w, r.width) == Approx(r.x).margin(1e-6));
        CHECK(tp::xToTime(r.x, r.w, r.width) == Approx(r.t).epsilon(1e-12).margin(1e-12));
    }
}

TEST_CASE("a degenerate window or width maps to 0 instead of inf or NaN") {
    CHECK(tp::timeToX(3.0, {1.0, 1.0}, 100) == 0.0);
    CHECK(tp::timeToX(3.0, {2.0, 1.0}, 100) == 0.0);
    CHECK(tp::timeToX(3.0, {0.0, 1.0}, 0) == 0.0);
    CHECK(tp::xToTime(50, {4.0, 8.0}, 0) == 4.0);
    CHECK(tp::secondsPerPixel({0.0, 1.0}, 0) == 0.0);
}

TEST_CASE("columnOf clamps far-away times instead of overflowing int") {
    const TimeRange w{0.0, 1e-6};
    CHECK(tp::columnOf(1e9, w, 1600) == 1600);
    CHECK(tp::columnOf(-1e9, w, 1600) == -1);
    CHECK(tp::columnOf(std::numeric_limits<double>::quiet_NaN(), w, 1600) == -1);
    CHECK(tp::columnOf(0.5e-6, w, 1600) == 800);
    CHECK(tp::clampToInt(1e300, 0, 10) == 10);
    CHECK(tp::clampToInt(-1e300, 0, 10) == 0);
}

TEST_CASE("spanOf covers the columns of an interval, at least one pixel, clipped") {
    struct Row {
        TimeRange w;
        int width;
        double t0, t1;
        PixelSpan span;
    };
    const Row rows[] = {
        {{0, 10}, 100, 1.0, 2.0, {10, 20}},
        {{0, 10}, 100, 1.01, 1.02, {10, 11}},     // sub-pixel: merged into its column
        {{0, 10}, 100, 1.0, 1.0, {10, 11}},       // an instant stays visible
        {{0, 10}, 100, -5.0, 2.0, {0, 20}},       // clipped left
        {{0, 10}, 100, 9.5, 50.0, {95, 100}},     // clipped right
        {{0, 10}, 100, 11.0, 12.0, {0, 0}},       // entirely right: empty
        {{0, 10}, 100, -3.0, -1.0, {0, 0}},       // entirely left: empty
        {{0, 10}, 100, 2.0, 1.0, {0, 0}},         // reversed: empty
        {{0, 10}, 100, 10.0, 10.0, {99, 100}},    // at the right edge: last column
        {{0, 1e-6}, 1600, 0.0, 1e9, {0, 1600}},   // zoomed: a huge interval
        {{5, 6}, 1000, 5.0004, 5.0006, {0, 1}},   // zoomed: sub-pixel at the edge
    };
    for (const Row& r : rows) {
        CAPTURE(r.w.begin, r.w.end, r.width, r.t0, r.t1);
        CHECK(tp::spanOf(r.t0, r.t1, r.w, r.width) == r.span);
    }
}

TEST_CASE("zoomAround keeps the anchor on its pixel and respects the minimum span") {
    const TimeRange w{0.0, 10.0};
    const TimeRange in = tp::zoomAround(w, 2.0, 0.5);
    CHECK(in.span() == Approx(5.0));
    CHECK(tp::timeToX(2.0, in, 1000) == Approx(tp::timeToX(2.0, w, 1000)));
    const TimeRange out = tp::zoomAround(w, 10.0, 2.0);
    CHECK(out.span() == Approx(20.0));
    CHECK(out.end == Approx(10.0));
    CHECK(tp::zoomAround(w, 5.0, 1e-12).span() == Approx(tp::kMinSpan));
    CHECK(tp::zoomAround(w, 5.0, 0.0) == w);
    CHECK(tp::zoomAround(w, 5.0, std::numeric_limits<double>::infinity()) == w);
}

TEST_CASE("clampTo keeps a window inside the whole run without changing its span") {
    const TimeRange whole{0.0, 10.0};
    CHECK(tp::clampTo({-2.0, 3.0}, whole) == TimeRange{0.0, 5.0});
    CHECK(tp::clampTo({8.0, 12.0}, whole) == TimeRange{6.0, 10.0});
    CHECK(tp::clampTo({-5.0, 50.0}, whole) == whole);
    CHECK(tp::clampTo({2.0, 4.0}, whole) == TimeRange{2.0, 4.0});
    CHECK(tp::clampTo({3.0, 3.0}, whole).span() == Approx(tp::kMinSpan));
}

TEST_CASE("niceStep picks 1-2-5 steps near the requested tick count") {
    struct Row {
        double span;
        int target;
        double step;
    };
    const Row rows[] = {{10.0, 10, 1.0}, {10.0, 5, 2.0}, {10.0, 2, 5.0}, {1.0, 10, 0.1},
                        {3e-6, 3, 1e-6}, {7200.0, 6, 1000.0}, {0.25, 5, 0.05}};
    for (const Row& r : rows) {
        CAPTURE(r.span, r.target);
        CHECK(tp::niceStep(r.span, r.target) == Approx(r.step));
    }
    CHECK(tp::niceStep(0.0, 5) == 1.0);
    CHECK(tp::firstTick(0.25, 0.5) == Approx(0.5));
    CHECK(tp::firstTick(1.0, 0.5) == Approx(1.0));
    CHECK(tp::firstTick(-0.7, 0.5) == Approx(-0.5));
}

TEST_CASE("niceAtLeast picks the smallest 1-2-5 count at least x") {
    struct Row {
        double x;
        std::size_t n;
    };
    const Row rows[] = {{-3.0, 1}, {0.0, 1}, {0.4, 1}, {1.0, 1},     {1.01, 2},      {2.0, 2},
                        {2.3, 5},  {5.0, 5}, {5.5, 10}, {17.0, 20}, {200.0, 200}, {201.0, 500}};
    for (const Row& r : rows) {
        CAPTURE(r.x);
        CHECK(tp::niceAtLeast(r.x) == r.n);
    }
    CHECK(tp::niceAtLeast(std::nan("")) == 1);
}
