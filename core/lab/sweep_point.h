#pragma once
// One row of a sweep: the spec section 5 metrics of one run (the same
// numbers Summary gives for it) plus what Little's law needs. Plain data.
#include <cstddef>
#include <optional>
#include <string>

#include "lab/value_list.h"

namespace cs::lab {

struct SweepPoint {
    SweepValue value;
    double makespan = 0.0;                 // makespan_s
    double throughput = 0.0;               // throughput_per_s: ok / makespan
    std::size_t tasks = 0, ok = 0, failed = 0, cancelled = 0;
    std::optional<double> p50, p95, p99;   // nearest-rank latency percentiles
    std::size_t peakInFlight = 0, peakWaiting = 0;
    std::string outcome;                   // "ok", "raised:Name", "deadlock"

    // Little's law, L = lambda * W, over the whole run [0, makespan]:
    //   meanInFlight  time-average of tasks between running and terminal
    //   meanInSystem  time-average of tasks between request and terminal
    //                 (waiting + in flight): the L that matches W below
    //   meanLatency   W: mean of the spec's latency (request -> terminal,
    //                 tasks ended done or failed); nullopt when none
    //   completions   tasks that count in W (ended done/failed after a request)
    double meanInFlight = 0.0;
    double meanInSystem = 0.0;
    std::optional<double> meanLatency;
    std::size_t completions = 0;

    double errorRate() const {
        return tasks > 0 ? static_cast<double>(failed + cancelled) / static_cast<double>(tasks) : 0.0;
    }
    // lambda * W with lambda = throughput (done tasks per second, spec §5).
    // Equal to meanInSystem when no task fails or is cancelled; with
    // failures, throughput counts fewer tasks than W does, and the gap shows.
    double littleProduct() const { return throughput * meanLatency.value_or(0.0); }
};

}  // namespace cs::lab
