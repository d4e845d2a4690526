#include "model/step_series.h"

#include <algorithm>

namespace cs {

void StepSeries::set(double t, std::int64_t v) {
    if (!t_.empty() && t_.back() >= t) {
        // Same instant: only the settled value is visible at any zoom.
        v_.back() = v;
        if (v_.size() >= 2 && v_[v_.size() - 2] == v) {
            t_.pop_back();
            v_.pop_back();
            if (withIntegral_) area_.pop_back();
            // The point before the removed one is the last again: unseal it.
            // (sealedMax_ may keep its value: it was settled at its instant.)
            while (!blockMax_.empty() && blockMax_.size() * kBlock >= v_.size()) {
                blockMax_.pop_back();
                blockT_.pop_back();
            }
        }
    } else if (v_.empty() || v_.back() != v) {
        if (!v_.empty()) {
            sealedMax_ = std::max(sealedMax_, v_.back());
            if (withIntegral_) area_.push_back(area_.back() + static_cast<double>(v_.back()) * (t - t_.back()));
        } else if (withIntegral_) {
            area_.push_back(0.0);
        }
        t_.push_back(t);
        v_.push_back(v);
        sealBlocks();
    }
}

std::int64_t StepSeries::maxUpTo(double t, std::int64_t before) const {
    const std::size_t i = indexAtOrBefore(t);
    return i == t_.size() ? before : maxOf(0, i + 1);
}

void StepSeries::sealBlocks() {
    while ((blockMax_.size() + 1) * kBlock < v_.size()) {
        const std::size_t first = blockMax_.size() * kBlock;
        const auto v = v_.begin() + static_cast<std::ptrdiff_t>(first);
        blockMax_.push_back(*std::max_element(v, v + kBlock));
        blockT_.push_back(t_[first]);
    }
}

void StepSeries::clear() {
    t_.clear();
    v_.clear();
    area_.clear();
    blockMax_.clear();
    blockT_.clear();
    sealedMax_ = 0;
}

std::int64_t StepSeries::maxOf(std::size_t a, std::size_t b) const {
    std::int64_t m = v_[a];
    // Head up to a block boundary, whole sealed blocks, then the tail.
    const std::size_t headEnd = std::min(b, (a / kBlock + 1) * kBlock);
    for (std::size_t i = a + 1; i < headEnd; ++i) m = std::max(m, v_[i]);
    std::size_t i = headEnd;
    for (std::size_t k = i / kBlock; i + kBlock <= b && k < blockMax_.size(); ++k, i += kBlock)
        m = std::max(m, blockMax_[k]);
    for (; i < b; ++i) m = std::max(m, v_[i]);
    return m;
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
    return i == t_.size() ? before : v_[i];
}

double StepSeries::integral(double t) const {
    if (withIntegral_) {
        const std::size_t i = indexAtOrBefore(t);
        if (i == t_.size()) return 0.0;
        return area_[i] + static_cast<double>(v_[i]) * (t - t_[i]);
    }
    double sum = 0.0;
    for (std::size_t i = 0; i < t_.size() && t_[i] < t; ++i) {
        const double next = i + 1 < t_.size() ? std::min(t_[i + 1], t) : t;
        sum += static_cast<double>(v_[i]) * (next - t_[i]);
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
            v = v_[j];
            ++j;
        }
    } else {
        // Where a walk from column 0 would stand: past the points before
        // this column's start that are simulated.
        const double colStart = w.begin + fromColumn * dt;
        j = endOfRun(0, [&](double t) { return t < colStart && t <= until; });
        const std::size_t first = indexAtOrBefore(w.begin);
        if (first != t_.size() && j <= first) j = first + 1;
        v = j > 0 ? v_[j - 1] : 0;
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
                __builtin_prefetch(v_.data() + at);
                __builtin_prefetch(v_.data() + at + 8);
                if (at + 16 < t_.size()) {
                    __builtin_prefetch(t_.data() + at + 16);
                    __builtin_prefetch(t_.data() + at + 24);
                    __builtin_prefetch(v_.data() + at + 16);
                    __builtin_prefetch(v_.data() + at + 24);
                }
            }
        }
        // Points j..e-1 fall into this column (and are simulated).
        const std::size_t e = endOfRun(j, [&](double t) { return t < colEnd && t <= until; });
        std::int64_t m = v;
        if (e > j) {
            m = std::max(m, maxOf(j, e));
            v = v_[e - 1];
            j = e;
        }
        out[static_cast<std::size_t>(x)] = m;
    }
}

}  // namespace cs
