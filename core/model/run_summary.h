#pragma once
// The run model's whole-run metrics as JSON: the CLI summary (`coroscope-cli
// run`, one line) and the fuller metrics object of `coroscope-cli export
// --metrics`. Spec section 5's definitions, taken from RunModel::metrics().
#include <nlohmann/json.hpp>

namespace cs {

class RunModel;

class RunSummary {
public:
    // Keys in a fixed readable order (README "The summary"):
    // {"makespan_s", "throughput_per_s", "tasks", "ok", "failed", "cancelled",
    //  "error_rate", "latency_p50_s", "latency_p95_s", "latency_p99_s",
    //  "peak_in_flight", "peak_waiting", "outcome", "events"}
    // latency_*: null when no task qualifies; outcome: null before `end`;
    // events: lines of the run's trace.
    static nlohmann::ordered_json json(const RunModel& model);

    // The summary's keys, then: latency_samples, p99_reliable (at least
    // RunMetrics::kReliableP99Samples samples), mean_latency_s (null: none),
    // mean_in_flight, little {L, lambda_per_s, W_s (null: none), requested,
    // ended}, swallowed_cancels, destroyed (tasks garbage-collected while
    // pending: in `tasks`, in none of ok, failed and cancelled).
    static nlohmann::ordered_json metricsJson(const RunModel& model);
};

}  // namespace cs
