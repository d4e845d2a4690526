// The run model: spec section 5's metrics in both modes (the assertions of
// the former Summary's tests, with latency over successful tasks only and
// per-instant peaks), and the full model's facts: segments and states
// (frozen from `ready` only, running from creation without a request,
// queued jobs), the caller's lane, counters, hand-overs, worker lanes, the
// shared counter and its lock, metrics at any instant.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "model/run_config.h"
#include "model/run_model.h"
#include "export/trace_file.h"
#include "program/simulation.h"
#include "scenario/loader.h"
#include "trace/jsonl_writer.h"
#include "trace/tee_sink.h"
#include "trace/trace_store.h"

namespace fs = std::filesystem;
using cs::EvKind;
using cs::Outcome;
using cs::RunModel;
using cs::Segment;
using cs::TaskState;
using cs::TraceEvent;
using Mode = cs::RunModel::Mode;

namespace {

constexpr Mode kModes[] = {Mode::Full, Mode::MetricsOnly};

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

RunModel fed(const std::vector<TraceEvent>& events, const cs::Symbols& symbols, Mode mode = Mode::Full,
             cs::RunConfig config = {}) {
    RunModel m(std::move(config), mode);
    for (const TraceEvent& e : events) m.append(e, symbols);
    return m;
}

cs::Scenario loadBundled(const std::string& name) {
    const cs::LoadResult r =
        cs::loadScenarioFile((fs::path(COROSCOPE_SOURCE_DIR) / "resources" / "scenarios" / name).string());
    REQUIRE(r.ok());
    return *r.scenario;
}

// Each bundled scenario run once into a full model and a model of `mode`
// (the engine's events to both), handed to check(full, other).
template <class Check>
void forEachBundledPair(Mode mode, Check check) {
    for (const auto& entry : fs::directory_iterator(fs::path(COROSCOPE_SOURCE_DIR) / "resources" / "scenarios")) {
        if (entry.path().extension() != ".json") continue;
        INFO(entry.path().filename().string());
        const cs::Scenario s = loadBundled(entry.path().filename().string());
        RunModel full(cs::RunConfig::forScenario(s));
        RunModel other(cs::RunConfig::forScenario(s), mode);
        cs::TeeSink tee{&full, &other};
        cs::Simulation sim(s, tee);
        sim.run();
        check(full, other);
    }
}

// The counts, p50, p99 and peak waiting of two metrics, equal.
void checkSameCounts(const cs::RunMetrics& a, const cs::RunMetrics& b) {
    CHECK(a.t == b.t);
    CHECK(a.tasks == b.tasks);
    CHECK(a.ok == b.ok);
    CHECK(a.failed == b.failed);
    CHECK(a.cancelled == b.cancelled);
    CHECK(a.p50 == b.p50);
    CHECK(a.p99 == b.p99);
    CHECK(a.peakWaiting == b.peakWaiting);
}

// The whole-run metrics every mode computes, equal in both models.
void checkSameCommonMetrics(const RunModel& full, const RunModel& other) {
    const cs::RunMetrics a = full.metrics(), b = other.metrics();
    checkSameCounts(a, b);
    CHECK(a.p95 == b.p95);
    CHECK(a.little.W == b.little.W);
    CHECK(full.outcomeText() == other.outcomeText());
}

cs::Scenario parse(const char* json) {
    const cs::LoadResult r = cs::parseScenario(json);
    REQUIRE(r.ok());
    return *r.scenario;
}

// `count` tasks, each one io step of 1.0 to 1.6 s, behind Semaphore(`limit`).
cs::Scenario ioTasks(int count, int limit) {
    return parse(("{\"format\": \"coroscope-scenario/1\", \"generate\": {\"count\": " + std::to_string(count) +
                  ", \"seed\": 1, \"steps\": [{\"io\": {\"dist\": \"uniform\", \"min\": 1.0, \"max\": 1.6}}]}, "
                  "\"limit\": {\"kind\": \"semaphore\", \"value\": " + std::to_string(limit) + "}}")
                     .c_str());
}

// A scenario run into a full model and a trace store at once.
struct Ran {
    cs::TraceStore store;
    RunModel model;
};
Ran runInto(const cs::Scenario& s) {
    Ran r{cs::TraceStore{}, RunModel(cs::RunConfig::forScenario(s))};
    cs::TeeSink tee{&r.store, &r.model};
    cs::Simulation sim(s, tee);
    sim.run();
    return r;
}

// The segments of every task are consecutive, in time order, never
// overlapping, and stateAt agrees with them inside each one.
void checkSegments(const RunModel& m) {
    for (std::size_t i = 0; i < m.taskCount(); ++i) {
        INFO("task " << i);
        const auto segs = m.segments(i);
        for (std::size_t k = 0; k < segs.size(); ++k) {
            CHECK(segs[k].end > segs[k].begin);
            if (k > 0) CHECK(segs[k].begin == segs[k - 1].end);
            const double mid = segs[k].begin + (segs[k].end - segs[k].begin) / 2;
            CHECK(m.stateAt(i, mid) == segs[k].state);
            CHECK(m.stateAt(i, segs[k].begin) == segs[k].state);
        }
        const auto& t = m.task(i);
        if (t.ended() && !segs.empty()) CHECK(segs.back().end == t.end);
    }
}

}  // namespace

// ---------------------------------------------------------------- spec section 5, both modes

TEST_CASE("the metrics of a hand-built run follow spec section 5 in both modes") {
    for (Mode mode : kModes) {
        INFO("mode " << static_cast<int>(mode));
        cs::Symbols symbols;
        const auto events = fourTasks(symbols);
        const RunModel m = fed(events, symbols, mode);
        const cs::RunMetrics r = m.metrics();
        CHECK(m.ended());
        CHECK(r.t == 2.5);
        CHECK(r.tasks == 4);
        CHECK(r.ok == 2);
        CHECK(r.failed == 1);
        CHECK(r.cancelled == 1);
        CHECK(r.throughput == Approx(2 / 2.5));
        CHECK(r.errorRate == Approx(2.0 / 4.0));
        // Latencies of tasks that ended done: 1.0 and 2.0 (task 1 failed, 3 was cancelled).
        CHECK(r.latencySamples == 2);
        CHECK(r.p50 == 1.0);  // rank ceil(1.0) = 1
        CHECK(r.p95 == 2.0);  // rank ceil(1.9) = 2
        CHECK(r.p99 == 2.0);
        CHECK(r.meanLatency == 1.5);
        CHECK(r.peakInFlight == 2);
        CHECK(r.peakWaiting == 2);  // tasks 2 and 3 between 0.5 and 1.0
        CHECK(m.outcomeText() == "raised:ValueError");
        CHECK(m.eventCount() == events.size());
        CHECK(m.traceLines() == events.size());
        // Little's law: all four requested and ended; W = (1 + 1.5 + 2 + 2) / 4.
        CHECK(r.little.requested == 4);
        CHECK(r.little.ended == 4);
        CHECK(*r.little.W == Approx(6.5 / 4));
        CHECK(r.little.lambda == Approx(4 / 2.5));
        CHECK(r.little.L == Approx(r.little.lambdaW()));
    }
}

TEST_CASE("a model read from a trace store equals the one fed live") {
    cs::Symbols symbols;
    const auto events = fourTasks(symbols);
    cs::TraceStore store;
    for (const auto& e : events) store.append(e, symbols);
    for (Mode mode : kModes) {
        const RunModel live = fed(events, symbols, mode);
        const RunModel read = RunModel::of(store, {}, mode);
        const cs::RunMetrics a = live.metrics(), b = read.metrics();
        CHECK(a.p50 == b.p50);
        CHECK(a.p99 == b.p99);
        CHECK(a.little.L == b.little.L);
        CHECK(a.peakWaiting == b.peakWaiting);
        CHECK(read.outcomeText() == live.outcomeText());
    }
}

TEST_CASE("a run says what the caller received only when its collector is recorded") {
    cs::Symbols symbols;
    auto events = fourTasks(symbols);
    // A scenario's run: recorded from the start, before any result.
    cs::RunConfig scenario;
    scenario.collectorRecorded = true;
    CHECK(RunModel(scenario).callerRecorded());
    // A trace with a result line: recorded.
    CHECK(fed(events, symbols).callerRecorded());
    // A recorded program's trace: no result, pending, returned or collected
    // line (its `raise` and `end` are the program's own): not recorded.
    events.erase(std::remove_if(events.begin(), events.end(),
                                [](const TraceEvent& e) { return e.kind == EvKind::Result; }),
                 events.end());
    RunModel program = fed(events, symbols);
    CHECK_FALSE(program.callerRecorded());
    CHECK(program.results().empty());
    // A restart forgets what the last run showed.
    RunModel again = fed(fourTasks(symbols), symbols);
    REQUIRE(again.callerRecorded());
    again.reset();
    CHECK_FALSE(again.callerRecorded());
}

TEST_CASE("latency percentiles use the nearest rank") {
    // Twenty tasks with latencies 1..20 s, ending in reverse order so the
    // model must sort them.
    for (Mode mode : kModes) {
        cs::Symbols symbols;
        RunModel m({}, mode);
        for (int i = 0; i < 20; ++i) {
            m.append({0.0, i, EvKind::Created, 0}, symbols);
            m.append({0.0, i, EvKind::Request, 0}, symbols);
            m.append({0.0, i, EvKind::Running, 0}, symbols);
        }
        for (int i = 19; i >= 0; --i) m.append({static_cast<double>(i + 1), i, EvKind::Done, 0}, symbols);
        CHECK(m.latencyPercentile(50) == 10.0);  // rank 10 of 20
        CHECK(m.latencyPercentile(95) == 19.0);  // rank 19, not 20: 95% of 20 is exactly 19
        CHECK(m.latencyPercentile(99) == 20.0);  // rank ceil(19.8) = 20
        CHECK(m.latencyPercentile(100) == 20.0);
        CHECK(m.latencyPercentile(1) == 1.0);
        CHECK(m.metrics().peakInFlight == 20);
        CHECK(m.metrics().peakWaiting == 0);  // each requested and ran within one instant
    }
}

TEST_CASE("latency counts from request, not from creation or running") {
    for (Mode mode : kModes) {
        cs::Symbols symbols;
        const RunModel m = fed({{0.0, 0, EvKind::Created, 0},
                                {0.75, 0, EvKind::Request, 0},  // after `arrive`
                                {1.0, 0, EvKind::Running, 0},
                                {3.0, 0, EvKind::Done, 0}},
                               symbols, mode);
        CHECK(m.latencyPercentile(50) == 2.25);
    }
}

TEST_CASE("a refused request that fails at once has no latency: only successful requests count") {
    // Two tasks succeed in 1 s; eight are refused (503) at once. Counting
    // the failures would make p50 look like 0.
    for (Mode mode : kModes) {
        cs::Symbols symbols;
        const auto overloaded = symbols.intern("Overloaded");
        RunModel m({}, mode);
        for (int i = 0; i < 10; ++i) {
            m.append({0.0, i, EvKind::Created, 0}, symbols);
            m.append({0.0, i, EvKind::Request, 0}, symbols);
            m.append({0.0, i, EvKind::Running, 0}, symbols);
        }
        for (int i = 2; i < 10; ++i) {
            m.append({0.0, i, EvKind::Rejected, 503}, symbols);
            m.append({0.0, i, EvKind::Failed, 0}, symbols);
            m.append({0.0, i, EvKind::FailedExc, overloaded}, symbols);
        }
        m.append({1.0, 0, EvKind::Done, 0}, symbols);
        m.append({1.0, 1, EvKind::Done, 0}, symbols);
        m.append({1.0, -1, EvKind::End, 0}, symbols);
        const cs::RunMetrics r = m.metrics();
        CHECK(r.latencySamples == 2);
        CHECK(r.p50 == 1.0);
        CHECK(r.p99 == 1.0);
        CHECK(r.errorRate == Approx(0.8));
        CHECK_FALSE(r.p99Reliable());
        // Little's law still counts every task that requested and ended.
        CHECK(r.little.ended == 10);
        CHECK(*r.little.W == Approx(0.2));
    }
}

TEST_CASE("in flight and waiting are sampled after the last event of each instant") {
    // At t = 0 six tasks start; one of them is refused and ends within the
    // instant: it is never in flight. Peak 5, not 6.
    for (Mode mode : kModes) {
        cs::Symbols symbols;
        RunModel m({}, mode);
        for (int i = 0; i < 6; ++i) {
            m.append({0.0, i, EvKind::Created, 0}, symbols);
            m.append({0.0, i, EvKind::Request, 0}, symbols);
            m.append({0.0, i, EvKind::Running, 0}, symbols);
        }
        m.append({0.0, 5, EvKind::Failed, 0}, symbols);
        // A task that waits and is granted within one instant never waits.
        m.append({0.5, 6, EvKind::Created, 0}, symbols);
        m.append({0.5, 6, EvKind::Request, 0}, symbols);
        m.append({0.5, 0, EvKind::Done, 0}, symbols);
        m.append({0.5, 6, EvKind::Running, 0}, symbols);
        for (int i = 1; i <= 6; ++i) m.append({1.0, i, EvKind::Done, 0}, symbols);
        m.append({1.0, -1, EvKind::End, 0}, symbols);
        CHECK(m.metrics().peakInFlight == 5);
        CHECK(m.metrics().peakWaiting == 0);
        if (mode == Mode::Full) {
            CHECK(m.inFlight().maxValue() == 5);
            CHECK(m.inFlight().valueAtTime(0.0) == 5);
            CHECK(m.waiting().maxValue() == 0);
        }
    }
}

TEST_CASE("a task that ran and waits again (its second semaphore) is waiting, not in flight too") {
    // A recorded program: task 0 takes the global permit at 0 and waits
    // for its host's from 0 to 0.5; task 1 runs 0-1. At 0.25 one task runs
    // and one waits: in flight 2 and waiting 1 counted task 0 twice.
    for (Mode mode : kModes) {
        cs::Symbols symbols;
        const RunModel m = fed({{0.0, 0, EvKind::Created, 0},
                                {0.0, 0, EvKind::Request, 0},
                                {0.0, 0, EvKind::Running, 0},
                                {0.0, 1, EvKind::Created, 0},
                                {0.0, 1, EvKind::Request, 0},
                                {0.0, 1, EvKind::Running, 0},
                                {0.0, 0, EvKind::Request, 0},
                                {0.5, 0, EvKind::Running, 0},
                                {1.0, 1, EvKind::Done, 0},
                                {1.5, 0, EvKind::Done, 0},
                                {1.5, -1, EvKind::End, 0}},
                               symbols, mode);
        CHECK(m.metrics().peakInFlight == 2);  // from 0.5 to 1
        CHECK(m.metrics().peakWaiting == 1);
        CHECK(m.metrics().meanInFlight == Approx((1 * 0.5 + 2 * 0.5 + 1 * 0.5) / 1.5));
        if (mode == Mode::Full) {
            CHECK(m.inFlight().valueAtTime(0.25) == 1);
            CHECK(m.waiting().valueAtTime(0.25) == 1);
            CHECK(m.inFlight().valueAtTime(0.75) == 2);
            CHECK(m.inFlight().valueAtTime(1.25) == 1);
            CHECK(m.metricsAt(0.25).inFlight + m.metricsAt(0.25).waiting == 2);
        }
    }
}

