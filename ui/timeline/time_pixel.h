#pragma once
// Time <-> pixel mapping for the timeline, as pure functions.
//
// Every painter, hit test and zoom gesture goes through these so that the
// rounding rules live in one place (and are table-tested in
// tests/ui/time_pixel_test.cpp). Times are virtual seconds, x is measured
// from the left edge of the time area (the lane gutter is not included).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#include "model/time_range.h"

namespace cs::ui {

// The time span type lives in core (the run model's series use it too).
using TimeRange = cs::TimeRange;

// A pixel column span [x0, x1) on the time area; at least one pixel wide so
// that a 1 ns event stays visible at any zoom.
struct PixelSpan {
    int x0 = 0;
    int x1 = 0;
    constexpr int width() const { return x1 - x0; }
    constexpr bool operator==(const PixelSpan&) const = default;
};

namespace tp {

// The narrowest window a user can zoom to. Events closer than this are not
// separable anyway: the engine compares deadlines with a 1e-9 tolerance.
inline constexpr double kMinSpan = 1e-6;

// Fractional x of time t. A degenerate window or width maps everything to 0
// instead of producing inf/NaN.
constexpr double timeToX(double t, TimeRange w, double width) {
    const double span = w.span();
    if (!(span > 0.0) || !(width > 0.0)) return 0.0;
    return (t - w.begin) / span * width;
}

constexpr double xToTime(double x, TimeRange w, double width) {
    if (!(width > 0.0)) return w.begin;
    return w.begin + x / width * w.span();
}

constexpr double secondsPerPixel(TimeRange w, double width) {
    return width > 0.0 ? w.span() / width : 0.0;
}

// Clamp a fractional x into a range where int conversion is safe; times far
// outside the window (1e9 s at a 1 µs zoom) must not overflow int.
constexpr int clampToInt(double x, int lo, int hi) {
    if (!(x > lo)) return lo;  // also catches NaN
    if (x >= hi) return hi;
    return static_cast<int>(x);
}

// Pixel column holding time t; -1 left of the area, width past its right edge.
inline int columnOf(double t, TimeRange w, int width) {
    return clampToInt(std::floor(timeToX(t, w, width)), -1, width);
}

// The pixel columns covered by [t0, t1), clipped to [0, width). Empty (x0 ==
// x1) when the interval lies entirely outside. A sub-pixel interval covers the
// one column where it starts: what lands on one pixel is merged into it.
inline PixelSpan spanOf(double t0, double t1, TimeRange w, int width) {
    if (width <= 0 || !(t1 >= t0)) return {0, 0};
    if (t1 < w.begin || t0 > w.end) return {0, 0};
    // An instant exactly at the window's end belongs to the last column.
    const int x0 = clampToInt(std::floor(timeToX(t0, w, width)), 0, width - 1);
    const int x1 = clampToInt(std::ceil(timeToX(t1, w, width)), 0, width);
    return {x0, std::max(x1, x0 + 1)};
}

// Zoom by `factor` (< 1 zooms in) keeping `anchor` at the same pixel.
inline TimeRange zoomAround(TimeRange w, double anchor, double factor, double minSpan = kMinSpan) {
    if (!(factor > 0.0) || !std::isfinite(factor)) return w;
    double span = std::max(w.span() * factor, minSpan);
    const double rel = w.span() > 0.0 ? (anchor - w.begin) / w.span() : 0.5;
    const double begin = anchor - rel * span;
    return {begin, begin + span};
}

inline TimeRange panBy(TimeRange w, double dt) { return {w.begin + dt, w.end + dt}; }

// Keep w inside `whole` without changing its span (unless it is wider than
// whole, then it becomes whole). A window never shrinks below minSpan.
inline TimeRange clampTo(TimeRange w, TimeRange whole, double minSpan = kMinSpan) {
    if (whole.span() <= 0.0) return whole;
    double span = std::clamp(w.span(), std::min(minSpan, whole.span()), whole.span());
    double begin = std::clamp(w.begin, whole.begin, whole.end - span);
    return {begin, begin + span};
}

// A 1-2-5 step giving about `target` ticks over span (axis labels).
inline double niceStep(double span, int target) {
    if (!(span > 0.0) || target <= 0) return 1.0;
    const double raw = span / target;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double n = raw / mag;
    const double m = n < 1.5 ? 1.0 : n < 3.5 ? 2.0 : n < 7.5 ? 5.0 : 10.0;
    return m * mag;
}

// The smallest of 1, 2, 5, 10, 20, 50, ... at least x (1 for x <= 1): how
// many lanes or tasks a label or a density row stands for, so that their
// ranges read "tasks 200–399", not "tasks 187–373".
inline std::size_t niceAtLeast(double x) {
    if (!(x > 1.0)) return 1;
    if (x > 1e18) return static_cast<std::size_t>(1e18);
    std::size_t mag = 1;
    while (true) {
        for (std::size_t m : {1u, 2u, 5u})
            if (static_cast<double>(m * mag) >= x) return m * mag;
        mag *= 10;
    }
}

// First tick at or after begin for a given step (exact multiples of step).
inline double firstTick(double begin, double step) {
    return step > 0.0 ? std::ceil(begin / step - 1e-9) * step : begin;
}

}  // namespace tp
}  // namespace cs::ui
