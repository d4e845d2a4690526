// The pitfalls a run shows, as facts of its model (the assertions of the
// app's former warning detector, now on core's RunWarnings).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "export/trace_file.h"
#include "trace/jsonl_writer.h"
#include "model/run_config.h"
#include "model/run_model.h"
#include "model/run_warnings.h"
#include "program/simulation.h"
#include "scenario/loader.h"

namespace fs = std::filesystem;
using cs::RunWarning;
using Kind = cs::RunWarning::Kind;
using Sev = cs::RunWarning::Severity;

namespace {

std::vector<RunWarning> warningsOf(const cs::Scenario& s) {
    cs::RunModel m(cs::RunConfig::forScenario(s));
    cs::Simulation sim(s, m);
    sim.run();
    return cs::RunWarnings::detect(m, s);
}

cs::Scenario bundled(const std::string& stem) {
    const cs::LoadResult r = cs::loadScenarioFile(
        (fs::path(COROSCOPE_SOURCE_DIR) / "resources" / "scenarios" / (stem + ".json")).string());
    REQUIRE(r.ok());
    return *r.scenario;
}

// The warnings of a recorded program's trace once its first `events` events are replayed.
std::vector<RunWarning> warningsOfTrace(const std::string& text, std::size_t events) {
    std::istringstream in(text);
    cs::TraceFile file;
    REQUIRE(file.read(in));
    cs::RunModel model(file.runConfig("p.py"));
    for (std::size_t i = 0; i < std::min(events, file.store().size()); ++i)
        model.append(file.store().at(i), file.store().symbols());
    return cs::RunWarnings::detect(model, file.stubScenario("p.py"));
}

bool has(const std::vector<RunWarning>& ws, Kind kind, Sev sev) {
    return std::any_of(ws.begin(), ws.end(), [&](const RunWarning& w) { return w.kind == kind && w.severity == sev; });
}

}  // namespace

TEST_CASE("a blocking call over 100 ms is reported with its task, instant and length") {
    const auto ws = warningsOf(bundled("11-blocking-call-freezes-loop"));
    REQUIRE(has(ws, Kind::BlockingCall, Sev::Warning));
    for (const RunWarning& w : ws)
        if (w.kind == Kind::BlockingCall) {
            CHECK(w.task == 1);
            CHECK(w.t == 0.0);
            CHECK(w.seconds > cs::RunWarnings::kSlowCallbackSeconds);
        }
}

TEST_CASE("a forgotten release is reported as a deadlock") {
    const auto ws = warningsOf(bundled("17-forgotten-release-deadlock"));
    CHECK(has(ws, Kind::Deadlock, Sev::Error));
    CHECK(has(ws, Kind::ForgottenRelease, Sev::Error));
}

TEST_CASE("a swallowed CancelledError and a per-task semaphore are reported") {
    CHECK(has(warningsOf(bundled("18-swallowed-cancel")), Kind::SwallowedCancel, Sev::Warning));
    const auto ws = warningsOf(bundled("16-semaphore-made-per-task"));
    REQUIRE(has(ws, Kind::SemaphorePerTask, Sev::Warning));
    for (const RunWarning& w : ws)
        if (w.kind == Kind::SemaphorePerTask) CHECK(w.count > w.value);  // more ran at once than the "limit"
}

TEST_CASE("a pitfall the scenario names is warned about once the run shows it, not before") {
    // Run each to t, then ask: nothing at t = 0 (a lesson's question must not
    // be answered by a warning before the run), each warning from its moment.
    const auto warningsAt = [](const cs::Scenario& s, double t) {
        cs::RunModel m(cs::RunConfig::forScenario(s));
        cs::Simulation sim(s, m);
        sim.runUntil(t);
        return cs::RunWarnings::detect(m, s);
    };
    const cs::Scenario perTask = bundled("16-semaphore-made-per-task");
    CHECK_FALSE(has(warningsAt(perTask, -1.0), Kind::SemaphorePerTask, Sev::Warning));
    double seen = -1.0;
    for (const RunWarning& w : warningsOf(perTask))
        if (w.kind == Kind::SemaphorePerTask) seen = w.t;
    REQUIRE(seen >= 0.0);  // the moment more ran at once than Semaphore(n) allows
    CHECK(has(warningsAt(perTask, seen), Kind::SemaphorePerTask, Sev::Warning));

    const cs::Scenario forgot = bundled("17-forgotten-release-deadlock");
    CHECK_FALSE(has(warningsAt(forgot, -1.0), Kind::ForgottenRelease, Sev::Error));
    double ended = -1.0;
    for (const RunWarning& w : warningsOf(forgot))
        if (w.kind == Kind::ForgottenRelease) ended = w.t;
    REQUIRE(ended >= 0.0);  // the task's end, holding its permit
    CHECK_FALSE(has(warningsAt(forgot, std::nextafter(ended, 0.0)), Kind::ForgottenRelease, Sev::Error));
    CHECK(has(warningsAt(forgot, ended), Kind::ForgottenRelease, Sev::Error));
}

TEST_CASE("service rejections are counted by status") {
    const auto ws = warningsOf(bundled("21-service-overloaded"));
    REQUIRE(has(ws, Kind::Rejections, Sev::Warning));
    for (const RunWarning& w : ws)
        if (w.kind == Kind::Rejections) {
            CHECK(w.count == w.n429 + w.n503);
            CHECK(w.n503 > 0);
        }
}

TEST_CASE("a clean run has no warnings") {
    const cs::LoadResult r = cs::parseScenario(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 0.5}]}, {"steps": [{"io": 0.25}]},
                  {"steps": [{"io": 1.0}]}, {"steps": [{"io": 0.5}]}, {"steps": [{"io": 0.25}]}],
        "limit": {"kind": "semaphore", "value": 2}})");
    REQUIRE(r.ok());
    CHECK(warningsOf(*r.scenario).empty());
}

TEST_CASE("lost updates, pending tasks, tasks cancelled at exit and an escaped exception are facts too") {
    const cs::LoadResult lost = cs::parseScenario(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"increment": 0.1}]}, {"steps": [{"increment": 0.1}]}]})");
    REQUIRE(lost.ok());
    const auto ws = warningsOf(*lost.scenario);
    REQUIRE(has(ws, Kind::LostUpdates, Sev::Error));
    for (const RunWarning& w : ws)
        if (w.kind == Kind::LostUpdates) {
            CHECK(w.value == 1);
            CHECK(w.expected == 2);
        }

    const cs::LoadResult pending = cs::parseScenario(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 3.0}]}],
        "collect": {"kind": "wait", "return_when": "FIRST_COMPLETED"}})");
    REQUIRE(pending.ok());
    const auto wp = warningsOf(*pending.scenario);
    CHECK(has(wp, Kind::PendingAfterWait, Sev::Info));
    CHECK(has(wp, Kind::CancelledAtExit, Sev::Warning));

    const auto we = warningsOf(bundled("06-taskgroup-cancels-siblings"));
    CHECK(has(we, Kind::ExceptionEscaped, Sev::Info));
    const auto json = cs::RunWarnings::json(we);
    REQUIRE(json.is_array());
    bool named = false;
    for (const auto& j : json)
        if (j.at("kind") == "exception_escaped") named = !j.at("exc").get<std::string>().empty();
    CHECK(named);
}