TEST_CASE("a task cancelled while waiting leaves the waiting count and has no latency") {
    for (Mode mode : kModes) {
        cs::Symbols symbols;
        const RunModel m = fed({{0.0, 0, EvKind::Created, 0},
                                {0.0, 0, EvKind::Request, 0},
                                {1.0, 0, EvKind::Cancelled, 0},
                                {1.0, 1, EvKind::Created, 0},
                                {1.0, 1, EvKind::Request, 0}},
                               symbols, mode);
        CHECK(m.metrics().peakWaiting == 1);
        CHECK(m.metrics().waiting == 1);
        CHECK_FALSE(m.latencyPercentile(50).has_value());
    }
}

TEST_CASE("a task that gives up its wait goes on holding no permit, and may wait again") {
    // A recorded program under a Semaphore(1): task 0 holds it 0-1; task 1
    // tries wait_for(sem.acquire(), 0.5), gives up at 0.5, tries again at 0.7
    // and gets it when task 0 releases; task 2 gives up at 0.5 and ends at 2.
    // A gave_up with no wait open (task 2's second) changes nothing.
    for (Mode mode : kModes) {
        cs::Symbols symbols;
        cs::RunConfig config;
        config.semaphorePermits = true;
        config.initialLimit = 1;
        const RunModel m = fed({{0.0, 0, EvKind::Created, 0},
                                {0.0, 1, EvKind::Created, 0},
                                {0.0, 2, EvKind::Created, 0},
                                {0.0, 0, EvKind::Request, 0},
                                {0.0, 0, EvKind::Running, 0},
                                {0.0, 1, EvKind::Request, 0},
                                {0.0, 2, EvKind::Request, 0},
                                {0.5, 1, EvKind::GaveUp, 0},
                                {0.5, 2, EvKind::GaveUp, 0},
                                {0.6, 2, EvKind::GaveUp, 0},
                                {0.7, 1, EvKind::Request, 0},
                                {1.0, 0, EvKind::Release, 1},
                                {1.0, 1, EvKind::Running, 0},
                                {1.0, 0, EvKind::Done, 0},
                                {2.0, 1, EvKind::Release, -1},
                                {2.0, 1, EvKind::Done, 0},
                                {2.0, 2, EvKind::Done, 0},
                                {2.0, -1, EvKind::End, 0}},
                               symbols, mode, config);
        CHECK(m.metrics().peakWaiting == 2);
        CHECK(m.metrics().waiting == 0);
        CHECK(m.metrics().ok == 3);
        if (mode != Mode::Full) continue;
        CHECK(m.task(1).gaveUp);
        CHECK(m.task(2).gaveUp);
        CHECK_FALSE(m.task(0).gaveUp);
        CHECK(m.task(1).running == 0.5);  // when it went on, without a permit
        CHECK(m.waitedAt(2, 2.0) == 0.5);
        CHECK(m.ranAt(2, 2.0) == 1.5);
        CHECK(m.segments(2) == std::vector<Segment>{{0.0, 0.5, TaskState::Waiting}, {0.5, 2.0, TaskState::Running}});
        CHECK(m.segments(1) == std::vector<Segment>{{0.0, 0.5, TaskState::Waiting},
                                                    {0.5, 0.7, TaskState::Running},
                                                    {0.7, 1.0, TaskState::Waiting},
                                                    {1.0, 2.0, TaskState::Running}});
        CHECK(m.stateAt(1, 0.6) == TaskState::Running);
        CHECK(m.stateAt(1, 0.8) == TaskState::Waiting);
        // The waiting count: two until 0.5, none from 0.5, task 1 again 0.7-1.0.
        CHECK(m.waiting().valueAtTime(0.2) == 2);
        CHECK(m.waiting().valueAtTime(0.6) == 0);
        CHECK(m.waiting().valueAtTime(0.8) == 1);
        CHECK(m.waiting().valueAtTime(1.5) == 0);
        // Task 0's release handed task 1 the permit it then held.
        REQUIRE(m.handovers().size() == 1);
        CHECK(m.handovers()[0].toRunning == 1.0);
        CHECK(m.permitsInUse().valueAtTime(0.6) == 1);  // task 0's alone: giving up takes none
        CHECK(m.permitsInUse().valueAtTime(1.5) == 1);
    }
}

TEST_CASE("a task that gave up its wait leaves the waiting count in the metrics-only model too") {
    // Semaphore(1): task 0 holds it 0-1.5; task 1 gives up waiting at 0.5
    // and runs on to 2.0; task 2 waits 1.0-1.5. Waiting is never above one.
    cs::RunConfig config;
    config.semaphorePermits = true;
    config.initialLimit = 1;
    const std::vector<TraceEvent> events{
        {0.0, 0, EvKind::Created, 0}, {0.0, 1, EvKind::Created, 0},  {0.0, 2, EvKind::Created, 0},
        {0.0, 0, EvKind::Request, 0}, {0.0, 0, EvKind::Running, 0},  {0.0, 1, EvKind::Request, 0},
        {0.5, 1, EvKind::GaveUp, 0},  {1.0, 2, EvKind::Request, 0},  {1.5, 0, EvKind::Release, 2},
        {1.5, 2, EvKind::Running, 0}, {1.5, 0, EvKind::Done, 0},     {2.0, 1, EvKind::Done, 0},
        {2.0, 2, EvKind::Release, -1}, {2.0, 2, EvKind::Done, 0},    {2.0, -1, EvKind::End, 0}};
    cs::Symbols symbols;
    const cs::RunMetrics full = fed(events, symbols, Mode::Full, config).metrics();
    const cs::RunMetrics lean = fed(events, symbols, Mode::MetricsOnly, config).metrics();
    CHECK(full.peakWaiting == 1);
    CHECK(lean.peakWaiting == 1);
    CHECK(lean.peakInFlight == full.peakInFlight);
    CHECK(lean.meanInFlight == Approx(full.meanInFlight));
}

TEST_CASE("a task garbage-collected while pending ends there: destroyed, neither done, failed nor cancelled") {
    // A recorded program: task 0 never asks (it runs from its creation) and
    // is destroyed pending at 0.1; task 1 holds the Semaphore(1) and is done
    // at 1.0; task 2 waits for it and is destroyed waiting at 0.2. A done
    // line after task 0's destruction (a hand-made file) changes nothing.
    for (Mode mode : kModes) {
        cs::Symbols symbols;
        cs::RunConfig config;
        config.runsFromCreation = {1, 0, 0};
        const std::vector<TraceEvent> events{{0.0, 0, EvKind::Created, 0}, {0.0, 1, EvKind::Created, 0},
                                             {0.0, 2, EvKind::Created, 0}, {0.0, 1, EvKind::Request, 0},
                                             {0.0, 1, EvKind::Running, 0}, {0.0, 2, EvKind::Request, 0},
                                             {0.1, 0, EvKind::Destroyed, 0}, {0.2, 2, EvKind::Destroyed, 0},
                                             {0.5, 0, EvKind::Done, 0},     {1.0, 1, EvKind::Done, 0},
                                             {1.1, -1, EvKind::End, 0}};
        const RunModel m = fed(events, symbols, mode, config);
        const cs::RunMetrics r = m.metrics();
        CHECK(r.tasks == 3);
        CHECK(r.ok == 1);
        CHECK(r.failed == 0);
        CHECK(r.cancelled == 0);
        CHECK(r.destroyed == 2);
        CHECK(r.throughput == Approx(1.0 / 1.1));
        CHECK(r.errorRate == 0.0);
        CHECK(r.inFlight == 0);
        CHECK(r.waiting == 0);
        CHECK(r.peakInFlight == 2);
        CHECK(r.peakWaiting == 1);
        CHECK(r.meanInFlight == Approx((0.1 + 1.0) / 1.1));  // task 0 to 0.1, task 1 to 1.0
        // Little's law: task 2 left the system at 0.2, task 1 at 1.0.
        CHECK(r.little.requested == 2);
        CHECK(r.little.ended == 2);
        CHECK(*r.little.W == Approx(0.6));
        CHECK(m.eventCount() == events.size());
        CHECK(m.traceLines() == events.size() - 2);  // each a warning line's: no line of the events
        if (mode != Mode::Full) continue;
        CHECK(m.finalState(0) == TaskState::Destroyed);
        CHECK(m.finalState(2) == TaskState::Destroyed);
        CHECK(m.task(0).end == 0.1);
        CHECK(m.task(0).endKind == EvKind::Destroyed);
        CHECK(m.outcomeOf(0) == "destroyed");
        CHECK(m.stateAt(0, 0.05) == TaskState::Running);
        CHECK(m.stateAt(0, 0.1) == TaskState::Destroyed);
        CHECK(m.stateAt(2, 0.15) == TaskState::Waiting);
        CHECK(m.segments(0) == std::vector<Segment>{{0.0, 0.1, TaskState::Running}});
        CHECK(m.segments(2) == std::vector<Segment>{{0.0, 0.2, TaskState::Waiting}});
        CHECK(m.ranAt(0, 1.1) == Approx(0.1));
        CHECK(m.inFlight().valueAtTime(0.05) == 2);
        CHECK(m.inFlight().valueAtTime(0.1) == 1);
        CHECK(m.waiting().valueAtTime(0.2) == 0);
        CHECK(m.aliveAt(0.15) == 2);
        CHECK(m.aliveAt(0.5) == 1);
        CHECK(m.completedUpTo(1.1) == 1);
        CHECK(m.destroyedUpTo(1.1) == 2);
        CHECK(m.destroyedTimes() == std::vector<double>{0.1, 0.2});
        const cs::RunMetrics at = m.metricsAt(0.15);
        CHECK(at.destroyed == 1);
        CHECK(at.ok == 0);
        CHECK(at.inFlight == 1);
        CHECK(m.metricsAt(0.5).little.ended == 1);
        // The counter rows: no completion at 0.1 or 0.2, in flight down at 0.1.
        std::vector<RunModel::CounterRow> rows;
        m.forEachCounterRow([&](const RunModel::CounterRow& row) { rows.push_back(row); });
        REQUIRE(rows.size() >= 2);
        CHECK(rows.back().completed == 1);
    }
}

TEST_CASE("an unfinished run has no outcome and no latency yet; its makespan is the last event") {
    for (Mode mode : kModes) {
        cs::Symbols symbols;
        const RunModel m = fed({{0.0, 0, EvKind::Created, 0}, {0.25, 0, EvKind::Request, 0}}, symbols, mode);
        CHECK_FALSE(m.ended());
        CHECK(m.makespan() == 0.25);
        CHECK(m.outcomeText().empty());
        CHECK_FALSE(m.metrics().p50);
        CHECK(m.metrics().throughput == 0.0);
    }
}

TEST_CASE("a deadlocked run reports its outcome") {
    cs::Symbols symbols;
    const RunModel m = fed({{1.0, -1, EvKind::End, static_cast<std::int32_t>(Outcome::Deadlock)}}, symbols);
    CHECK(m.outcomeText() == "deadlock");
    CHECK(m.outcome() == Outcome::Deadlock);
}

TEST_CASE("resetting a model starts it over and keeps its configuration") {
    for (Mode mode : kModes) {
        cs::Symbols symbols;
        cs::RunConfig config;
        config.initialLimit = 2;
        config.semaphorePermits = true;
        RunModel m = fed(fourTasks(symbols), symbols, mode, config);
        const auto generation = m.generation();
        m.reset();
        CHECK(m.generation() != generation);
        CHECK(m.eventCount() == 0);
        CHECK(m.metrics().tasks == 0);
        CHECK(m.metrics().peakInFlight == 0);
        CHECK_FALSE(m.ended());
        CHECK(m.config().initialLimit == 2);
        if (mode == Mode::Full) {
            CHECK(m.taskCount() == 0);
            CHECK(m.limit().valueAtTime(0.0) == 2);
            CHECK(m.callerEvents().empty());
        }
    }
}

TEST_CASE("percentiles asked during a run and again after its end agree with a fresh model") {
    for (Mode mode : kModes) {
        cs::Symbols symbols;
        const auto events = fourTasks(symbols);
        RunModel live({}, mode);
        std::vector<std::optional<double>> midway;
        for (const auto& e : events) {
            // Asked before the end: latencies of tasks 0 (1.0) and 2 (2.0).
            if (e.kind == EvKind::End) midway = {live.latencyPercentile(50), live.latencyPercentile(100)};
            live.append(e, symbols);
        }
        CHECK(midway == std::vector<std::optional<double>>{1.0, 2.0});
        RunModel fresh = fed(events, symbols, mode);
        for (double p : {1.0, 50.0, 95.0, 99.0, 100.0}) {
            CHECK(live.latencyPercentile(p) == fresh.latencyPercentile(p));
            CHECK(fresh.latencyPercentile(p) == fresh.latencyPercentile(p));  // asking twice changes nothing
        }
        CHECK(fresh.latencyPercentile(1) == 1.0);
        CHECK(fresh.latencyPercentile(100) == 2.0);
        // An event after `end` (not in a valid trace) breaks nothing and is not counted twice.
        fresh.append(TraceEvent{3.0, 0, EvKind::Done, 0}, symbols);
        CHECK(fresh.latencyPercentile(100) == 2.0);
        CHECK(fresh.metrics().ok == 2);
    }
}

TEST_CASE("a model fed in batches of any size equals one fed event by event") {
    cs::Symbols symbols;
    const std::vector<TraceEvent> events = fourTasks(symbols);
    for (Mode mode : kModes) {
        const RunModel one = fed(events, symbols, mode);
        for (std::size_t batch : {std::size_t{1}, std::size_t{2}, std::size_t{5}, events.size()}) {
            INFO("batch " << batch);
            RunModel batched({}, mode);
            for (std::size_t i = 0; i < events.size(); i += batch)
                batched.appendBatch(events.data() + i, std::min(batch, events.size() - i), symbols);
            const cs::RunMetrics a = one.metrics(), b = batched.metrics();
            CHECK(a.tasks == b.tasks);
            CHECK(a.p50 == b.p50);
            CHECK(a.peakWaiting == b.peakWaiting);
            CHECK(a.little.L == b.little.L);
            CHECK(one.traceLines() == batched.traceLines());
        }
    }
}

