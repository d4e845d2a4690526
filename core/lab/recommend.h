#pragma once
// Which value of a sweep to use: the smallest value whose throughput is
// within 5% of the best one and whose error rate ((failed + cancelled) /
// tasks) is below 1%. "Smallest" is by value, not LIST position: a lower
// limit that does as well holds fewer connections, threads and memory.
// With several seeds per value the medians decide (SweepPoint). The rule is
// printed beside the recommendation (rule()), so a reader can check it.
//
// The best throughput is taken over every point, failing ones included:
// a value that is fast only because it fails quickly is refused by the
// error-rate test, not allowed to lower the bar.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "lab/sweep_point.h"

namespace cs::lab {

struct Recommendation {
    std::size_t index = 0;      // into the points (LIST order)
    double bestThroughput = 0.0;
};

class Recommender {
public:
    static constexpr double kThroughputTolerance = 0.05;
    static constexpr double kMaxErrorRate = 0.01;

    // nullopt when no point qualifies (every value errs, or nothing ran).
    // Only points with finished[i] (when given) are considered.
    static std::optional<Recommendation> pick(const std::vector<SweepPoint>& points,
                                              const std::vector<bool>& finished = {});

    // "recommended: limit.value = 8 (throughput 7.9/s, p95 1.2 s)"
    static std::string describe(const std::string& param, const SweepPoint& p);
    // "rule: the smallest value within 5% of the best throughput (8.1/s)
    // with an error rate below 1%"
    static std::string rule(double bestThroughput);
    // "recommended: none (no value keeps the error rate below 1% within 5%
    // of the best throughput)": the values that keep it low may all fall
    // short of the best throughput, set by one with errors.
    static std::string none();
    // The numbers of describe(): 3 significant digits ("7.9", "1.2", "0.000123").
    static std::string shortNumber(double v);
};

}  // namespace cs::lab
