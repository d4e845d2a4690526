// What the Workload panel says about the scenario on screen: counted from
// its tasks, and a fingerprint that tells a generated workload from another.
#include <catch2/catch.hpp>

#include "model/run_config.h"
#include "model/run_model.h"
#include "model/workload_facts.h"
#include "program/simulation.h"
#include "scenario/loader.h"

namespace {
cs::Scenario load(const std::string& text) {
    cs::LoadResult r = cs::parseScenario(text);
    REQUIRE(r.ok());
    return *r.scenario;
}
}  // namespace

TEST_CASE("a scenario's workload facts come from its tasks and steps") {
    const cs::Scenario s = load(R"({"format": "coroscope-scenario/1", "tasks": [
        {"steps": [{"io": 0.5}, {"cpu": 0.25}]},
        {"arrive": 2.0, "steps": [{"thread": 1.0}, {"raise": "ValueError"}]},
        {"timeout": 0.1, "steps": [{"io": 0.1}]}
    ], "limit": {"kind": "semaphore", "value": 2}, "collect": {"kind": "gather"}})");
    const cs::WorkloadFacts f = cs::describeWorkload(s);
    CHECK(f.tasks == 3);
    CHECK(f.minWork == 0.1);
    CHECK(f.maxWork == 1.0);
    CHECK(f.failing == 1);
    CHECK(f.blocking == 1);
    CHECK(f.pooled == 1);
    CHECK(f.timeouts == 1);
    CHECK(f.lastArrival == 2.0);
    CHECK(cs::describeWorkload(cs::Scenario{}).tasks == 0);
}

TEST_CASE("the workload fingerprint changes with the tasks, not with the limit or the collector") {
    const char* text = R"({"format": "coroscope-scenario/1", "tasks": [{"steps": [{"io": 0.5}]}, {"steps": [{"io": 0.5}]}],
                           "limit": {"kind": "semaphore", "value": 2}, "collect": {"kind": "gather"}})";
    cs::Scenario a = load(text), b = load(text);
    CHECK(cs::workloadFingerprint(a) == cs::workloadFingerprint(b));
    b.limit.value = 1;
    b.collect.kind = cs::CollectKind::TaskGroup;
    b.title = "other";
    CHECK(cs::workloadFingerprint(a) == cs::workloadFingerprint(b));
    b.steps[1].duration = 0.25;
    CHECK(cs::workloadFingerprint(a) != cs::workloadFingerprint(b));
    b = a;
    b.tasks[0].arrive = 1.0;
    CHECK(cs::workloadFingerprint(a) != cs::workloadFingerprint(b));
}

TEST_CASE("a recorded run's arrivals span its tasks' creations; on a real clock, one go is at once") {
    cs::Symbols symbols;
    const auto recorded = [&](std::vector<double> created, bool realClock) {
        cs::RunConfig config;
        config.realClock = realClock;
        cs::RunModel m(config, cs::RunModel::Mode::Full);
        std::int32_t task = 0;
        for (const double t : created) m.append({t, task++, cs::EvKind::Created, 0}, symbols);
        task = 0;
        for (const double t : created) m.append({t + 1.0 + 0.5 * task, task++, cs::EvKind::Done, 0}, symbols);
        return cs::describeRecorded(m);
    };
    // A program that sleeps a second, then makes its three tasks at once.
    CHECK(recorded({1.0, 1.0, 1.0}, false).lastArrival == 0.0);
    CHECK(recorded({0.0, 0.5, 1.0}, false).lastArrival == 1.0);
    // Real clock: made by one list comprehension, 3 ms after the tracer's
    // start and microseconds apart (it said "3647 /s").
    CHECK(recorded({0.00274, 0.00275, 0.00276}, true).lastArrival == 0.0);
    CHECK(recorded({0.1, 0.3, 0.5}, true).lastArrival == Approx(0.4));
    CHECK(recorded({0.1, 0.3, 0.5}, true).tasks == 3);
}

TEST_CASE("a recorded run's work and arrivals leave out a Queue's workers that had lanes") {
    // Lane 0 is a worker (it slept first: a queue_worker line), alive the
    // whole run; lanes 1 and 2 its items, a second of work each. It made
    // "1.0 s to 3.0 s of work each".
    cs::Symbols symbols;
    cs::RunConfig config;
    config.queueWorkers = {1, 0, 0};
    cs::RunModel m(config, cs::RunModel::Mode::Full);
    for (const cs::TraceEvent& e : std::vector<cs::TraceEvent>{{0.0, 0, cs::EvKind::Created, 0},
                                                               {0.0, 1, cs::EvKind::Created, 0},
                                                               {1.0, 1, cs::EvKind::Done, 0},
                                                               {1.0, 2, cs::EvKind::Created, 0},
                                                               {2.0, 2, cs::EvKind::Done, 0},
                                                               {3.0, 0, cs::EvKind::Cancelled, 0}})
        m.append(e, symbols);
    const cs::WorkloadFacts f = cs::describeRecorded(m);
    CHECK(f.tasks == 2);
    CHECK(f.minWork == 1.0);
    CHECK(f.maxWork == 1.0);
    CHECK(f.lastArrival == 1.0);
}