TEST_CASE("percentiles asked in any order give the nearest-rank values") {
    for (Mode mode : kModes) {
        // 1000 tasks with latencies 1..1000 (shuffled by a stride), so rank r has latency r.
        RunModel m({}, mode);
        cs::Symbols symbols;
        for (std::int32_t i = 0; i < 1000; ++i) {
            const std::int32_t task = i * 379 % 1000;
            m.append({0.0, task, EvKind::Created, 0}, symbols);
            m.append({0.0, task, EvKind::Request, 0}, symbols);
        }
        for (std::int32_t i = 0; i < 1000; ++i) {
            const std::int32_t task = i * 379 % 1000;
            m.append({static_cast<double>(task + 1), task, EvKind::Done, 0}, symbols);
        }
        m.append({1001.0, -1, EvKind::End, 0}, symbols);
        for (double p : {99.0, 50.0, 95.0, 50.0, 100.0, 0.1, 75.0, 99.9, 1.0}) {
            INFO("p" << p);
            CHECK(m.latencyPercentile(p) == std::ceil(p * 1000 / 100.0));
        }
        CHECK(m.metrics().p99Reliable());
    }
}

TEST_CASE("the events a model counts are the trace's lines: a swallowed cancel is a field, not a line") {
    // (So is a release's "sem", the marker before its release.)
    for (Mode mode : kModes) {
        cs::Symbols symbols;
        const RunModel m = fed({{0.0, 0, EvKind::Created, 0},
                                {0.0, 0, EvKind::Request, 0},
                                {0.0, 0, EvKind::Running, 0},
                                {0.5, 0, EvKind::ReleaseSem, 1},
                                {0.5, 0, EvKind::Release, -1},
                                {1.0, 0, EvKind::Swallowed, 0},
                                {1.0, 0, EvKind::Done, 0},
                                {1.0, -1, EvKind::End, 0}},
                               symbols, mode);
        CHECK(m.eventCount() == 8);
        CHECK(m.traceLines() == 6);
        CHECK(m.tally().swallowedCancels() == 1);
    }
}

TEST_CASE("the metrics-only and the full model give the same whole-run metrics on every bundled scenario") {
    forEachBundledPair(Mode::MetricsOnly, [](const RunModel& full, const RunModel& lean) {
        checkSameCommonMetrics(full, lean);
        const cs::RunMetrics a = full.metrics(), b = lean.metrics();
        CHECK(a.meanLatency == b.meanLatency);
        CHECK(a.peakInFlight == b.peakInFlight);
        CHECK(a.little.L == b.little.L);
        CHECK(a.meanInFlight == b.meanInFlight);
        // The full model's series agree with the tally's per-instant peaks.
        CHECK(full.inFlight().maxValue() == a.peakInFlight);
        CHECK(full.waiting().maxValue() == a.peakWaiting);
        checkSegments(full);
    });
}

TEST_CASE("a tables model has the full model's rows, segments, counter rows and metrics on every bundled scenario") {
    forEachBundledPair(Mode::Tables, [](const RunModel& full, const RunModel& tables) {
        CHECK(tables.rows());
        CHECK_FALSE(tables.full());
        REQUIRE(tables.taskCount() == full.taskCount());
        const double end = full.makespan();
        for (std::size_t i = 0; i < full.taskCount(); ++i) {
            INFO("task " << i);
            const RunModel::Task &a = full.task(i), &b = tables.task(i);
            CHECK(std::memcmp(&a, &b, sizeof a) == 0);  // every field (bitwise: NaN times alike)
            CHECK(tables.segments(i) == full.segments(i));
            CHECK(tables.finalState(i) == full.finalState(i));
            CHECK(tables.outcomeOf(i) == full.outcomeOf(i));
            CHECK(tables.waitedAt(i, end) == full.waitedAt(i, end));
            CHECK(tables.ranAt(i, end) == full.ranAt(i, end));
        }
        std::vector<RunModel::CounterRow> fr, tr;
        full.forEachCounterRow([&](const RunModel::CounterRow& r) { fr.push_back(r); });
        tables.forEachCounterRow([&](const RunModel::CounterRow& r) { tr.push_back(r); });
        REQUIRE(tr.size() == fr.size());
        for (std::size_t k = 0; k < fr.size(); ++k) {
            CHECK(tr[k].t == fr[k].t);
            CHECK(tr[k].inFlight == fr[k].inFlight);
            CHECK(tr[k].waiting == fr[k].waiting);
            CHECK(tr[k].permitsInUse == fr[k].permitsInUse);
            CHECK(tr[k].completed == fr[k].completed);
        }
        CHECK(tables.doneLatencies().size() == full.doneLatencies().size());
        checkSameCommonMetrics(full, tables);
        CHECK(tables.memoryBytes() <= full.memoryBytes());
        // What it does not keep.
        CHECK(tables.callerEvents().empty());
        CHECK(tables.handovers().empty());
        CHECK(tables.inSystem().empty());
        checkSegments(tables);
    });
}

// ---------------------------------------------------------------- metrics at any instant

TEST_CASE("metrics at any instant equal the metrics of the run stopped there") {
    const cs::Scenario s = loadBundled("default-semaphore-20.json");
    const Ran whole = runInto(s);
    REQUIRE(whole.model.ended());
    const double end = whole.model.makespan();
    for (double t : {0.0, 0.3, 0.7, end / 3, end / 2, end - 0.01, end}) {
        INFO("t = " << t);
        // The events up to t, as a live run stopped at t has them.
        RunModel upTo(cs::RunConfig::forScenario(s));
        for (std::size_t i = 0; i < whole.store.size() && whole.store.timeAt(i) <= t; ++i)
            upTo.append(whole.store.at(i), whole.store.symbols());
        const cs::RunMetrics a = whole.model.metricsAt(t), b = upTo.metricsAt(t);
        checkSameCounts(a, b);
        CHECK(a.throughput == b.throughput);
        CHECK(a.latencySamples == b.latencySamples);
        CHECK(a.inFlight == b.inFlight);
        CHECK(a.waiting == b.waiting);
        CHECK(a.peakInFlight == b.peakInFlight);
        CHECK(a.little.requested == b.little.requested);
        CHECK(a.little.ended == b.little.ended);
        CHECK(a.little.L == Approx(b.little.L).margin(1e-12));
        CHECK(a.little.W.value_or(-1) == Approx(b.little.W.value_or(-1)));
        CHECK(a.windowThroughput == b.windowThroughput);
    }
    // At the end, metricsAt is the whole run's metrics.
    const cs::RunMetrics atEnd = whole.model.metricsAt(end), all = whole.model.metrics();
    CHECK(atEnd.p95 == all.p95);
    CHECK(atEnd.little.L == all.little.L);
}

TEST_CASE("throughput over a window is cut to the elapsed time") {
    // 25 tasks done by 0.5 s: 50/s, not 25/s over a whole second.
    cs::Symbols symbols;
    RunModel m;
    for (int i = 0; i < 25; ++i) {
        m.append({0.0, i, EvKind::Created, 0}, symbols);
        m.append({0.0, i, EvKind::Request, 0}, symbols);
        m.append({0.0, i, EvKind::Running, 0}, symbols);
    }
    for (int i = 0; i < 25; ++i) m.append({0.02 * (i + 1), i, EvKind::Done, 0}, symbols);
    m.append({0.5, -1, EvKind::End, 0}, symbols);
    CHECK(m.throughputAt(0.5, 1.0) == Approx(50.0));
    CHECK(m.metricsAt(0.5, 1.0).windowThroughput == Approx(50.0));
    CHECK(m.metrics().throughput == Approx(50.0));
    CHECK(m.metrics().little.L == Approx(m.metrics().little.lambdaW()));
    // Past the first second the window is the whole window: (t - w, t].
    CHECK(m.throughputAt(1.25, 1.0) == Approx(13.0));  // done in (0.25, 1.25]: tasks 12..24
    CHECK(m.throughputAt(0.0, 1.0) == 0.0);
}

TEST_CASE("the throughput's peak over a span is found at the instants tasks end, where samples may miss it") {
    // Done at 0.3, 0.3, 0.65, 1.1, 1.1, 1.1, 1.35, 2.0; a window of 0.5 s.
    cs::Symbols symbols;
    RunModel m;
    const std::vector<double> ends = {0.3, 0.3, 0.65, 1.1, 1.1, 1.1, 1.35, 2.0};
    for (int i = 0; i < static_cast<int>(ends.size()); ++i) {
        m.append({0.0, i, EvKind::Created, 0}, symbols);
        m.append({0.0, i, EvKind::Request, 0}, symbols);
        m.append({0.0, i, EvKind::Running, 0}, symbols);
    }
    for (int i = 0; i < static_cast<int>(ends.size()); ++i) m.append({ends[i], i, EvKind::Done, 0}, symbols);
    m.append({2.0, -1, EvKind::End, 0}, symbols);
    // Brute force: the highest rate over a fine grid and at every end.
    const auto brute = [&](double from, double to, double w) {
        double best = m.throughputAt(from, w);
        for (double t : ends)
            if (t > from && t <= to) best = std::max(best, m.throughputAt(t, w));
        for (int k = 0; k <= 20000; ++k) best = std::max(best, m.throughputAt(from + (to - from) * k / 20000.0, w));
        return best;
    };
    for (const auto& [from, to, w] : std::vector<std::tuple<double, double, double>>{
             {0.0, 2.0, 0.5}, {0.0, 2.0, 1.0}, {0.5, 1.2, 0.5}, {1.2, 2.0, 0.5}, {0.31, 0.6, 0.5}, {0.0, 0.2, 0.5}}) {
        INFO(from << " " << to << " " << w);
        CHECK(m.peakThroughput(from, to, w) == Approx(brute(from, to, w)));
    }
    CHECK(m.peakThroughput(0.0, 0.6, 0.5) == Approx(2 / 0.3));  // two at 0.3 over the 0.3 s elapsed
    CHECK(m.peakThroughput(0.0, 2.0, 0.5) == Approx(8.0));      // (0.85, 1.35]: 1.1 x3, 1.35 over 0.5 s
    CHECK(m.peakThroughput(0.0, 0.2, 0.5) == 0.0);
}

// ---------------------------------------------------------------- segments and states

TEST_CASE("a task that never requests a permit runs from its creation") {
    // A recorded program: task 1 (say a bare to_thread task, or wait_for's
    // inner task, created by task 0) never asks for a permit.
    cs::Symbols symbols;
    const RunModel m = fed({{0.0, 0, EvKind::Created, 0},
                            {0.5, 0, EvKind::Request, 0},
                            {0.5, 0, EvKind::Running, 0},
                            {0.5, 1, EvKind::Created, 1},  // parent: task 0
                            {0.6, 1, EvKind::ThreadBegin, 0},
                            {1.6, 1, EvKind::ThreadEnd, 0},
                            {1.6, 1, EvKind::Done, 0},
                            {2.0, 0, EvKind::Done, 0},
                            {2.0, -1, EvKind::End, 0}},
                           symbols);
    CHECK(m.task(1).parent == 0);
    CHECK(m.task(0).parent == -1);
    CHECK(m.stateAt(1, 0.55) == TaskState::Running);
    CHECK(m.stateAt(1, 1.0) == TaskState::Thread);
    CHECK(m.segments(1) == std::vector<Segment>{{0.5, 0.6, TaskState::Running},
                                                {0.6, 1.6, TaskState::Thread}});
    // Task 0 asked later: it was arriving from its creation until then.
    CHECK(m.stateAt(0, 0.25) == TaskState::Arriving);
    CHECK(m.segments(0) == std::vector<Segment>{{0.0, 0.5, TaskState::Arriving},
                                                {0.5, 2.0, TaskState::Running}});
    CHECK(m.finalState(1) == TaskState::Done);
}

TEST_CASE("a job handed to a busy pool waits in its queue: from thread_queued to its thread_begin or its drop") {
    cs::Symbols symbols;
    const RunModel m = fed({{0.0, 0, EvKind::Created, 0},
                            {0.0, 0, EvKind::ThreadQueued, 0},
                            {0.0, 0, EvKind::ThreadBegin, 0},  // a worker was free: no wait
                            {0.0, 1, EvKind::Created, 0},
                            {0.0, 1, EvKind::ThreadQueued, 0},
                            {0.0, 2, EvKind::Created, 0},
                            {0.0, 2, EvKind::ThreadQueued, 1},  // the process pool's queue
                            {0.5, 2, EvKind::ThreadEnd, 1},     // cancelled first: dropped, never began
                            {1.0, 0, EvKind::ThreadEnd, 0},
                            {1.0, 1, EvKind::ThreadBegin, 0},
                            {1.0, 0, EvKind::Done, 0},
                            {1.5, 2, EvKind::Done, 0},
                            {2.0, 1, EvKind::ThreadEnd, 0},
                            {2.0, 1, EvKind::Done, 0},
                            {2.0, -1, EvKind::End, 0}},
                           symbols);
    CHECK(m.segments(0) == std::vector<Segment>{{0.0, 1.0, TaskState::Thread}});
    CHECK(m.stateAt(1, 0.5) == TaskState::PoolWait);
    CHECK(m.segments(1) == std::vector<Segment>{{0.0, 1.0, TaskState::PoolWait}, {1.0, 2.0, TaskState::Thread}});
    CHECK(m.segments(2) == std::vector<Segment>{{0.0, 0.5, TaskState::PoolWait}, {0.5, 1.5, TaskState::Running}});
    CHECK(m.jobLeftRunning(2) == nullptr);  // a dropped job is no job after the task's end
    CHECK(cs::taskStateName(TaskState::PoolWait) == "pool queue");
}

TEST_CASE("a task whose await of its running pool job is cancelled goes on; the job runs on beside it") {
    // wait_for(loop.run_in_executor(...), 0.5) around a 1 s job, then a sleep:
    // the task stops waiting at 0.5 (thread_left), its thread ends at 1.0.
    cs::Symbols symbols;
    const RunModel m = fed({{0.0, 0, EvKind::Created, 0},
                            {0.0, 0, EvKind::ThreadQueued, 0},
                            {0.0, 0, EvKind::ThreadBegin, 0},
                            {0.5, 0, EvKind::ThreadLeft, 0},
                            {1.0, 0, EvKind::ThreadEnd, 0},
                            {2.5, 0, EvKind::Done, 0},
                            {2.5, -1, EvKind::End, 0}},
                           symbols);
    CHECK(m.segments(0) == std::vector<Segment>{{0.0, 0.5, TaskState::Thread}, {0.5, 2.5, TaskState::Running}});
    const RunModel::JobLeftRunning* j = m.jobLeftRunning(0);
    REQUIRE(j != nullptr);
    CHECK(j->begin == 0.5);
    CHECK(j->end == 1.0);
    CHECK(j->state == TaskState::Thread);
    CHECK(m.finalState(0) == TaskState::Done);
}

