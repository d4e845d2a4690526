#pragma once
// A counter over time as a step function, stored as two columns: the value
// holds from timeAt(i) until timeAt(i + 1). Several changes at one instant
// collapse into one point (the value after the last of them), so a series
// never has more points than the trace has distinct timestamps.
#include <cstdint>
#include <vector>

#include "timeline/time_pixel.h"

namespace cs::ui {

class StepSeries {
public:
    // The value becomes v at time t (t never decreases between calls).
    void set(double t, std::int64_t v);
    void clear();

    std::size_t size() const { return t_.size(); }
    double timeAt(std::size_t i) const { return t_[i]; }
    std::int64_t valueAt(std::size_t i) const { return v_[i]; }
    std::int64_t last() const { return v_.empty() ? 0 : v_.back(); }
    std::int64_t maxValue() const { return max_; }
    // The value in effect at t (changes at exactly t included); `before`
    // when t precedes the first point.
    std::int64_t valueAtTime(double t, std::int64_t before = 0) const;
    // Index of the last point at or before t, or size() if there is none.
    std::size_t indexAtOrBefore(double t) const;
    std::size_t firstIndexAfter(double t) const;
    // Time integral of the value over [0, t] (Little's law: average L).
    double integral(double t) const;
    // Level of detail for painting: for each of `width` pixel columns of
    // window w, the largest value the series takes inside that column (so a
    // one-instant spike is never lost), or -1 for columns starting after
    // `until` (not simulated yet). Touches only the points inside w.
    void maxPerColumn(TimeRange w, int width, double until, std::vector<std::int64_t>& out) const;

private:
    std::vector<double> t_;
    std::vector<std::int64_t> v_;
    std::int64_t max_ = 0;
};

}  // namespace cs::ui