TEST_CASE("a program's own warnings (a virtual-clock runner's trace) are warnings of its run, with their lines") {
    // What `python3 -m coroscope_trace --virtual` writes for a program run
    // with asyncio's debug mode: a coroutine never awaited at line 7, a slow
    // step at line 8 (its message holds markup-like text), then the end.
    std::istringstream in(
        R"({"t": 0.0, "ev": "meta", "python": "3.11.7", "clock": "virtual"})"
        "\n"
        R"({"t": 0.0, "ev": "warning", "kind": "never_awaited", "message": "coroutine 'save' was never awaited", "file": "p.py", "line": 7})"
        "\n"
        R"({"t": 0.0, "ev": "created", "task": 0, "name": "worker"})"
        "\n"
        R"({"t": 0.2, "ev": "warning", "kind": "slow_step", "message": "Executing <Task pending> took 0.200 seconds", "file": "p.py", "line": 8, "task": 0})"
        "\n"
        R"({"t": 0.5, "ev": "warning", "kind": "timer_tie", "message": "timers due at the same virtual instant ran out of the order they were set in", "file": "p.py", "line": 8, "task": 0})"
        "\n"
        R"({"t": 0.5, "ev": "done", "task": 0})"
        "\n"
        R"({"t": 0.5, "ev": "end", "outcome": "ok"})"
        "\n");
    cs::TraceFile file;
    REQUIRE(file.read(in));
    REQUIRE(file.programWarnings().size() == 3);
    const cs::RunConfig config = file.runConfig("p.py");
    const cs::RunModel model = cs::RunModel::of(file.store(), config);
    const auto ws = cs::RunWarnings::detect(model, file.stubScenario("p.py"));
    std::vector<RunWarning> own;
    for (const RunWarning& w : ws)
        if (w.kind == Kind::ProgramWarning) own.push_back(w);
    REQUIRE(own.size() == 3);
    CHECK(own[0].message == "coroutine 'save' was never awaited");
    CHECK(own[0].severity == RunWarning::Severity::Warning);
    // The runner's word on a tie the virtual clock made: a note, not a fault.
    CHECK(own[2].name == "timer_tie");
    CHECK(own[2].severity == RunWarning::Severity::Info);
    CHECK(own[0].line == 7);
    CHECK(own[0].task < 0);
    CHECK(own[1].line == 8);
    CHECK(own[1].t == Approx(0.2));
    CHECK(own[1].task == 0);

    const auto json = cs::RunWarnings::json(ws);
    int seen = 0;
    for (const auto& j : json)
        if (j.at("kind") == "program_warning") {
            ++seen;
            CHECK(j.at("file") == "p.py");
            CHECK(j.at("line").get<int>() == (seen == 1 ? 7 : 8));
            CHECK(j.at("warning") == (seen == 1 ? "never_awaited" : seen == 2 ? "slow_step" : "timer_tie"));
        }
    CHECK(seen == 3);

    // A run with more than the cap keeps the first kMaxProgramWarnings.
    std::string many = R"({"t": 0.0, "ev": "meta", "python": "3.11.7", "clock": "virtual"})" "\n";
    for (std::size_t i = 0; i < cs::RunWarnings::kMaxProgramWarnings + 10; ++i)
        many += R"({"t": 0.0, "ev": "warning", "kind": "python_warning", "message": "w", "line": 3})" "\n";
    many += R"({"t": 0.0, "ev": "end", "outcome": "ok"})" "\n";
    std::istringstream manyIn(many);
    cs::TraceFile big;
    REQUIRE(big.read(manyIn));
    const auto bigWs =
        cs::RunWarnings::detect(cs::RunModel::of(big.store(), big.runConfig("p.py")), big.stubScenario("p.py"));
    CHECK(std::count_if(bigWs.begin(), bigWs.end(), [](const RunWarning& w) { return w.kind == Kind::ProgramWarning; }) ==
          static_cast<long>(cs::RunWarnings::kMaxProgramWarnings));
}

TEST_CASE("a recorded program's main() blocking the loop, and its tasks that never ask for a permit") {
    // Two named tickers (a recorded program's) that use no limit, one named
    // task that does, and main() blocking the loop from 0.3 s to 0.8 s.
    std::istringstream in(
        R"({"t": 0.0, "ev": "created", "task": 0, "name": "ticker-0"})" "\n"
        R"({"t": 0.0, "ev": "created", "task": 1, "name": "ticker-1"})" "\n"
        R"({"t": 0.0, "ev": "created", "task": 2, "name": "fetch"})" "\n"
        R"({"t": 0.1, "ev": "request", "task": 2, "name": "fetch"})" "\n"
        R"({"t": 0.1, "ev": "running", "task": 2, "name": "fetch"})" "\n"
        R"({"t": 0.3, "ev": "main_cpu_begin"})" "\n"
        R"({"t": 0.8, "ev": "main_cpu_end"})" "\n"
        R"({"t": 1.3, "ev": "done", "task": 0, "name": "ticker-0"})" "\n"
        R"({"t": 1.3, "ev": "done", "task": 1, "name": "ticker-1"})" "\n"
        R"({"t": 1.3, "ev": "done", "task": 2, "name": "fetch"})" "\n"
        R"({"t": 1.3, "ev": "end", "outcome": "ok"})" "\n");
    cs::TraceFile file;
    REQUIRE(file.read(in));
    const cs::RunModel m = cs::RunModel::of(file.store(), file.runConfig("p.py"));
    // The loop is blocked by main() itself, not by a task.
    CHECK(m.cpuTaskAt(0.5) == cs::RunModel::kMainTask);
    CHECK(m.cpuTaskAt(0.9) == -1);
    // The tickers run, and are in flight, from their creation; fetch from its permit.
    CHECK(m.stateAt(0, 0.05) == cs::TaskState::Running);
    CHECK(m.stateAt(2, 0.05) == cs::TaskState::Arriving);
    CHECK(m.inFlight().valueAtTime(0.05) == 2);
    CHECK(m.inFlight().valueAtTime(0.5) == 3);
    const auto ws = cs::RunWarnings::detect(m, file.stubScenario("p.py"));
    bool mainBlocked = false;
    for (const RunWarning& w : ws)
        if (w.kind == Kind::BlockingCall) mainBlocked = w.task == cs::RunModel::kMainTask && w.seconds == Approx(0.5);
    CHECK(mainBlocked);
    for (const auto& j : cs::RunWarnings::json(ws))
        if (j.at("kind") == "blocking_call") CHECK(j.at("by") == "main()");

    // An engine run's trace names no task: one that never asked was
    // cancelled while arriving, and was never in flight.
    std::istringstream engine(
        R"({"t": 0.0, "ev": "created", "task": 0})" "\n"
        R"({"t": 0.5, "ev": "cancelled", "task": 0})" "\n"
        R"({"t": 0.5, "ev": "end", "outcome": "ok"})" "\n");
    cs::TraceFile e;
    REQUIRE(e.read(engine));
    const cs::RunModel em = cs::RunModel::of(e.store(), e.runConfig("run"));
    CHECK(em.inFlight().valueAtTime(0.25) == 0);
}

TEST_CASE("a pool job whose end comes due during a blocking call is reported, with how late the loop took it") {
    // Task 0 blocks the loop from 0 to 0.6 s; task 1's thread job ends at
    // 0.4 s, task 2's (queued behind it: one worker) would end at 0.8 s on
    // real threads and starts only at 0.6 s here. Task 3's process job ends
    // at 0.6 s exactly, with the block: a tie, no delay.
    const cs::LoadResult r = cs::parseScenario(R"({"format": "coroscope-scenario/1",
        "executor": {"max_workers": 1},
        "tasks": [{"steps": [{"io": 0.0}, {"cpu": 0.6}]}, {"steps": [{"thread": 0.4}]},
                  {"steps": [{"thread": 0.4}]}, {"steps": [{"process": 0.6}]}]})");
    REQUIRE(r.ok());
    cs::RunModel m(cs::RunConfig::forScenario(*r.scenario));
    cs::Simulation sim(*r.scenario, m);
    sim.run();
    REQUIRE(m.jobEndsInBlocks().size() == 1);
    const cs::RunModel::JobEndInBlock& late = m.jobEndsInBlocks().front();
    CHECK(late.task == 1);
    CHECK(late.ready == Approx(0.4));
    CHECK(late.t == Approx(0.6));
    CHECK(late.state == cs::TaskState::Thread);
    // Task 2's job starts when the loop runs the finish timer, at 0.6 s.
    CHECK(m.task(2).end == Approx(1.0));

    const auto ws = cs::RunWarnings::detect(m, *r.scenario);
    const auto it = std::find_if(ws.begin(), ws.end(), [](const RunWarning& w) { return w.kind == Kind::JobEndedInBlock; });
    REQUIRE(it != ws.end());
    CHECK(it->severity == Sev::Info);
    CHECK(it->task == 1);
    CHECK(it->count == 1);
    CHECK(it->seconds == Approx(0.2));
    CHECK(it->name == "thread");
    for (const auto& j : cs::RunWarnings::json(ws))
        if (j.at("kind") == "job_ended_in_block") {
            CHECK(j.at("pool") == "thread");
            CHECK(j.at("count") == 1);
        }

    // Without the block nothing is late.
    const cs::LoadResult calm = cs::parseScenario(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 0.0}, {"io": 0.6}]}, {"steps": [{"thread": 0.4}]}]})");
    REQUIRE(calm.ok());
    for (const RunWarning& w : warningsOf(*calm.scenario)) CHECK(w.kind != Kind::JobEndedInBlock);
}