TEST_CASE("a real process pool's job its task gives up while it waits in the queue runs on beside the lane") {
    // The Python tracer, a ProcessPoolExecutor(1): the job waits from 0.0;
    // wait_for gives it up at 0.1, too late for the pool to drop it (a
    // process was about to take it): thread_left, the task sleeps on to 1.0;
    // the job ends at 0.8. Its wait ends at the give-up, its rest is beside the lane.
    cs::Symbols symbols;
    const RunModel m = fed({{0.0, 0, EvKind::Created, 0},
                            {0.0, 0, EvKind::ThreadQueued, 1},
                            {0.1, 0, EvKind::ThreadLeft, 1},
                            {0.8, 0, EvKind::ThreadEnd, 1},
                            {1.0, 0, EvKind::Done, 0},
                            {1.0, -1, EvKind::End, 0}},
                           symbols);
    CHECK(m.segments(0) == std::vector<Segment>{{0.0, 0.1, TaskState::PoolWait}, {0.1, 1.0, TaskState::Running}});
    const RunModel::JobLeftRunning* j = m.jobLeftRunning(0);
    REQUIRE(j != nullptr);
    CHECK(j->begin == 0.1);
    CHECK(j->end == 0.8);
    CHECK(j->state == TaskState::Process);
    CHECK(j->leftWaiting());
    CHECK(std::isnan(j->running));  // its begin is not in this trace
    const RunModel ran = fed({{0.0, 0, EvKind::Created, 0},
                              {0.0, 0, EvKind::ThreadBegin, 1},
                              {0.1, 0, EvKind::ThreadLeft, 1},
                              {0.8, 0, EvKind::ThreadEnd, 1},
                              {1.0, 0, EvKind::Done, 0}},
                             symbols);
    const RunModel::JobLeftRunning* running = ran.jobLeftRunning(0);
    REQUIRE(running != nullptr);
    CHECK_FALSE(running->leftWaiting());  // it ran when it was left
    CHECK(running->running == 0.1);
}

TEST_CASE("a process pool job left while it waited begins later beside the lane, not on it") {
    // The Python tracer infers when a process takes a job its task gave up
    // while it waited (thread_begin after thread_left): the job waits on in
    // the queue to 0.3, runs to 0.8; the lane runs on from 0.1. Task 1's own
    // later job (its own thread_queued and begin) is its lane's again; task
    // 2's left job is dropped by the pool (an end, no begin).
    cs::Symbols symbols;
    const std::vector<TraceEvent> events{{0.0, 0, EvKind::Created, 0},
                                         {0.0, 0, EvKind::ThreadQueued, 1},
                                         {0.0, 1, EvKind::Created, 0},
                                         {0.0, 1, EvKind::ThreadQueued, 1},
                                         {0.0, 2, EvKind::Created, 0},
                                         {0.0, 2, EvKind::ThreadQueued, 1},
                                         {0.1, 0, EvKind::ThreadLeft, 1},
                                         {0.1, 1, EvKind::ThreadLeft, 1},
                                         {0.1, 2, EvKind::ThreadLeft, 1},
                                         {0.3, 0, EvKind::ThreadBegin, 1},
                                         {0.4, 2, EvKind::ThreadEnd, 1},
                                         {0.5, 1, EvKind::ThreadBegin, 1},
                                         {0.6, 1, EvKind::ThreadEnd, 1},
                                         {0.7, 1, EvKind::ThreadQueued, 1},
                                         {0.8, 0, EvKind::ThreadEnd, 1},
                                         {0.8, 1, EvKind::ThreadBegin, 1},
                                         {0.9, 1, EvKind::ThreadEnd, 1},
                                         {1.0, 0, EvKind::Done, 0},
                                         {1.0, 1, EvKind::Done, 0},
                                         {1.0, 2, EvKind::Done, 0},
                                         {1.0, -1, EvKind::End, 0}};
    const RunModel m = fed(events, symbols);
    CHECK(m.segments(0) == std::vector<Segment>{{0.0, 0.1, TaskState::PoolWait}, {0.1, 1.0, TaskState::Running}});
    const RunModel::JobLeftRunning* j = m.jobLeftRunning(0);
    REQUIRE(j != nullptr);
    CHECK(j->begin == 0.1);
    CHECK(j->running == 0.3);
    CHECK(j->end == 0.8);
    CHECK(j->leftWaiting());
    CHECK(m.segments(1) == std::vector<Segment>{{0.0, 0.1, TaskState::PoolWait},
                                                {0.1, 0.7, TaskState::Running},
                                                {0.7, 0.8, TaskState::PoolWait},
                                                {0.8, 0.9, TaskState::Process},
                                                {0.9, 1.0, TaskState::Running}});
    CHECK(m.jobLeftRunning(1)->running == 0.5);
    CHECK(m.jobLeftRunning(1)->end == 0.6);
    CHECK(std::isnan(m.jobLeftRunning(2)->running));  // dropped: it never ran
    CHECK(m.jobLeftRunning(2)->end == 0.4);
    // The CSV's tables read the same lanes.
    const RunModel t = fed(events, symbols, Mode::Tables);
    for (std::size_t i = 0; i < 3; ++i) CHECK(t.segments(i) == m.segments(i));
}

TEST_CASE("the engine writes a job's drop from the pool's queue and a running job left by its task's timeout") {
    // One thread: task 0's job runs 0-1; task 1's waits behind it and its
    // timeout (0.5) drops it; task 2's timeout (0.25) leaves its running job
    // (its own pool, two threads) to run on to 1.0. As the Python tracer
    // writes them: thread_end for the drop, thread_left for the job left.
    const cs::Scenario s = parse(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"thread": 1.0}]}, {"steps": [{"thread": 1.0}], "timeout": 0.5},
                  {"steps": [{"process": 1.0}], "timeout": 0.25}],
        "executor": {"max_workers": 1}, "process_pool": {"max_workers": 2},
        "collect": {"kind": "gather", "return_exceptions": true}})");
    const Ran r = runInto(s);
    std::vector<std::pair<double, EvKind>> pool1, pool2;
    for (std::size_t k = 0; k < r.store.size(); ++k) {
        const cs::TraceEvent e = r.store.at(k);
        if (e.kind != EvKind::ThreadBegin && e.kind != EvKind::ThreadEnd && e.kind != EvKind::ThreadQueued &&
            e.kind != EvKind::ThreadLeft)
            continue;
        if (e.task == 1) pool1.emplace_back(e.t, e.kind);
        if (e.task == 2) pool2.emplace_back(e.t, e.kind);
    }
    CHECK(pool1 == std::vector<std::pair<double, EvKind>>{{0.0, EvKind::ThreadQueued}, {0.5, EvKind::ThreadEnd}});
    CHECK(pool2 == std::vector<std::pair<double, EvKind>>{
                       {0.0, EvKind::ThreadBegin}, {0.25, EvKind::ThreadLeft}, {1.0, EvKind::ThreadEnd}});
    CHECK(r.model.segments(1) == std::vector<Segment>{{0.0, 0.5, TaskState::PoolWait}});
    CHECK(r.model.finalState(1) == TaskState::Cancelled);
    const RunModel::JobLeftRunning* j = r.model.jobLeftRunning(2);
    REQUIRE(j != nullptr);
    CHECK(j->begin == Approx(0.25));
    CHECK(j->end == Approx(1.0));
    CHECK(r.model.jobLeftRunning(1) == nullptr);  // a dropped job never ran
}

TEST_CASE("a step's lines after its task's end (a hand-made file) change no state of the task") {
    cs::Symbols symbols;
    const RunModel m = fed({{0.0, 0, EvKind::Created, 0},
                            {1.0, 0, EvKind::Done, 0},
                            {2.0, 0, EvKind::ThreadQueued, 0},
                            {2.5, 0, EvKind::ThreadLeft, 0},
                            {3.0, 0, EvKind::ThreadBegin, 0},
                            {3.0, 0, EvKind::CpuBegin, 0},
                            {3.5, 0, EvKind::CpuEnd, 0},
                            {4.0, -1, EvKind::End, 0}},
                           symbols);
    CHECK(m.segments(0) == std::vector<Segment>{{0.0, 1.0, TaskState::Running}});
    CHECK(m.stateAt(0, 2.2) == TaskState::Done);
    CHECK(m.cpuBlocks().empty());
    CHECK(m.jobLeftRunning(0) == nullptr);
}

TEST_CASE("the engine writes thread_queued for a job that finds every worker busy, and only then") {
    const cs::Scenario s = parse(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"thread": 1.0}]}, {"steps": [{"thread": 1.0}]}, {"steps": [{"thread": 1.0}]},
                  {"steps": [{"io": 2.5}, {"thread": 1.0}]}],
        "executor": {"max_workers": 2}})");
    CHECK(cs::RunConfig::forScenario(s).canHave.poolWaits);
    RunModel m(cs::RunConfig::forScenario(s));
    cs::Simulation sim(s, m);
    sim.run();
    CHECK(m.segments(0) == std::vector<Segment>{{0.0, 1.0, TaskState::Thread}});
    CHECK(m.segments(2) == std::vector<Segment>{{0.0, 1.0, TaskState::PoolWait}, {1.0, 2.0, TaskState::Thread}});
    // Task 3 hands its job over at 2.5, when both workers are free again.
    CHECK(m.segments(3) == std::vector<Segment>{{0.0, 2.5, TaskState::Running}, {2.5, 3.5, TaskState::Thread}});

    // As many tasks with pool steps as workers: no job can wait, and the key says so.
    cs::Scenario two = s;
    two.maxWorkers = 4;
    CHECK_FALSE(cs::RunConfig::forScenario(two).canHave.poolWaits);
    cs::Scenario none = s;
    for (cs::Step& st : none.steps) st.kind = cs::StepKind::Io;
    CHECK_FALSE(cs::RunConfig::forScenario(none).canHave.poolWaits);
}

TEST_CASE("in a scenario run a created task that has not asked yet is arriving; without a scenario it runs") {
    cs::Symbols symbols;
    const std::vector<TraceEvent> events = {{0.0, 0, EvKind::Created, 0}};
    cs::RunConfig scenarioRun;
    scenarioRun.tasksRequest = true;
    CHECK(fed(events, symbols, Mode::Full, scenarioRun).stateAt(0, 0.1) == TaskState::Arriving);
    CHECK(fed(events, symbols).stateAt(0, 0.1) == TaskState::Running);
    CHECK(fed(events, symbols).stateAt(0, -1.0) == TaskState::NotStarted);
}

TEST_CASE("beforeAskAt: the time from a task's creation to its first request, which ranAt leaves out") {
    // A recorded program: task 0 works 1 s, then takes a free Lock and ends at
    // once (ran 0 s); task 1 never asks; task 2 has not asked by the end.
    cs::Symbols symbols;
    const RunModel m = fed({{0.0, 0, EvKind::Created, 0},
                            {0.0, 1, EvKind::Created, 0},
                            {0.0, 1, EvKind::Running, 0},  // (the tracer's line for a task that never asks)
                            {0.5, 2, EvKind::Created, 0},
                            {1.0, 0, EvKind::Request, 0},
                            {1.0, 0, EvKind::Running, 0},
                            {1.0, 0, EvKind::Done, 0},
                            {1.2, 1, EvKind::Done, 0},
                            {1.5, 3, EvKind::Created, 0},
                            {1.5, 3, EvKind::Request, 0},
                            {1.5, 3, EvKind::Running, 0},
                            {1.6, 3, EvKind::Done, 0}},
                           symbols);
    REQUIRE(m.canHave().arrivingUnasked);
    CHECK(m.stateAt(0, 0.5) == TaskState::Arriving);
    CHECK(m.ranAt(0, 2.0) == 0.0);
    CHECK(m.beforeAskAt(0, 2.0) == 1.0);
    CHECK(m.beforeAskAt(0, 0.25) == 0.25);
    CHECK(m.beforeAskAt(0, -1.0) == 0.0);
    CHECK(m.beforeAskAt(1, 2.0) == 0.0);  // never asks: runs from its creation (ranAt counts it)
    CHECK(m.ranAt(1, 2.0) == Approx(1.2));
    CHECK(m.beforeAskAt(2, 1.6) == 0.0);  // no request (yet): running
    CHECK(m.beforeAskAt(3, 2.0) == 0.0);  // asked at its creation
    // A scenario run: the arrive delay.
    cs::RunConfig scenarioRun;
    scenarioRun.tasksRequest = true;
    const RunModel s = fed({{0.0, 0, EvKind::Created, 0}, {0.3, 0, EvKind::Request, 0}}, symbols, Mode::Full,
                           scenarioRun);
    CHECK_FALSE(s.canHave().arrivingUnasked);
    CHECK(s.beforeAskAt(0, 1.0) == Approx(0.3));
    CHECK(s.beforeAskAt(0, 0.1) == Approx(0.1));
}

