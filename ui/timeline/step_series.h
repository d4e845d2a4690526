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
    // `until` (not simulated yet). Cost: per column a bisection over block
    // start times for its last point and the maximum over block maxima, so
    // O(width · log) however many points fall into a column (a million-task
    // run zoomed out has thousands per column).
    // fromColumn > 0 recomputes only the columns from there on and keeps
    // out's first ones (out must come from the same w, width and series,
    // with points and `until` appended only after those columns' start).
    void maxPerColumn(TimeRange w, int width, double until, std::vector<std::int64_t>& out,
                      int fromColumn = 0) const;
    // Largest value among points [a, b) (b > a).
    std::int64_t maxOf(std::size_t a, std::size_t b) const;

    static constexpr std::size_t kBlock = 32;

private:
    std::vector<double> t_;
    std::vector<std::int64_t> v_;
    std::int64_t max_ = 0;
    // blockMax_[k]: the largest of v_[k·kBlock, (k+1)·kBlock). Kept eagerly by
    // set(); a block is added once it no longer holds the last point (the
    // only one set() may still change or remove), so the invariant is
    // blockMax_.size() · kBlock < size() (or both empty).
    std::vector<std::int64_t> blockMax_;
    std::vector<double> blockT_;  // blockT_[k] = t_[k·kBlock], sealed blocks only
    void sealBlocks();
    template <class Inside>
    std::size_t endOfRun(std::size_t j, Inside inside) const;
};

}  // namespace cs::ui
