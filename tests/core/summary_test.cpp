#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "trace/summary.h"
#include "trace/trace_store.h"

using cs::EvKind;
using cs::Outcome;
using cs::TraceEvent;

namespace {
// Four tasks under a limit of two: 0 and 1 run at once, 2 waits from 0.0,
// 3 arrives at 0.5 and waits; 0 is done at 1.0 (2 runs), 1 fails at 1.5
// (3 runs), 2 is done at 2.0, 3 is cancelled at 2.5 and the program raises.
std::vector<TraceEvent> fourTasks(cs::Symbols& symbols) {
    const auto ve = symbols.intern("ValueError");
    return {
        {0.0, 0, EvKind::Created, 0}, {0.0, 1, EvKind::Created, 0},
        {0.0, 2, EvKind::Created, 0}, {0.0, 3, EvKind::Created, 0},
        {0.0, 0, EvKind::Request, 0}, {0.0, 0, EvKind::Running, 0},
        {0.0, 1, EvKind::Request, 0}, {0.0, 1, EvKind::Running, 0},
        {0.0, 2, EvKind::Request, 0},
        {0.5, 3, EvKind::Request, 0},
        {1.0, 0, EvKind::Done, 0},    {1.0, 0, EvKind::Release, 2},
        {1.0, 2, EvKind::Running, 0},
        {1.5, 1, EvKind::Failed, 0},  {1.5, 1, EvKind::FailedExc, ve},
        {1.5, 3, EvKind::Running, 0},
        {2.0, 2, EvKind::Done, 0},
        {2.5, 3, EvKind::Cancelled, 0},
        {2.5, 1, EvKind::Result, 0},
        {2.5, -1, EvKind::Raise, ve},
        {2.5, -1, EvKind::End, static_cast<std::int32_t>(Outcome::Raised)},
    };
}
}  // namespace

TEST_CASE("the summary of a hand-built run has the spec's metrics") {
    cs::Symbols symbols;
    const auto events = fourTasks(symbols);
    cs::Summary s;
    for (const auto& e : events) s.append(e, symbols);

    CHECK(s.ended());
    CHECK(s.makespan() == 2.5);
    CHECK(s.tasks() == 4);
    CHECK(s.ok() == 2);
    CHECK(s.failed() == 1);
    CHECK(s.cancelled() == 1);
    CHECK(s.throughput() == Approx(2 / 2.5));
    CHECK(s.errorRate() == Approx(2.0 / 4.0));
    // Latencies of tasks that ended done or failed: 1.0, 1.5, 2.0 (task 3 was cancelled).
    CHECK(s.latencyPercentile(50) == 1.5);   // rank ceil(1.5) = 2
    CHECK(s.latencyPercentile(95) == 2.0);   // rank ceil(2.85) = 3
    CHECK(s.latencyPercentile(99) == 2.0);
    CHECK(s.peakInFlight() == 2);
    CHECK(s.peakWaiting() == 2);             // tasks 2 and 3 between 0.5 and 1.0
    CHECK(s.outcome() == "raised:ValueError");
    CHECK(s.events() == events.size());
}

TEST_CASE("the summary's JSON has every metric under its documented key") {
    cs::Symbols symbols;
    cs::Summary s;
    for (const auto& e : fourTasks(symbols)) s.append(e, symbols);
    const auto j = s.toJson();
    CHECK(j.at("makespan_s") == 2.5);
    CHECK(j.at("throughput_per_s").get<double>() == Approx(0.8));
    CHECK(j.at("tasks") == 4);
    CHECK(j.at("ok") == 2);
    CHECK(j.at("failed") == 1);
    CHECK(j.at("cancelled") == 1);
    CHECK(j.at("error_rate").get<double>() == Approx(0.5));
    CHECK(j.at("latency_p50_s") == 1.5);
    CHECK(j.at("latency_p95_s") == 2.0);
    CHECK(j.at("latency_p99_s") == 2.0);
    CHECK(j.at("peak_in_flight") == 2);
    CHECK(j.at("peak_waiting") == 2);
    CHECK(j.at("outcome") == "raised:ValueError");
    CHECK(j.at("events") == 21);
    CHECK(j.begin().key() == "makespan_s");  // readable order, not alphabetical
}

TEST_CASE("a summary computed from a trace store equals the incremental one") {
    cs::Symbols symbols;
    const auto events = fourTasks(symbols);
    cs::Summary incremental;
    cs::TraceStore store;
    for (const auto& e : events) {
        incremental.append(e, symbols);
        store.append(e, symbols);
    }
    CHECK(cs::Summary::of(store).toJson() == incremental.toJson());
}

TEST_CASE("latency percentiles use the nearest rank") {
    // Twenty tasks with latencies 1..20 s, ending in reverse order so the
    // summary must sort them.
    cs::Symbols symbols;
    cs::Summary s;
    for (int i = 0; i < 20; ++i) {
        s.append({0.0, i, EvKind::Created, 0}, symbols);
        s.append({0.0, i, EvKind::Request, 0}, symbols);
        s.append({0.0, i, EvKind::Running, 0}, symbols);
    }
    for (int i = 19; i >= 0; --i) s.append({static_cast<double>(i + 1), i, EvKind::Done, 0}, symbols);
    CHECK(s.latencyPercentile(50) == 10.0);  // rank 10 of 20
    CHECK(s.latencyPercentile(95) == 19.0);  // rank 19, not 20: 95% of 20 is exactly 19
    CHECK(s.latencyPercentile(99) == 20.0);  // rank ceil(19.8) = 20
    CHECK(s.latencyPercentile(100) == 20.0);
    CHECK(s.latencyPercentile(1) == 1.0);
    CHECK(s.peakInFlight() == 20);
    CHECK(s.peakWaiting() == 1);
}