TEST_CASE("a recorded program's semaphores that one task alone used are a warning at its end") {
    // What the tracer writes for eight tasks each making its own
    // Semaphore(3): a "semaphores" line from the second on, and at the end
    // how many of them one task alone used ("private").
    const auto trace = [](const std::string& last) {
        std::string t = R"({"t": 0.0, "ev": "limit", "value": 3})" "\n";
        for (int i = 0; i < 3; ++i)
            t += R"({"t": 0.0, "ev": "created", "task": )" + std::to_string(i) + R"(, "name": "job"})" "\n";
        t += R"({"t": 0.0, "ev": "semaphores", "value": 3})" "\n";
        for (int i = 0; i < 3; ++i)
            t += R"({"t": 1.0, "ev": "done", "task": )" + std::to_string(i) + R"(, "name": "job"})" "\n";
        return t + last + R"({"t": 1.0, "ev": "end", "outcome": "ok"})" "\n";
    };
    const std::string perTask = trace(R"({"t": 1.0, "ev": "semaphores", "value": 3, "private": 3})" "\n");
    const auto ws = warningsOfTrace(perTask, 1000);
    REQUIRE(has(ws, Kind::PrivateSemaphores, Sev::Warning));
    for (const RunWarning& w : ws)
        if (w.kind == Kind::PrivateSemaphores) {
            CHECK(w.count == 3);
            CHECK(w.value == 3);
            CHECK(w.t == 1.0);
        }
    // A replay says it once it has reached the end, not before.
    CHECK_FALSE(has(warningsOfTrace(perTask, 4), Kind::PrivateSemaphores, Sev::Warning));
    // Shared ones, or a tracer that does not say: nothing.
    CHECK_FALSE(has(warningsOfTrace(trace(R"({"t": 1.0, "ev": "semaphores", "value": 3, "private": 0})" "\n"), 1000),
                    Kind::PrivateSemaphores, Sev::Warning));
    CHECK_FALSE(has(warningsOfTrace(trace(""), 1000), Kind::PrivateSemaphores, Sev::Warning));
    // A count past the semaphores made is not believed.
    CHECK_FALSE(has(warningsOfTrace(trace(R"({"t": 1.0, "ev": "semaphores", "value": 3, "private": 9})" "\n"), 1000),
                    Kind::PrivateSemaphores, Sev::Warning));
}

TEST_CASE("a recorded program's one semaphore held by more tasks than its size is a warning, once the run shows it") {
    // What the tracer writes for Semaphore(2) whose first holder releases
    // twice: the permits held go to 3 at 0.5 (a third task got in).
    const auto trace = [](int most) {
        std::string t = R"({"t": 0.0, "ev": "limit", "value": 2})" "\n";
        for (int i = 0; i < 3; ++i)
            t += R"({"t": 0.0, "ev": "created", "task": )" + std::to_string(i) + R"(, "name": "w"})" "\n";
        t += R"({"t": 0.0, "ev": "permits", "value": 2})" "\n";
        t += R"({"t": 0.25, "ev": "done", "task": 0, "name": "w"})" "\n";
        t += R"({"t": 0.5, "ev": "permits", "value": )" + std::to_string(most) + "}\n";
        for (int i = 1; i < 3; ++i)
            t += R"({"t": 1.0, "ev": "done", "task": )" + std::to_string(i) + R"(, "name": "w"})" "\n";
        return t + R"({"t": 1.0, "ev": "permits", "value": 0})" "\n" R"({"t": 1.0, "ev": "end", "outcome": "ok"})" "\n";
    };
    const auto ws = warningsOfTrace(trace(3), 1000);
    REQUIRE(has(ws, Kind::PermitsAboveLimit, Sev::Error));
    for (const RunWarning& w : ws)
        if (w.kind == Kind::PermitsAboveLimit) {
            CHECK(w.count == 3);
            CHECK(w.value == 2);
            CHECK(w.t == 0.5);
        }
    CHECK(cs::RunWarnings::json(ws).dump().find(R"("kind":"permits_above_limit")") != std::string::npos);
    // A replay before 0.5 has not shown it; a run within its size has nothing to say.
    CHECK_FALSE(has(warningsOfTrace(trace(3), 5), Kind::PermitsAboveLimit, Sev::Error));
    CHECK_FALSE(has(warningsOfTrace(trace(2), 1000), Kind::PermitsAboveLimit, Sev::Error));
}

TEST_CASE("a recorded program's semaphore told apart held past its own size is a warning naming it") {
    // A global Semaphore(4) and a per-host Semaphore(2) made on line 12
    // whose first holder releases it twice: its own permits held reach 3 at
    // 1.0 while the sum (5) stays under no one limit. The other, within its
    // size, says nothing.
    const auto trace = [](int most) {
        std::string t = R"({"t": 0.0, "ev": "limit", "value": 4})" "\n"
                        R"({"t": 0.0, "ev": "primitive", "sem": 0, "kind": "Semaphore", "value": 4, "line": 11})" "\n"
                        R"({"t": 0.0, "ev": "primitive", "sem": 1, "kind": "Semaphore", "value": 2, "line": 12})" "\n"
                        R"({"t": 0.0, "ev": "semaphores", "value": 2})" "\n"
                        R"({"t": 0.0, "ev": "created", "task": 0, "name": "w"})" "\n"
                        R"({"t": 0.0, "ev": "held", "sem": 0, "value": 4})" "\n"
                        R"({"t": 0.0, "ev": "held", "sem": 1, "value": 2})" "\n";
        t += R"({"t": 1.0, "ev": "held", "sem": 1, "value": )" + std::to_string(most) + "}\n";
        return t + R"({"t": 2.0, "ev": "held", "sem": 1, "value": 0})" "\n"
                   R"({"t": 2.0, "ev": "done", "task": 0, "name": "w"})" "\n"
                   R"({"t": 2.0, "ev": "end", "outcome": "ok"})" "\n";
    };
    const auto ws = warningsOfTrace(trace(3), 1000);
    int found = 0;
    for (const RunWarning& w : ws)
        if (w.kind == Kind::PermitsAboveLimit) {
            ++found;
            CHECK(w.severity == Sev::Error);
            CHECK(w.primitive == 1);
            CHECK(w.name == "Semaphore");
            CHECK(w.line == 12);
            CHECK(w.count == 3);
            CHECK(w.value == 2);
            CHECK(w.t == 1.0);
        }
    CHECK(found == 1);
    const std::string json = cs::RunWarnings::json(ws).dump();
    CHECK(json.find(R"("held":3,"size":2,"sem":1,"class":"Semaphore","line":12)") != std::string::npos);
    CHECK_FALSE(has(warningsOfTrace(trace(3), 1), Kind::PermitsAboveLimit, Sev::Error));  // not reached yet
    CHECK_FALSE(has(warningsOfTrace(trace(2), 1000), Kind::PermitsAboveLimit, Sev::Error));
}

