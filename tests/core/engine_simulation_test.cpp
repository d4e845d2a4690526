// Simulation's public API: step / runUntil / run / nextTime / now /
// finished, setLimit (a live resize replayed from t = 0 so that the run
// equals a fresh run of the scenario with that schedule), snapshot.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/scenario_run.h"

using namespace cs::test;
using cs::EvKind;
using cs::LoadResult;
using cs::Scenario;
using cs::ScheduleEntry;
using cs::Simulation;
using cs::TraceEvent;
using cs::TraceStore;

namespace {

// Six tasks of 1 s under Semaphore(1).
const char* kSix = R"({"format": "coroscope-scenario/1",
    "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]},
              {"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}],
    "limit": {"kind": "semaphore", "value": 1}})";

std::vector<TraceEvent> freshRun(const Scenario& sc) { return runScenario(sc).events; }

bool isPrefix(const std::vector<TraceEvent>& a, const std::vector<TraceEvent>& b) {
    return a.size() <= b.size() && std::equal(a.begin(), a.end(), b.begin());
}

const cs::LoopSnapshot::Sem* semNamed(const cs::LoopSnapshot& s, const std::string& name) {
    for (const auto& x : s.semaphores)
        if (x.name == name) return &x;
    return nullptr;
}

}  // namespace

TEST_CASE("step runs one loop iteration and returns false once the program has ended") {
    TraceStore store;
    Simulation sim(loadOrThrow(kSix), store);
    CHECK_FALSE(sim.finished());
    CHECK(sim.nextTime() == 0.0);
    CHECK(sim.iterations() == 0);
    std::uint64_t steps = 0;
    while (sim.step()) {
        ++steps;
        CHECK(sim.iterations() == steps);
    }
    CHECK(sim.finished());
    CHECK(store.at(store.size() - 1).kind == EvKind::End);
    CHECK(sim.now() == 6.0);
    CHECK(sim.nextTime() == std::numeric_limits<double>::infinity());
    const std::size_t n = store.size();
    CHECK_FALSE(sim.step());  // nothing more happens
    CHECK(store.size() == n);
}

TEST_CASE("run gives the same events as stepping by hand") {
    TraceStore a, b;
    Simulation s1(loadOrThrow(kSix), a);
    Simulation s2(loadOrThrow(kSix), b);
    s1.run();
    while (s2.step()) {
    }
    CHECK(eventsOf(a) == eventsOf(b));
    CHECK(s1.iterations() == s2.iterations());
}

TEST_CASE("runUntil runs every iteration due at or before t and nothing later") {
    TraceStore store;
    Simulation sim(loadOrThrow(kSix), store);
    sim.runUntil(2.5);
    CHECK(sim.now() == 2.0);
    CHECK(sim.nextTime() == 3.0);
    for (std::size_t i = 0; i < store.size(); ++i) CHECK(store.timeAt(i) <= 2.5);
    // everything at 2.0 has happened: task 2 is running
    bool running2 = false;
    for (const TraceEvent& e : eventsOf(store))
        if (e.kind == EvKind::Running && e.task == 2) running2 = true;
    CHECK(running2);
    const std::size_t n = store.size();
    sim.runUntil(2.9);  // nothing due
    CHECK(store.size() == n);
    sim.runUntil(3.0);
    CHECK(store.size() > n);
    CHECK(sim.now() == 3.0);
    sim.runUntil(std::numeric_limits<double>::infinity());
    CHECK(sim.finished());
}

TEST_CASE("runUntil's events are a prefix of the full run's") {
    const auto full = freshRun(loadOrThrow(kSix));
    for (double t : {0.0, 0.5, 1.0, 3.5, 100.0}) {
        TraceStore store;
        Simulation sim(loadOrThrow(kSix), store);
        sim.runUntil(t);
        INFO("t = " << t);
        CHECK(isPrefix(eventsOf(store), full));
    }
}

