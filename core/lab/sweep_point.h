#pragma once
// One row of a sweep: spec section 5's metrics for one value of the swept
// field, from the run model (RunModel::metrics(), metrics-only mode). Plain
// data.
//
// A random workload (`generate`) runs once per seed (Sweep's `seeds`); the
// row then gives, for each metric, the median over the seeds (the
// nearest-rank median, Percentile: a value one run really had, so counts
// stay integers) and, for the ones a decision rests on, the spread
// (min / median / max). Little's-law figures are those of one real run, the
// one with the median throughput, so that L = lambda * W holds on them.
#include <cstddef>
#include <optional>
#include <string>

#include "lab/value_list.h"
#include "model/run_metrics.h"

namespace cs::lab {

struct Spread {
    double min = 0.0;
    double median = 0.0;
    double max = 0.0;
    bool operator==(const Spread&) const = default;
};

struct SweepPoint {
    SweepValue value;
    std::size_t seeds = 1;                 // runs behind this row
    // Which of them (its seed's offset: Sweep::scenarioFor's `seed`) has the
    // median throughput: the run Little's law and the outcome are taken from,
    // and the one the lab loads into the timeline for this row.
    std::size_t medianRun = 0;

    double makespan = 0.0;                 // makespan_s
    double throughput = 0.0;               // throughput_per_s: ok / makespan
    std::size_t tasks = 0, ok = 0, failed = 0, cancelled = 0;
    // Latency over successful requests (tasks that ended done), nearest rank.
    std::optional<double> p50, p95, p99;
    // How many successful requests the percentiles rest on (the fewest over
    // the seeds): below RunMetrics::kReliableP99Samples the p99 is one of the
    // slowest one or two, and is marked unreliable.
    std::size_t latencySamples = 0;
    std::size_t peakInFlight = 0, peakWaiting = 0;
    std::string outcome;                   // "ok", "raised:Name", "deadlock" (the median-throughput run's)

    // Spreads over the seeds (min = median = max for one run). Percentile
    // spreads are empty when some seed had no successful request.
    Spread throughputs, errorRates, makespans;
    std::optional<Spread> p50s, p95s, p99s;

    // Little's law (spec section 5), the median-throughput run's:
    //   meanInSystem  L: time-average of tasks between request and their end
    //   lambda        tasks that ended (any state) after a request / makespan
    //   meanLatency   W: mean request -> end over those tasks (nullopt: none)
    //   completions   how many those are
    //   meanInFlight  time-average of tasks between running and their end
    double meanInFlight = 0.0;
    double meanInSystem = 0.0;
    double lambda = 0.0;
    std::optional<double> meanLatency;
    std::size_t completions = 0;

    // (failed + cancelled) / tasks: the median over the seeds.
    double errorRate() const { return errorRates.median; }
    bool p99Reliable() const { return latencySamples >= RunMetrics::kReliableP99Samples; }
    // lambda * W: equal to meanInSystem (L) when every task that requested ended.
    double littleProduct() const { return lambda * meanLatency.value_or(0.0); }
};

}  // namespace cs::lab