TEST_CASE("a recorded program's tasks that held a permit while they waited for another's are an info") {
    // A global Semaphore(2) (#0) and a per-host Semaphore(1) (#1): b and c
    // take #0 at once, then wait for #1, which a holds to 1.0 (b) and b to
    // 2.0 (c, waiting from 0.0): each holds its permit of #0 meanwhile. d waits for #0 only;
    // e takes #0, releases it, then waits for #1 holding nothing.
    std::string t = R"({"t": 0.0, "ev": "primitive", "sem": 0, "kind": "Semaphore", "value": 2, "line": 3})" "\n"
                    R"({"t": 0.0, "ev": "primitive", "sem": 1, "kind": "Semaphore", "value": 1, "line": 4})" "\n";
    for (const char* n : {"a", "b", "c", "d", "e"})
        t += std::string(R"({"t": 0.0, "ev": "created", "task": )") + std::to_string(n[0] - 'a') + "}\n";
    t += R"({"t": 0.0, "ev": "request", "task": 0, "sem": 1})" "\n"
         R"({"t": 0.0, "ev": "running", "task": 0})" "\n"
         R"({"t": 0.0, "ev": "request", "task": 1, "sem": 0})" "\n"
         R"({"t": 0.0, "ev": "running", "task": 1})" "\n"
         R"({"t": 0.0, "ev": "request", "task": 1, "sem": 1})" "\n"
         R"({"t": 0.0, "ev": "request", "task": 2, "sem": 0})" "\n"
         R"({"t": 0.0, "ev": "running", "task": 2})" "\n"
         R"({"t": 0.0, "ev": "request", "task": 2, "sem": 1})" "\n"
         R"({"t": 0.0, "ev": "request", "task": 3, "sem": 0})" "\n"
         R"({"t": 0.0, "ev": "request", "task": 4, "sem": 0})" "\n"
         R"({"t": 1.0, "ev": "release", "task": 0, "woke": 1})" "\n"
         R"({"t": 1.0, "ev": "done", "task": 0})" "\n"
         R"({"t": 1.0, "ev": "running", "task": 1})" "\n"
         R"({"t": 2.0, "ev": "release", "task": 1, "woke": 2})" "\n"
         R"({"t": 2.0, "ev": "release", "task": 1, "woke": 3})" "\n"
         R"({"t": 2.0, "ev": "done", "task": 1})" "\n"
         R"({"t": 2.0, "ev": "running", "task": 2})" "\n"
         R"({"t": 2.0, "ev": "running", "task": 3})" "\n"
         R"({"t": 2.5, "ev": "release", "task": 3, "woke": 4})" "\n"
         R"({"t": 2.5, "ev": "done", "task": 3})" "\n"
         R"({"t": 2.5, "ev": "running", "task": 4})" "\n"
         R"({"t": 2.5, "ev": "release", "task": 4, "woke": -1})" "\n"
         R"({"t": 2.5, "ev": "request", "task": 4, "sem": 1})" "\n"
         R"({"t": 3.0, "ev": "release", "task": 2, "woke": 4})" "\n"
         R"({"t": 3.0, "ev": "done", "task": 2})" "\n"
         R"({"t": 3.0, "ev": "running", "task": 4})" "\n"
         R"({"t": 3.5, "ev": "done", "task": 4})" "\n"
         R"({"t": 3.5, "ev": "end", "outcome": "ok"})" "\n";
    const auto ws = warningsOfTrace(t, 1000);
    std::vector<RunWarning> held;
    for (const RunWarning& w : ws)
        if (w.kind == Kind::HeldWhileWaiting) held.push_back(w);
    REQUIRE(held.size() == 1);
    CHECK(held[0].severity == Sev::Info);
    CHECK(held[0].count == 2);       // b and c (e released its permit first)
    CHECK(held[0].value == 0);       // held #0
    CHECK(held[0].primitive == 1);   // waited for #1
    CHECK(held[0].task == 1);        // b's wait came first
    CHECK(held[0].t == 0.0);
    CHECK(held[0].seconds == 2.0);   // c's, 0.0 to 2.0
    CHECK(cs::RunWarnings::json(ws).dump().find(R"("kind":"held_while_waiting","severity":"info","task":1,"t":0.0,)"
                                                R"("count":2,"holding":0,"sem":1,"longest":2.0)") != std::string::npos);
    // Read up to t = 0 only (the model's first 15 events): no wait has lasted yet.
    CHECK_FALSE(has(warningsOfTrace(t, 15), Kind::HeldWhileWaiting, Sev::Info));
    CHECK(has(warningsOfTrace(t, 16), Kind::HeldWhileWaiting, Sev::Info));  // (and at 1.0 it has)
}

TEST_CASE("what a recorded task holds while it waits follows the releases that name their primitive") {
    // A worker that takes the global #0 and then the per-host #1, twice over
    // (a loop: its second round takes #0 at once, an "acquire" line), and a
    // task that gives #0 back before it waits for #1. With the releases'
    // "sem" and the acquisitions the model knows what each holds at each wait: the
    // worker's second round holds #0 again while it waits for #1; the other
    // holds nothing. A release that names nothing makes what that task holds
    // unknown: no claim for it after.
    std::string t = R"({"t": 0.0, "ev": "primitive", "sem": 0, "kind": "Semaphore", "value": 2, "line": 3})" "\n"
                    R"({"t": 0.0, "ev": "primitive", "sem": 1, "kind": "Semaphore", "value": 1, "line": 4})" "\n";
    for (int k = 0; k < 4; ++k) t += R"({"t": 0.0, "ev": "created", "task": )" + std::to_string(k) + "}\n";
    t += R"({"t": 0.0, "ev": "request", "task": 0, "sem": 1})" "\n"   // the host's holder, to 1.0 then 3.0
         R"({"t": 0.0, "ev": "running", "task": 0})" "\n"
         R"({"t": 0.0, "ev": "request", "task": 1, "sem": 0})" "\n"   // the worker
         R"({"t": 0.0, "ev": "running", "task": 1})" "\n"
         R"({"t": 0.0, "ev": "request", "task": 1, "sem": 1})" "\n"   // waits, holding #0
         R"({"t": 0.0, "ev": "request", "task": 2, "sem": 0})" "\n"   // gives #0 back, then waits
         R"({"t": 0.0, "ev": "running", "task": 2})" "\n"
         R"({"t": 0.0, "ev": "request", "task": 3, "sem": 0})" "\n"   // its release names nothing
         R"({"t": 0.0, "ev": "running", "task": 3})" "\n"
         R"({"t": 0.5, "ev": "release", "task": 2, "woke": -1, "sem": 0})" "\n"
         R"({"t": 0.5, "ev": "request", "task": 2, "sem": 1})" "\n"   // holds nothing
         R"({"t": 0.5, "ev": "release", "task": 3, "woke": -1})" "\n"
         R"({"t": 0.5, "ev": "request", "task": 3, "sem": 1})" "\n"   // not known
         R"({"t": 1.0, "ev": "release", "task": 0, "woke": 1, "sem": 1})" "\n"
         R"({"t": 1.0, "ev": "running", "task": 1})" "\n"
         R"({"t": 1.5, "ev": "release", "task": 1, "woke": -1, "sem": 1})" "\n"  // round 1 ends
         R"({"t": 1.5, "ev": "release", "task": 1, "woke": -1, "sem": 0})" "\n"
         R"({"t": 2.0, "ev": "request", "task": 0, "sem": 1})" "\n"   // task 0 takes #1 again
         R"({"t": 2.0, "ev": "running", "task": 0})" "\n"
         R"({"t": 2.0, "ev": "acquire", "task": 1, "sem": 0})" "\n"   // round 2: #0 at once
         R"({"t": 2.0, "ev": "request", "task": 1, "sem": 1})" "\n"   // waits for #1 holding #0 again
         R"({"t": 3.0, "ev": "release", "task": 0, "woke": 1, "sem": 1})" "\n"
         R"({"t": 3.0, "ev": "done", "task": 0})" "\n"
         R"({"t": 3.0, "ev": "running", "task": 1})" "\n"
         R"({"t": 3.5, "ev": "done", "task": 1})" "\n"
         R"({"t": 3.5, "ev": "cancelled", "task": 2})" "\n"
         R"({"t": 3.5, "ev": "cancelled", "task": 3})" "\n"
         R"({"t": 3.5, "ev": "end", "outcome": "ok"})" "\n";
    std::istringstream in(t);
    cs::TraceFile file;
    REQUIRE(file.read(in));
    const cs::RunModel m = cs::RunModel::of(file.store(), file.runConfig("p.py"));
    std::vector<std::int32_t> held1;
    for (const cs::RunModel::PermitWait& w : m.permitWaits(1)) held1.push_back(w.held);
    CHECK(held1 == std::vector<std::int32_t>{-1, 0, 0});  // its two waits for #1 hold #0
    REQUIRE(m.permitWaits(2).size() == 2);
    CHECK(m.permitWaits(2)[1].held == -1);  // it gave #0 back first
    REQUIRE(m.permitWaits(3).size() == 2);
    CHECK(m.permitWaits(3)[1].held == -1);  // its release named nothing: not known
    const auto ws = warningsOfTrace(t, 1000);
    const auto it =
        std::find_if(ws.begin(), ws.end(), [](const RunWarning& w) { return w.kind == Kind::HeldWhileWaiting; });
    REQUIRE(it != ws.end());
    CHECK(it->count == 1);  // the worker alone (once, for both its waits)
    CHECK(it->task == 1);
    CHECK(it->seconds == 1.0);
    // The summary counts the file's lines, not the markers a release's
    // "sem" is kept as; written back, each release says its "sem" again.
    std::size_t lines = 0;
    for (char c : t) lines += c == '\n';
    CHECK(m.traceLines() == lines - 2);  // (the two "primitive" lines are no events)
    CHECK(m.eventCount() == lines - 2 + 5);  // and the five releases' markers
    std::ostringstream out;
    cs::JsonlWriter::writeAll(out, file.store());
    CHECK(out.str().find(R"({"t": 1.5, "ev": "release", "task": 1, "woke": -1, "sem": 0})") != std::string::npos);
    CHECK(out.str().find(R"({"t": 0.5, "ev": "release", "task": 3, "woke": -1})") != std::string::npos);
    CHECK(out.str().find(R"({"t": 2.0, "ev": "acquire", "task": 1, "sem": 0})") != std::string::npos);
}

