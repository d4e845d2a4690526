// model/kinds.h: each limit and collect kind described once, and what the
// rest of core reads from it agrees with what a run of the kind does.
#include <catch2/catch.hpp>

#include <string>

#include "model/kinds.h"
#include "model/run_config.h"
#include "scenario/loader.h"

using namespace cs;

namespace {

// A scenario of each limit kind, as a file would give it (every field set,
// so that the writer writes them all).
std::string fileOf(LimitKind k) {
    const std::string name(limitKindInfo(k).name);
    std::string limit = R"("kind": ")" + name + R"(")";
    if (name == "semaphore" || name == "bounded_semaphore" || name == "semaphore_per_task" || name == "manual" ||
        name == "connector")
        limit += R"(, "value": 3)";
    else if (name == "queue") limit += R"(, "workers": 3, "maxsize": 2)";
    else if (name == "chunks") limit += R"(, "size": 3)";
    else if (name == "rate") limit += R"(, "max_per_second": 4, "max_at_once": 3)";
    else if (name == "adaptive") limit += R"(, "min": 1, "max": 5, "initial": 3, "latency_target": 0.5)";
    else if (name == "scheduler") limit += R"(, "limit": 3, "pending_limit": 2)";
    return R"({"format": "coroscope-scenario/1", "limit": {)" + limit +
           R"(}, "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}]})";
}

}  // namespace

TEST_CASE("every limit kind is found by its name, and the loader reads and writes it") {
    for (std::size_t i = 0; i < kLimitKindCount; ++i) {
        const auto k = static_cast<LimitKind>(i);
        const LimitKindInfo& info = limitKindInfo(k);
        CAPTURE(info.name);
        REQUIRE(parseLimitKind(info.name) == k);
        const LoadResult r = parseScenario(fileOf(k));
        REQUIRE(r.ok());
        CHECK(r.scenario->limit.kind == k);
        if (k != LimitKind::None) {
            CHECK(limitSize(r.scenario->limit) == 3);  // the one number the Permits row edits
            // Every field the kind names is its own: the writer writes it back.
            const std::string written = toJson(*r.scenario);
            for (const std::string_view field : info.fields)
                CHECK(written.find("\"" + std::string(field) + "\"") != std::string::npos);
        }
        // The limit line a run draws.
        const RunConfig c = RunConfig::forScenario(*r.scenario);
        CHECK(c.semaphorePermits == (info.permits == PermitModel::Shared));
        CHECK(c.initialLimit == (info.limitLine == LimitLine::None ? -1 : 3));
    }
    CHECK_FALSE(parseLimitKind("Semaphore").has_value());
    CHECK(limitKindNames() ==
          "none, semaphore, bounded_semaphore, semaphore_per_task, queue, manual, chunks, rate, adaptive, "
          "connector or scheduler");
}

TEST_CASE("every collect kind is found by its name, and its own fields are read and written back") {
    for (std::size_t i = 0; i < kCollectKindCount; ++i) {
        const auto k = static_cast<CollectKind>(i);
        const CollectKindInfo& info = collectKindInfo(k);
        CAPTURE(info.name);
        REQUIRE(parseCollectKind(info.name) == k);
        std::string collect = R"("kind": ")" + std::string(info.name) + R"(")";
        if (info.takesReturnExceptions) collect += R"(, "return_exceptions": true)";
        if (info.takesReturnWhen) collect += R"(, "return_when": "FIRST_COMPLETED", "on_return": "cancel")";
        if (info.takesTimeout) collect += R"(, "timeout": 2.5)";
        const LoadResult r = parseScenario(R"({"format": "coroscope-scenario/1", "collect": {)" + collect +
                                           R"(}, "tasks": [{"steps": [{"io": 1.0}]}]})");
        REQUIRE(r.ok());
        const Collect& c = r.scenario->collect;
        CHECK(c.kind == k);
        CHECK(c.returnExceptions == info.takesReturnExceptions);
        CHECK((c.returnWhen == ReturnWhen::FirstCompleted) == info.takesReturnWhen);
        CHECK(c.cancelOnReturn == info.takesReturnWhen);
        CHECK(c.hasTimeout() == info.takesTimeout);
        const LoadResult back = parseScenario(toJson(*r.scenario));
        REQUIRE(back.ok());
        CHECK(back.scenario->collect == c);
    }
    CHECK(collectKindNames() == "gather, wait, as_completed, taskgroup or sequential");
    CHECK(parseReturnWhen("FIRST_EXCEPTION") == ReturnWhen::FirstException);
    CHECK(returnWhenName(ReturnWhen::AllCompleted) == "ALL_COMPLETED");
    CHECK_FALSE(parseReturnWhen("first_completed").has_value());
}

TEST_CASE("how results reach main(): in completion order, in done sets, or another way") {
    using cs::ResultHandOver;
    cs::Limit none;
    cs::Collect c;
    CHECK(cs::resultHandOver(none, c) == ResultHandOver::Other);  // gather: input order
    c.kind = cs::CollectKind::AsCompleted;
    CHECK(cs::resultHandOver(none, c) == ResultHandOver::CompletionOrder);
    c.kind = cs::CollectKind::Wait;
    CHECK(cs::resultHandOver(none, c) == ResultHandOver::Other);  // ALL_COMPLETED: one set
    c.returnWhen = cs::ReturnWhen::FirstCompleted;
    CHECK(cs::resultHandOver(none, c) == ResultHandOver::DoneSets);
    cs::Limit manual;
    manual.kind = cs::LimitKind::Manual;  // its main() loops wait(FIRST_COMPLETED), whatever collect says
    CHECK(cs::resultHandOver(manual, cs::Collect{}) == ResultHandOver::DoneSets);
    cs::Limit queue;
    queue.kind = cs::LimitKind::Queue;  // workers collect: as_completed is not used
    c.kind = cs::CollectKind::AsCompleted;
    CHECK(cs::resultHandOver(queue, c) == ResultHandOver::Other);
}
