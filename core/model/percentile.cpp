#include "model/percentile.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

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

namespace {
// A key whose unsigned order is the doubles' order (NaN aside): negative
// values have every bit flipped, others the sign bit set.
std::uint64_t orderKey(double v) {
    const auto b = std::bit_cast<std::uint64_t>(v);
    return (b >> 63) != 0 ? ~b : b | (std::uint64_t{1} << 63);
}
double fromOrderKey(std::uint64_t k) {
    return std::bit_cast<double>((k >> 63) != 0 ? k & ~(std::uint64_t{1} << 63) : ~k);
}
}  // namespace

std::optional<double> Percentile::ofUntouched(const double* first, std::size_t n, double p) {
    if (!(p > 0.0) || p > 100.0) return std::nullopt;
    std::size_t count = 0;
    for (std::size_t i = 0; i < n; ++i) count += !std::isnan(first[i]);
    if (count == 0) return std::nullopt;
    std::size_t k = rank(p, count) - 1;  // among the values whose key starts with `prefix`
    std::uint64_t prefix = 0;
    int fixed = 0;  // how many of the key's top bits `prefix` holds
    std::vector<std::size_t> hist(std::size_t{1} << 16);
    const auto matches = [&](std::uint64_t key) { return fixed == 0 || key >> (64 - fixed) == prefix; };
    while (fixed < 64) {
        if (count <= kSmallSelect) {
            // Few enough left: select among them.
            std::vector<double> left;
            left.reserve(count);
            for (std::size_t i = 0; i < n; ++i)
                if (!std::isnan(first[i]) && matches(orderKey(first[i]))) left.push_back(first[i]);
            const auto kth = left.begin() + static_cast<std::ptrdiff_t>(k);
            std::nth_element(left.begin(), kth, left.end());
            return *kth;
        }
        std::fill(hist.begin(), hist.end(), std::size_t{0});
        const int shift = 48 - fixed;
        for (std::size_t i = 0; i < n; ++i) {
            if (std::isnan(first[i])) continue;
            const std::uint64_t key = orderKey(first[i]);
            if (matches(key)) ++hist[(key >> shift) & 0xFFFF];
        }
        std::size_t d = 0;
        for (; k >= hist[d]; ++d) k -= hist[d];
        count = hist[d];
        prefix = prefix << 16 | d;
        fixed += 16;
    }
    // Every bit fixed: the values left are all this one.
    return fromOrderKey(prefix);
}

}  // namespace cs
