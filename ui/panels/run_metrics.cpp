#include "panels/run_metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "timeline/timeline_model.h"

namespace cs::ui {

namespace {
std::size_t countUpTo(const std::vector<double>& v, double t) {
    return static_cast<std::size_t>(std::upper_bound(v.begin(), v.end(), t) - v.begin());
}
}  // namespace

double throughputWindow(double span) { return std::clamp(span / 20.0, 1.0, 60.0); }

double percentile(std::vector<double>& s, double q) {
    if (s.empty()) return 0.0;
    const auto rank = static_cast<std::size_t>(std::ceil(std::clamp(q, 0.0, 1.0) * static_cast<double>(s.size())));
    const std::size_t k = rank == 0 ? 0 : rank - 1;
    std::nth_element(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(k), s.end());
    return s[k];
}

RunMetrics computeMetrics(const TimelineModel& m, double t, double window, double latencyWindow, bool withLittle) {
    RunMetrics r;
    r.t = t;
    r.window = window > 0 ? window : 1.0;
    const auto& done = m.doneTimes();
    r.done = countUpTo(done, t);
    r.failed = countUpTo(m.failedTimes(), t);
    r.cancelled = countUpTo(m.cancelledTimes(), t);
    r.throughput = static_cast<double>(r.done - countUpTo(done, t - r.window)) / r.window;
    r.inFlight = m.inFlight().valueAtTime(t);
    r.waiting = m.waiting().valueAtTime(t);

    const auto& lt = m.latencyTimes();
    const auto& lv = m.latencies();
    const std::size_t hi = countUpTo(lt, t);
    const std::size_t lo = latencyWindow > 0 ? countUpTo(lt, t - latencyWindow) : 0;
    std::vector<double> sample(lv.begin() + static_cast<std::ptrdiff_t>(lo), lv.begin() + static_cast<std::ptrdiff_t>(hi));
    r.latencySamples = sample.size();
    if (!sample.empty()) {
        r.meanLatency = std::accumulate(sample.begin(), sample.end(), 0.0) / static_cast<double>(sample.size());
        r.p50 = percentile(sample, 0.50);
        r.p95 = percentile(sample, 0.95);
        r.p99 = percentile(sample, 0.99);
    }
    if (withLittle && t > 0) {
        r.littleL = (m.waiting().integral(t) + m.inFlight().integral(t)) / t;
        double allMean = 0.0;
        if (hi > 0) allMean = std::accumulate(lv.begin(), lv.begin() + static_cast<std::ptrdiff_t>(hi), 0.0) / static_cast<double>(hi);
        r.lambda = static_cast<double>(hi) / t;
        r.littleLambdaW = r.lambda * allMean;
    }
    return r;
}

}  // namespace cs::ui
