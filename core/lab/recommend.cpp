#include "lab/recommend.h"

#include <cstdio>

namespace cs::lab {

std::optional<Recommendation> Recommender::pick(const std::vector<SweepPoint>& points,
                                                const std::vector<bool>& finished) {
    auto ran = [&](std::size_t i) { return finished.empty() || (i < finished.size() && finished[i]); };
    double best = 0.0;
    bool any = false;
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!ran(i)) continue;
        if (!any || points[i].throughput > best) best = points[i].throughput;
        any = true;
    }
    if (!any) return std::nullopt;

    std::optional<Recommendation> out;
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!ran(i)) continue;
        const SweepPoint& p = points[i];
        if (p.tasks == 0 || p.errorRate() >= kMaxErrorRate) continue;
        if (p.throughput < best * (1.0 - kThroughputTolerance)) continue;
        // Ties in value keep the first in LIST order.
        if (!out || p.value.value < points[out->index].value.value) out = Recommendation{i, best};
    }
    return out;
}

std::string Recommender::shortNumber(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

std::string Recommender::describe(const std::string& param, const SweepPoint& p) {
    std::string s = "recommended: " + param + " = " + p.value.text + " (throughput " +
                    shortNumber(p.throughput) + "/s";
    if (p.p95) s += ", p95 " + shortNumber(*p.p95) + " s";
    s += ")";
    return s;
}

std::string Recommender::none() {
    return "recommended: none (no value keeps the error rate below " + shortNumber(kMaxErrorRate * 100) +
           "% within " + shortNumber(kThroughputTolerance * 100) + "% of the best throughput)";
}

std::string Recommender::rule(double bestThroughput) {
    return "rule: the smallest value within " + shortNumber(kThroughputTolerance * 100) +
           "% of the best throughput (" + shortNumber(bestThroughput) + "/s) with an error rate below " +
           shortNumber(kMaxErrorRate * 100) + "%";
}

}  // namespace cs::lab
