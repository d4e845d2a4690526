// What the run model reads off a scenario: one home for every limit kind's
// permit counting and starting limit.
#include <catch2/catch.hpp>

#include "model/run_config.h"
#include "scenario/loader.h"

namespace {
cs::RunConfig configOf(const std::string& limit) {
    const cs::LoadResult r = cs::parseScenario(R"({"format": "coroscope-scenario/1", "title": "t",
        "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}], "limit": )" + limit + "}");
    REQUIRE(r.ok());
    return cs::RunConfig::forScenario(*r.scenario);
}
}  // namespace

TEST_CASE("a scenario run counts a shared semaphore's permits for the semaphore kinds only") {
    CHECK(configOf(R"({"kind": "semaphore", "value": 3})").semaphorePermits);
    CHECK(configOf(R"({"kind": "bounded_semaphore", "value": 3})").semaphorePermits);
    CHECK(configOf(R"({"kind": "adaptive", "initial": 2, "min": 1, "max": 4, "latency_target": 1.0})").semaphorePermits);
    CHECK(configOf(R"({"kind": "connector", "value": 3})").semaphorePermits);
    CHECK_FALSE(configOf(R"({"kind": "semaphore_per_task", "value": 3})").semaphorePermits);
    CHECK_FALSE(configOf(R"({"kind": "queue", "workers": 2, "maxsize": 1})").semaphorePermits);
    CHECK_FALSE(configOf(R"({"kind": "none"})").semaphorePermits);
}

TEST_CASE("the limit line starts at each kind's own field, or is absent") {
    CHECK(configOf(R"({"kind": "semaphore", "value": 3})").initialLimit == 3);
    CHECK(configOf(R"({"kind": "adaptive", "initial": 2, "min": 1, "max": 4, "latency_target": 1.0})").initialLimit == 2);
    CHECK(configOf(R"({"kind": "queue", "workers": 2, "maxsize": 1})").initialLimit == 2);
    CHECK(configOf(R"({"kind": "chunks", "size": 4})").initialLimit == 4);
    CHECK(configOf(R"({"kind": "rate", "max_per_second": 2, "max_at_once": 5})").initialLimit == 5);
    CHECK(configOf(R"({"kind": "rate", "max_per_second": 2})").initialLimit == -1);
    CHECK(configOf(R"({"kind": "semaphore_per_task", "value": 3})").initialLimit == -1);
    CHECK(configOf(R"({"kind": "none"})").initialLimit == -1);
}

TEST_CASE("a scenario run's tasks all ask for a permit; its task count and title are known") {
    const cs::RunConfig c = configOf(R"({"kind": "none"})");
    CHECK(c.tasksRequest);
    CHECK(c.tasks == 2);
    CHECK(c.title == "t");
    CHECK(c.names.empty());
    CHECK_FALSE(cs::RunConfig{}.tasksRequest);
}
