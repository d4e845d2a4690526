#include "model/run_summary.h"

#include "model/run_model.h"

namespace cs {

namespace {

nlohmann::ordered_json orNull(const std::optional<double>& v) {
    return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

void summaryKeys(nlohmann::ordered_json& j, const RunModel& model, const RunMetrics& m) {
    j["makespan_s"] = m.t;
    j["throughput_per_s"] = m.throughput;
    j["tasks"] = m.tasks;
    j["ok"] = m.ok;
    j["failed"] = m.failed;
    j["cancelled"] = m.cancelled;
    j["error_rate"] = m.errorRate;
    j["latency_p50_s"] = orNull(m.p50);
    j["latency_p95_s"] = orNull(m.p95);
    j["latency_p99_s"] = orNull(m.p99);
    j["peak_in_flight"] = m.peakInFlight;
    j["peak_waiting"] = m.peakWaiting;
    j["outcome"] = model.ended() ? nlohmann::ordered_json(model.outcomeText()) : nlohmann::ordered_json(nullptr);
    j["events"] = model.traceLines();
}

}  // namespace

nlohmann::ordered_json RunSummary::json(const RunModel& model) {
    nlohmann::ordered_json j;
    summaryKeys(j, model, model.metrics());
    return j;
}

nlohmann::ordered_json RunSummary::metricsJson(const RunModel& model) {
    const RunMetrics m = model.metrics();
    nlohmann::ordered_json j;
    summaryKeys(j, model, m);
    j["latency_samples"] = m.latencySamples;
    j["p99_reliable"] = m.p99Reliable();
    j["mean_latency_s"] = orNull(m.meanLatency);
    j["mean_in_flight"] = m.meanInFlight;
    nlohmann::ordered_json little;
    little["L"] = m.little.L;
    little["lambda_per_s"] = m.little.lambda;
    little["W_s"] = orNull(m.little.W);
    little["requested"] = m.little.requested;
    little["ended"] = m.little.ended;
    j["little"] = std::move(little);
    j["swallowed_cancels"] = model.tally().swallowedCancels();
    j["destroyed"] = m.destroyed;
    return j;
}

}  // namespace cs