TEST_CASE("frozen: only tasks that became ready during another task's cpu step, from that moment") {
    // Task 0 blocks the loop over [0.5, 1.5). Task 1's sleep ends at 1.0
    // (ready at 1.0: frozen from there); task 2 sleeps until 2.0 (not held
    // back by anything); task 3's thread job finished at 0.8 (ready at
    // 0.8: frozen from there, its thread_end comes when the loop runs again);
    // task 4 waits for a permit the whole time (nothing to run).
    cs::Symbols symbols;
    std::vector<TraceEvent> ev;
    for (int i = 0; i < 5; ++i) ev.push_back({0.0, i, EvKind::Created, 0});
    for (int i = 0; i < 5; ++i) ev.push_back({0.0, i, EvKind::Request, 0});
    for (int i = 0; i < 4; ++i) ev.push_back({0.0, i, EvKind::Running, 0});
    ev.push_back({0.0, 3, EvKind::ThreadBegin, 0});
    ev.push_back({0.5, 0, EvKind::CpuBegin, 0});
    ev.push_back({0.8, 3, EvKind::Ready, 0});  // the engine emits a block's ready events before its cpu_end
    ev.push_back({1.0, 1, EvKind::Ready, 0});
    ev.push_back({1.5, 0, EvKind::CpuEnd, 0});
    ev.push_back({1.5, 3, EvKind::ThreadEnd, 0});  // the pool's finish timer runs; then the task itself
    ev.push_back({1.5, 3, EvKind::Resumed, 0});
    ev.push_back({1.5, 1, EvKind::Resumed, 0});
    ev.push_back({1.5, 0, EvKind::Done, 0});
    ev.push_back({1.5, 0, EvKind::Release, 4});
    ev.push_back({1.5, 4, EvKind::Running, 0});
    ev.push_back({1.5, 1, EvKind::Done, 0});
    ev.push_back({1.5, 3, EvKind::Done, 0});
    ev.push_back({2.0, 2, EvKind::Done, 0});
    ev.push_back({2.5, 4, EvKind::Done, 0});
    ev.push_back({2.5, -1, EvKind::End, 0});
    const RunModel m = fed(ev, symbols);

    CHECK(m.stateAt(0, 1.0) == TaskState::Cpu);
    CHECK(m.stateAt(1, 0.9) == TaskState::Running);  // still inside its sleep
    CHECK(m.stateAt(1, 1.0) == TaskState::Frozen);   // from its ready moment
    CHECK(m.stateAt(1, 1.4) == TaskState::Frozen);
    CHECK(m.stateAt(2, 1.0) == TaskState::Running);  // a sleep not yet due is not frozen
    CHECK(m.stateAt(3, 0.7) == TaskState::Thread);
    CHECK(m.stateAt(3, 0.8) == TaskState::Frozen);
    CHECK(m.stateAt(4, 1.0) == TaskState::Waiting);  // no ready event: nothing to run
    CHECK(m.segments(1) == std::vector<Segment>{{0.0, 1.0, TaskState::Running},
                                                {1.0, 1.5, TaskState::Frozen}});
    CHECK(m.segments(3) == std::vector<Segment>{{0.0, 0.8, TaskState::Thread},
                                                {0.8, 1.5, TaskState::Frozen}});
    CHECK(m.segments(0) == std::vector<Segment>{{0.0, 0.5, TaskState::Running},
                                                {0.5, 1.5, TaskState::Cpu}});
    for (std::size_t i = 0; i < m.taskCount(); ++i) {
        INFO("task " << i);
        for (const Segment& s : m.segments(i))
            if (s.state == TaskState::Frozen) CHECK((i == 1 || i == 3));
    }
    REQUIRE(m.cpuBlocks().size() == 1);
    CHECK(m.cpuTaskAt(1.0) == 0);
    CHECK(m.cpuTaskAt(1.5) == -1);
    checkSegments(m);
}

TEST_CASE("a task stays frozen through a later block until its resumed") {
    // Task 2 becomes ready inside task 0's block; task 1's block follows at
    // once, before the loop gets to task 2: frozen over both.
    cs::Symbols symbols;
    std::vector<TraceEvent> ev;
    for (int i = 0; i < 3; ++i) {
        ev.push_back({0.0, i, EvKind::Created, 0});
        ev.push_back({0.0, i, EvKind::Request, 0});
        ev.push_back({0.0, i, EvKind::Running, 0});
    }
    ev.push_back({0.0, 0, EvKind::CpuBegin, 0});
    ev.push_back({0.5, 2, EvKind::Ready, 0});
    ev.push_back({1.0, 0, EvKind::CpuEnd, 0});
    ev.push_back({1.0, 1, EvKind::CpuBegin, 0});
    ev.push_back({2.0, 1, EvKind::CpuEnd, 0});
    ev.push_back({2.0, 2, EvKind::Resumed, 0});
    for (int i = 0; i < 3; ++i) ev.push_back({2.0, i, EvKind::Done, 0});
    const RunModel m = fed(ev, symbols);
    CHECK(m.stateAt(2, 0.4) == TaskState::Running);
    CHECK(m.stateAt(2, 1.5) == TaskState::Frozen);
    CHECK(m.segments(2) == std::vector<Segment>{{0.0, 0.5, TaskState::Running}, {0.5, 2.0, TaskState::Frozen}});
    CHECK(m.stateAt(1, 0.5) == TaskState::Running);  // never ready during task 0's block: not frozen
    CHECK(m.cpuTaskAt(0.5) == 0);
    CHECK(m.cpuTaskAt(1.5) == 1);
    checkSegments(m);
}

TEST_CASE("a waiter that became ready during a block waits again once the loop goes on") {
    cs::Symbols symbols;
    const RunModel m = fed({{0.0, 0, EvKind::Created, 0},
                            {0.0, 0, EvKind::Request, 0},
                            {0.0, 0, EvKind::Running, 0},
                            {0.0, 1, EvKind::Created, 0},
                            {0.0, 1, EvKind::Request, 0},
                            {0.0, 1, EvKind::Running, 0},
                            {0.0, 1, EvKind::Release, -1},
                            {0.0, 1, EvKind::Request, 0},  // a traced task asks again after running
                            {0.2, 0, EvKind::CpuBegin, 0},
                            {0.4, 1, EvKind::Ready, 0},
                            {1.0, 0, EvKind::CpuEnd, 0},
                            {1.0, 1, EvKind::Resumed, 0},
                            {1.5, 1, EvKind::Running, 0},
                            {2.0, 1, EvKind::Done, 0},
                            {2.0, 0, EvKind::Done, 0}},
                           symbols);
    CHECK(m.segments(1) == std::vector<Segment>{{0.0, 0.4, TaskState::Waiting},
                                                {0.4, 1.0, TaskState::Frozen},
                                                {1.0, 1.5, TaskState::Waiting},
                                                {1.5, 2.0, TaskState::Running}});
    checkSegments(m);
}

TEST_CASE("a real run's cpu step freezes no task that is still asleep") {
    // Lesson 3's run: while task 1 blocks the loop, task 0 sleeps until 1.0
    // and is not held back by anything before that.
    const Ran r = runInto(loadBundled("11-blocking-call-freezes-loop.json"));
    const RunModel& m = r.model;
    REQUIRE_FALSE(m.cpuBlocks().empty());
    const auto& block = m.cpuBlocks().front();
    for (std::size_t i = 0; i < m.taskCount(); ++i)
        if (static_cast<std::int32_t>(i) != block.task) CHECK(m.stateAt(i, block.begin) != TaskState::Frozen);
    // Frozen segments only ever start at a `ready` event of that task.
    std::vector<std::pair<std::int32_t, double>> ready;
    for (std::size_t k = 0; k < r.store.size(); ++k)
        if (r.store.kindAt(k) == EvKind::Ready) ready.emplace_back(r.store.taskAt(k), r.store.timeAt(k));
    for (std::size_t i = 0; i < m.taskCount(); ++i)
        for (const Segment& s : m.segments(i))
            if (s.state == TaskState::Frozen)
                CHECK(std::find(ready.begin(), ready.end(), std::make_pair(static_cast<std::int32_t>(i), s.begin)) !=
                      ready.end());
    checkSegments(m);
}

TEST_CASE("queued jobs, busy workers and the producer's put() waits of a Queue limit") {
    // Queue(maxsize=1), two workers, three jobs: 0 and 1 are taken at once,
    // 2 waits in the queue, the producer's put of 3 waits for room.
    cs::Symbols symbols;
    std::vector<TraceEvent> ev = {
        {0.0, 0, EvKind::Enqueue, 0}, {0.0, 0, EvKind::Worker, 0}, {0.0, 0, EvKind::Created, 0},
        {0.0, 0, EvKind::Request, 0}, {0.0, 0, EvKind::Running, 0},
        {0.0, 1, EvKind::Enqueue, 0}, {0.0, 1, EvKind::Worker, 1}, {0.0, 1, EvKind::Created, 0},
        {0.0, 1, EvKind::Request, 0}, {0.0, 1, EvKind::Running, 0},
        {0.0, 2, EvKind::Enqueue, 0}, {0.0, 3, EvKind::PutWait, 0},
        {1.0, 0, EvKind::Done, 0},
        {1.0, 2, EvKind::Worker, 0},  {1.0, 2, EvKind::Created, 0}, {1.0, 2, EvKind::Request, 0},
        {1.0, 2, EvKind::Running, 0}, {1.0, 3, EvKind::Enqueue, 0},
        {2.0, 1, EvKind::Done, 0},    {2.0, 3, EvKind::Worker, 1}, {2.0, 3, EvKind::Created, 0},
        {2.0, 3, EvKind::Request, 0}, {2.0, 3, EvKind::Running, 0},
        {3.0, 2, EvKind::Done, 0},    {3.0, 3, EvKind::Done, 0},
        {3.0, -1, EvKind::Collected, 0}, {3.0, -1, EvKind::End, 0},
    };
    for (Mode mode : kModes) {
        const RunModel m = fed(ev, symbols, mode);
        CHECK(m.metrics().peakWaiting == 1);  // job 2 in the queue over [0, 1), then job 3 over [1, 2)
        CHECK(m.metrics().peakInFlight == 2);
        if (mode != Mode::Full) continue;
        CHECK(m.stateAt(2, 0.5) == TaskState::Queued);
        CHECK(m.stateAt(2, 1.5) == TaskState::Running);
        CHECK(m.stateAt(3, 0.5) == TaskState::NotStarted);  // still in the producer's hands
        CHECK(m.segments(2) == std::vector<Segment>{{0.0, 1.0, TaskState::Queued}, {1.0, 3.0, TaskState::Running}});
        CHECK(m.queueDepth().valueAtTime(0.5) == 1);
        CHECK(m.queueDepth().valueAtTime(1.5) == 1);
        CHECK(m.queueDepth().valueAtTime(2.5) == 0);
        CHECK(m.waiting().valueAtTime(0.5) == 1);  // spec section 5: for a queue, jobs in the queue
        CHECK(m.busyWorkers().valueAtTime(0.5) == 2);
        CHECK(m.busyWorkers().valueAtTime(3.0) == 0);
        CHECK(m.workerCount() == 2);
        REQUIRE(m.workerSpans().size() == 4);
        CHECK(m.workerSpans()[2].job == 2);
        CHECK(m.workerSpans()[2].worker == 0);
        CHECK(m.workerSpans()[2].begin == 1.0);
        CHECK(m.workerSpans()[2].end == 3.0);
        REQUIRE(m.producerWaits().size() == 1);
        CHECK(m.producerWaits()[0].job == 3);
        CHECK(m.producerWaits()[0].begin == 0.0);
        CHECK(m.producerWaits()[0].end == 1.0);
        // Time in the queue (put -> a worker takes it): jobs 0, 1 none,
        // job 2 1.0 s (put at 0, taken at 1), job 3 1.0 s (put at 1, taken at 2).
        CHECK(m.enqueuedAt(2) == 0.0);
        CHECK(m.enqueuedAt(3) == 1.0);
        CHECK(m.enqueuedAt(0) == 0.0);
        CHECK(std::isnan(m.enqueuedAt(7)));
        const RunModel::QueueWaits at05 = m.queueWaitsAt(0.5);
        CHECK(at05.taken == 2);
        CHECK(at05.p50 == 0.0);
        CHECK(at05.longest == 0.0);
        CHECK(at05.stillQueued == 1);  // job 2, not counted until taken
        const RunModel::QueueWaits end = m.queueWaitsAt(3.0);
        CHECK(end.taken == 4);
        CHECK(end.p50 == 0.0);  // nearest rank: the 2nd of 0, 0, 1, 1
        CHECK(end.longest == 1.0);
        CHECK(end.stillQueued == 0);
        CHECK(m.queueWaitsAt(-1.0).taken == 0);
        CHECK_FALSE(m.queueWaitsAt(-1.0).p50);
        checkSegments(m);
    }
}

TEST_CASE("reads and writes of the shared counter, its value over time and the lock's holder") {
    // Two increments without a lock lose one update; then one under a lock.
    cs::Symbols symbols;
    const RunModel m = fed({{0.0, 0, EvKind::Created, 0},
                            {0.0, 1, EvKind::Created, 0},
                            {0.0, 0, EvKind::Read, 0},
                            {0.0, 1, EvKind::Read, 0},
                            {1.0, 0, EvKind::Write, 1},
                            {1.0, 1, EvKind::Write, 1},
                            {1.0, 2, EvKind::Created, 0},
                            {1.0, 2, EvKind::LockHeld, 0},
                            {1.0, 3, EvKind::Created, 0},
                            {1.0, 3, EvKind::LockWait, 0},
                            {1.0, 2, EvKind::Read, 1},
                            {2.0, 2, EvKind::Write, 2},
                            {2.0, 2, EvKind::LockFree, 0},
                            {2.0, 3, EvKind::LockHeld, 0},
                            {3.0, 3, EvKind::LockFree, 0},
                            {3.0, -1, EvKind::Counter, 2}},
                           symbols);
    CHECK(m.counterValue().valueAtTime(0.5) == 0);
    CHECK(m.counterValue().valueAtTime(1.0) == 1);
    CHECK(m.counterValue().valueAtTime(2.5) == 2);
    // Increments done: two writes at 1.0 leave the counter at 1, not 2.
    CHECK(m.counterWrites().valueAtTime(0.5) == 0);
    CHECK(m.counterWrites().valueAtTime(1.0) == 2);
    CHECK(m.counterWrites().valueAtTime(2.5) == 3);
    REQUIRE(m.counterMarks().size() == 6);
    CHECK_FALSE(m.counterMarks()[1].write);
    CHECK(m.counterMarks()[1].task == 1);
    CHECK(m.counterMarks()[3].write);
    CHECK(m.counterMarks()[3].value == 1);
    CHECK(m.lockHolder().valueAtTime(1.5) == 2);
    CHECK(m.lockHolder().valueAtTime(2.5) == 3);
    CHECK(m.lockHolder().valueAtTime(3.5) == -1);
    CHECK(m.lockWaiters().valueAtTime(1.5) == 1);
    CHECK(m.lockWaiters().valueAtTime(2.0) == 0);
    REQUIRE(m.lockSpans().size() == 2);
    CHECK(std::isnan(m.lockSpans()[0].wait));
    CHECK(m.lockSpans()[1].wait == 1.0);
    CHECK(m.lockSpans()[1].held == 2.0);
    CHECK(m.lockSpans()[1].free == 3.0);
    CHECK(m.counterFinal() == 2);
}

