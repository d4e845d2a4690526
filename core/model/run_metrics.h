#pragma once
// Spec section 5's metrics of a run at one instant: plain data, filled by
// RunModel::metrics() (the whole run, both modes) and RunModel::metricsAt(t)
// (any instant of a full model). Every output that shows one of these
// numbers (the CLI summary, the sweep rows, the exports, the app's panels)
// takes it from here.
#include <cstddef>
#include <cstdint>
#include <optional>

namespace cs {

// Little's law over the tasks that reached `request`, on [0, t]:
//   L       time-average of how many are between request and their terminal event
//   lambda  how many of them ended / t
//   W       mean of terminal t - request t over those that ended (none: nullopt)
// When every such task ended by t, L == lambda * W exactly (up to rounding).
struct LittleLaw {
    double L = 0.0;
    double lambda = 0.0;
    std::optional<double> W;
    std::size_t requested = 0;  // tasks that reached request by t
    std::size_t ended = 0;      // of those, ended by t
    double lambdaW() const { return lambda * W.value_or(0.0); }
};

struct RunMetrics {
    double t = 0.0;  // the instant described: the makespan for a whole run
    std::size_t tasks = 0, ok = 0, failed = 0, cancelled = 0;  // created / per terminal state, by t
    // Tasks garbage-collected while pending by t (a traced program's: "Task was destroyed but it is
    // pending!"): gone, in none of ok, failed and cancelled, nor in flight or waiting after it.
    std::size_t destroyed = 0;
    double throughput = 0.0;  // ok / t; 0 when t is 0
    double errorRate = 0.0;   // (failed + cancelled) / tasks; 0 without tasks
    // Latency: terminal - request over tasks that reached request and ended
    // done by t; nearest-rank percentiles (Percentile), none when n = 0.
    std::size_t latencySamples = 0;
    std::optional<double> p50, p95, p99, meanLatency;
    // Sampled after the last event of each instant (spec section 5).
    std::int64_t inFlight = 0, waiting = 0;        // at t
    std::int64_t peakInFlight = 0, peakWaiting = 0;  // over [0, t]
    double meanInFlight = 0.0;                     // time-average over [0, t]
    LittleLaw little;
    // Throughput over the window (t - window, t], divided by min(window, t)
    // (metricsAt only; 0 otherwise).
    double window = 0.0;
    double windowThroughput = 0.0;

    // A p99 over fewer samples than this rests on one or two tasks: shown,
    // but marked unreliable (the limit lab, the summary's readers).
    static constexpr std::size_t kReliableP99Samples = 100;
    bool p99Reliable() const { return latencySamples >= kReliableP99Samples; }
};

}  // namespace cs
