#pragma once
// Every kStride-th value of a sorted, growing column, so that a bisection
// over millions of values touches the samples (a few hundred kB, in cache)
// and then one stride of the column instead of ~20 scattered cache lines.
// The column itself stays where it is; `at(i)` reads it.
#include <algorithm>
#include <cstddef>
#include <vector>

namespace cs::ui {

class SampledIndex {
public:
    static constexpr std::size_t kStride = 64;

    void clear() { samples_.clear(); }
    // Call for each value as it is appended (i = its index, in order).
    void add(std::size_t i, double t) {
        if (i % kStride == 0) samples_.push_back(t);
    }

    // First i < n with at(i) >= t (n if none).
    template <class At>
    std::size_t lowerBound(double t, std::size_t n, At at) const {
        return bound(n, at, [t](double v) { return v < t; });
    }
    // First i < n with at(i) > t (n if none).
    template <class At>
    std::size_t upperBound(double t, std::size_t n, At at) const {
        return bound(n, at, [t](double v) { return v <= t; });
    }

private:
    // First i < n where before(at(i)) fails; before() holds on a prefix.
    template <class At, class Before>
    std::size_t bound(std::size_t n, At at, Before before) const {
        const std::size_t usable = std::min(samples_.size(), (n + kStride - 1) / kStride);
        const auto end = samples_.begin() + static_cast<std::ptrdiff_t>(usable);
        const auto k = static_cast<std::size_t>(std::partition_point(samples_.begin(), end, before) - samples_.begin());
        // The answer lies in ((k - 1)·stride, k·stride]: sample k fails, k - 1 holds.
        std::size_t lo = k == 0 ? 0 : (k - 1) * kStride + 1;
        std::size_t hi = std::min(n, k * kStride);
        if (k == usable) hi = n;  // past the last sample: the unsampled tail
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if (before(at(mid)))
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    std::vector<double> samples_;
};

}  // namespace cs::ui