TEST_CASE("a permit of the first primitive got before the trace named any is held at a later named wait") {
    // The per-host semaphores made lazily, as the tracer writes it: a global
    // Semaphore(3) is the program's only primitive while a, b, c and d ask
    // for it (their requests name none), then a makes the host's
    // Semaphore(1) and the trace names both. b and c wait for the host's
    // holding their permits of #0, got before the naming (c's only after it,
    // by a request made before); d gave its permit back first; e asks, after
    // the naming, a primitive past the numbered ones (its request names
    // none), so what it holds is not #0's.
    std::string t = R"({"t": 0.0, "ev": "limit", "value": 3})" "\n";
    for (int k = 0; k < 5; ++k) t += R"({"t": 0.0, "ev": "created", "task": )" + std::to_string(k) + "}\n";
    t += R"({"t": 0.0, "ev": "request", "task": 0})" "\n"
         R"({"t": 0.0, "ev": "running", "task": 0})" "\n"
         R"({"t": 0.0, "ev": "request", "task": 1})" "\n"
         R"({"t": 0.0, "ev": "running", "task": 1})" "\n"
         R"({"t": 0.0, "ev": "request", "task": 3})" "\n"
         R"({"t": 0.0, "ev": "running", "task": 3})" "\n"
         R"({"t": 0.0, "ev": "request", "task": 2})" "\n"     // waits for #0
         R"({"t": 0.05, "ev": "release", "task": 3, "woke": 2})" "\n"  // d gives #0 back to c
         R"({"t": 0.05, "ev": "running", "task": 2})" "\n"
         R"({"t": 0.1, "ev": "primitive", "sem": 0, "kind": "Semaphore", "value": 3, "line": 14})" "\n"
         R"({"t": 0.1, "ev": "held", "sem": 0, "value": 3})" "\n"
         R"({"t": 0.1, "ev": "primitive", "sem": 1, "kind": "Semaphore", "value": 1, "line": 9})" "\n"
         R"({"t": 0.1, "ev": "acquire", "task": 0, "sem": 1})" "\n"
         R"({"t": 0.1, "ev": "request", "task": 1, "sem": 1})" "\n"  // waits holding #0
         R"({"t": 0.2, "ev": "request", "task": 2, "sem": 1})" "\n"  // waits holding #0
         R"({"t": 0.2, "ev": "request", "task": 3, "sem": 1})" "\n"  // waits holding nothing
         R"({"t": 0.3, "ev": "request", "task": 4})" "\n"            // a seventeenth primitive's
         R"({"t": 0.3, "ev": "running", "task": 4})" "\n"
         R"({"t": 0.3, "ev": "request", "task": 4, "sem": 1})" "\n"  // holds no permit of #0
         R"({"t": 1.1, "ev": "release", "task": 0, "woke": 1, "sem": 1})" "\n"
         R"({"t": 1.1, "ev": "release", "task": 0, "woke": -1, "sem": 0})" "\n"
         R"({"t": 1.1, "ev": "done", "task": 0})" "\n"
         R"({"t": 1.1, "ev": "running", "task": 1})" "\n"
         R"({"t": 2.1, "ev": "release", "task": 1, "woke": 2, "sem": 1})" "\n"
         R"({"t": 2.1, "ev": "release", "task": 1, "woke": -1, "sem": 0})" "\n"
         R"({"t": 2.1, "ev": "done", "task": 1})" "\n"
         R"({"t": 2.1, "ev": "running", "task": 2})" "\n"
         R"({"t": 3.1, "ev": "release", "task": 2, "woke": -1, "sem": 1})" "\n"
         R"({"t": 3.1, "ev": "release", "task": 2, "woke": -1, "sem": 0})" "\n"
         R"({"t": 3.1, "ev": "done", "task": 2})" "\n"
         R"({"t": 3.1, "ev": "cancelled", "task": 3})" "\n"
         R"({"t": 3.1, "ev": "cancelled", "task": 4})" "\n"
         R"({"t": 3.1, "ev": "end", "outcome": "ok"})" "\n";
    std::istringstream in(t);
    cs::TraceFile file;
    REQUIRE(file.read(in));
    const cs::RunModel m = cs::RunModel::of(file.store(), file.runConfig("p.py"));
    const auto heldAt = [&](std::size_t task) {
        std::vector<std::int32_t> held;
        for (const cs::RunModel::PermitWait& w : m.permitWaits(task)) held.push_back(w.held);
        return held;
    };
    CHECK(heldAt(1) == std::vector<std::int32_t>{0});
    CHECK(heldAt(2) == std::vector<std::int32_t>{0});
    CHECK(heldAt(3) == std::vector<std::int32_t>{-1});
    CHECK(heldAt(4) == std::vector<std::int32_t>{-1});
    const auto ws = warningsOfTrace(t, 1000);
    const auto it =
        std::find_if(ws.begin(), ws.end(), [](const RunWarning& w) { return w.kind == Kind::HeldWhileWaiting; });
    REQUIRE(it != ws.end());
    CHECK(it->count == 2);  // b and c
    CHECK(it->task == 1);
    CHECK(it->seconds == 2.1 - 0.2);  // c's, 0.2 to 2.1
    // Written back, e's request still names nothing.
    std::ostringstream out;
    cs::JsonlWriter::writeAll(out, file.store());
    CHECK(out.str().find(R"({"t": 0.3, "ev": "request", "task": 4})") != std::string::npos);
}