TEST_CASE("setLimit replays the run with the resize recorded in the schedule") {
    TraceStore store;
    Simulation sim(loadOrThrow(kSix), store);
    sim.runUntil(2.5);
    const double at = sim.now();
    REQUIRE(sim.setLimit(3));
    REQUIRE(sim.scenario().limit.schedule.size() == 1);
    CHECK(sim.scenario().limit.schedule[0] == ScheduleEntry{at, 3});

    Scenario withSchedule = loadOrThrow(kSix);
    withSchedule.limit.schedule.push_back({at, 3});
    const auto expected = freshRun(withSchedule);

    // Right after the resize: exactly the fresh run's events so far (the old
    // ones were reset and replayed, not appended twice).
    const auto now = eventsOf(store);
    CHECK(isPrefix(now, expected));
    bool sawLimit = false;
    for (const TraceEvent& e : now)
        if (e.kind == EvKind::Limit && e.arg == 3 && e.t == at) sawLimit = true;
    CHECK(sawLimit);
    CHECK(sim.now() == at);

    sim.run();
    CHECK(eventsOf(store) == expected);
    CHECK(expected != freshRun(loadOrThrow(kSix)));  // the resize changed the run
}

TEST_CASE("setLimit twice keeps both entries and still equals a fresh run") {
    TraceStore store;
    Simulation sim(loadOrThrow(kSix), store);
    sim.runUntil(1.0);
    REQUIRE(sim.setLimit(2));
    sim.runUntil(2.0);
    REQUIRE(sim.setLimit(0));
    sim.runUntil(2.5);
    REQUIRE(sim.setLimit(4));
    const auto& sched = sim.scenario().limit.schedule;
    REQUIRE(sched.size() == 3);
    CHECK(sched[0] == ScheduleEntry{1.0, 2});
    CHECK(sched[1] == ScheduleEntry{2.0, 0});
    CHECK(sched[2].value == 4);
    sim.run();
    CHECK(eventsOf(store) == freshRun(sim.scenario()));
}

TEST_CASE("setLimit is refused for limits that cannot be resized and for negative sizes") {
    TraceStore store;
    Simulation bounded(loadOrThrow(R"({"format": "coroscope-scenario/1", "tasks": [{"steps": [{"io": 1.0}]}],
        "limit": {"kind": "bounded_semaphore", "value": 1}})"),
                       store);
    CHECK_FALSE(bounded.setLimit(2));
    TraceStore store2;
    Simulation none(loadOrThrow(R"({"format": "coroscope-scenario/1", "tasks": [{"steps": [{"io": 1.0}]}]})"), store2);
    CHECK_FALSE(none.setLimit(2));
    TraceStore store3;
    Simulation sem(loadOrThrow(kSix), store3);
    CHECK_FALSE(sem.setLimit(-1));
    CHECK(sem.scenario().limit.schedule.empty());
}

TEST_CASE("snapshot lists a semaphore's waiters first-in first-out") {
    TraceStore store;
    Simulation sim(loadOrThrow(kSix), store);
    sim.runUntil(0.0);
    auto snap = sim.snapshot();
    const auto* sem = semNamed(snap, "sem");
    REQUIRE(sem != nullptr);
    CHECK(sem->limit == 1);
    CHECK(sem->value == 0);
    CHECK(sem->waiters == std::vector<std::int32_t>{1, 2, 3, 4, 5});
    sim.runUntil(1.0);
    snap = sim.snapshot();
    sem = semNamed(snap, "sem");
    REQUIRE(sem != nullptr);
    CHECK(sem->waiters == std::vector<std::int32_t>{2, 3, 4, 5});
    CHECK(snap.now == 1.0);
    CHECK_FALSE(snap.finished);
}

TEST_CASE("snapshot waiters follow request order, not task order") {
    // task 1 has a timeout: wait_for makes it ask one iteration later
    TraceStore store;
    Simulation sim(loadOrThrow(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}], "timeout": 5.0},
                  {"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}],
        "limit": {"kind": "semaphore", "value": 1}})"),
                   store);
    sim.runUntil(0.0);
    const auto snap = sim.snapshot();
    const auto* sem = semNamed(snap, "sem");
    REQUIRE(sem != nullptr);
    CHECK(sem->waiters == std::vector<std::int32_t>{2, 3, 1});
}