TEST_CASE("a recorded task cancelled while it waited for a permit did no work") {
    // Two tasks run a second each; a third waits from 0 and is cancelled at
    // 2: its two seconds of waiting are no work (it made "1.0 s to 2.0 s").
    cs::Symbols symbols;
    cs::RunModel m(cs::RunConfig{}, cs::RunModel::Mode::Full);
    for (const cs::TraceEvent& e : std::vector<cs::TraceEvent>{{0.0, 0, cs::EvKind::Created, 0},
                                                               {0.0, 0, cs::EvKind::Request, 0},
                                                               {0.0, 0, cs::EvKind::Running, 0},
                                                               {0.0, 1, cs::EvKind::Created, 0},
                                                               {0.0, 1, cs::EvKind::Request, 0},
                                                               {1.0, 0, cs::EvKind::Done, 0},
                                                               {1.0, 1, cs::EvKind::Running, 0},
                                                               {0.0, 2, cs::EvKind::Created, 0},
                                                               {0.0, 2, cs::EvKind::Request, 0},
                                                               {2.0, 1, cs::EvKind::Done, 0},
                                                               {2.0, 2, cs::EvKind::Cancelled, 0}})
        m.append(e, symbols);
    const cs::WorkloadFacts f = cs::describeRecorded(m);
    CHECK(f.tasks == 3);
    CHECK(f.minWork == 1.0);
    CHECK(f.maxWork == 1.0);
}

TEST_CASE("an engine run's recorded work is its scenario's: waits for a pool worker or for the loop are no work") {
    // Opened as a file, a run shows the settings its tasks' times say: the
    // same work as its scenario, not "1.0 s to 3.0 s" for five one-second
    // thread jobs, three of which waited for one of two workers.
    const auto same = [](const std::string& text) {
        const cs::Scenario s = load(text);
        cs::RunModel m(cs::RunConfig::forScenario(s), cs::RunModel::Mode::Full);
        cs::Simulation sim(s, m);
        sim.run();
        const cs::WorkloadFacts want = cs::describeWorkload(s), got = cs::describeRecorded(m);
        CHECK(got.tasks == want.tasks);
        CHECK(got.minWork == Approx(want.minWork).margin(1e-9));
        CHECK(got.maxWork == Approx(want.maxWork).margin(1e-9));
        CHECK(got.pooled == want.pooled);
        CHECK(got.blocking == want.blocking);
    };
    SECTION("thread jobs that wait for a free worker (example 12)") {
        same(R"({"format": "coroscope-scenario/1", "executor": {"max_workers": 2},
                 "tasks": [{"steps": [{"thread": 1.0}]}, {"steps": [{"thread": 1.0}]}, {"steps": [{"thread": 1.0}]},
                           {"steps": [{"thread": 1.0}]}, {"steps": [{"thread": 1.0}]}]})");
    }
    SECTION("a task whose sleep ends while another blocks the loop") {
        same(R"({"format": "coroscope-scenario/1",
                 "tasks": [{"steps": [{"io": 0.1}, {"io": 0.2}]}, {"steps": [{"io": 0.05}, {"cpu": 0.5}]}]})");
    }
    SECTION("behind a semaphore, with a pool and a blocking call") {
        same(R"({"format": "coroscope-scenario/1", "executor": {"max_workers": 1},
                 "limit": {"kind": "semaphore", "value": 2},
                 "tasks": [{"steps": [{"thread": 0.5}, {"io": 0.25}]}, {"steps": [{"thread": 0.5}]},
                           {"steps": [{"cpu": 0.25}, {"thread": 0.5}]}, {"steps": [{"io": 1.0}]}]})");
    }
}

TEST_CASE("a recorded task that failed while it waited for a permit counts among the failures") {
    // wait_for(fetch(), 0.8) over a Semaphore(1): task 1's TimeoutError came
    // while it waited. The Workload box said "Failures 30 %" for a program
    // whose ten tasks had seven raise it: those that never ran were left out.
    cs::Symbols symbols;
    cs::RunModel m(cs::RunConfig{}, cs::RunModel::Mode::Full);
    for (const cs::TraceEvent& e : std::vector<cs::TraceEvent>{{0.0, 0, cs::EvKind::Created, 0},
                                                               {0.0, 0, cs::EvKind::Request, 0},
                                                               {0.0, 0, cs::EvKind::Running, 0},
                                                               {0.0, 1, cs::EvKind::Created, 0},
                                                               {0.0, 1, cs::EvKind::Request, 0},
                                                               {0.8, 1, cs::EvKind::Failed, 0},
                                                               {1.0, 0, cs::EvKind::Done, 0}})
        m.append(e, symbols);
    const cs::WorkloadFacts f = cs::describeRecorded(m);
    CHECK(f.tasks == 2);
    CHECK(f.failing == 1);
    CHECK(f.minWork == 1.0);  // its wait is no work
    CHECK(f.maxWork == 1.0);
}