TEST_CASE("a recorded program's task that ended holding a permit it got is a forgotten release; not when releases cross") {
    // Semaphore(2): tasks 0 and 1 take it, 2 waits; 0 ends without a
    // release (sem.acquire() with no release()), 1 releases and wakes 2,
    // which releases too. The permits lines are the tracer's measure.
    const std::string forgot = R"({"t": 0.0, "ev": "limit", "value": 2})" "\n"
                               R"({"t": 0.0, "ev": "created", "task": 0})" "\n"
                               R"({"t": 0.0, "ev": "request", "task": 0})" "\n"
                               R"({"t": 0.0, "ev": "running", "task": 0})" "\n"
                               R"({"t": 0.0, "ev": "permits", "value": 1})" "\n"
                               R"({"t": 0.0, "ev": "created", "task": 1})" "\n"
                               R"({"t": 0.0, "ev": "request", "task": 1})" "\n"
                               R"({"t": 0.0, "ev": "running", "task": 1})" "\n"
                               R"({"t": 0.0, "ev": "permits", "value": 2})" "\n"
                               R"({"t": 0.0, "ev": "created", "task": 2})" "\n"
                               R"({"t": 0.0, "ev": "request", "task": 2})" "\n"
                               R"({"t": 1.0, "ev": "done", "task": 0})" "\n"
                               R"({"t": 1.0, "ev": "release", "task": 1, "woke": 2})" "\n"
                               R"({"t": 1.0, "ev": "done", "task": 1})" "\n"
                               R"({"t": 1.0, "ev": "running", "task": 2})" "\n"
                               R"({"t": 2.0, "ev": "release", "task": 2, "woke": -1})" "\n"
                               R"({"t": 2.0, "ev": "permits", "value": 1})" "\n"
                               R"({"t": 2.0, "ev": "done", "task": 2})" "\n"
                               R"({"t": 2.0, "ev": "end", "outcome": "ok"})" "\n";
    std::vector<std::int64_t> flagged;
    for (const RunWarning& w : warningsOfTrace(forgot, 1000))
        if (w.kind == Kind::ForgottenRelease) {
            CHECK(w.t == 1.0);
            flagged.push_back(w.task);
        }
    CHECK(flagged == std::vector<std::int64_t>{0});
    // Not before task 0 has ended (its first nine events: up to t = 0).
    CHECK_FALSE(has(warningsOfTrace(forgot, 9), Kind::ForgottenRelease, Sev::Error));

    // A Semaphore(0) as a signal: the consumer waits, the producer's
    // release (of a permit it never got) wakes it, and the consumer ends
    // holding it. Nothing was forgotten.
    const std::string signal = R"({"t": 0.0, "ev": "limit", "value": 0})" "\n"
                               R"({"t": 0.0, "ev": "created", "task": 0})" "\n"
                               R"({"t": 0.0, "ev": "request", "task": 0})" "\n"
                               R"({"t": 0.0, "ev": "created", "task": 1})" "\n"
                               R"({"t": 1.0, "ev": "release", "task": 1, "woke": 0})" "\n"
                               R"({"t": 1.0, "ev": "permits", "value": 0})" "\n"
                               R"({"t": 1.0, "ev": "done", "task": 1})" "\n"
                               R"({"t": 1.0, "ev": "running", "task": 0})" "\n"
                               R"({"t": 1.0, "ev": "permits", "value": 1})" "\n"
                               R"({"t": 1.0, "ev": "done", "task": 0})" "\n"
                               R"({"t": 1.0, "ev": "end", "outcome": "ok"})" "\n";
    CHECK_FALSE(has(warningsOfTrace(signal, 1000), Kind::ForgottenRelease, Sev::Error));

    // A permit a task took and main() gave back (main()'s release is no
    // lane's: only the permits line says it): forgotten only until then.
    const std::string byMain = R"({"t": 0.0, "ev": "limit", "value": 1})" "\n"
                               R"({"t": 0.0, "ev": "created", "task": 0})" "\n"
                               R"({"t": 0.0, "ev": "request", "task": 0})" "\n"
                               R"({"t": 0.0, "ev": "running", "task": 0})" "\n"
                               R"({"t": 0.0, "ev": "permits", "value": 1})" "\n"
                               R"({"t": 1.0, "ev": "done", "task": 0})" "\n"
                               R"({"t": 1.5, "ev": "created", "task": 1})" "\n"
                               R"({"t": 2.0, "ev": "permits", "value": 0})" "\n"
                               R"({"t": 2.0, "ev": "done", "task": 1})" "\n"
                               R"({"t": 2.0, "ev": "end", "outcome": "ok"})" "\n";
    CHECK(has(warningsOfTrace(byMain, 5), Kind::ForgottenRelease, Sev::Error));  // up to 1.5: still held
    CHECK_FALSE(has(warningsOfTrace(byMain, 1000), Kind::ForgottenRelease, Sev::Error));

    // A Semaphore(0) main() releases as a signal, once for each of two
    // tasks that take the permit and never give it back (the pattern): the
    // count of permits held ends at 1 (main()'s second release gave the
    // first task's back, by the count), below the 2 the tasks hold.
    const std::string mainSignals = R"({"t": 0.0, "ev": "limit", "value": 0})" "\n"
                                    R"({"t": 0.0, "ev": "created", "task": 0})" "\n"
                                    R"({"t": 0.0, "ev": "request", "task": 0})" "\n"
                                    R"({"t": 0.0, "ev": "created", "task": 1})" "\n"
                                    R"({"t": 0.0, "ev": "request", "task": 1})" "\n"
                                    R"({"t": 0.2, "ev": "permits", "value": 0})" "\n"
                                    R"({"t": 0.2, "ev": "running", "task": 0})" "\n"
                                    R"({"t": 0.2, "ev": "permits", "value": 1})" "\n"
                                    R"({"t": 0.3, "ev": "done", "task": 0})" "\n"
                                    R"({"t": 0.4, "ev": "permits", "value": 0})" "\n"
                                    R"({"t": 0.4, "ev": "running", "task": 1})" "\n"
                                    R"({"t": 0.4, "ev": "permits", "value": 1})" "\n"
                                    R"({"t": 0.5, "ev": "done", "task": 1})" "\n"
                                    R"({"t": 0.5, "ev": "end", "outcome": "ok"})" "\n";
    CHECK(has(warningsOfTrace(mainSignals, 7), Kind::ForgottenRelease, Sev::Error));  // up to 0.3: held by 0 alone
    CHECK_FALSE(has(warningsOfTrace(mainSignals, 1000), Kind::ForgottenRelease, Sev::Error));
}

