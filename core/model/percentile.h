#pragma once
// Nearest-rank percentiles (spec section 5): the value at rank ceil(p/100 * n)
// of the n sorted values, 1-based, no interpolation, so every reported value
// is one a task really had. The one definition the summary, the sweeps, the
// exports and the app's panels use.
#include <cstddef>
#include <optional>
#include <vector>

namespace cs {

class Percentile {
public:
    static constexpr std::size_t kNoPivot = static_cast<std::size_t>(-1);

    // The 1-based rank of percentile p (in (0, 100]) among n values, clamped
    // to [1, n]; 0 when n is 0.
    static std::size_t rank(double p, std::size_t n);

    // The p-th percentile of `values`, reordering them (a selection in
    // linear time, not a sort). nullopt when values is empty or p is not in
    // (0, 100]. `pivot` is where the previous selection on the same values
    // landed (kNoPivot: none): that selection left everything before it <=
    // it <= everything after, so this one searches only one side (p50, then
    // p95, then p99: about 1.5 passes instead of 3). It is updated.
    static std::optional<double> select(std::vector<double>& values, double p, std::size_t& pivot);
    // The same on a copy (the caller's order is kept).
    static std::optional<double> of(std::vector<double> values, double p);
    // The p-th percentile of the values in [first, first + n) that are not
    // NaN, with neither a copy nor a reordering of them (a million-task run's
    // latencies are 8 MB): a radix selection over the values' bits, 16 at a
    // time, two to five passes, then a selection among the few values left
    // (at most kSmallSelect, copied). The same value select() finds.
    static std::optional<double> ofUntouched(const double* first, std::size_t n, double p);
    static constexpr std::size_t kSmallSelect = std::size_t{1} << 15;
};

}  // namespace cs
