// The run model's summary JSON (coroscope-cli run) and its fuller metrics
// object (coroscope-cli export --metrics): documented keys, in order.
#include <catch2/catch.hpp>

#include <vector>

#include "model/run_model.h"
#include "model/run_summary.h"

using cs::EvKind;
using cs::Outcome;
using cs::TraceEvent;

namespace {
// Two tasks: 0 done at 1.0 after a request at 0, 1 failed at 1.5; the run ends at 2.0.
cs::RunModel twoTasks(cs::RunModel::Mode mode) {
    cs::Symbols symbols;
    const auto ve = symbols.intern("ValueError");
    cs::RunModel m({}, mode);
    for (const TraceEvent& e : std::vector<TraceEvent>{{0.0, 0, EvKind::Created, 0},
                                                       {0.0, 1, EvKind::Created, 0},
                                                       {0.0, 0, EvKind::Request, 0},
                                                       {0.0, 0, EvKind::Running, 0},
                                                       {0.0, 1, EvKind::Request, 0},
                                                       {0.0, 1, EvKind::Running, 0},
                                                       {1.0, 0, EvKind::Done, 0},
                                                       {1.5, 1, EvKind::Failed, 0},
                                                       {1.5, 1, EvKind::FailedExc, ve},
                                                       {2.0, -1, EvKind::Raise, ve},
                                                       {2.0, -1, EvKind::End, static_cast<std::int32_t>(Outcome::Raised)}})
        m.append(e, symbols);
    return m;
}
}  // namespace

TEST_CASE("the summary's JSON has every metric under its documented key, in a readable order") {
    const auto j = cs::RunSummary::json(twoTasks(cs::RunModel::Mode::MetricsOnly));
    const std::vector<std::string> keys = {"makespan_s", "throughput_per_s", "tasks", "ok", "failed", "cancelled",
                                           "error_rate", "latency_p50_s", "latency_p95_s", "latency_p99_s",
                                           "peak_in_flight", "peak_waiting", "outcome", "events"};
    std::vector<std::string> got;
    for (auto it = j.begin(); it != j.end(); ++it) got.push_back(it.key());
    CHECK(got == keys);
    CHECK(j.at("makespan_s") == 2.0);
    CHECK(j.at("throughput_per_s").get<double>() == Approx(0.5));
    CHECK(j.at("tasks") == 2);
    CHECK(j.at("ok") == 1);
    CHECK(j.at("failed") == 1);
    CHECK(j.at("error_rate").get<double>() == Approx(0.5));
    CHECK(j.at("latency_p50_s") == 1.0);  // the failed task's 1.5 s is not a latency
    CHECK(j.at("latency_p99_s") == 1.0);
    CHECK(j.at("peak_in_flight") == 2);
    CHECK(j.at("outcome") == "raised:ValueError");
    CHECK(j.at("events") == 11);
}

TEST_CASE("the summary is the same from a full and a metrics-only model") {
    CHECK(cs::RunSummary::json(twoTasks(cs::RunModel::Mode::Full)) ==
          cs::RunSummary::json(twoTasks(cs::RunModel::Mode::MetricsOnly)));
}

TEST_CASE("an empty or unfinished run has null latencies and outcome") {
    const cs::RunModel m;
    const auto j = cs::RunSummary::json(m);
    CHECK(j.at("latency_p50_s").is_null());
    CHECK(j.at("outcome").is_null());
    CHECK(j.at("throughput_per_s") == 0.0);
    CHECK(j.at("events") == 0);
}

TEST_CASE("the metrics object adds Little's law, the samples and p99's reliability") {
    const auto j = cs::RunSummary::metricsJson(twoTasks(cs::RunModel::Mode::Full));
    CHECK(j.at("events") == 11);
    CHECK(j.at("latency_samples") == 1);
    CHECK(j.at("p99_reliable") == false);
    CHECK(j.at("mean_latency_s") == 1.0);
    const auto& little = j.at("little");
    CHECK(little.at("requested") == 2);
    CHECK(little.at("ended") == 2);
    CHECK(little.at("W_s").get<double>() == Approx(1.25));
    CHECK(little.at("lambda_per_s").get<double>() == Approx(1.0));
    CHECK(little.at("L").get<double>() == Approx(1.25));  // (1.0 + 1.5) / 2.0
    CHECK(j.at("mean_in_flight").get<double>() == Approx(1.25));
    CHECK(j.at("swallowed_cancels") == 0);
}
