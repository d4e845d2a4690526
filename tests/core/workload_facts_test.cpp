// What the Workload panel says about the scenario on screen: counted from
// its tasks, and a fingerprint that tells a generated workload from another.
#include <catch2/catch.hpp>

#include "model/workload_facts.h"
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