TEST_CASE("the caller's lane: results in the caller's order, grouped by the collector call that returned them") {
    cs::Symbols symbols;
    const auto boom = symbols.intern("Boom");
    const RunModel m = fed({{0.0, 0, EvKind::Created, 0},
                            {0.0, 1, EvKind::Created, 0},
                            {0.0, 2, EvKind::Created, 0},
                            {1.0, 1, EvKind::Done, 0},
                            {1.0, -1, EvKind::Returned, 0},
                            {1.0, 1, EvKind::Result, 1},
                            {2.0, 0, EvKind::Failed, 0},
                            {2.0, 0, EvKind::FailedExc, boom},
                            {2.0, -1, EvKind::Returned, 1},
                            {2.0, 0, EvKind::Result, 0},
                            {2.0, 2, EvKind::Pending, 0},
                            {2.0, -1, EvKind::Raise, boom},
                            {2.0, 2, EvKind::Cancelled, 0},
                            {2.0, -1, EvKind::End, static_cast<std::int32_t>(Outcome::Raised)}},
                           symbols);
    REQUIRE(m.results().size() == 2);
    const auto& first = m.callerEvents()[m.results()[0]];
    const auto& second = m.callerEvents()[m.results()[1]];
    CHECK(first.task == 1);
    CHECK(first.arg == 1);
    CHECK(first.call == 0);
    CHECK(second.task == 0);
    CHECK(second.arg == 0);
    CHECK(second.call == 1);
    CHECK(m.resultsUpTo(1.5) == 1);
    CHECK(m.pendingTasks() == std::vector<std::int32_t>{2});
    CHECK(m.raisedName() == "Boom");
    CHECK(m.raiseTime() == 2.0);
    CHECK(m.exceptionName(0) == "Boom");
    CHECK(m.outcomeOf(0) == "Boom");
    CHECK(m.outcomeOf(1) == "ok");
    CHECK(m.outcomeOf(2) == "cancelled");
    CHECK(m.cancelledAtExit() == 1);  // after the raise: asyncio.run cancelled it
    CHECK(m.firstCancelledAtExit() == 2);
    CHECK(m.callerEvents().back().kind == EvKind::End);
}

TEST_CASE("permit hand-overs name the releaser, the waiter and when the waiter ran") {
    cs::Symbols symbols;
    cs::RunConfig config;
    config.semaphorePermits = true;
    config.initialLimit = 2;
    const RunModel m = fed(fourTasks(symbols), symbols, Mode::Full, config);
    REQUIRE(m.handovers().size() == 1);
    CHECK(m.handovers()[0].t == 1.0);
    CHECK(m.handovers()[0].from == 0);
    CHECK(m.handovers()[0].to == 2);
    CHECK(m.handovers()[0].toRunning == 1.0);
    CHECK(m.task(2).wokenBy == 0);
    CHECK(m.firstHandoverAtOrAfter(0.5) == 0);
    CHECK(m.firstHandoverAtOrAfter(1.5) == 1);
    // Permits: acquisitions minus the releases that gave one back.
    CHECK(m.permitsInUse().valueAtTime(0.0) == 2);
    CHECK(m.permitsInUse().valueAtTime(1.0) == 2);
    CHECK(m.limit().valueAtTime(0.0) == 2);
}

TEST_CASE("measured permits of a recorded program are the permits series") {
    cs::Symbols symbols;
    cs::RunConfig config;
    config.permits = {{0.0, 5}, {100.0, 1}};
    const RunModel m = fed(fourTasks(symbols), symbols, Mode::Full, config);
    CHECK(m.permitsInUse().valueAtTime(0.0) == 5);
    CHECK(m.permitsInUse().valueAtTime(100.0) == 1);
}

TEST_CASE("counter rows hold every instant a counter changed, with the settled values") {
    const Ran r = runInto(loadBundled("01-semaphore-limits-ten-downloads.json"));
    std::vector<RunModel::CounterRow> rows;
    r.model.forEachCounterRow([&](const RunModel::CounterRow& row) { rows.push_back(row); });
    REQUIRE(rows.size() > 2);
    CHECK(rows.front().t == 0.0);
    for (std::size_t k = 1; k < rows.size(); ++k) CHECK(rows[k].t > rows[k - 1].t);
    for (const auto& row : rows) {
        CHECK(row.inFlight == r.model.inFlight().valueAtTime(row.t));
        CHECK(row.waiting == r.model.waiting().valueAtTime(row.t));
        CHECK(row.completed == static_cast<std::int64_t>(r.model.completedUpTo(row.t)));
        CHECK(row.done == static_cast<std::int64_t>(r.model.doneUpTo(row.t)));
    }
    CHECK(rows.back().completed == 10);
    CHECK(rows.back().inFlight == 0);
}

TEST_CASE("the full model of a run of a hundred thousand tasks stays within its stated bytes a task") {
    // core/model/README.md: under 208 bytes a task (capacity of the growing
    // columns included) for a run whose tasks each take one io step behind a
    // semaphore, as the million-task benchmark's; about 190 measured.
    const cs::Scenario s = ioTasks(100000, 100);
    RunModel m(cs::RunConfig::forScenario(s));
    cs::Simulation sim(s, m);
    sim.run();
    REQUIRE(m.metrics().ok == 100000);
    const double perTask = static_cast<double>(m.memoryBytes()) / 100000.0;
    INFO("bytes a task: " << perTask);
    CHECK(perTask <= 208.0);
}

TEST_CASE("a new configuration lets go of the last run's memory; a reset of the same run keeps it") {
    const cs::Scenario s = ioTasks(20000, 100);
    const cs::Scenario small = ioTasks(3, 1);
    RunModel m(cs::RunConfig::forScenario(s));
    {
        cs::Simulation sim(s, m);
        sim.run();
    }
    const std::size_t big = m.memoryBytes();
    const std::uint64_t generation = m.generation();
    REQUIRE(big > 20000u * 56u);
    // The same run from t = 0 (a live resize's replay): the room stays for it.
    m.reset();
    CHECK(m.memoryBytes() >= big / 2);
    CHECK(m.generation() > generation);
    // Another run (a small scenario opened after a big one): only its own.
    m.configure(cs::RunConfig::forScenario(small));
    CHECK(m.memoryBytes() < 4096);
    CHECK(m.generation() > generation + 1);
    CHECK(m.config().tasks == 3);
    cs::Simulation sim(small, m);
    sim.run();
    CHECK(m.metrics().ok == 3);
    CHECK(m.taskCount() == 3);
}

TEST_CASE("the tables model of a run of a hundred thousand tasks stays within its stated bytes a task") {
    // core/model/README.md: under 128 bytes a task for the same run (the
    // task rows, the terminal times and latencies, the waiting series).
    const cs::Scenario s = ioTasks(100000, 100);
    RunModel m(cs::RunConfig::forScenario(s), Mode::Tables);
    cs::Simulation sim(s, m);
    sim.run();
    REQUIRE(m.metrics().ok == 100000);
    const double perTask = static_cast<double>(m.memoryBytes()) / 100000.0;
    INFO("bytes a task: " << perTask);
    CHECK(perTask <= 128.0);
}

TEST_CASE("the results gather hands over at the end take one reservation, not a doubling at the run's peak") {
    // 2^16 + 1 tasks: a doubling would leave room for 2^17 of each.
    const std::size_t n = (std::size_t{1} << 16) + 1;
    const cs::Scenario s = parse(R"({"format": "coroscope-scenario/1",
        "generate": {"count": 65537, "seed": 1, "steps": [{"io": {"dist": "uniform", "min": 1.0, "max": 1.6}}]},
        "limit": {"kind": "semaphore", "value": 100}, "collect": {"kind": "gather"}})");
    RunModel m(cs::RunConfig::forScenario(s));
    cs::Simulation sim(s, m);
    sim.run();
    REQUIRE(m.metrics().ok == n);
    REQUIRE(m.results().size() == n);
    // Every result, then collected and end.
    CHECK(m.callerEvents().size() >= n + 2);
    CHECK(m.callerEvents().capacity() <= n + 16);
    CHECK(m.results().capacity() == n);
    // In trace order, each naming its task once.
    std::vector<bool> seen(n);
    for (const std::uint32_t k : m.results()) {
        const RunModel::CallerEvent& e = m.callerEvents()[k];
        REQUIRE(e.kind == cs::EvKind::Result);
        REQUIRE(e.task >= 0);
        CHECK_FALSE(seen[static_cast<std::size_t>(e.task)]);
        seen[static_cast<std::size_t>(e.task)] = true;
    }
}

TEST_CASE("a thread job that outlives its cancelled task is a fact of the model, not a state of the task") {
    // Task 0's wait_for times out at 0.25 while its thread job sleeps until
    // 1.0: the task is cancelled, the job runs on (a running thread cannot
    // be stopped) and keeps its pool slot, so task 1's job starts at 1.0.
    const cs::Scenario s = parse(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"thread": 1.0}], "timeout": 0.25},
                  {"steps": [{"io": 0.5}, {"thread": 0.5}]}],
        "executor": {"max_workers": 1}, "collect": {"kind": "gather", "return_exceptions": true}})");
    CHECK(cs::RunConfig::forScenario(s).canHave.jobsLeftRunning);  // a timeout can cancel a task whose job runs
    {
        RunModel m(cs::RunConfig::forScenario(s));
        cs::Simulation sim(s, m);
        sim.runUntil(0.6);
        const RunModel::JobLeftRunning* j = m.jobLeftRunning(0);
        REQUIRE(j != nullptr);
        CHECK(j->begin == Approx(0.25));
        CHECK(std::isnan(j->end));  // still running at 0.6
        CHECK(j->state == TaskState::Thread);
    }
    RunModel m(cs::RunConfig::forScenario(s));
    cs::Simulation sim(s, m);
    sim.run();
    CHECK(m.finalState(0) == TaskState::Cancelled);
    CHECK(m.stateAt(0, 0.5) == TaskState::Cancelled);  // the task is over
    REQUIRE(m.jobsLeftRunning().size() == 1);
    const RunModel::JobLeftRunning* j = m.jobLeftRunning(0);
    REQUIRE(j != nullptr);
    CHECK(j->task == 0);
    CHECK(j->begin == Approx(0.25));
    CHECK(j->end == Approx(1.0));
    CHECK(m.jobLeftRunning(1) == nullptr);  // its job ended before it did
    CHECK(m.segments(0).back().end == Approx(0.25));  // the lane's own life ends with the task
    // Task 1's job waits in the pool's queue for the slot the outliving job holds.
    CHECK(m.stateAt(1, 0.75) == TaskState::PoolWait);
    CHECK(m.stateAt(1, 0.25) == TaskState::Running);  // its sleep first
    CHECK(m.stateAt(1, 1.2) == TaskState::Thread);
    CHECK(m.task(1).end == Approx(1.5));
}

TEST_CASE("results whose tasks ended at one virtual instant are counted as ties, incrementally as the run grows") {
    // Seven equal sleeps collected by as_completed: they end at 1.0 s in the
    // timer heap's order (0, 2, 5, 6, 4, 1, 3), six ties; one task of 0.5 s
    // first, which ties with nobody.
    const cs::LoadResult r = cs::parseScenario(R"({"format": "coroscope-scenario/1", "collect": {"kind": "as_completed"},
        "tasks": [{"steps": [{"io": 0.5}]}, {"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]},
                  {"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}]})");
    REQUIRE(r.ok());
    RunModel m(cs::RunConfig::forScenario(*r.scenario));
    cs::Simulation sim(*r.scenario, m);
    sim.run();
    REQUIRE(m.results().size() == 8);
    const RunModel::ResultTies all = m.resultTies(8);
    CHECK(all.count == 6);
    CHECK(all.first == 2);  // results 1 and 2 (0-based) are the first tied pair: tasks of 1.0 s
    CHECK(m.resultTies(2).count == 0);
    CHECK(m.resultTies(3).count == 1);
    // Counted on as results come: the same as counting at once; fewer restarts.
    RunModel::ResultTies grow;
    for (std::size_t n = 0; n <= 8; ++n) {
        m.countResultTies(grow, n);
        const RunModel::ResultTies once = m.resultTies(n);
        CHECK(grow.count == once.count);
        CHECK(grow.first == once.first);
    }
    m.countResultTies(grow, 3);
    CHECK(grow.count == 1);
    CHECK(m.resultTies(100).count == 6);  // clamped to the results there are
    // Each as_completed result is a call of its own: no two handed over together.
    CHECK(m.resultTies(8, true).count == 0);

    // wait(FIRST_COMPLETED): one call returns tasks 0 and 2, both ended at 1.0 s.
    const cs::LoadResult w = cs::parseScenario(R"({"format": "coroscope-scenario/1",
        "collect": {"kind": "wait", "return_when": "FIRST_COMPLETED"},
        "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 2.0}]}, {"steps": [{"io": 1.0}]}]})");
    REQUIRE(w.ok());
    RunModel wm(cs::RunConfig::forScenario(*w.scenario));
    cs::Simulation ws(*w.scenario, wm);
    ws.run();
    REQUIRE(wm.results().size() == 2);
    const RunModel::ResultTies together = wm.resultTies(2, true);
    CHECK(together.count == 1);
    CHECK(together.first == 1);

    // gather's results have distinct ends here: no tie.
    const cs::LoadResult g = cs::parseScenario(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 0.5}]}, {"steps": [{"io": 1.0}]}]})");
    REQUIRE(g.ok());
    RunModel gm(cs::RunConfig::forScenario(*g.scenario));
    cs::Simulation gs(*g.scenario, gm);
    gs.run();
    CHECK(gm.resultTies(2).count == 0);
}

TEST_CASE("limit values held for no time (several limit events at one instant) are kept beside the limit line") {
    // The AIMD lesson's run: at 2.5 s a slow answer halves the limit (4 -> 2)
    // and two fast ones at the same instant grow it back to 3; at 3.0 s, 3 ->
    // 1 -> 2. The limit line keeps each instant's last value; the values
    // passed through are limitPassed(), in order, and go with a reset.
    std::string json = R"({"format": "coroscope-scenario/1", "tasks": [)";
    for (int k = 0; k < 24; ++k) json += std::string(k ? "," : "") + R"({"steps": [{"call": 0.5}]})";
    json += R"(], "limit": {"kind": "adaptive", "initial": 1, "min": 1, "max": 16, "latency_target": 0.75},)"
            R"("collect": {"kind": "gather", "return_exceptions": true}, "service": {"capacity": 3}})";
    const cs::Scenario s = parse(json.c_str());
    Ran r = runInto(s);
    const RunModel& m = r.model;
    std::vector<std::pair<double, std::int64_t>> passed;
    for (const RunModel::LimitPassed& d : m.limitPassed()) passed.emplace_back(d.t, d.value);
    CHECK(passed == std::vector<std::pair<double, std::int64_t>>{{2.5, 2}, {3.0, 1}});
    CHECK(m.limit().valueAtTime(2.5) == 3);
    CHECK(m.limit().valueAtTime(3.0) == 2);
    // Each passed value is a limit event of the store, before the last at its instant.
    for (const RunModel::LimitPassed& d : m.limitPassed()) {
        std::vector<std::int64_t> at;
        for (std::size_t i = 0; i < r.store.size(); ++i)
            if (r.store.at(i).kind == cs::EvKind::Limit && r.store.at(i).t == d.t) at.push_back(r.store.at(i).arg);
        REQUIRE(at.size() >= 2);
        CHECK(std::find(at.begin(), at.end() - 1, d.value) != at.end() - 1);
    }
    CHECK(RunModel::of(r.store, cs::RunConfig::forScenario(s)).limitPassed().size() == 2);
    r.model.reset();
    CHECK(r.model.limitPassed().empty());
}

