#include "model/percentile.h"

#include <algorithm>
#include <cmath>

namespace cs {

std::size_t Percentile::rank(double p, std::size_t n) {
    if (n == 0) return 0;
    // Multiplying first keeps p*n an exact integer for integral p, so 95% of
    // 20 is rank 19, not ceil(0.95 * 20) = ceil(19.000000000000004) = 20.
    const auto r = static_cast<std::size_t>(std::ceil(p * static_cast<double>(n) / 100.0));
    return std::clamp<std::size_t>(r, 1, n);
}

std::optional<double> Percentile::select(std::vector<double>& values, double p, std::size_t& pivot) {
    if (values.empty() || !(p > 0.0) || p > 100.0) return std::nullopt;
    const std::size_t k = rank(p, values.size()) - 1;
    auto first = values.begin();
    auto last = values.end();
    if (pivot < values.size()) {
        if (k == pivot) return values[k];
        if (k > pivot)
            first += static_cast<std::ptrdiff_t>(pivot + 1);
        else
            last = values.begin() + static_cast<std::ptrdiff_t>(pivot);
    }
    const auto kth = values.begin() + static_cast<std::ptrdiff_t>(k);
    std::nth_element(first, kth, last);
    pivot = k;
    return *kth;
}

std::optional<double> Percentile::of(std::vector<double> values, double p) {
    std::size_t pivot = kNoPivot;
    return select(values, p, pivot);
}

}  // namespace cs
