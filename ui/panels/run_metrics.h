#pragma once
// The numbers of spec section 5 at one instant of a run, from the
// TimelineModel (no widgets; the Metrics panel shows them).
#include <cstddef>
#include <vector>

namespace cs::ui {

class TimelineModel;

struct RunMetrics {
    double t = 0.0;
    double throughput = 0.0;     // tasks done per second over the sliding window ending at t
    double window = 1.0;         // that window, seconds
    long long inFlight = 0, waiting = 0;
    std::size_t done = 0, failed = 0, cancelled = 0;
    std::size_t latencySamples = 0;
    double p50 = 0.0, p95 = 0.0, p99 = 0.0, meanLatency = 0.0;
    // Little's law over [0, t]: L (time-average tasks in the system, i.e.
    // waiting + in flight) against λW (completion rate × mean latency).
    double littleL = 0.0, lambda = 0.0, littleLambdaW = 0.0;
};

// Latency percentiles use completions in (t - latencyWindow, t]; pass a
// negative latencyWindow for everything up to t.
RunMetrics computeMetrics(const TimelineModel& m, double t, double window, double latencyWindow = -1.0,
                          bool withLittle = true);

// The sliding window throughput is measured over for a run (or view) of
// `span` seconds: one second for classroom-sized runs, longer for long ones
// so that the rate does not flicker.
double throughputWindow(double span);

// Nearest-rank percentile of an unsorted sample (q in [0, 1]); 0 if empty.
double percentile(std::vector<double>& sample, double q);

}  // namespace cs::ui