TEST_CASE("a recorded program's task that released its only semaphore once more than it acquired it is named, when "
          "the trace writes every permit taken") {
    const std::string meta = R"({"t": 0.0, "ev": "meta", "clock": "virtual", "acquires": true})" "\n";
    // BoundedSemaphore(2): task 0 releases inside its `async with` (at 0.0)
    // and again on the way out (at 0.3); the ValueError hits task 1 later,
    // which did nothing wrong (what the tracer writes, trimmed).
    const std::string twice = R"({"t": 0.0, "ev": "limit", "value": 2}
{"t": 0.0, "ev": "created", "task": 0}
{"t": 0.0, "ev": "request", "task": 0}
{"t": 0.0, "ev": "running", "task": 0}
{"t": 0.0, "ev": "release", "task": 0, "woke": -1}
{"t": 0.0, "ev": "created", "task": 1}
{"t": 0.0, "ev": "request", "task": 1}
{"t": 0.0, "ev": "running", "task": 1}
{"t": 0.3, "ev": "release", "task": 0, "woke": -1}
{"t": 0.3, "ev": "done", "task": 0}
{"t": 0.4, "ev": "failed", "task": 1}
{"t": 0.4, "ev": "failed_exc", "task": 1, "exc": "ValueError"}
{"t": 0.4, "ev": "end", "outcome": "ok"}
)";
    const auto extra = [](const std::vector<RunWarning>& ws) {
        std::vector<std::pair<std::int64_t, double>> out;
        for (const RunWarning& w : ws)
            if (w.kind == Kind::ExtraRelease) {
                CHECK(w.severity == Sev::Error);
                CHECK(w.value == 2);
                out.emplace_back(w.task, w.t);
            }
        return out;
    };
    const auto ws = warningsOfTrace(meta + twice, 1000);
    CHECK(extra(ws) == std::vector<std::pair<std::int64_t, double>>{{0, 0.3}});
    CHECK(cs::RunWarnings::json(ws).dump().find(R"("kind":"extra_release","severity":"error","task":0,"t":0.3)") !=
          std::string::npos);
    // A replay that has not reached 0.3 does not say it yet.
    CHECK(extra(warningsOfTrace(meta + twice, 6)).empty());
    // A trace that does not write a permit taken at once (an older
    // tracer's, or another tool's) cannot tell a second release from one
    // of a permit taken again: nothing said.
    CHECK(extra(warningsOfTrace(twice, 1000)).empty());

    // One task, two `async with sem:` in turn: the second permit, taken at
    // once, has its `acquire` line; two releases, none extra.
    CHECK(extra(warningsOfTrace(meta + R"({"t": 0.0, "ev": "limit", "value": 2}
{"t": 0.0, "ev": "created", "task": 0}
{"t": 0.0, "ev": "request", "task": 0}
{"t": 0.0, "ev": "running", "task": 0}
{"t": 0.1, "ev": "release", "task": 0, "woke": -1}
{"t": 0.1, "ev": "acquire", "task": 0}
{"t": 0.2, "ev": "release", "task": 0, "woke": -1}
{"t": 0.2, "ev": "done", "task": 0}
{"t": 0.2, "ev": "end", "outcome": "ok"}
)", 1000)).empty());

    // Permits handed on: main() acquires for its task, which releases; a
    // producer task releases a Semaphore(0) its consumer acquires. Their
    // releasers got no permit of it: none extra.
    CHECK(extra(warningsOfTrace(meta + R"({"t": 0.0, "ev": "limit", "value": 0}
{"t": 0.0, "ev": "created", "task": 0}
{"t": 0.0, "ev": "created", "task": 1}
{"t": 0.0, "ev": "request", "task": 1}
{"t": 0.5, "ev": "release", "task": 0, "woke": 1}
{"t": 0.5, "ev": "done", "task": 0}
{"t": 0.5, "ev": "running", "task": 1}
{"t": 0.6, "ev": "done", "task": 1}
{"t": 0.6, "ev": "end", "outcome": "ok"}
)", 1000)).empty());
}

TEST_CASE("warnings name a task by the trace's id: in the JSON, and for the program's own, the lane to select") {
    // handler(1) and handler(2) each make a child that acquires and never
    // releases: ids 0, 1 the handlers, 2, 3 their children. The lanes put
    // each child under its parent (0, 2, 1, 3): the JSON named lanes 1 and
    // 3 (handler(2), which released) for the forgotten releases of 2 and 3.
    const std::string trace = R"({"t": 0.0, "ev": "meta", "clock": "virtual", "acquires": true}
{"t": 0.0, "ev": "limit", "value": 3}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.0, "ev": "request", "task": 0, "name": "Task-2"}
{"t": 0.0, "ev": "running", "task": 0, "name": "Task-2"}
{"t": 0.0, "ev": "permits", "value": 1}
{"t": 0.0, "ev": "created", "task": 1, "name": "Task-3"}
{"t": 0.0, "ev": "request", "task": 1, "name": "Task-3"}
{"t": 0.0, "ev": "running", "task": 1, "name": "Task-3"}
{"t": 0.0, "ev": "permits", "value": 2}
{"t": 0.0, "ev": "created", "task": 2, "parent": 0, "name": "Task-4"}
{"t": 0.0, "ev": "request", "task": 2, "name": "Task-4"}
{"t": 0.0, "ev": "running", "task": 2, "name": "Task-4"}
{"t": 0.0, "ev": "permits", "value": 3}
{"t": 0.0, "ev": "created", "task": 3, "parent": 1, "name": "Task-5"}
{"t": 0.0, "ev": "request", "task": 3, "name": "Task-5"}
{"t": 0.05, "ev": "release", "task": 0, "woke": 3, "name": "Task-2"}
{"t": 0.05, "ev": "permits", "value": 2}
{"t": 0.05, "ev": "release", "task": 1, "woke": -1, "name": "Task-3"}
{"t": 0.05, "ev": "permits", "value": 1}
{"t": 0.05, "ev": "running", "task": 3, "name": "Task-5"}
{"t": 0.05, "ev": "permits", "value": 2}
{"t": 0.1, "ev": "done", "task": 2, "name": "Task-4"}
{"t": 0.1, "ev": "done", "task": 0, "name": "Task-2"}
{"t": 0.2, "ev": "warning", "kind": "python_warning", "message": "3's", "file": "p.py", "line": 7, "task": 3}
{"t": 0.25, "ev": "done", "task": 3, "name": "Task-5"}
{"t": 0.25, "ev": "done", "task": 1, "name": "Task-3"}
{"t": 0.25, "ev": "end", "outcome": "ok"}
)";
    std::istringstream in(trace);
    cs::TraceFile file;
    REQUIRE(file.read(in));
    const cs::RunModel model = cs::RunModel::of(file.store(), file.runConfig("p.py"));
    REQUIRE(model.taskCount() == 4);
    const auto laneOf = [&](std::int64_t id) {
        for (std::size_t i = 0; i < model.taskCount(); ++i)
            if (model.taskId(i) == id) return static_cast<std::int64_t>(i);
        return std::int64_t{-1};
    };
    REQUIRE(laneOf(2) != 2);  // (the case: lanes that are not the ids)
    const auto ws = cs::RunWarnings::detect(model, file.stubScenario("p.py"));
    std::vector<std::int64_t> forgotten, own;
    for (const RunWarning& w : ws) {
        if (w.kind == Kind::ForgottenRelease) forgotten.push_back(w.task);
        if (w.kind == Kind::ProgramWarning) own.push_back(w.task);
    }
    CHECK(forgotten == std::vector<std::int64_t>{laneOf(2), laneOf(3)});
    CHECK(own == std::vector<std::int64_t>{laneOf(3)});  // the lane a click selects
    std::vector<std::pair<std::string, std::int64_t>> named;
    for (const auto& j : cs::RunWarnings::json(ws)) named.emplace_back(j.at("kind"), j.at("task").get<std::int64_t>());
    CHECK(named == std::vector<std::pair<std::string, std::int64_t>>{
                       {"forgotten_release", 2}, {"forgotten_release", 3}, {"program_warning", 3}});
}

TEST_CASE("a recorded program's tasks that asyncio.run() cancelled after main() returned are told apart") {
    // main() returns after wait(FIRST_COMPLETED) (the tracer's main_returned
    // line): the two tasks still pending are cancelled on asyncio.run()'s way
    // out, their work lost. Before main_returned the trace said nothing of
    // main()'s return, and their cancelled lanes went unexplained.
    const std::string head = R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.0, "ev": "created", "task": 1, "name": "Task-3"}
{"t": 0.0, "ev": "created", "task": 2, "name": "Task-4"}
{"t": 0.1, "ev": "done", "task": 0, "name": "Task-2"}
)";
    const std::string tail = R"({"t": 0.1, "ev": "cancelled", "task": 1, "name": "Task-3"}
{"t": 0.1, "ev": "cancelled", "task": 2, "name": "Task-4"}
{"t": 0.1, "ev": "end", "outcome": "ok"}
)";
    const auto returned = warningsOfTrace(head + R"({"t": 0.1, "ev": "main_returned"})" "\n" + tail, 1000);
    REQUIRE(has(returned, Kind::CancelledAtExit, Sev::Warning));
    for (const RunWarning& w : returned)
        if (w.kind == Kind::CancelledAtExit) {
            CHECK(w.count == 2);
            CHECK(w.taskId == 1);
            CHECK(w.t == 0.1);
        }
    // Cancelled while main() still ran (a task.cancel() of its): no such warning.
    CHECK_FALSE(has(warningsOfTrace(head + tail, 1000), Kind::CancelledAtExit, Sev::Warning));
}

TEST_CASE("tasks main() cancelled and left unawaited are told apart from asyncio.run()'s exit cancels") {
    // main() cancels two tasks whose cleanup awaits, and returns: when it
    // ended they were still ending (the tracer's cancel_pending lines), and
    // asyncio.run() cancelled them again on its way out (CPython 3.11.7 never
    // printed their "cleanup done"). Task 3 was not cancelled by main(): an
    // exit cancel as before.
    const std::string trace = R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.0, "ev": "created", "task": 1, "name": "Task-3"}
{"t": 0.0, "ev": "created", "task": 2, "name": "Task-4"}
{"t": 0.0, "ev": "created", "task": 3, "name": "Task-5"}
{"t": 1.1, "ev": "done", "task": 0, "name": "Task-2"}
{"t": 1.5, "ev": "main_returned"}
{"t": 1.5, "ev": "cancel_pending", "task": 1, "name": "Task-3"}
{"t": 1.5, "ev": "cancel_pending", "task": 2, "name": "Task-4"}
{"t": 1.5, "ev": "cancelled", "task": 1, "name": "Task-3"}
{"t": 1.5, "ev": "cancelled", "task": 2, "name": "Task-4"}
{"t": 1.5, "ev": "cancelled", "task": 3, "name": "Task-5"}
{"t": 1.5, "ev": "end", "outcome": "ok"}
)";
    const auto warnings = warningsOfTrace(trace, 1000);
    REQUIRE(has(warnings, Kind::CancelledUnawaited, Sev::Warning));
    REQUIRE(has(warnings, Kind::CancelledAtExit, Sev::Warning));
    for (const RunWarning& w : warnings) {
        if (w.kind == Kind::CancelledUnawaited) {
            CHECK(w.count == 2);
            CHECK(w.taskId == 1);
            CHECK(w.t == 1.5);
        }
        if (w.kind == Kind::CancelledAtExit) {
            CHECK(w.count == 1);
            CHECK(w.taskId == 3);
        }
    }
    CHECK(cs::RunWarnings::json(warnings).dump().find("\"cancelled_unawaited\"") != std::string::npos);
}