TEST_CASE("main()'s own pool jobs are facts of the caller, and no task count or metric sees them") {
    // fourTasks, with main() handing three jobs to a pool of two meanwhile:
    // 0 and 1 run at once, 2 waits in the queue from 0.0 and runs from 0.6
    // (job 0's end); a fourth job queued at 1.0 is dropped at 1.2.
    cs::Symbols symbols;
    const std::vector<TraceEvent> tasks = fourTasks(symbols);
    const auto job = [](double t, EvKind k, std::int32_t n) { return TraceEvent{t, -1, k, cs::mainJobArg(n, false)}; };
    std::vector<TraceEvent> withJobs = {
        job(0.0, EvKind::MainThreadBegin, 0), job(0.0, EvKind::MainThreadBegin, 1),
        job(0.0, EvKind::MainThreadQueued, 2), job(0.6, EvKind::MainThreadEnd, 0),
        job(0.6, EvKind::MainThreadBegin, 2), job(0.8, EvKind::MainThreadEnd, 1),
        job(1.0, EvKind::MainThreadQueued, 3), job(1.2, EvKind::MainThreadEnd, 3),
        job(2.0, EvKind::MainThreadEnd, 2),
    };
    withJobs.insert(withJobs.end(), tasks.begin(), tasks.end());
    std::stable_sort(withJobs.begin(), withJobs.end(),
                     [](const TraceEvent& a, const TraceEvent& b) { return a.t < b.t; });
    for (const Mode mode : {Mode::Full, Mode::Tables, Mode::MetricsOnly}) {
        INFO(static_cast<int>(mode));
        const RunModel plain = fed(tasks, symbols, mode);
        const RunModel m = fed(withJobs, symbols, mode);
        const cs::RunMetrics a = plain.metrics(), b = m.metrics();
        checkSameCounts(a, b);
        CHECK(a.throughput == b.throughput);
        CHECK(a.p95 == b.p95);
        CHECK(a.meanLatency == b.meanLatency);
        CHECK(a.inFlight == b.inFlight);
        CHECK(a.peakInFlight == b.peakInFlight);
        CHECK(a.meanInFlight == b.meanInFlight);
        CHECK(a.errorRate == b.errorRate);
        CHECK(a.little.L == b.little.L);
        CHECK(m.makespan() == plain.makespan());
        if (mode == Mode::MetricsOnly) continue;
        CHECK(m.taskCount() == plain.taskCount());
        for (double t : {0.0, 0.5, 1.1, 2.2}) CHECK(m.inFlight().valueAtTime(t) == plain.inFlight().valueAtTime(t));
        if (mode != Mode::Full) {
            CHECK(m.mainJobs().empty());  // Tables mode ignores them
            continue;
        }
        REQUIRE(m.mainJobs().size() == 4);
        const RunModel::MainJob& j2 = m.mainJobs()[2];
        CHECK(j2.queued == 0.0);
        CHECK(j2.begin == 0.6);
        CHECK(j2.end == 2.0);
        CHECK(std::isnan(m.mainJobs()[0].queued));  // a worker took it at once
        CHECK(m.mainJobs()[0].begin == 0.0);
        CHECK(m.mainJobs()[0].end == 0.6);
        const RunModel::MainJob& j3 = m.mainJobs()[3];  // dropped from the queue: no begin
        CHECK(j3.queued == 1.0);
        CHECK(std::isnan(j3.begin));
        CHECK(j3.end == 1.2);
        CHECK(m.mainJobsInThreads());
        // Running and waiting, after the last event of each instant.
        const auto& run = m.mainJobsRunning();
        const auto& wait = m.mainJobsQueued();
        CHECK(run.valueAtTime(0.0) == 2);
        CHECK(wait.valueAtTime(0.0) == 1);
        CHECK(run.valueAtTime(0.6) == 2);  // job 0 ended, job 2 began: two run all along
        CHECK(wait.valueAtTime(0.6) == 0);
        CHECK(run.valueAtTime(0.9) == 1);
        CHECK(wait.valueAtTime(1.1) == 1);
        CHECK(wait.valueAtTime(1.2) == 0);
        CHECK(run.valueAtTime(2.0) == 0);
        CHECK(m.callerEvents().size() == plain.callerEvents().size());
    }
}

TEST_CASE("a recorded program's task that gave back its last permit runs on without one") {
    // A recorded program under a Semaphore(1) (the default config: a trace
    // file's). Task 0 holds the permit 0-1, runs on without it to 3 (a cpu
    // step 1.5-2 inside), task 1 gets it at 1, gives it back at 2 and ends
    // there (no stretch: it ends at that instant), task 2 asks at 0, gives
    // up at 0.5 and runs on without a permit until it takes one at once at
    // 2.5 (an acquire line) and holds it to its end at 4.
    for (const Mode mode : {Mode::Full, Mode::Tables}) {
        INFO("mode " << static_cast<int>(mode));
        cs::Symbols symbols;
        const RunModel m = fed({{0.0, 0, EvKind::Created, 0},
                                {0.0, 1, EvKind::Created, 0},
                                {0.0, 2, EvKind::Created, 0},
                                {0.0, 0, EvKind::Request, 0},
                                {0.0, 0, EvKind::Running, 0},
                                {0.0, 1, EvKind::Request, 0},
                                {0.0, 2, EvKind::Request, 0},
                                {0.5, 2, EvKind::GaveUp, 0},
                                {1.0, 0, EvKind::Release, 1},
                                {1.0, 1, EvKind::Running, 0},
                                {1.5, 0, EvKind::CpuBegin, 0},
                                {2.0, 0, EvKind::CpuEnd, 0},
                                {2.0, 1, EvKind::Release, -1},
                                {2.0, 1, EvKind::Done, 0},
                                {2.5, 2, EvKind::Acquire, -1},
                                {3.0, 0, EvKind::Done, 0},
                                {4.0, 2, EvKind::Release, -1},
                                {4.0, 2, EvKind::Done, 0},
                                {4.0, -1, EvKind::End, 0}},
                               symbols, mode);
        CHECK(m.segments(0) == std::vector<Segment>{{0.0, 1.0, TaskState::Running},
                                                    {1.0, 1.5, TaskState::NoPermit},
                                                    {1.5, 2.0, TaskState::Cpu},
                                                    {2.0, 3.0, TaskState::NoPermit}});
        CHECK(m.segments(1) == std::vector<Segment>{{0.0, 1.0, TaskState::Waiting}, {1.0, 2.0, TaskState::Running}});
        CHECK(m.segments(2) == std::vector<Segment>{{0.0, 0.5, TaskState::Waiting},
                                                    {0.5, 2.5, TaskState::NoPermit},
                                                    {2.5, 4.0, TaskState::Running}});
        CHECK(m.stateAt(0, 0.5) == TaskState::Running);
        CHECK(m.stateAt(0, 1.0) == TaskState::NoPermit);
        CHECK(m.stateAt(0, 1.7) == TaskState::Cpu);
        CHECK(m.stateAt(0, 2.9) == TaskState::NoPermit);
        CHECK(m.stateAt(0, 3.0) == TaskState::Done);
        CHECK(m.stateAt(2, 2.4) == TaskState::NoPermit);
        CHECK(m.stateAt(2, 2.5) == TaskState::Running);
        // Still in flight (spec section 5: running to its end), as the
        // counts have it.
        CHECK(m.inFlight().valueAtTime(2.7) == 2);
        if (mode == Mode::Full) CHECK(m.canHave().runsWithoutPermit);
    }
}

TEST_CASE("running without a permit: waiting again, a second primitive still held, a live prefix, scenarios") {
    cs::Symbols symbols;
    SECTION("it asks again: waiting, then running holding the new permit") {
        const RunModel m = fed({{0.0, 0, EvKind::Created, 0},
                                {0.0, 0, EvKind::Request, 0},
                                {0.0, 0, EvKind::Running, 0},
                                {1.0, 0, EvKind::Release, -1},
                                {2.0, 0, EvKind::Request, 0},
                                {2.5, 0, EvKind::Running, 0},
                                {3.0, 0, EvKind::Release, -1},
                                {3.0, 0, EvKind::Done, 0},
                                {3.0, -1, EvKind::End, 0}},
                               symbols);
        CHECK(m.segments(0) == std::vector<Segment>{{0.0, 1.0, TaskState::Running},
                                                    {1.0, 2.0, TaskState::NoPermit},
                                                    {2.0, 2.5, TaskState::Waiting},
                                                    {2.5, 3.0, TaskState::Running}});
    }
    SECTION("it asks again at once and waits: waiting is no running without a permit, nor is the key's entry") {
        // A Queue worker's `async with sem:` around its get(): it gives the
        // permit back and asks again at the same instant, and waits a second.
        const RunModel m = fed({{0.0, 0, EvKind::Created, 0},
                                {0.0, 0, EvKind::Request, 0},
                                {0.0, 0, EvKind::Running, 0},
                                {1.0, 0, EvKind::Release, -1},
                                {1.0, 0, EvKind::Request, 0},
                                {2.0, 0, EvKind::Running, 0},
                                {3.0, 0, EvKind::Release, -1},
                                {3.0, 0, EvKind::Done, 0},
                                {3.0, -1, EvKind::End, 0}},
                               symbols);
        CHECK(m.segments(0) == std::vector<Segment>{{0.0, 1.0, TaskState::Running},
                                                    {1.0, 2.0, TaskState::Waiting},
                                                    {2.0, 3.0, TaskState::Running}});
        CHECK(m.stateAt(0, 2.5) == TaskState::Running);
        CHECK_FALSE(m.canHave().runsWithoutPermit);
    }
    SECTION("it gives back one of two primitives' permits: it still holds the other") {
        // Named requests (a program with a Semaphore and a Lock): task 0
        // holds #0, takes #1 at 0.5, gives #1 back at 1 and #0 at 2, ends at 3.
        const RunModel m = fed({{0.0, 0, EvKind::Created, 0},
                                {0.0, 0, EvKind::Request, 1},
                                {0.0, 0, EvKind::Running, 0},
                                {0.5, 0, EvKind::Request, 2},
                                {0.5, 0, EvKind::Running, 0},
                                {1.0, 0, EvKind::ReleaseSem, 2},
                                {1.0, 0, EvKind::Release, -1},
                                {2.0, 0, EvKind::ReleaseSem, 1},
                                {2.0, 0, EvKind::Release, -1},
                                {3.0, 0, EvKind::Done, 0},
                                {3.0, -1, EvKind::End, 0}},
                               symbols);
        CHECK(m.segments(0) == std::vector<Segment>{{0.0, 2.0, TaskState::Running}, {2.0, 3.0, TaskState::NoPermit}});
    }
    SECTION("a release that names no primitive after the trace named some: what it holds is not known, not said") {
        const RunModel m = fed({{0.0, 0, EvKind::Created, 0},
                                {0.0, 0, EvKind::Request, 1},
                                {0.0, 0, EvKind::Running, 0},
                                {1.0, 0, EvKind::Release, -1},
                                {3.0, 0, EvKind::Done, 0},
                                {3.0, -1, EvKind::End, 0}},
                               symbols);
        CHECK(m.segments(0) == std::vector<Segment>{{0.0, 3.0, TaskState::Running}});
        CHECK_FALSE(m.canHave().runsWithoutPermit);
    }
    SECTION("a live prefix: from the release on, before the clock has moved past it") {
        RunModel m(cs::RunConfig{}, Mode::Full);
        for (const TraceEvent& e : std::vector<TraceEvent>{{0.0, 0, EvKind::Created, 0},
                                                           {0.0, 0, EvKind::Request, 0},
                                                           {0.0, 0, EvKind::Running, 0},
                                                           {1.0, 0, EvKind::Release, -1}})
            m.append(e, symbols);
        CHECK(m.stateAt(0, 1.5) == TaskState::NoPermit);
        CHECK(m.segments(0, 1.5) ==
              std::vector<Segment>{{0.0, 1.0, TaskState::Running}, {1.0, 1.5, TaskState::NoPermit}});
        CHECK(m.canHave().runsWithoutPermit);  // (not ended: it can)
        // It ends at that instant after all: no stretch.
        m.append({1.0, 0, EvKind::Done, 0}, symbols);
        m.append({1.0, -1, EvKind::End, 0}, symbols);
        CHECK(m.segments(0) == std::vector<Segment>{{0.0, 1.0, TaskState::Running}});
        CHECK_FALSE(m.canHave().runsWithoutPermit);
    }
    SECTION("a task still running without a permit when the run ends: the end line moves the clock") {
        const RunModel m = fed({{0.0, 0, EvKind::Created, 0},
                                {0.0, 0, EvKind::Request, 0},
                                {0.0, 0, EvKind::Running, 0},
                                {1.0, 0, EvKind::Release, -1},
                                {2.0, -1, EvKind::End, static_cast<std::int32_t>(Outcome::Deadlock)}},
                               symbols);
        CHECK(m.segments(0) == std::vector<Segment>{{0.0, 1.0, TaskState::Running}, {1.0, 2.0, TaskState::NoPermit}});
        CHECK(m.finalState(0) == TaskState::NoPermit);
        CHECK(m.canHave().runsWithoutPermit);
    }
    SECTION("on a real clock, an end written microseconds after the release is no stretch") {
        // Task 0 ends as its `async with` block does: its done line comes
        // after the loop's iteration, 50 us after its release; task 1 runs
        // on for half a second. (Task 2's line moves the clock past both.)
        cs::RunConfig config;
        config.realClock = true;
        const RunModel m = fed({{0.0, 0, EvKind::Created, 0},
                                {0.0, 0, EvKind::Request, 0},
                                {0.0, 0, EvKind::Running, 0},
                                {0.0, 1, EvKind::Created, 0},
                                {0.0, 1, EvKind::Request, 0},
                                {0.0, 1, EvKind::Running, 0},
                                {1.0, 0, EvKind::Release, -1},
                                {1.00002, 1, EvKind::Release, -1},
                                {1.00005, 0, EvKind::Done, 0},
                                {1.2, 2, EvKind::Created, 0},
                                {1.50002, 1, EvKind::Done, 0},
                                {1.6, 2, EvKind::Done, 0},
                                {1.6, -1, EvKind::End, 0}},
                               symbols, Mode::Full, config);
        CHECK(m.segments(0) == std::vector<Segment>{{0.0, 1.00005, TaskState::Running}});
        CHECK(m.segments(1) ==
              std::vector<Segment>{{0.0, 1.00002, TaskState::Running}, {1.00002, 1.50002, TaskState::NoPermit}});
        CHECK(m.canHave().runsWithoutPermit);
    }
    SECTION("a scenario's run never: its tasks end where they release") {
        cs::RunConfig config;
        config.tasksRequest = true;
        const RunModel m = fed({{0.0, 0, EvKind::Created, 0},
                                {0.0, 0, EvKind::Request, 0},
                                {0.0, 0, EvKind::Running, 0},
                                {1.0, 0, EvKind::Release, -1},
                                {2.0, 0, EvKind::Done, 0},
                                {2.0, -1, EvKind::End, 0}},
                               symbols, Mode::Full, config);
        CHECK(m.segments(0) == std::vector<Segment>{{0.0, 2.0, TaskState::Running}});
        CHECK_FALSE(m.canHave().runsWithoutPermit);
    }
}

