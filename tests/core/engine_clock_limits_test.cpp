// The virtual clock at its limits: CPython's loop advances at most a day per
// select(), and past 2^24 s a timer at exactly `now` can never become due
// (now + 1e-9 == now in doubles), which would make CPython spin forever.
#include <catch2/catch.hpp>

#include <cmath>

#include "scenario/loader.h"
#include "support/scenario_run.h"

using namespace cs;
using namespace cs::test;

namespace {
const TraceEvent* findEvent(const std::vector<TraceEvent>& evs, EvKind kind, std::int32_t task) {
    for (const auto& e : evs)
        if (e.kind == kind && e.task == task) return &e;
    return nullptr;
}
}  // namespace

TEST_CASE("a sleep of several days lands on the same time as CPython's day-long selects give") {
    // 10 days: ten capped selects of 86400 s then the rest, added in that order.
    auto run = runScenario(R"({"format": "coroscope-scenario/1", "tasks": [{"steps": [{"io": 864000.5}]}]})");
    const TraceEvent* done = findEvent(run.events, EvKind::Done, 0);
    REQUIRE(done != nullptr);
    double now = 0.0;
    const double when = 864000.5;
    while (!(when < now + 1e-9)) now += std::min(std::max(0.0, when - now), 86400.0);
    CHECK(done->t == now);
}

TEST_CASE("a timer that can never become due past 2^24 s ends the run as a deadlock instead of spinning") {
    auto run = runScenario(
        R"({"format": "coroscope-scenario/1", "tasks": [{"steps": [{"io": 1e8}]}, {"steps": [{"io": 1}]}]})");
    REQUIRE_FALSE(run.events.empty());
    const TraceEvent& end = run.events.back();
    CHECK(end.kind == EvKind::End);
    CHECK(end.arg == static_cast<std::int32_t>(Outcome::Deadlock));
    CHECK(findEvent(run.events, EvKind::Done, 1) != nullptr);       // the short task finished
    CHECK(findEvent(run.events, EvKind::Cancelled, 0) != nullptr);  // the stuck one was interrupted
}

TEST_CASE("time values above a billion seconds are rejected with the field path") {
    auto r = parseScenario(R"({"format": "coroscope-scenario/1", "tasks": [{"steps": [{"io": 2e9}]}]})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error->what() == "tasks[0].steps[0].io: must be at most 1e9 seconds (about 31 years)");
    auto g = parseScenario(
        R"({"format": "coroscope-scenario/1", "generate": {"count": 3, "seed": 1, "steps": [{"io": {"dist": "exp", "mean": 5e8}}]}})");
    CHECK((g.ok() || g.error->what().find("must be at most 1e9 seconds") != std::string::npos));
}
