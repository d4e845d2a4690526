// The pitfalls a run shows, as facts of its model (the assertions of the
// app's former warning detector, now on core's RunWarnings).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <vector>

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