TEST_CASE("snapshot shows the next timers earliest first and the ready queue") {
    TraceStore store;
    Simulation sim(loadOrThrow(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 3.0}]}, {"steps": [{"io": 1.0}]}, {"steps": [{"io": 2.0}]}]})"),
                   store);
    auto snap = sim.snapshot();
    CHECK(snap.ready.size() == 1);  // main's first step
    sim.runUntil(0.0);
    snap = sim.snapshot();
    CHECK(snap.ready.empty());
    REQUIRE(snap.timers.size() == 3);
    CHECK(snap.timers[0].when == 1.0);
    CHECK(snap.timers[1].when == 2.0);
    CHECK(snap.timers[2].when == 3.0);
    sim.run();
    CHECK(sim.snapshot().finished);
}

TEST_CASE("snapshot lists the tasks holding a semaphore's permits") {
    TraceStore store;
    Simulation sim(loadOrThrow(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}],
        "limit": {"kind": "semaphore", "value": 2}})"),
                   store);
    sim.runUntil(0.0);
    const auto snap = sim.snapshot();
    const auto* sem = semNamed(snap, "sem");
    REQUIRE(sem != nullptr);
    CHECK(sem->waiters == std::vector<std::int32_t>{2});
    CHECK(sem->holders == std::vector<std::int32_t>{0, 1});
    sim.runUntil(1.0);
    const auto later = sim.snapshot();
    sem = semNamed(later, "sem");
    REQUIRE(sem != nullptr);
    CHECK(sem->holders == std::vector<std::int32_t>{2});
    CHECK(sem->waiters.empty());
}

TEST_CASE("a forgotten release keeps its task among the holders") {
    TraceStore store;
    Simulation sim(loadOrThrow(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 1.0}], "forget_release": true}, {"steps": [{"io": 1.0}]},
                  {"steps": [{"io": 1.0}]}],
        "limit": {"kind": "semaphore", "value": 2}})"),
                   store);
    sim.runUntil(1.0);
    const auto snap = sim.snapshot();
    const auto* sem = semNamed(snap, "sem");
    REQUIRE(sem != nullptr);
    CHECK(sem->holders == std::vector<std::int32_t>{0, 2});
    sim.run();
}

TEST_CASE("a live resize below the permits in use holds, as CPython's trace of the same schedule shows") {
    // tests/data/semantics/resize-live-shrink-at-start: Semaphore(3), six
    // tasks of 1 s; the limit lowered to 1 once three tasks hold permits
    // (t = 0) and raised to 2 at 2 s. Here both resizes are made live, as the
    // app makes them; the running times must be those CPython printed for
    // the schedule they record.
    const std::string dir = COROSCOPE_TEST_DATA_DIR "/semantics/";
    LoadResult file = cs::loadScenarioFile(dir + "resize-live-shrink-at-start.json");
    REQUIRE(file.ok());
    Scenario live = *file.scenario;
    live.limit.schedule.clear();
    TraceStore store;
    Simulation sim(live, store);
    REQUIRE(sim.step());  // main() creates the tasks
    REQUIRE(sim.step());  // they take their permits
    REQUIRE(sim.now() == 0.0);
    REQUIRE(sim.setLimit(1));
    sim.runUntil(2.0);
    REQUIRE(sim.now() == 2.0);
    REQUIRE(sim.setLimit(2));
    sim.run();
    CHECK(sim.scenario().limit.schedule == file.scenario->limit.schedule);

    std::vector<double> running(6, -1.0);
    for (const TraceEvent& e : eventsOf(store))
        if (e.kind == EvKind::Running) running[static_cast<std::size_t>(e.task)] = e.t;
    std::ifstream cpython(dir + "resize-live-shrink-at-start.trace.jsonl");
    REQUIRE(cpython);
    std::vector<double> expected(6, -1.0);
    for (std::string line; std::getline(cpython, line);) {
        const auto j = nlohmann::json::parse(line);
        if (j["ev"] == "running") expected[j["task"].get<std::size_t>()] = j["t"].get<double>();
    }
    CHECK(running == expected);
    // The shrink held: one task at a time from 1 s until the limit is raised.
    CHECK(expected[3] == 1.0);
    CHECK(expected[4] == 2.0);
}
