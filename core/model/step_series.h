#pragma once
// A counter over time as a step function, stored as two columns: the value
// holds from timeAt(i) until timeAt(i + 1). Several changes at one instant
// collapse into one point (the value after the last of them), so a series
// never has more points than the trace has distinct timestamps, and every
// point is a value the counter had *after the last event of its instant*
// (spec section 5's sampling: a task that starts and ends within one
// instant never shows). maxValue() and maxUpTo() are maxima of those
// settled values.
//
// The run model (core/model/run_model.h) keeps its counters in these; the
// timeline paints them (maxPerColumn).
//
// Memory (a million-task run has about a million points in its waiting and
// in-system series): the values are kept in 32 bits while every value fits
// and widen to 64 bits, once and for good, at the first that does not (the
// formats' sizes and permit counts are 64-bit); the running integral is
// kept at block starts only (every kBlock points) and summed from there, in
// the same order, so integral(t) gives the same bits as a full column.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "model/time_range.h"

namespace cs {

class StepSeries {
public:
    // withIntegral: also keep the running time integral at each point, so
    // that integral(t) costs a bisection instead of a walk from 0 (the run
    // model's Little's-law L at any t of a live run).
    explicit StepSeries(bool withIntegral = false) : withIntegral_(withIntegral) {}

    // The value becomes v at time t (t never decreases between calls).
    void set(double t, std::int64_t v);
    void clear();
    bool empty() const { return t_.empty(); }

    std::size_t size() const { return t_.size(); }
    double timeAt(std::size_t i) const { return t_[i]; }
    std::int64_t valueAt(std::size_t i) const { return wide_ ? v64_[i] : static_cast<std::int64_t>(v32_[i]); }
    std::int64_t last() const { return t_.empty() ? 0 : valueAt(t_.size() - 1); }
    // The largest settled value (0 for an empty series).
    std::int64_t maxValue() const { return t_.empty() ? 0 : std::max(sealedMax_, last()); }
    // The largest settled value in force at some time in [first point, t]
    // (`before` when t precedes the first point).
    std::int64_t maxUpTo(double t, std::int64_t before = 0) const;
    // The value in effect at t (changes at exactly t included); `before`
    // when t precedes the first point.
    std::int64_t valueAtTime(double t, std::int64_t before = 0) const;
    // Index of the last point at or before t, or size() if there is none.
    std::size_t indexAtOrBefore(double t) const;
    std::size_t firstIndexAfter(double t) const;
    // Time integral of the value over [0, t] (Little's law: average L); the
    // value before the first point counts as 0.
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

    // Bytes held (capacity of every column).
    std::size_t memoryBytes() const {
        return (t_.capacity() + blockArea_.capacity() + blockT_.capacity()) * sizeof(double) +
               (v64_.capacity() + blockMax_.capacity()) * sizeof(std::int64_t) +
               v32_.capacity() * sizeof(std::int32_t);
    }
    // Whether the values are kept in 64 bits (some value did not fit in 32).
    bool wide() const { return wide_; }

    static constexpr std::size_t kBlock = 32;

private:
    std::vector<double> t_;
    // The values: v32_ while every one fits in 32 bits, else v64_ (wide_).
    std::vector<std::int32_t> v32_;
    std::vector<std::int64_t> v64_;
    bool wide_ = false;
    // withIntegral_ only: blockArea_[k] is the integral over [t_[0],
    // t_[k·kBlock]] (one for every block with a point, sealed or not), and
    // lastArea_ the integral up to the last point.
    std::vector<double> blockArea_;
    double lastArea_ = 0.0;
    bool withIntegral_ = false;
    // The integral over [t_[0], t_[i]]: blockArea_ of i's block plus the
    // steps from there, summed in the order set() summed them.
    double areaAt(std::size_t i) const;
    void pushValue(std::int64_t v);
    void popValue();
    void setLastValue(std::int64_t v);
    void widen();
    // Whether v goes into the 32-bit column; widens the values for good when
    // it does not fit there (then, and once wide, v goes into the 64-bit one).
    bool narrowFor(std::int64_t v);
    // The largest value among every point but the last: those are settled
    // for good (a later instant added a point after them); the last may
    // still change while its instant lasts.
    std::int64_t sealedMax_ = 0;
    // blockMax_[k]: the largest of the values [k·kBlock, (k+1)·kBlock). Kept eagerly by
    // set(); a block is added once it no longer holds the last point (the
    // only one set() may still change or remove), so the invariant is
    // blockMax_.size() · kBlock < size() (or both empty).
    std::vector<std::int64_t> blockMax_;
    std::vector<double> blockT_;  // blockT_[k] = t_[k·kBlock], sealed blocks only
    void sealBlocks();
    template <class Inside>
    std::size_t endOfRun(std::size_t j, Inside inside) const;
};

}  // namespace cs