TEST_CASE("latency counts from request, not from creation or running") {
    cs::Symbols symbols;
    cs::Summary s;
    s.append({0.0, 0, EvKind::Created, 0}, symbols);
    s.append({0.75, 0, EvKind::Request, 0}, symbols);  // after `arrive`
    s.append({1.0, 0, EvKind::Running, 0}, symbols);
    s.append({3.0, 0, EvKind::Done, 0}, symbols);
    CHECK(s.latencyPercentile(50) == 2.25);
}

TEST_CASE("a task cancelled while waiting leaves the waiting count") {
    cs::Symbols symbols;
    cs::Summary s;
    s.append({0.0, 0, EvKind::Created, 0}, symbols);
    s.append({0.0, 0, EvKind::Request, 0}, symbols);
    s.append({1.0, 0, EvKind::Cancelled, 0}, symbols);
    s.append({1.0, 1, EvKind::Created, 0}, symbols);
    s.append({1.0, 1, EvKind::Request, 0}, symbols);
    CHECK(s.peakWaiting() == 1);
    CHECK_FALSE(s.latencyPercentile(50).has_value());  // cancelled tasks have no latency
}

TEST_CASE("an unfinished run has no outcome and no latency yet") {
    cs::Symbols symbols;
    cs::Summary s;
    s.append({0.0, 0, EvKind::Created, 0}, symbols);
    s.append({0.25, 0, EvKind::Request, 0}, symbols);
    CHECK_FALSE(s.ended());
    CHECK(s.makespan() == 0.25);
    const auto j = s.toJson();
    CHECK(j.at("outcome").is_null());
    CHECK(j.at("latency_p50_s").is_null());
    CHECK(j.at("throughput_per_s") == 0.0);
}

TEST_CASE("a deadlocked run reports its outcome") {
    cs::Symbols symbols;
    cs::Summary s;
    s.append({1.0, -1, EvKind::End, static_cast<std::int32_t>(Outcome::Deadlock)}, symbols);
    CHECK(s.outcome() == "deadlock");
}

TEST_CASE("resetting a summary starts it over") {
    cs::Symbols symbols;
    cs::Summary s;
    for (const auto& e : fourTasks(symbols)) s.append(e, symbols);
    s.reset();
    CHECK(s.events() == 0);
    CHECK(s.tasks() == 0);
    CHECK(s.peakInFlight() == 0);
    CHECK_FALSE(s.ended());
    CHECK(s.toJson() == cs::Summary{}.toJson());
}

TEST_CASE("percentiles asked during a run and again after its end agree with a fresh summary") {
    cs::Symbols symbols;
    const auto events = fourTasks(symbols);
    cs::Summary live;
    std::vector<std::optional<double>> midway;
    for (const auto& e : events) {
        if (e.kind == EvKind::End) {
            // Asked before the end: latencies of tasks 0 (1.0), 1 (1.5), 2 (2.0).
            midway = {live.latencyPercentile(50), live.latencyPercentile(100)};
        }
        live.append(e, symbols);
    }
    CHECK(midway == std::vector<std::optional<double>>{1.5, 2.0});
    cs::Summary fresh;
    for (const auto& e : events) fresh.append(e, symbols);
    for (double p : {1.0, 50.0, 95.0, 99.0, 100.0}) {
        CHECK(live.latencyPercentile(p) == fresh.latencyPercentile(p));
        CHECK(fresh.latencyPercentile(p) == fresh.latencyPercentile(p));  // asking twice changes nothing
    }
    CHECK(fresh.latencyPercentile(1) == 1.0);
    CHECK(fresh.latencyPercentile(100) == 2.0);
    // An event after `end` (not in a valid trace) is counted and breaks nothing.
    fresh.append(TraceEvent{3.0, 0, EvKind::Done, 0}, symbols);
    CHECK(fresh.latencyPercentile(100) == 2.0);
    CHECK(fresh.ok() == 2);
}

TEST_CASE("a summary fed in batches of any size equals one fed event by event") {
    cs::Symbols symbols;
    const std::vector<TraceEvent> events = fourTasks(symbols);
    cs::Summary one;
    for (const TraceEvent& e : events) one.append(e, symbols);
    for (std::size_t batch : {std::size_t{1}, std::size_t{2}, std::size_t{5}, events.size()}) {
        INFO("batch " << batch);
        cs::Summary batched;
        for (std::size_t i = 0; i < events.size(); i += batch)
            batched.appendBatch(events.data() + i, std::min(batch, events.size() - i), symbols);
        CHECK(batched.toJson() == one.toJson());
    }
}

TEST_CASE("percentiles asked in any order give the nearest-rank values") {
    // 1000 tasks with latencies 1..1000 (shuffled by a stride), so rank r has latency r.
    cs::Summary s;
    cs::Symbols symbols;
    for (std::int32_t i = 0; i < 1000; ++i) {
        const std::int32_t task = i * 379 % 1000;
        s.append({0.0, task, EvKind::Created, 0}, symbols);
        s.append({0.0, task, EvKind::Request, 0}, symbols);
    }
    for (std::int32_t i = 0; i < 1000; ++i) {
        const std::int32_t task = i * 379 % 1000;
        s.append({static_cast<double>(task + 1), task, EvKind::Done, 0}, symbols);
    }
    s.append({1001.0, -1, EvKind::End, 0}, symbols);
    for (double p : {99.0, 50.0, 95.0, 50.0, 100.0, 0.1, 75.0, 99.9, 1.0}) {
        INFO("p" << p);
        CHECK(s.latencyPercentile(p) == std::ceil(p * 1000 / 100.0));
    }
}