TEST_CASE("a recorded program's forgotten Lock release beside a Semaphore(0) signal is told, the signal's not") {
    // The tracer's trace of two consumers that take a signal each (main()
    // releases the Semaphore(0) twice: its size lines) and then the Lock;
    // Task-2 never releases the Lock, Task-3 waits for it until asyncio.run()
    // cancels it. The signals' permits were used up at the tasks' ends (the
    // permits of all went below what the tasks took), which hid the Lock's
    // forgotten release; each one's own held count tells it: Task-2 alone.
    const std::string text = R"({"t": 0.0, "ev": "meta", "clock": "virtual", "acquires": true}
{"t": 0.0, "ev": "limit", "value": 0}
{"t": 0.0, "ev": "primitive", "sem": 0, "kind": "Lock", "value": 1, "line": 8}
{"t": 0.0, "ev": "primitive", "sem": 1, "kind": "Semaphore", "value": 0, "line": 9}
{"t": 0.0, "ev": "semaphores", "value": 2}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.0, "ev": "request", "task": 0, "sem": 1, "name": "Task-2"}
{"t": 0.0, "ev": "created", "task": 1, "name": "Task-3"}
{"t": 0.0, "ev": "request", "task": 1, "sem": 1, "name": "Task-3"}
{"t": 0.05, "ev": "size", "sem": 1, "value": 1}
{"t": 0.05, "ev": "size", "sem": 1, "value": 2}
{"t": 0.05, "ev": "running", "task": 0, "name": "Task-2"}
{"t": 0.05, "ev": "permits", "value": 1}
{"t": 0.05, "ev": "held", "sem": 1, "value": 1}
{"t": 0.05, "ev": "acquire", "task": 0, "sem": 0, "name": "Task-2"}
{"t": 0.05, "ev": "permits", "value": 2}
{"t": 0.05, "ev": "held", "sem": 0, "value": 1}
{"t": 0.05, "ev": "running", "task": 1, "name": "Task-3"}
{"t": 0.05, "ev": "permits", "value": 3}
{"t": 0.05, "ev": "held", "sem": 1, "value": 2}
{"t": 0.05, "ev": "request", "task": 1, "sem": 0, "name": "Task-3"}
RELEASE{"t": 0.06, "ev": "done", "task": 0, "name": "Task-2"}
{"t": 0.06, "ev": "permits", "value": 2}
{"t": 0.06, "ev": "held", "sem": 1, "value": 1}
{"t": 0.06, "ev": "size", "sem": 1, "value": 1}
{"t": 0.25, "ev": "main_returned"}
{"t": 0.25, "ev": "cancelled", "task": 1, "name": "Task-3"}
{"t": 0.25, "ev": "permits", "value": 1}
{"t": 0.25, "ev": "held", "sem": 1, "value": 0}
{"t": 0.25, "ev": "size", "sem": 1, "value": 0}
{"t": 0.25, "ev": "end", "outcome": "ok"}
)";
    const auto forgotten = [&](const std::string& release) {
        std::string t = text;
        t.replace(t.find("RELEASE"), 7, release);
        std::vector<std::int64_t> tasks;
        for (const RunWarning& w : warningsOfTrace(t, 1000))
            if (w.kind == Kind::ForgottenRelease) tasks.push_back(w.taskId);
        return tasks;
    };
    CHECK(forgotten("") == std::vector<std::int64_t>{0});
    // Task-2 released the Lock (Task-3 took it): nobody forgot.
    CHECK(forgotten(R"({"t": 0.055, "ev": "release", "task": 0, "woke": 1, "sem": 0, "name": "Task-2"}
{"t": 0.055, "ev": "permits", "value": 2}
{"t": 0.055, "ev": "held", "sem": 0, "value": 0}
{"t": 0.055, "ev": "running", "task": 1, "name": "Task-3"}
{"t": 0.055, "ev": "permits", "value": 3}
{"t": 0.055, "ev": "held", "sem": 0, "value": 1}
{"t": 0.056, "ev": "release", "task": 1, "woke": -1, "sem": 0, "name": "Task-3"}
{"t": 0.056, "ev": "permits", "value": 2}
{"t": 0.056, "ev": "held", "sem": 0, "value": 0}
)").empty());
}

TEST_CASE("a recorded program that calls asyncio.run() twice: only each run's exit cancels are told") {
    // asyncio.run(setup()); asyncio.run(main()): setup() returns leaving a
    // task pending (cancelled at its run's exit), then main() cancels one of
    // its own tasks while it runs. The second run's main_started ends the
    // first run's exit: its cancel is no exit cancel (after the first run's
    // main_returned every cancel counted, 2).
    const std::string head = R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.01, "ev": "main_returned"}
{"t": 0.01, "ev": "cancelled", "task": 0, "name": "Task-2"}
)";
    const std::string tail = R"({"t": 0.01, "ev": "created", "task": 1, "name": "Task-6"}
{"t": 0.01, "ev": "created", "task": 2, "name": "Task-7"}
{"t": 0.02, "ev": "cancelled", "task": 1, "name": "Task-6"}
{"t": 1.01, "ev": "done", "task": 2, "name": "Task-7"}
{"t": 1.01, "ev": "main_returned"}
{"t": 1.01, "ev": "end", "outcome": "ok"}
)";
    const auto ws = warningsOfTrace(head + R"({"t": 0.01, "ev": "main_started"})" "\n" + tail, 1000);
    int exits = 0;
    for (const RunWarning& w : ws)
        if (w.kind == Kind::CancelledAtExit) {
            ++exits;
            CHECK(w.count == 1);
            CHECK(w.taskId == 0);
            CHECK(w.t == 0.01);
        }
    CHECK(exits == 1);
    // A trace without the line (an older tracer's) reads as before.
    for (const RunWarning& w : warningsOfTrace(head + tail, 1000))
        if (w.kind == Kind::CancelledAtExit) CHECK(w.count == 2);
    // The second run's own exit cancels are exit cancels again.
    const std::string exitCancel = R"({"t": 0.5, "ev": "main_returned"}
{"t": 0.5, "ev": "cancelled", "task": 2, "name": "Task-7"}
{"t": 0.5, "ev": "end", "outcome": "ok"}
)";
    const std::string second = R"({"t": 0.01, "ev": "main_started"}
{"t": 0.01, "ev": "created", "task": 1, "name": "Task-6"}
{"t": 0.01, "ev": "created", "task": 2, "name": "Task-7"}
{"t": 0.02, "ev": "cancelled", "task": 1, "name": "Task-6"}
)";
    for (const RunWarning& w : warningsOfTrace(head + second + exitCancel, 1000))
        if (w.kind == Kind::CancelledAtExit) CHECK(w.count == 2);  // tasks 0 and 2, not 1
    // A program whose main coroutine raised, caught around the first run: its
    // exit cancels end there too.
    const std::string raised = R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.01, "ev": "raise", "exc": "ValueError"}
{"t": 0.01, "ev": "cancelled", "task": 0, "name": "Task-2"}
)";
    for (const RunWarning& w : warningsOfTrace(raised + second + exitCancel, 1000))
        if (w.kind == Kind::CancelledAtExit) CHECK(w.count == 2);
}

TEST_CASE("the tracer's queue_pool note (a Queue used as a pool) is info on its line, naming the borrowing") {
    // What the tracer writes for a program whose tasks borrow connections
    // from an asyncio.Queue and put them back (resources/python/coroscope_trace/queues.py).
    std::istringstream in(
        R"({"t": 0.0, "ev": "meta", "python": "3.11.7", "clock": "virtual"})" "\n"
        R"({"t": 0.0, "ev": "enqueue", "task": 0})" "\n"
        R"({"t": 0.0, "ev": "worker", "task": 0, "worker": 0})" "\n"
        R"({"t": 0.0, "ev": "created", "task": 0, "name": "item 0: conn-A"})" "\n"
        R"({"t": 0.0, "ev": "request", "task": 0, "name": "item 0: conn-A"})" "\n"
        R"({"t": 0.0, "ev": "running", "task": 0, "name": "item 0: conn-A"})" "\n"
        R"({"t": 0.1, "ev": "done", "task": 0, "name": "item 0: conn-A"})" "\n"
        R"({"t": 0.1, "ev": "warning", "kind": "queue_pool", "message": "this Queue is used as a pool of objects )"
        R"(that tasks borrow and give back", "file": "p.py", "line": 7, "task": 0})" "\n"
        R"({"t": 0.1, "ev": "worker", "task": 1, "worker": 1})" "\n"
        R"({"t": 0.1, "ev": "created", "task": 1, "name": "item 1: conn-A"})" "\n"
        R"({"t": 0.1, "ev": "request", "task": 1, "name": "item 1: conn-A"})" "\n"
        R"({"t": 0.1, "ev": "running", "task": 1, "name": "item 1: conn-A"})" "\n"
        R"({"t": 0.2, "ev": "done", "task": 1, "name": "item 1: conn-A"})" "\n"
        R"({"t": 0.2, "ev": "end", "outcome": "ok"})" "\n");
    cs::TraceFile file;
    REQUIRE(file.read(in));
    const cs::RunModel model = cs::RunModel::of(file.store(), file.runConfig("p.py"));
    CHECK(model.metrics().tasks == 2);  // the borrowing taken with no enqueue before is a task all the same
    std::vector<RunWarning> own;
    for (const RunWarning& w : cs::RunWarnings::detect(model, file.stubScenario("p.py")))
        if (w.kind == Kind::ProgramWarning) own.push_back(w);
    REQUIRE(own.size() == 1);
    CHECK(own[0].name == "queue_pool");
    CHECK(own[0].severity == Sev::Info);  // a note on the picture, not a fault of the program's
    CHECK(own[0].line == 7);
    CHECK(own[0].t == Approx(0.1));
    CHECK(own[0].taskId == 0);
}
