#include "model/step_series.h"

#include <algorithm>
#include <limits>

namespace cs {

namespace {

bool fits32(std::int64_t v) {
    return v >= std::numeric_limits<std::int32_t>::min() && v <= std::numeric_limits<std::int32_t>::max();
}

// Largest of v[a, b) (b > a): the head up to a block boundary, whole sealed
// blocks (their maxima), then the tail.
template <class V>
std::int64_t maxIn(const V* v, std::size_t a, std::size_t b, const std::vector<std::int64_t>& blockMax,
                   std::size_t block) {
    std::int64_t m = v[a];
    const std::size_t headEnd = std::min(b, (a / block + 1) * block);
    for (std::size_t i = a + 1; i < headEnd; ++i) m = std::max<std::int64_t>(m, v[i]);
    std::size_t i = headEnd;
    for (std::size_t k = i / block; i + block <= b && k < blockMax.size(); ++k, i += block)
        m = std::max(m, blockMax[k]);
    for (; i < b; ++i) m = std::max<std::int64_t>(m, v[i]);
    return m;
}

}  // namespace

void StepSeries::widen() {
    v64_.assign(v32_.begin(), v32_.end());
    v32_ = {};
    wide_ = true;
}

bool StepSeries::narrowFor(std::int64_t v) {
    if (wide_) return false;
    if (fits32(v)) return true;
    widen();
    return false;
}

void StepSeries::pushValue(std::int64_t v) {
    if (narrowFor(v))
        v32_.push_back(static_cast<std::int32_t>(v));
    else
        v64_.push_back(v);
}

void StepSeries::popValue() {
    if (wide_)
        v64_.pop_back();
    else
        v32_.pop_back();
}

void StepSeries::setLastValue(std::int64_t v) {
    if (narrowFor(v))
        v32_.back() = static_cast<std::int32_t>(v);
    else
        v64_.back() = v;
}

double StepSeries::areaAt(std::size_t i) const {
    // The same sums, in the same order, as set() made point by point.
    double a = blockArea_[i / kBlock];
    for (std::size_t j = i / kBlock * kBlock + 1; j <= i; ++j)
        a = a + static_cast<double>(valueAt(j - 1)) * (t_[j] - t_[j - 1]);
    return a;
}

void StepSeries::set(double t, std::int64_t v) {
    const std::size_t n = t_.size();
    if (n > 0 && t_.back() >= t) {
        // Same instant: only the settled value is visible at any zoom.
        setLastValue(v);
        if (n >= 2 && valueAt(n - 2) == v) {
            t_.pop_back();
            popValue();
            if (withIntegral_) {
                if ((n - 1) % kBlock == 0) blockArea_.pop_back();
                lastArea_ = areaAt(n - 2);
            }
            // The point before the removed one is the last again: unseal it.
            // (sealedMax_ may keep its value: it was settled at its instant.)
            while (!blockMax_.empty() && blockMax_.size() * kBlock >= n - 1) {
                blockMax_.pop_back();
                blockT_.pop_back();
            }
        }
    } else if (n == 0 || last() != v) {
        if (n > 0) {
            const std::int64_t before = last();
            sealedMax_ = std::max(sealedMax_, before);
            if (withIntegral_) {
                lastArea_ = lastArea_ + static_cast<double>(before) * (t - t_.back());
                if (n % kBlock == 0) blockArea_.push_back(lastArea_);
            }
        } else if (withIntegral_) {
            lastArea_ = 0.0;
            blockArea_.push_back(0.0);
        }
        t_.push_back(t);
        pushValue(v);
        sealBlocks();
    }
}

std::int64_t StepSeries::maxUpTo(double t, std::int64_t before) const {
    const std::size_t i = indexAtOrBefore(t);
    return i == t_.size() ? before : maxOf(0, i + 1);
}

void StepSeries::sealBlocks() {
    while ((blockMax_.size() + 1) * kBlock < t_.size()) {
        const std::size_t first = blockMax_.size() * kBlock;
        std::int64_t m = valueAt(first);
        for (std::size_t i = first + 1; i < first + kBlock; ++i) m = std::max(m, valueAt(i));
        blockMax_.push_back(m);
        blockT_.push_back(t_[first]);
    }
}

void StepSeries::clear() {
    t_.clear();
    v32_.clear();
    v64_.clear();
    wide_ = false;
    blockArea_.clear();
    lastArea_ = 0.0;
    blockMax_.clear();
    blockT_.clear();
    sealedMax_ = 0;
}

std::int64_t StepSeries::maxOf(std::size_t a, std::size_t b) const {
    return wide_ ? maxIn(v64_.data(), a, b, blockMax_, kBlock) : maxIn(v32_.data(), a, b, blockMax_, kBlock);
}

std::size_t StepSeries::indexAtOrBefore(double t) const {
    auto it = std::upper_bound(t_.begin(), t_.end(), t);
    if (it == t_.begin()) return t_.size();
    return static_cast<std::size_t>(it - t_.begin()) - 1;
}

std::size_t StepSeries::firstIndexAfter(double t) const {
    return static_cast<std::size_t>(std::upper_bound(t_.begin(), t_.end(), t) - t_.begin());
}

std::int64_t StepSeries::valueAtTime(double t, std::int64_t before) const {
    const std::size_t i = indexAtOrBefore(t);
    return i == t_.size() ? before : valueAt(i);
}

double StepSeries::integral(double t) const {
    if (withIntegral_) {
        const std::size_t i = indexAtOrBefore(t);
        if (i == t_.size()) return 0.0;
        const double area = i + 1 == t_.size() ? lastArea_ : areaAt(i);
        return area + static_cast<double>(valueAt(i)) * (t - t_[i]);
    }
    double sum = 0.0;
    for (std::size_t i = 0; i < t_.size() && t_[i] < t; ++i) {
        const double next = i + 1 < t_.size() ? std::min(t_[i + 1], t) : t;
        sum += static_cast<double>(valueAt(i)) * (next - t_[i]);
    }
    return sum;
}

template <class Inside>
std::size_t StepSeries::endOfRun(std::size_t j, Inside inside) const {
    // First index >= j where inside() fails (inside holds on a prefix of the
    // points: it bounds t from above). The block start times stay in cache,
    // so this costs a gallop there plus a bisection of one block.
    const std::size_t n = t_.size();
    if (j >= n || !inside(t_[j])) return j;
    const std::size_t sealed = blockT_.size();
    // First sealed block after j's whose start is outside: gallop from
    // j's block (the next column is usually a few blocks on), then bisect.
    std::size_t out = std::min(sealed, j / kBlock + 1);
    if (out < sealed && inside(blockT_[out])) {
        std::size_t lo = out, step = 1;  // inside(blockT_[lo])
        while (lo + step < sealed && inside(blockT_[lo + step])) {
            lo += step;
            step *= 2;
        }
        std::size_t hi = std::min(sealed, lo + step);
        while (hi - lo > 1) {
            const std::size_t mid = lo + (hi - lo) / 2;
            (inside(blockT_[mid]) ? lo : hi) = mid;
        }
        out = hi;
    }
    // The end lies in the block before `out` (or in the unsealed tail).
    std::size_t lo = std::max(j, out > 0 ? (out - 1) * kBlock : 0);
    std::size_t hi = out < sealed ? out * kBlock : n;
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (inside(t_[mid]))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void StepSeries::maxPerColumn(TimeRange w, int width, double until, std::vector<std::int64_t>& out,
                              int fromColumn) const {
    fromColumn = std::clamp(fromColumn, 0, std::max(0, width));
    if (fromColumn == 0 || out.size() != static_cast<std::size_t>(std::max(0, width)))
        out.assign(static_cast<std::size_t>(std::max(0, width)), -1), fromColumn = 0;
    else
        std::fill(out.begin() + fromColumn, out.end(), -1);
    if (width <= 0 || w.isEmpty()) return;
    const double dt = w.span() / width;
    std::size_t j = 0;
    std::int64_t v = 0;
    if (fromColumn == 0) {
        // The value in force at the window's start (a change at exactly
        // begin included), then the points after it.
        j = indexAtOrBefore(w.begin);
        if (j == t_.size()) {
            j = 0;
        } else {
            v = valueAt(j);
            ++j;
        }
    } else {
        // Where a walk from column 0 would stand: past the points before
        // this column's start that are simulated.
        const double colStart = w.begin + fromColumn * dt;
        j = endOfRun(0, [&](double t) { return t < colStart && t <= until; });
        const std::size_t first = indexAtOrBefore(w.begin);
        if (first != t_.size() && j <= first) j = first + 1;
        v = j > 0 ? valueAt(j - 1) : 0;
    }
    // Each column's end lies in a block far from the previous one: ask for
    // the blocks of the column kAhead on now, so that their cache misses
    // overlap instead of queueing one after another.
    constexpr int kAhead = 8;
    std::size_t ahead = j / kBlock;  // block cursor for the prefetches
    for (int x = fromColumn; x < width; ++x) {
        const double colStart = w.begin + x * dt;
        if (colStart > until) break;
        const double colEnd = w.begin + (x + 1) * dt;
        if (x + kAhead < width) {
            const double te = w.begin + (x + kAhead + 1) * dt;
            while (ahead + 1 < blockT_.size() && blockT_[ahead + 1] < te) ++ahead;
            const std::size_t at = ahead * kBlock;
            if (at < t_.size()) {
                __builtin_prefetch(t_.data() + at);
                __builtin_prefetch(t_.data() + at + 8);
                if (wide_) {
                    __builtin_prefetch(v64_.data() + at);
                    __builtin_prefetch(v64_.data() + at + 8);
                } else {
                    __builtin_prefetch(v32_.data() + at);  // a block's 32-bit values: two lines
                }
                if (at + 16 < t_.size()) {
                    __builtin_prefetch(t_.data() + at + 16);
                    __builtin_prefetch(t_.data() + at + 24);
                    if (wide_) {
                        __builtin_prefetch(v64_.data() + at + 16);
                        __builtin_prefetch(v64_.data() + at + 24);
                    } else {
                        __builtin_prefetch(v32_.data() + at + 16);
                    }
                }
            }
        }
        // Points j..e-1 fall into this column (and are simulated).
        const std::size_t e = endOfRun(j, [&](double t) { return t < colEnd && t <= until; });
        std::int64_t m = v;
        if (e > j) {
            m = std::max(m, maxOf(j, e));
            v = valueAt(e - 1);
            j = e;
        }
        out[static_cast<std::size_t>(x)] = m;
    }
}

}  // namespace cs