TEST_CASE("a traced program's Queue worker that had a lane counts as no task") {
    // Lane 2 is a worker (RunConfig::queueWorkers): created, running from
    // its creation (it never asks), cancelled at the end; items 0 and 1 are
    // the tasks.
    for (const Mode mode : kModes) {
        cs::Symbols symbols;
        cs::RunConfig config;
        config.runsFromCreation = {0, 0, 1};
        config.queueWorkers = {0, 0, 1};
        const RunModel m = fed({{0.0, 2, EvKind::Created, 0},
                                {0.0, 0, EvKind::Enqueue, 0},
                                {0.0, 1, EvKind::Enqueue, 0},
                                {0.1, 0, EvKind::Worker, 0},
                                {0.1, 0, EvKind::Created, 0},
                                {0.1, 0, EvKind::Request, 0},
                                {0.1, 0, EvKind::Running, 0},
                                {0.6, 0, EvKind::Done, 0},
                                {0.6, 1, EvKind::Worker, 0},
                                {0.6, 1, EvKind::Created, 0},
                                {0.6, 1, EvKind::Request, 0},
                                {0.6, 1, EvKind::Running, 0},
                                {1.1, 1, EvKind::Done, 0},
                                {1.1, 2, EvKind::Cancelled, 0},
                                {1.1, -1, EvKind::End, 0}},
                               symbols, mode, config);
        INFO("mode " << static_cast<int>(mode));
        const cs::RunMetrics r = m.metrics();
        CHECK(r.tasks == 2);
        CHECK(r.ok == 2);
        CHECK(r.cancelled == 0);
        CHECK(r.errorRate == 0.0);
        CHECK(r.peakInFlight == 1);
        if (mode != Mode::Full) continue;
        CHECK(m.jobCount() == 2);
        CHECK(m.queueWorkerCount() == 1);
        CHECK(m.queueWorker(2));
        CHECK(m.segments(2) == std::vector<Segment>{{0.0, 1.1, TaskState::Running}});  // its lane still draws
    }
}

namespace {

// A rate limit: max_at_once 2, max_per_second 2 (slots 0.5 s apart). Task 0
// takes a permit and starts at 0; task 1 takes the second permit at 0 and
// sleeps to its slot, 0.5; tasks 2 and 3 wait for permits: task 1 ends at
// 0.7 (task 2 gets its permit, slot 1.0), task 0 at 1.0 (task 3, slot 1.5).
// The program `coroscope-cli python` prints for it, run with CPython 3.11.7
// and `sem.acquire()` traced, shows those returns at 0.0 (tasks 0 and 1),
// 0.702 (task 2) and 1.002 (task 3), and each task's running at its slot.
const char* kRateSlots = R"({"format": "coroscope-scenario/1",
    "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 0.2}]}, {"steps": [{"io": 1.0}]},
              {"steps": [{"io": 1.0}]}],
    "limit": {"kind": "rate", "max_at_once": 2, "max_per_second": 2}})";

}  // namespace

TEST_CASE("rate limit: the engine writes slot_wait when a task got its permit and its start slot is later") {
    const cs::Scenario s = parse(kRateSlots);
    const Ran r = runInto(s);
    std::vector<std::pair<double, std::int32_t>> slotWaits;
    for (std::size_t k = 0; k < r.store.size(); ++k) {
        const TraceEvent e = r.store.at(k);
        if (e.kind == EvKind::SlotWait) slotWaits.emplace_back(e.t, e.task);
    }
    // Task 0's slot is its permit's instant: no wait, no line.
    CHECK(slotWaits == std::vector<std::pair<double, std::int32_t>>{{0.0, 1}, {0.7, 2}, {1.0, 3}});
    CHECK(r.model.task(1).running == 0.5);
    CHECK(r.model.task(2).running == 1.0);
    CHECK(r.model.task(3).running == 1.5);
    CHECK(cs::evName(EvKind::SlotWait) == "slot_wait");
    CHECK(cs::isPerTask(EvKind::SlotWait));
}

TEST_CASE("rate limit: holding a permit, waiting for the start slot is a state of its own; permits count it") {
    const cs::Scenario s = parse(kRateSlots);
    const Ran r = runInto(s);
    const RunModel& m = r.model;
    // Task 2 waits for a permit until 0.7, then for its slot until 1.0.
    CHECK(m.segments(2) == std::vector<Segment>{{0.0, 0.7, TaskState::Waiting},
                                                {0.7, 1.0, TaskState::SlotWait},
                                                {1.0, 2.0, TaskState::Running}});
    CHECK(m.stateAt(1, 0.25) == TaskState::SlotWait);
    CHECK(m.stateAt(0, 0.25) == TaskState::Running);
    CHECK(m.slotWaitFrom(1) == 0.0);
    CHECK(std::isnan(m.slotWaitFrom(0)));
    CHECK(m.slotWaitedAt(2, 5.0) == Approx(0.3));
    CHECK(m.slotWaitedAt(2, 0.8) == Approx(0.1));
    // The spec's metrics stay: waiting = request -> running, in flight = running -> end.
    CHECK(m.waitedAt(2, 5.0) == Approx(1.0));
    CHECK(m.metricsAt(0.25).inFlight == 1);
    CHECK(m.metricsAt(0.25).waiting == 3);
    // Permits in use: the tasks holding one (both taken at 0, while one runs).
    REQUIRE(m.config().countsPermits());
    CHECK(m.permitsInUse().valueAtTime(0.25) == 2);
    CHECK(m.permitsInUse().valueAtTime(0.8) == 2);  // task 0 runs, task 2 holds its permit for its slot
    CHECK(m.permitsInUse().valueAtTime(1.2) == 2);
    const cs::RunConfig::CanHave can = m.canHave();
    CHECK(can.slotWaits);
    CHECK(can.slotWaitHolds);
    CHECK(cs::taskStateName(TaskState::SlotWait) == "slot wait");
}

TEST_CASE("rate limit without max_at_once: slot waits hold no permit; the track stays in flight") {
    const cs::Scenario s = parse(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}],
        "limit": {"kind": "rate", "max_per_second": 2}})");
    const Ran r = runInto(s);
    CHECK(r.model.stateAt(1, 0.25) == TaskState::SlotWait);
    CHECK_FALSE(r.model.config().countsPermits());
    CHECK(r.model.permitsInUse().valueAtTime(0.25) == 1);  // in flight
    CHECK(r.model.canHave().slotWaits);
    CHECK_FALSE(r.model.canHave().slotWaitHolds);
}

TEST_CASE("an engine trace's limiter line tells the pools its tasks used: opened, the header can name them") {
    // The run's header said "thread pool of 2", the file's nothing: a pool's
    // workers limit its jobs whatever the limit says.
    const cs::Scenario s = parse(R"({"format": "coroscope-scenario/1", "executor": {"max_workers": 2},
        "process_pool": {"max_workers": 3},
        "tasks": [{"steps": [{"thread": 1.0}]}, {"steps": [{"process": 0.5}]}, {"steps": [{"io": 1.0}]}]})");
    const cs::Limiter told = cs::limiterOf(s);
    CHECK(told.threadWorkers == 2);
    CHECK(told.processWorkers == 3);
    const std::string line = cs::limiterLine(told);
    CHECK(line == R"({"t": 0.0, "ev": "limiter", "limit": {"kind": "none"}, "collect": {"kind": "gather"}, )"
                  R"("executor": {"max_workers": 2}, "process_pool": {"max_workers": 3}})");
    cs::Limiter back;
    REQUIRE_FALSE(cs::parseLimiter(line, back));
    CHECK(back == told);
    const Ran r = runInto(s);
    CHECK(r.model.config().limiter == told);
    // A run whose tasks use no pool tells none (the scenario's default sizes are no fact of the run's).
    const cs::Scenario plain = parse(R"({"format": "coroscope-scenario/1", "executor": {"max_workers": 2},
        "tasks": [{"steps": [{"io": 1.0}]}]})");
    CHECK(cs::limiterOf(plain).threadWorkers == 0);
    CHECK(cs::limiterLine(cs::limiterOf(plain)).find("executor") == std::string::npos);
}

TEST_CASE("a rate limit's trace file says its limit: opened, it counts permits as the run does") {
    // Only a scenario knows max_at_once: a rate run's trace opened as a
    // file (File > Open) drew "In flight", no limit line, and counted each
    // task that held its permit for its start slot from its running only.
    // Its "limiter" line (first, as coroscope-cli run --trace writes it)
    // says the limit: the file's run config and series are the run's.
    const cs::Scenario s = parse(kRateSlots);
    const Ran r = runInto(s);
    std::ostringstream text;
    const std::string line = cs::limiterLine(cs::Limiter{s.limit, s.collect});
    CHECK(line == R"({"t": 0.0, "ev": "limiter", "limit": {"kind": "rate", "max_at_once": 2, )"
                  R"("max_per_second": 2.0}, "collect": {"kind": "gather"}})");
    text << line << '\n';
    cs::JsonlWriter::writeAll(text, r.store);
    std::istringstream in(text.str());
    cs::TraceFile file;
    REQUIRE(file.read(in));
    const RunModel opened = file.takeModel("rate");
    const RunModel& run = r.model;
    CHECK(opened.config().countsPermits());  // "Permits in use", not "In flight"
    CHECK(opened.config().ratePermits == run.config().ratePermits);
    CHECK(opened.config().initialLimit == run.config().initialLimit);
    CHECK(opened.config().limiter == run.config().limiter);
    CHECK(opened.canHave().slotWaits == run.canHave().slotWaits);
    CHECK(opened.canHave().slotWaitHolds == run.canHave().slotWaitHolds);
    const auto points = [](const cs::StepSeries& v) {
        std::vector<std::pair<double, std::int64_t>> out;
        for (std::size_t k = 0; k < v.size(); ++k) out.emplace_back(v.timeAt(k), v.valueAt(k));
        return out;
    };
    CHECK(points(opened.permitsInUse()) == points(run.permitsInUse()));
    CHECK(points(opened.limit()) == points(run.limit()));
    CHECK(opened.limit().last() == 2);
    CHECK(opened.permitsInUse().valueAtTime(0.25) == 2);  // task 1 holds its permit for its slot
    // Without max_at_once: no permits to count, as the run's.
    const cs::Scenario free = parse(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}],
        "limit": {"kind": "rate", "max_per_second": 2}})");
    const Ran f = runInto(free);
    std::ostringstream freeText;
    freeText << cs::limiterLine(cs::Limiter{free.limit, free.collect}) << '\n';
    CHECK(freeText.str() == "{\"t\": 0.0, \"ev\": \"limiter\", \"limit\": {\"kind\": \"rate\", "
                            "\"max_per_second\": 2.0}, \"collect\": {\"kind\": \"gather\"}}\n");
    cs::JsonlWriter::writeAll(freeText, f.store);
    std::istringstream freeIn(freeText.str());
    cs::TraceFile freeFile;
    REQUIRE(freeFile.read(freeIn));
    const RunModel freeOpened = freeFile.takeModel("rate");
    CHECK_FALSE(freeOpened.config().countsPermits());
    CHECK(freeOpened.canHave().slotWaitHolds == f.model.canHave().slotWaitHolds);
    CHECK(points(freeOpened.permitsInUse()) == points(f.model.permitsInUse()));
}

TEST_CASE("a semaphore limit writes no slot_wait and has no slot waits to show") {
    const Ran r = runInto(ioTasks(6, 2));
    for (std::size_t k = 0; k < r.store.size(); ++k) CHECK(r.store.at(k).kind != EvKind::SlotWait);
    CHECK_FALSE(r.model.canHave().slotWaits);
}

TEST_CASE("a BoundedSemaphore's refused release gives no permit back that it counts: its task ends holding none") {
    // Lesson bounded-semaphore-raises: task 0's extra release hands a third
    // permit on (three tasks run inside Semaphore(2) from 1 s to 2 s); at
    // 3 s task 5's own release finds the semaphore at its bound and raises
    // ValueError. Its task leaves the `async with` holding nothing, and the
    // semaphore counts every permit free: the header said "Permits in use
    // 1 of 2" at the end, where no task held one.
    const cs::Scenario s = parse(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 1.0}], "release_twice": true}, {"steps": [{"io": 1.0}]},
                  {"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]},
                  {"steps": [{"io": 1.0}]}],
        "limit": {"kind": "bounded_semaphore", "value": 2}, "collect": {"kind": "gather", "return_exceptions": true}})");
    const Ran r = runInto(s);
    CHECK(r.model.finalState(5) == TaskState::Failed);
    CHECK(r.model.permitsInUse().valueAtTime(1.5) == 3);  // the pitfall the lesson shows
    CHECK(r.model.permitsInUse().valueAtTime(2.5) == 1);  // task 5 inside its block
    CHECK(r.model.permitsInUse().last() == 0);
    // The line says so, and a file of the run counts as the run does.
    std::ostringstream text;
    text << cs::limiterLine(cs::limiterOf(s)) << '\n';
    cs::JsonlWriter::writeAll(text, r.store);
    CHECK(text.str().find(R"({"t": 3.0, "ev": "release", "task": 5, "woke": -1, "refused": true})") !=
          std::string::npos);
    std::istringstream in(text.str());
    cs::TraceFile file;
    REQUIRE(file.read(in));
    const RunModel opened = file.takeModel("bounded");
    REQUIRE(opened.config().semaphorePermits);
    CHECK(opened.permitsInUse().valueAtTime(1.5) == 3);
    CHECK(opened.permitsInUse().last() == 0);
    // A plain Semaphore takes the extra release: no refusal, the count grows.
    cs::Scenario plain = s;
    plain.limit.kind = cs::LimitKind::Semaphore;
    const Ran p = runInto(plain);
    CHECK(p.model.finalState(5) == TaskState::Done);
}
