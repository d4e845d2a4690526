// RunMemory: the estimate grows with the tasks and with what each needs,
// and a run that does not fit is refused with a line naming the field.
// (Its agreement with measured peak RSS: tests/support/memory_estimate_test.py.)
#include <catch2/catch.hpp>

#include <string>

#include "program/run_memory.h"
#include "scenario/loader.h"

using cs::RunMemory;

namespace {

cs::Scenario generated(int count, const std::string& extra, const std::string& limit = R"({"kind": "semaphore", "value": 10})") {
    const std::string text = R"({"format": "coroscope-scenario/1", "limit": )" + limit +
                             R"(, "generate": {"count": )" + std::to_string(count) +
                             R"(, "steps": [{"io": 0.1}, {"cpu": 0.01}])" + extra + "}}";
    cs::LoadResult r = cs::parseScenario(text);
    REQUIRE(r.ok());
    CHECK(r.generated);
    return std::move(*r.scenario);
}

}  // namespace

TEST_CASE("the estimate grows with the task count", "[memory]") {
    const auto small = RunMemory::estimate(generated(1000, ""));
    const auto big = RunMemory::estimate(generated(100000, ""));
    CHECK(big > small);
    CHECK(big - small > 99000u * 100u);  // at least 100 bytes per task
}

TEST_CASE("a timeout makes each task cost more, a queue limit's jobs less", "[memory]") {
    const auto plain = RunMemory::estimate(generated(10000, ""));
    CHECK(RunMemory::estimate(generated(10000, R"(, "timeout": 5)")) > plain);
    CHECK(RunMemory::estimate(generated(10000, "", R"({"kind": "queue", "workers": 4})")) < plain);
}

TEST_CASE("a run that fits is not refused, nor one where the memory is unknown", "[memory]") {
    const cs::Scenario s = generated(1000, "");
    CHECK_FALSE(RunMemory::refusal(s, "generate.count", RunMemory::estimate(s)).has_value());
    CHECK_FALSE(RunMemory::refusal(s, "generate.count", std::nullopt).has_value());
}

TEST_CASE("a run that does not fit is refused naming the field, the count and both sizes", "[memory]") {
    const cs::Scenario s = generated(1000, "");
    const auto why = RunMemory::refusal(s, RunMemory::countField(true), 1u << 20);
    REQUIRE(why.has_value());
    CHECK(why->rfind("generate.count: 1000 tasks need about ", 0) == 0);
    CHECK(why->find(" MB more memory to run; 1 MB are available") != std::string::npos);
    CHECK(RunMemory::countField(false) == "tasks");
}

TEST_CASE("sizes are quoted in whole MB, rounded up", "[memory]") {
    CHECK(RunMemory::megabytes(1) == "1 MB");
    CHECK(RunMemory::megabytes(1u << 20) == "1 MB");
    CHECK(RunMemory::megabytes((1u << 20) + 1) == "2 MB");
}
