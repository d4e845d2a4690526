// The scenario loader (spec section 1-2.1): every example loads, every bad
// field is rejected with its path, and toJson reads back as the same scenario.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenario/loader.h"

#ifndef COROSCOPE_EXAMPLES_DIR
#ifdef COROSCOPE_SOURCE_DIR
#define COROSCOPE_EXAMPLES_DIR COROSCOPE_SOURCE_DIR "/../shared/spec/examples"
#else
#define COROSCOPE_EXAMPLES_DIR "../shared/spec/examples"
#endif
#endif

#ifndef COROSCOPE_TEST_DATA_DIR
#ifdef COROSCOPE_SOURCE_DIR
#define COROSCOPE_TEST_DATA_DIR COROSCOPE_SOURCE_DIR "/tests/data"
#else
#define COROSCOPE_TEST_DATA_DIR "tests/data"
#endif
#endif

namespace fs = std::filesystem;
using cs::parseScenario;

namespace {

std::string readText(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<fs::path> filesIn(const fs::path& dir, const std::string& suffix) {
    std::vector<fs::path> out;
    if (!fs::is_directory(dir)) return out;
    for (const auto& e : fs::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (name.size() > suffix.size() && name.ends_with(suffix) &&
            name.find(".trace.") == std::string::npos)
            out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// A scenario document with `body` spliced after the format tag.
std::string doc(const std::string& body) {
    return R"({"format": "coroscope-scenario/1")" + (body.empty() ? "" : ", " + body) + "}";
}

std::string errorOf(std::string_view text, const cs::ParseOptions& o = {}) {
    const auto r = parseScenario(text, o);
    if (r.ok()) return "(loaded)";
    return r.error->what();
}

cs::Scenario load(std::string_view text) {
    auto r = parseScenario(text);
    INFO((r.ok() ? std::string() : r.error->what()));
    REQUIRE(r.ok());
    return *r.scenario;
}

}  // namespace

TEST_CASE("every example scenario of the spec loads and reads back unchanged", "[loader]") {
    const auto examples = filesIn(COROSCOPE_EXAMPLES_DIR, ".json");
    REQUIRE(examples.size() >= 27);
    for (const auto& path : examples) {
        INFO(path.string());
        const auto r = cs::loadScenarioFile(path.string());
        INFO((r.ok() ? std::string() : r.error->what()));
        REQUIRE(r.ok());
        const auto nTasks = nlohmann::json::parse(readText(path))["tasks"].size();
        CHECK(r.scenario->tasks.size() == nTasks);
        const auto back = parseScenario(cs::toJson(*r.scenario));
        REQUIRE(back.ok());
        CHECK(*back.scenario == *r.scenario);
    }
}

TEST_CASE("examples load into the fields the spec describes", "[loader]") {
    const fs::path dir = COROSCOPE_EXAMPLES_DIR;
    {
        const auto s = *cs::loadScenarioFile((dir / "22-live-resize.json").string()).scenario;
        CHECK(s.limit.kind == cs::LimitKind::Semaphore);
        CHECK(s.limit.value == 2);
        REQUIRE(s.limit.schedule.size() == 2);
        CHECK(s.limit.schedule[0] == cs::ScheduleEntry{1.5, 5});
        CHECK(s.limit.schedule[1] == cs::ScheduleEntry{2.5, 1});
        CHECK(s.collect.kind == cs::CollectKind::AsCompleted);
    }
    {
        const auto s = *cs::loadScenarioFile((dir / "25-service-quota-429.json").string()).scenario;
        REQUIRE(s.service);
        CHECK(s.service->capacity == 10);
        CHECK_FALSE(s.service->queueLimit);
        REQUIRE(s.service->rateLimit);
        CHECK(s.service->rateLimit->perSecond == 5.0);
        CHECK(s.service->rateLimit->burst == 2.0);
        CHECK(s.tasks[1].arrive == 0.1);
        CHECK(s.steps[s.tasks[1].firstStep].kind == cs::StepKind::Call);
        CHECK(s.collect.returnExceptions);
    }
    {
        const auto s = *cs::loadScenarioFile((dir / "23-adaptive-aimd.json").string()).scenario;
        CHECK(s.limit.kind == cs::LimitKind::Adaptive);
        CHECK(s.limit.initial == 1);
        CHECK(s.limit.min == 1);
        CHECK(s.limit.max == 16);
        CHECK(s.limit.latencyTarget == 0.75);
    }
    {
        const auto s = *cs::loadScenarioFile((dir / "08-wait-first-completed.json").string()).scenario;
        CHECK(s.collect.kind == cs::CollectKind::Wait);
        CHECK(s.collect.returnWhen == cs::ReturnWhen::FirstCompleted);
        CHECK(s.collect.cancelOnReturn);
        CHECK_FALSE(s.collect.hasTimeout());
    }
    {
        const auto s = *cs::loadScenarioFile((dir / "18-swallowed-cancel.json").string()).scenario;
        CHECK(s.tasks[0].timeout == 1.0);
        CHECK(s.tasks[0].ignoreCancel);
        CHECK_FALSE(s.tasks[1].hasTimeout());
    }
    {
        const auto s = *cs::loadScenarioFile((dir / "24-rate-limit.json").string()).scenario;
        CHECK(s.limit.kind == cs::LimitKind::Rate);
        CHECK(s.limit.maxAtOnce == 3);
        CHECK(s.limit.maxPerSecond == 4.0);
    }
}

TEST_CASE("a minimal scenario gets the spec's defaults", "[loader]") {
    const auto s = load(doc(R"("tasks": [{"steps": [{"io": 1}]}])"));
    CHECK(s.title.empty());
    CHECK(s.limit == cs::Limit{});
    CHECK(s.limit.kind == cs::LimitKind::None);
    CHECK(s.collect == cs::Collect{});
    CHECK(s.collect.kind == cs::CollectKind::Gather);
    CHECK(s.collect.returnWhen == cs::ReturnWhen::AllCompleted);
    CHECK_FALSE(s.collect.cancelOnReturn);
    CHECK(s.maxWorkers == 4);
    CHECK_FALSE(s.service);
    REQUIRE(s.tasks.size() == 1);
    CHECK(s.tasks[0].arrive == 0.0);
    CHECK_FALSE(s.tasks[0].hasTimeout());
    CHECK(s.steps[0] == cs::Step{1.0, cs::StepKind::Io, 0});
}

TEST_CASE("an empty task list and a task without steps are valid", "[loader]") {
    CHECK(load(doc(R"("tasks": [])")).tasks.empty());
    const auto s = load(doc(R"("tasks": [{"steps": []}, {"steps": [{"cpu": 0.5}]}])"));
    REQUIRE(s.tasks.size() == 2);
    CHECK(s.tasks[0].stepCount == 0);
    CHECK(s.tasks[1].firstStep == 0);
    CHECK(s.tasks[1].stepCount == 1);
}

TEST_CASE("steps are stored flat in task order", "[loader]") {
    const auto s = load(doc(R"("tasks": [
        {"steps": [{"io": 1}, {"cpu": 2}]},
        {"steps": [{"thread": 3}, {"raise": "KeyError"}, {"raise": "ValueError"}]},
        {"steps": [{"raise": "ValueError"}]}])"));
    REQUIRE(s.steps.size() == 6);
    CHECK(s.tasks[1].firstStep == 2);
    CHECK(s.tasks[1].stepCount == 3);
    CHECK(s.tasks[2].firstStep == 5);
    CHECK(s.stepsOf(s.tasks[1])[0] == cs::Step{3.0, cs::StepKind::Thread, 0});
    // Names are interned in order of first appearance.
    CHECK(s.excNames == std::vector<std::string>{"KeyError", "ValueError"});
    CHECK(s.steps[3] == cs::Step{0.0, cs::StepKind::Raise, 0});
    CHECK(s.steps[5] == cs::Step{0.0, cs::StepKind::Raise, 1});
}

TEST_CASE("integers may be written with a zero fraction", "[loader]") {
    const auto s = load(doc(R"("tasks": [], "limit": {"kind": "semaphore", "value": 3.0},
                               "executor": {"max_workers": 2.0})"));
    CHECK(s.limit.value == 3);
    CHECK(s.maxWorkers == 2);
}

TEST_CASE("null is the same as leaving an optional field out", "[loader]") {
    const auto s = load(doc(R"("title": null, "tasks": [{"steps": [{"io": 1}], "timeout": null,
        "arrive": null, "ignore_cancel": null}], "limit": null, "collect": {"kind": "wait",
        "timeout": null, "return_when": null}, "service": null, "generate": null)"));
    CHECK_FALSE(s.tasks[0].hasTimeout());
    CHECK(s.limit.kind == cs::LimitKind::None);
    CHECK_FALSE(s.collect.hasTimeout());
    CHECK_FALSE(s.service);
}

TEST_CASE("unknown fields are ignored so that newer files still load", "[loader]") {
    const auto s = load(doc(R"("tasks": [{"steps": [{"io": 1}], "color": "red"}],
        "ui": {"zoom": [1, 2, {"x": null}]}, "limit": {"kind": "none", "note": 1})"));
    CHECK(s.tasks.size() == 1);
}

TEST_CASE("negative zero reads as zero", "[loader]") {
    const auto s = load(doc(R"("tasks": [{"steps": [{"io": -0.0}], "arrive": -0.0, "timeout": -0.0}])"));
    CHECK_FALSE(std::signbit(s.steps[0].duration));
    CHECK_FALSE(std::signbit(s.tasks[0].arrive));
    CHECK(s.tasks[0].hasTimeout());
    CHECK(s.tasks[0].timeout == 0.0);
}

TEST_CASE("a repeated tasks key keeps the last list, as a JSON tree would", "[loader]") {
    const auto s = load(doc(R"("tasks": [{"steps": [{"raise": "A"}]}, {"steps": []}],
                               "tasks": [{"steps": [{"raise": "B"}]}])"));
    REQUIRE(s.tasks.size() == 1);
    CHECK(s.steps.size() == 1);
    CHECK(s.excNames == std::vector<std::string>{"B"});
    CHECK(errorOf(doc(R"("tasks": [], "tasks": 3)")) == "tasks: must be an array");
    CHECK(errorOf(doc(R"("tasks": [{"steps": [{"io": 1}]}], "tasks": null)")) == "tasks: required");
}

TEST_CASE("a scenario with a call step and a service loads", "[loader]") {
    const auto s = load(doc(R"("tasks": [{"steps": [{"call": 0.5}]}],
        "service": {"capacity": 3, "queue_limit": 0, "rate_limit": {"per_second": 2.5}})"));
    REQUIRE(s.service);
    CHECK(s.service->queueLimit == 0);
    CHECK(s.service->rateLimit->burst == 1.0);  // default
}

TEST_CASE("every limit and collect kind reads its own fields", "[loader]") {
    auto limitOf = [](const std::string& limit) {
        return load(doc(R"("tasks": [], "limit": )" + limit)).limit;
    };
    CHECK(limitOf(R"({"kind": "bounded_semaphore", "value": 0})").kind == cs::LimitKind::BoundedSemaphore);
    CHECK(limitOf(R"({"kind": "semaphore_per_task", "value": 2})").value == 2);
    const auto q = limitOf(R"({"kind": "queue", "workers": 3})");
    CHECK(q.workers == 3);
    CHECK(q.maxsize == 0);
    CHECK(limitOf(R"({"kind": "manual", "value": 5})").value == 5);
    CHECK(limitOf(R"({"kind": "chunks", "size": 4})").size == 4);
    const auto r = limitOf(R"({"kind": "rate", "max_per_second": 0.5})");
    CHECK(r.maxAtOnce == 0);
    CHECK(r.maxPerSecond == 0.5);

    auto collectOf = [](const std::string& collect) {
        return load(doc(R"("tasks": [], "collect": )" + collect)).collect;
    };
    const auto w = collectOf(R"({"kind": "wait", "return_when": "FIRST_EXCEPTION", "timeout": 0})");
    CHECK(w.returnWhen == cs::ReturnWhen::FirstException);
    CHECK(w.timeout == 0.0);
    CHECK(w.hasTimeout());
    CHECK(collectOf(R"({"kind": "as_completed", "timeout": 2.5})").timeout == 2.5);
    CHECK(collectOf(R"({"kind": "taskgroup"})").kind == cs::CollectKind::TaskGroup);
    CHECK(collectOf(R"({"kind": "sequential"})").kind == cs::CollectKind::Sequential);
}

TEST_CASE("a schedule keeps its entries in file order, sorted or not", "[loader]") {
    // Each entry is its own loop.call_at(at, resize, value) in the program, so
    // order only matters between equal times, and the file's order is kept.
    const auto l = load(doc(R"("tasks": [], "limit": {"kind": "semaphore", "value": 1,
        "schedule": [{"at": 2, "value": 2}, {"at": 1, "value": 0}, {"at": 1, "value": 3}]})")).limit;
    REQUIRE(l.schedule.size() == 3);
    CHECK(l.schedule[0] == cs::ScheduleEntry{2.0, 2});
    CHECK(l.schedule[1] == cs::ScheduleEntry{1.0, 0});
    CHECK(l.schedule[2] == cs::ScheduleEntry{1.0, 3});
}

TEST_CASE("bad fields are rejected with the path and the rule", "[loader]") {
    struct Case {
        std::string input;
        std::string error;
    };
    const std::string T = R"("tasks": [{"steps": [{"io": 1}]}])";
    const std::string sem = R"("tasks": [], "limit": {"kind": "semaphore", )";
    const std::string adaptive = R"("tasks": [], "limit": {"kind": "adaptive", "latency_target": 1, )";
    const std::string svc = R"("tasks": [], "service": )";
    const std::vector<Case> cases = {
        {"[]", "a scenario must be a JSON object"},
        {"3", "a scenario must be a JSON object"},
        {"{}", "format: required"},
        {R"({"format": "coroscope-scenario/2", "tasks": []})", R"(format: must be "coroscope-scenario/1")"},
        {R"({"format": 1, "tasks": []})", R"(format: must be "coroscope-scenario/1")"},
        // format is checked before the tasks, wherever they are in the file
        {R"({"tasks": [{"steps": 1}], "format": "x"})", R"(format: must be "coroscope-scenario/1")"},
        {doc(""), "tasks: required"},
        {doc(R"("tasks": {})"), "tasks: must be an array"},
        {doc(R"("tasks": [], "generate": {"count": 1, "steps": []})"),
         "generate: use either tasks or generate, not both"},
        {doc(R"("title": 5, "tasks": [])"), "title: must be a string"},
        {doc(R"("description": [], "tasks": [])"), "description: must be a string"},
        {doc(R"("tasks": [5])"), "tasks[0]: must be an object"},
        {doc(R"("tasks": [{}])"), "tasks[0].steps: required"},
        {doc(R"("tasks": [{"steps": {"io": 1}}])"), "tasks[0].steps: must be an array"},
        {doc(R"("tasks": [{"steps": [1]}])"), R"(tasks[0].steps[0]: must be an object like {"io": 1.0})"},
        {doc(R"("tasks": [{"steps": [{}]}])"), "tasks[0].steps[0]: a step has exactly one key"},
        {doc(R"("tasks": [{"steps": []}, {"steps": []}, {"steps": [{"io": 1}, {"io": 1, "cpu": 2}]}])"),
         "tasks[2].steps[1]: a step has exactly one key"},
        {doc(R"("tasks": [{"steps": []}, {"steps": []}, {"steps": []}, {"steps": [{"sleep": 1}]}])"),
         R"(tasks[3].steps[0]: unknown step "sleep" (expected io, cpu, thread, call, raise, process or increment))"},
        {doc(R"("tasks": [{"steps": []}, {"steps": []}, {"steps": []}, {"steps": [{"io": -1}]}])"),
         "tasks[3].steps[0].io: must be >= 0"},
        {doc(R"("tasks": [{"steps": [{"cpu": "1"}]}])"), "tasks[0].steps[0].cpu: must be a number"},
        {doc(R"("tasks": [{"steps": [{"thread": true}]}])"), "tasks[0].steps[0].thread: must be a number"},
        {doc(R"("tasks": [{"steps": [{"io": 1e400}]}])"), "tasks[0].steps[0].io: must be finite"},
        {doc(R"("tasks": [{"steps": [{"io": -1e400}]}])"), "tasks[0].steps[0].io: must be finite"},
        {doc(R"("limit": {"kind": "rate", "max_per_second": 1e999}, "tasks": [])"),
         "limit.max_per_second: must be finite"},
        {doc(R"("tasks": [{"steps": [{"raise": ""}]}])"),
         R"(tasks[0].steps[0].raise: must be an exception class name like "ValueError")"},
        {doc(R"("tasks": [{"steps": [{"raise": "1Error"}]}])"),
         R"(tasks[0].steps[0].raise: must be an exception class name like "ValueError")"},
        {doc(R"("tasks": [{"steps": [{"raise": "Value Error"}]}])"),
         R"(tasks[0].steps[0].raise: must be an exception class name like "ValueError")"},
        {doc(R"("tasks": [{"steps": [{"raise": "asyncio."}]}])"),
         R"(tasks[0].steps[0].raise: must be an exception class name like "ValueError")"},
        {doc(R"("tasks": [{"steps": [{"raise": 3}]}])"),
         R"(tasks[0].steps[0].raise: must be an exception class name like "ValueError")"},
        {doc(R"("tasks": [{"steps": [], "arrive": -0.5}])"), "tasks[0].arrive: must be >= 0"},
        {doc(R"("tasks": [{"steps": [], "timeout": -1}])"), "tasks[0].timeout: must be >= 0"},
        {doc(R"("tasks": [{"steps": [], "timeout": "1s"}])"), "tasks[0].timeout: must be a number"},
        {doc(R"("tasks": [{"steps": [], "ignore_cancel": 1}])"), "tasks[0].ignore_cancel: must be true or false"},
        {doc(R"("tasks": [{"steps": [], "forget_release": "true"}])"),
         "tasks[0].forget_release: must be true or false"},
        {doc(R"("tasks": [{"steps": [], "release_twice": 0}])"), "tasks[0].release_twice: must be true or false"},
        // the first bad task is the one reported
        {doc(R"("tasks": [{"steps": [{"io": -1}]}, {"steps": [{"io": -2}]}])"), "tasks[0].steps[0].io: must be >= 0"},
        {doc(R"("tasks": [{"steps": [{"io": 1}]}, {"steps": [{"io": 1}, {"call": 1}]}])"),
         R"(tasks[1].steps[1].call: a call step needs a top-level "service")"},
        {doc(T + R"(, "limit": 5)"), "limit: must be an object"},
        {doc(T + R"(, "limit": {})"), "limit.kind: required"},
        {doc(T + R"(, "limit": {"kind": 1})"), "limit.kind: must be a string"},
        {doc(T + R"(, "limit": {"kind": "foo"})"),
         R"(limit.kind: unknown kind "foo" (expected none, semaphore, bounded_semaphore, )"
         R"(semaphore_per_task, queue, manual, chunks, rate, adaptive, connector or scheduler))"},
        {doc(sem + "\"x\": 1}"), "limit.value: required"},
        {doc(sem + "\"value\": null}"), "limit.value: required"},
        {doc(sem + "\"value\": -1}"), "limit.value: must be an integer >= 0"},
        {doc(sem + "\"value\": 2.5}"), "limit.value: must be an integer >= 0"},
        {doc(sem + "\"value\": \"3\"}"), "limit.value: must be an integer >= 0"},
        {doc(sem + "\"value\": true}"), "limit.value: must be an integer >= 0"},
        {doc(sem + "\"value\": 1e300}"), "limit.value: must be at most 9007199254740992"},
        {doc(sem + "\"value\": 18446744073709551615}"), "limit.value: must be at most 9007199254740992"},
        {doc(sem + "\"value\": 1, \"schedule\": {}}"), "limit.schedule: must be an array"},
        {doc(sem + "\"value\": 1, \"schedule\": [3]}"), "limit.schedule[0]: must be an object"},
        {doc(sem + "\"value\": 1, \"schedule\": [{\"value\": 1}]}"), "limit.schedule[0].at: required"},
        {doc(sem + "\"value\": 1, \"schedule\": [{\"at\": -1, \"value\": 1}]}"), "limit.schedule[0].at: must be >= 0"},
        {doc(sem + "\"value\": 1, \"schedule\": [{\"at\": 1, \"value\": -1}]}"),
         "limit.schedule[0].value: must be an integer >= 0"},
        {doc(R"("tasks": [], "limit": {"kind": "bounded_semaphore", "value": 1, "schedule": []})"),
         "limit.schedule: only a semaphore limit takes a schedule"},
        {doc(R"("tasks": [], "limit": {"kind": "manual", "value": 0})"), "limit.value: must be an integer >= 1"},
        {doc(R"("tasks": [], "limit": {"kind": "queue", "workers": 0})"), "limit.workers: must be an integer >= 1"},
        {doc(R"("tasks": [], "limit": {"kind": "queue", "workers": 20000000})"),
         "limit.workers: must be at most 10000000"},
        {doc(R"("tasks": [], "limit": {"kind": "queue", "workers": 1, "maxsize": -1})"),
         "limit.maxsize: must be an integer >= 0"},
        {doc(R"("tasks": [], "limit": {"kind": "chunks", "size": 0})"), "limit.size: must be an integer >= 1"},
        {doc(R"("tasks": [], "limit": {"kind": "chunks"})"), "limit.size: required"},
        {doc(R"("tasks": [], "limit": {"kind": "rate"})"), "limit.max_per_second: required"},
        {doc(R"("tasks": [], "limit": {"kind": "rate", "max_per_second": 0})"), "limit.max_per_second: must be > 0"},
        {doc(R"("tasks": [], "limit": {"kind": "rate", "max_per_second": 1, "max_at_once": 0})"),
         "limit.max_at_once: must be an integer >= 1"},
        {doc(adaptive + R"("min": 0, "max": 4, "initial": 1})"), "limit.min: must be an integer >= 1"},
        {doc(adaptive + R"("min": 2, "max": 1, "initial": 1})"), "limit.max: must be >= limit.min"},
        {doc(adaptive + R"("min": 2, "max": 4, "initial": 5})"), "limit.initial: must be from limit.min to limit.max"},
        {doc(adaptive + R"("min": 2, "max": 4, "initial": 1})"), "limit.initial: must be from limit.min to limit.max"},
        {doc(adaptive + R"("min": 2, "max": 4})"), "limit.initial: required"},
        {doc(R"("tasks": [], "limit": {"kind": "adaptive", "min": 1, "max": 1, "initial": 1, "latency_target": 0})"),
         "limit.latency_target: must be > 0"},
        {doc(T + R"(, "collect": [])"), "collect: must be an object"},
        {doc(T + R"(, "collect": {"kind": "map"})"),
         R"(collect.kind: unknown kind "map" (expected gather, wait, as_completed, taskgroup or sequential))"},
        {doc(T + R"(, "collect": {"kind": "gather", "return_exceptions": "yes"})"),
         "collect.return_exceptions: must be true or false"},
        {doc(T + R"(, "collect": {"kind": "wait", "return_when": "FIRST"})"),
         "collect.return_when: must be ALL_COMPLETED, FIRST_COMPLETED or FIRST_EXCEPTION"},
        {doc(T + R"(, "collect": {"kind": "wait", "return_when": 1})"),
         "collect.return_when: must be ALL_COMPLETED, FIRST_COMPLETED or FIRST_EXCEPTION"},
        {doc(T + R"(, "collect": {"kind": "wait", "on_return": "stop"})"),
         R"(collect.on_return: must be "leave" or "cancel")"},
        {doc(T + R"(, "collect": {"kind": "wait", "timeout": -1})"), "collect.timeout: must be >= 0"},
        {doc(T + R"(, "collect": {"kind": "as_completed", "timeout": "soon"})"), "collect.timeout: must be a number"},
        {doc(T + R"(, "executor": 4)"), "executor: must be an object"},
        {doc(T + R"(, "executor": {"max_workers": 0})"), "executor.max_workers: must be an integer >= 1"},
        {doc(T + R"(, "executor": {"max_workers": 1.5})"), "executor.max_workers: must be an integer >= 1"},
        {doc(T + R"(, "executor": {"max_workers": 1e9})"), "executor.max_workers: must be at most 10000000"},
        {doc(svc + "true"), "service: must be an object"},
        {doc(svc + "{}"), "service.capacity: required"},
        {doc(svc + R"({"capacity": 0})"), "service.capacity: must be an integer >= 1"},
        {doc(svc + R"({"capacity": 1, "queue_limit": -1})"), "service.queue_limit: must be an integer >= 0"},
        {doc(svc + R"({"capacity": 1, "rate_limit": 5})"), "service.rate_limit: must be an object"},
        {doc(svc + R"({"capacity": 1, "rate_limit": {}})"), "service.rate_limit.per_second: required"},
        {doc(svc + R"({"capacity": 1, "rate_limit": {"per_second": 0}})"),
         "service.rate_limit.per_second: must be > 0"},
        {doc(svc + R"({"capacity": 1, "rate_limit": {"per_second": 1, "burst": 0.5}})"),
         "service.rate_limit.burst: must be >= 1"},
        // user text in messages is escaped and shortened
        {doc(T + R"(, "limit": {"kind": "a\nbcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"})"),
         R"(limit.kind: unknown kind "a\nbcdefghijklmnopqrstuvwxyzabcdefghijklm..." (expected none, )"
         R"(semaphore, bounded_semaphore, semaphore_per_task, queue, manual, chunks, rate, adaptive, connector or scheduler))"},
    };
    for (const Case& c : cases) {
        INFO(c.input);
        CHECK(errorOf(c.input) == c.error);
    }
}

TEST_CASE("rates are at least one per 10^9 s and latency targets at most 10^9 s", "[loader]") {
    // 1 / rate is a wait the program derives (the rate limiter's gap between
    // starts): like every time of a scenario it is capped at 10^9 s, or a run
    // would crawl towards it a day per loop iteration.
    const std::string tiny = "must be at least 1e-9 per second (one per 10^9 s, the longest time a scenario holds)";
    CHECK(errorOf(doc(R"("tasks": [], "limit": {"kind": "rate", "max_per_second": 1e-300})")) ==
          "limit.max_per_second: " + tiny);
    CHECK(errorOf(doc(R"("tasks": [], "service": {"capacity": 1, "rate_limit": {"per_second": 1e-10}})")) ==
          "service.rate_limit.per_second: " + tiny);
    CHECK(load(doc(R"("tasks": [], "limit": {"kind": "rate", "max_per_second": 1e-9})")).limit.maxPerSecond == 1e-9);
    CHECK(errorOf(doc(R"("tasks": [], "limit": {"kind": "adaptive", "initial": 1, "min": 1, "max": 2,
                         "latency_target": 2e9})")) == "limit.latency_target: must be at most 1e9 seconds (about 31 years)");
}

TEST_CASE("the release pitfall flags need a semaphore kind of limit", "[loader]") {
    // Spec section 1: forget_release and release_twice act on a semaphore's
    // permits; the connector extension is a Semaphore(limit) with the same flags.
    const std::string flagged = R"("tasks": [{"steps": []}, {"steps": [], "forget_release": true},
                                              {"steps": [], "release_twice": true}])";
    for (const char* limit : {R"({"kind": "semaphore", "value": 1})", R"({"kind": "bounded_semaphore", "value": 1})",
                              R"({"kind": "semaphore_per_task", "value": 1})", R"({"kind": "connector", "value": 1})"}) {
        INFO(limit);
        const auto s = load(doc(flagged + R"(, "limit": )" + limit));
        CHECK(s.tasks[1].forgetRelease);
        CHECK(s.tasks[2].releaseTwice);
    }
    for (const char* limit :
         {R"({"kind": "none"})", R"({"kind": "queue", "workers": 2})", R"({"kind": "manual", "value": 2})",
          R"({"kind": "chunks", "size": 2})", R"({"kind": "rate", "max_per_second": 2, "max_at_once": 1})",
          R"({"kind": "adaptive", "initial": 1, "min": 1, "max": 2, "latency_target": 1})",
          R"({"kind": "scheduler", "limit": 2})"}) {
        INFO(limit);
        CHECK(errorOf(doc(flagged + R"(, "limit": )" + limit)) == "tasks[1].forget_release: needs a semaphore limit");
    }
    CHECK(errorOf(doc(R"("tasks": [{"steps": [], "release_twice": true}])")) ==
          "tasks[0].release_twice: needs a semaphore limit");
    CHECK(errorOf(doc(R"("tasks": [{"steps": [], "release_twice": false, "forget_release": false}],
                         "limit": {"kind": "queue", "workers": 1})")) == "(loaded)");
}

TEST_CASE("errors carry the field path and the message apart", "[loader]") {
    const auto r = parseScenario(doc(R"("tasks": [{"steps": [{"io": -1}]}])"));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error->path == "tasks[0].steps[0].io");
    CHECK(r.error->message == "must be >= 0");
    const auto whole = parseScenario("[]");
    CHECK(whole.error->path.empty());
}

TEST_CASE("text that is not JSON is rejected as such", "[loader]") {
    for (const std::string& bad : {std::string(), std::string("{"), std::string(R"({"format": )"),
                                  std::string("{'format': 1}"), std::string("[1, 2,]"),
                                  std::string("{\"a\": \"\xff\"}"), std::string("{} {}"),
                                  std::string("\"unterminated"), std::string("NaN")}) {
        INFO(bad);
        const auto r = parseScenario(bad);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error->path.empty());
        CHECK(r.error->message.rfind("not JSON: ", 0) == 0);
    }
    CHECK(errorOf("{") == "not JSON: parse error at line 1, column 2: syntax error while parsing "
                         "object key - unexpected end of input; expected string literal");
}

TEST_CASE("deep nesting is refused before it costs anything", "[loader]") {
    const std::string deep(100000, '[');
    CHECK(errorOf(deep) == "nested more than 64 levels deep");
    std::string objects;
    for (int i = 0; i < 100000; ++i) objects += R"({"a":)";
    CHECK(errorOf(objects) == "nested more than 64 levels deep");
    // 64 levels are fine (the limit is on depth, not on the document)
    std::string ok = doc(R"("tasks": [], "x": )" + std::string(62, '[') + std::string(62, ']'));
    CHECK(errorOf(ok) == "(loaded)");
    std::string tooDeep = doc(R"("tasks": [], "x": )" + std::string(64, '[') + std::string(64, ']'));
    CHECK(errorOf(tooDeep) == "nested more than 64 levels deep");
}

TEST_CASE("task and step counts are capped with a clear message", "[loader]") {
    cs::ParseOptions o;
    o.maxTasks = 3;
    o.maxStepsTotal = 5;
    const std::string five = doc(R"("tasks": [{"steps": []}, {"steps": []}, {"steps": []},
                                               {"steps": []}, {"steps": []}])");
    CHECK(errorOf(five, o) == "tasks: 5 tasks is more than the limit of 3");
    const std::string seven = doc(R"("tasks": [{"steps": [{"io": 1}, {"io": 1}, {"io": 1}]},
                                               {"steps": [{"io": 1}, {"io": 1}, {"io": 1}, {"io": 1}]}])");
    CHECK(errorOf(seven, o) == "tasks: 7 steps in all is more than the limit of 5");
    // an error before the cap still wins
    const std::string badFirst = doc(R"("tasks": [{"steps": [{"io": -1}]}, {"steps": []}, {"steps": []},
                                                  {"steps": []}])");
    CHECK(errorOf(badFirst, o) == "tasks[0].steps[0].io: must be >= 0");
    // options can only lower the hard caps
    cs::ParseOptions huge;
    huge.maxTasks = cs::kMaxTasks * 10;
    CHECK(errorOf(doc(R"("generate": {"count": 12000000, "steps": []})"), huge) ==
          "generate.count: 12000000 tasks is more than the limit of 10000000");
}

TEST_CASE("bad scenario files in tests/data/bad give their expected error line", "[loader]") {
    const auto files = filesIn(fs::path(COROSCOPE_TEST_DATA_DIR) / "bad", ".json");
    REQUIRE(files.size() >= 10);
    for (const auto& f : files) {
        INFO(f.string());
        fs::path expectedFile = f;
        expectedFile.replace_extension(".expected");
        REQUIRE(fs::exists(expectedFile));
        std::string expected = readText(expectedFile);
        while (!expected.empty() && (expected.back() == '\n' || expected.back() == '\r')) expected.pop_back();
        const auto r = cs::loadScenarioFile(f.string());
        REQUIRE_FALSE(r.ok());
        CHECK(r.error->what() == expected);
    }
}

TEST_CASE("a file that cannot be read names the file and the reason", "[loader]") {
    const std::string missing = "/nonexistent-dir/coroscope-missing.json";
    const auto r = cs::loadScenarioFile(missing);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error->path.empty());
    CHECK(r.error->message == missing + ": cannot read file: No such file or directory");
    const auto dir = cs::loadScenarioFile(fs::temp_directory_path().string());
    REQUIRE_FALSE(dir.ok());
    CHECK(dir.error->message.find("cannot read file: Is a directory") != std::string::npos);
}

TEST_CASE("a file is parsed like the same text", "[loader]") {
    const fs::path p = fs::temp_directory_path() / "coroscope-test-loader.json";
    const std::string text = doc(R"("tasks": [{"steps": [{"io": 0.25}], "arrive": 1}])");
    {
        std::ofstream out(p, std::ios::binary);
        out << text;
    }
    const auto r = cs::loadScenarioFile(p.string());
    fs::remove(p);
    REQUIRE(r.ok());
    CHECK(*r.scenario == *parseScenario(text).scenario);
}

TEST_CASE("a UTF-8 byte order mark before the document is skipped", "[loader]") {
    const std::string text = "\xEF\xBB\xBF" + doc(R"("tasks": [{"steps": [{"io": 0.5}]}])");
    CHECK(load(text).tasks.size() == 1);
    const fs::path p = fs::temp_directory_path() / "coroscope-test-loader-bom.json";
    {
        std::ofstream out(p, std::ios::binary);
        out << text;
    }
    const auto r = cs::loadScenarioFile(p.string());
    fs::remove(p);
    REQUIRE(r.ok());
    CHECK(r.scenario->tasks.size() == 1);
}

TEST_CASE("a NUL byte is named with a hint of what the file is, not as an end of input", "[loader]") {
    CHECK(errorOf(std::string("\x01\0\0\0", 4)) == "not JSON: a NUL byte at line 1, column 2 (UTF-16 text? save it as UTF-8)");
    CHECK(errorOf(std::string("\xC0\0\0\0", 4)) == "not JSON: a NUL byte at line 1, column 2 (a binary file?)");
    CHECK(errorOf(doc("\n  \"tasks\": [\n  ]") + std::string("\0", 1)) ==
          "not JSON: a NUL byte at line 3, column 5 (a binary file?)");
    // UTF-16, as Windows' Notepad may save it: a byte order mark, then NULs between ASCII.
    CHECK(errorOf(std::string("\xFF\xFE{\0}\0", 6)) ==
          "not JSON: a NUL byte at line 1, column 4 (UTF-16 text? save it as UTF-8)");
    CHECK(errorOf(std::string("{\0\"\0", 4)) == "not JSON: a NUL byte at line 1, column 2 (UTF-16 text? save it as UTF-8)");
}

TEST_CASE("bytes of the file that are not UTF-8 are escaped in the message", "[loader]") {
    const std::string e = errorOf(doc(R"("title": "caf)" "\xE9" R"(", "tasks": [])"));
    INFO(e);
    CHECK(e.rfind("not JSON: ", 0) == 0);
    CHECK(e.find("\\xe9") != std::string::npos);
    CHECK(e.find('\xE9') == std::string::npos);
}

TEST_CASE("an integer too large for 64 bits reads as the number it denotes", "[loader]") {
    // simdjson refuses such integers; the streaming parser reads them as
    // floats, as the loader always has.
    CHECK(errorOf(doc(R"("tasks": [], "note": 123456789012345678901234567890)")) == "(loaded)");
    CHECK(errorOf(doc(R"("tasks": [{"steps": [{"io": 123456789012345678901234567890}]}])")) ==
          "tasks[0].steps[0].io: must be at most 1e9 seconds (about 31 years)");
}

TEST_CASE("the fast and the streaming parser read every document the same way", "[loader]") {
    // simdjson reads documents, SaxBuilder reads what simdjson refuses: the
    // scenario or the error must not depend on which one did.
    std::vector<std::string> docs = {
        doc(R"("tasks": [{"steps": [{"io": 1}, {"cpu": 0.5}, {"raise": "ValueError"}], "arrive": 2.0}])"),
        doc(R"("tasks": [{"steps": [{"io": 1, "io": 2}]}])"),  // a repeated step key counts once
        doc(R"("tasks": [{"steps": [{"io": 1, "cpu": 2}]}])"),
        doc(R"("tasks": [{"steps": [{}]}])"),
        doc(R"("tasks": [{"steps": null, "steps": [{"io": 1}]}])"),  // the last of a repeated key wins
        doc(R"("tasks": [{"steps": [{"io": 1}], "steps": null}])"),
        doc(R"("tasks": [{"steps": [{"io": -1}]}], "tasks": [{"steps": [{"io": 1}]}])"),
        doc(R"("tasks": [{"steps": [{"io": 1}]}], "tasks": null, "generate": {"count": 2, "steps": [{"io": 1}]})"),
        doc(R"("tasks": [{"steps": [{"io": 1}]}], "tasks": 5)"),
        doc(R"("tasks": [{"steps": [{"io": "1"}]}])"),
        doc(R"("tasks": [{"steps": [{"io": 1e400}]}])"),
        doc(R"("tasks": [{"steps": [{"io": -0.0}], "timeout": null, "ignore_cancel": 1}])"),
        doc(R"("tasks": [{"steps": [{"raise": "not a name"}]}])"),
        doc(R"("tasks": [{"steps": [{"sleep": 1}]}])"),
        doc(R"("tasks": [7])"),
        doc(R"("title": "caf\u00e9 \ud83d\ude00", "tasks": [], "limit": {"kind": "semaphore", "value": 3})"),
        doc(R"("tasks": [], "limit": {"kind": "semaphore", "value": 3, "value": 2.0})"),
        doc(R"("tasks": [], "x": [[[[[[[[[[]]]]]]]]]])"),
        doc(R"("tasks": [{"steps": [{"io": 1}]}, {"steps": [{"call": 1}]}])"),
        // The plain task list is scanned without a parser's tree: every
        // shape it takes or hands back must read as the parsers read it.
        doc(R"("tasks" : [ { "steps" : [ { "io" : 1.5 } , { "raise" : "E" } ] , "arrive" : 0.25 ,
            "timeout" : null , "ignore_cancel" : true , "forget_release" : false , "release_twice" : null } ] )"),
        doc(R"("tasks": [{"arrive": 3, "steps": [{"call": 1e-7}, {"thread": 123456789.123456789},
            {"process": 999999999.9999999}, {"increment": 0}, {"cpu": 5e-324}]}])"),
        doc(R"("tasks": [{"steps": [{"io": 1000000000.0000001}]}])"),
        doc(R"("tasks": [{"steps": [{"io": 1}], "arrive": 1, "arrive": 2}])"),
        doc(R"("tasks": [{"steps": [{"io": 1}], "name": "x"}])"),
        doc(R"("tasks": [{"arrive": 1}])"),
        doc(R"("tasks": [{"steps": [{"io": 1x}]}])"),
        doc(R"("tasks": [{"steps": [{"io": 1},]}])"),
        doc(R"("tasks": [{"steps": [{"io": 1}], "timeout": -0.0, "ignore_cancel": null}])"),
        doc(R"("tasks": [{"steps": [{"raise": "E\u0041"}]}])"),
        doc(R"("tasks": [{"steps": [{"raise": "café"}]}])"),
        doc(R"("tasks": [{"steps": [{"io": 1}]}], "t\u0061sks": [{"steps": [{"io": 2}]}])"),
        doc(R"("title": "\"tasks\": [", "other": {"tasks": [1, {"a": "]"}]}, "tasks": [{"steps": [{"io": 2}]}])"),
        doc(R"("tasks": [{"steps": [{"io": 1}]}], "limit": {"kind": "semaphore", "value": tru})"),
        doc(R"("tasks": [{"steps": [{"io": 1}]}]} trailing)"),
        R"({"tasks": []})",
        "[1, 2]",
        "{} {}",
        "{\"format\": \"coroscope-scenario/1\", \"tasks\": [],}",
    };
    for (const auto& dir : {fs::path(COROSCOPE_EXAMPLES_DIR), fs::path(COROSCOPE_TEST_DATA_DIR) / "bad"})
        for (const auto& f : filesIn(dir, ".json")) docs.push_back(readText(f));
    cs::ParseOptions streaming;
    streaming.streamingOnly = true;
    for (const std::string& text : docs) {
        INFO(text.substr(0, 200));
        const auto fast = parseScenario(text);
        const auto slow = parseScenario(text, streaming);
        REQUIRE(fast.ok() == slow.ok());
        if (fast.ok()) CHECK(*fast.scenario == *slow.scenario);
        else CHECK(fast.error->what() == slow.error->what());
    }
}

TEST_CASE("a large task list reads the same through the scanner and the streaming parser", "[loader]") {
    // From 1 MiB up the loader reserves room ahead; the scenario must not
    // depend on it, nor on which reader took the tasks.
    std::string tasks;
    for (int i = 0; i < 40000; ++i) {
        if (i) tasks += ",\n";
        tasks += R"({"steps": [{"io": )" + std::to_string(i % 97) + "." + std::to_string(i % 13) +
                 R"(}, {"cpu": 0.001}], "arrive": )" + std::to_string(i / 1000) + "}";
    }
    const std::string text = doc(R"("limit": {"kind": "semaphore", "value": 10}, "tasks": [)" + tasks + "]");
    REQUIRE(text.size() >= (std::size_t{1} << 20));
    cs::ParseOptions streaming;
    streaming.streamingOnly = true;
    const auto fast = parseScenario(text);
    const auto slow = parseScenario(text, streaming);
    REQUIRE(fast.ok());
    REQUIRE(slow.ok());
    CHECK(fast.scenario->tasks.size() == 40000);
    CHECK(*fast.scenario == *slow.scenario);
}

TEST_CASE("toJson writes explicit tasks and leaves out defaults", "[loader]") {
    const auto s = load(doc(R"("title": "t", "tasks": [{"steps": [{"io": 1}], "arrive": 0,
        "timeout": 2, "ignore_cancel": true, "release_twice": false}],
        "limit": {"kind": "none"}, "collect": {"kind": "gather", "return_exceptions": false},
        "executor": {"max_workers": 4})"));
    const auto j = nlohmann::json::parse(cs::toJson(s));
    const auto expected = nlohmann::json::parse(R"({"format": "coroscope-scenario/1", "title": "t",
        "tasks": [{"steps": [{"io": 1.0}], "timeout": 2.0, "ignore_cancel": true}]})");
    CHECK(j == expected);
}

TEST_CASE("toJson lays out like Python's json.dumps with indent", "[loader]") {
    const auto s = load(doc(R"("tasks": [{"steps": [{"io": 0.1}, {"raise": "E"}]}, {"steps": []}],
                               "limit": {"kind": "semaphore", "value": 2})"));
    CHECK(cs::toJson(s) ==
          "{\n"
          " \"format\": \"coroscope-scenario/1\",\n"
          " \"limit\": {\n"
          "  \"kind\": \"semaphore\",\n"
          "  \"value\": 2\n"
          " },\n"
          " \"tasks\": [\n"
          "  {\n"
          "   \"steps\": [\n"
          "    {\n"
          "     \"io\": 0.1\n"
          "    },\n"
          "    {\n"
          "     \"raise\": \"E\"\n"
          "    }\n"
          "   ]\n"
          "  },\n"
          "  {\n"
          "   \"steps\": []\n"
          "  }\n"
          " ]\n"
          "}");
    CHECK(cs::toJson(s, -1) ==
          R"({"format":"coroscope-scenario/1","limit":{"kind":"semaphore","value":2},)"
          R"("tasks":[{"steps":[{"io":0.1},{"raise":"E"}]},{"steps":[]}]})");
}

TEST_CASE("toJson keeps every double exactly and escapes text", "[loader]") {
    cs::Scenario s;
    s.title = "quote \" backslash \\ newline \n tab \t nul " + std::string(1, '\0') + " caf\xc3\xa9";
    s.description = "# Heading\n\n*md*";
    // Times are bounded by 1e9 s; within that, every double survives.
    for (double d : {0.1, 1.0 / 3.0, 1e-300, 5e-324, 999999999.99999988, 123456789.123456789, 1e9,
                     0.30000000000000004, 2.5e-7}) {
        cs::TaskSpec t;
        t.firstStep = static_cast<std::uint32_t>(s.steps.size());
        t.stepCount = 1;
        t.arrive = d;
        t.timeout = d;
        s.steps.push_back(cs::Step{d, cs::StepKind::Cpu, 0});
        s.tasks.push_back(t);
    }
    s.limit.kind = cs::LimitKind::Adaptive;
    s.limit.initial = 2;
    s.limit.min = 1;
    s.limit.max = 9007199254740992;
    s.limit.latencyTarget = 0.123;
    s.collect.kind = cs::CollectKind::Wait;
    s.collect.returnWhen = cs::ReturnWhen::FirstException;
    s.collect.timeout = 3.5;
    s.collect.cancelOnReturn = true;
    s.maxWorkers = 7;
    s.service = cs::Service{4, 2, cs::RateLimit{2.5, 3.0}};
    const std::string text = cs::toJson(s);
    const auto back = parseScenario(text);
    INFO(text);
    REQUIRE(back.ok());
    CHECK(*back.scenario == s);
    // The other readers of our files get the same values too.
    const auto j = nlohmann::json::parse(text);
    CHECK(j["title"].get<std::string>() == s.title);
    CHECK(j["tasks"][1]["steps"][0]["cpu"].get<double>() == 1.0 / 3.0);
}

TEST_CASE("every kind of limit and collector survives the round trip", "[loader]") {
    const std::vector<std::string> limits = {
        R"({"kind": "semaphore", "value": 0, "schedule": [{"at": 0, "value": 3}, {"at": 0.5, "value": 1}]})",
        R"({"kind": "bounded_semaphore", "value": 2})",
        R"({"kind": "semaphore_per_task", "value": 2})",
        R"({"kind": "queue", "workers": 3, "maxsize": 2})",
        R"({"kind": "manual", "value": 3})",
        R"({"kind": "chunks", "size": 3})",
        R"({"kind": "rate", "max_per_second": 4})",
        R"({"kind": "rate", "max_per_second": 0.25, "max_at_once": 3})",
        R"({"kind": "adaptive", "initial": 2, "min": 1, "max": 16, "latency_target": 0.75})",
    };
    const std::vector<std::string> collects = {
        R"({"kind": "gather", "return_exceptions": true})",
        R"({"kind": "wait"})",
        R"({"kind": "wait", "return_when": "FIRST_COMPLETED", "timeout": 1.5, "on_return": "cancel"})",
        R"({"kind": "as_completed", "timeout": 0})",
        R"({"kind": "taskgroup"})",
        R"({"kind": "sequential"})",
    };
    for (const auto& l : limits) {
        for (const auto& c : collects) {
            const std::string text = doc(R"("tasks": [{"steps": [{"call": 1}]}], "limit": )" + l +
                                         R"(, "collect": )" + c +
                                         R"(, "service": {"capacity": 2, "queue_limit": 1})");
            INFO(text);
            const auto s = load(text);
            const auto back = parseScenario(cs::toJson(s, -1));
            REQUIRE(back.ok());
            CHECK(*back.scenario == s);
        }
    }
}

// ------------------------------------------------------------------ format extensions
// docs/format-extensions.md: process steps + process_pool, connector,
// scheduler, increment steps + counter.

TEST_CASE("format extensions load into their fields", "[loader][extensions]") {
    const auto s = load(doc(R"("tasks": [{"steps": [{"process": 1.5}, {"increment": 0.25}]}],
        "process_pool": {"max_workers": 3}, "counter": {"lock": true})"));
    REQUIRE(s.steps.size() == 2);
    CHECK(s.steps[0].kind == cs::StepKind::Process);
    CHECK(s.steps[0].duration == 1.5);
    CHECK(s.steps[1].kind == cs::StepKind::Increment);
    CHECK(s.steps[1].duration == 0.25);
    CHECK(s.processWorkers == 3);
    CHECK(s.hasCounter);
    CHECK(s.counterLock);
    CHECK(s.usesCounter());

    const auto d = load(doc(R"("tasks": [{"steps": [{"increment": 0}]}])"));
    CHECK(d.processWorkers == 2);  // default
    CHECK_FALSE(d.hasCounter);
    CHECK_FALSE(d.counterLock);
    CHECK(d.usesCounter());        // traced even without a "counter" object
    CHECK_FALSE(load(doc(R"("tasks": [{"steps": [{"io": 1}]}])")).usesCounter());
    const auto unlocked = load(doc(R"("tasks": [], "counter": {})"));
    CHECK(unlocked.hasCounter);
    CHECK_FALSE(unlocked.counterLock);

    auto limitOf = [](const std::string& limit) {
        return load(doc(R"("tasks": [], "limit": )" + limit)).limit;
    };
    const auto c = limitOf(R"({"kind": "connector", "value": 4})");
    CHECK(c.kind == cs::LimitKind::Connector);
    CHECK(c.value == 4);
    const auto sch = limitOf(R"({"kind": "scheduler", "limit": 3, "pending_limit": 2})");
    CHECK(sch.kind == cs::LimitKind::Scheduler);
    CHECK(sch.value == 3);
    CHECK(sch.pendingLimit == 2);
    CHECK(limitOf(R"({"kind": "scheduler", "limit": 1})").pendingLimit == 0);  // default: no bound
}

TEST_CASE("generate takes process and increment steps", "[loader][extensions]") {
    const auto s = load(doc(R"("generate": {"count": 2, "steps": [{"process": 1}, {"increment": {"dist": "const", "value": 0.5}}]})"));
    REQUIRE(s.steps.size() == 4);
    CHECK(s.steps[2].kind == cs::StepKind::Process);
    CHECK(s.steps[3].kind == cs::StepKind::Increment);
    CHECK(s.steps[3].duration == 0.5);
}

TEST_CASE("bad extension fields are rejected with the path and the rule", "[loader][extensions]") {
    struct Case {
        std::string input;
        std::string error;
    };
    const std::string T = R"("tasks": [{"steps": [{"io": 1}]}])";
    const std::vector<Case> cases = {
        {doc(R"("tasks": [{"steps": [{"process": -1}]}])"), "tasks[0].steps[0].process: must be >= 0"},
        {doc(R"("tasks": [{"steps": [{"io": 1}, {"increment": "x"}]}])"),
         "tasks[0].steps[1].increment: must be a number"},
        {doc(T + R"(, "process_pool": 2)"), "process_pool: must be an object"},
        {doc(T + R"(, "process_pool": {"max_workers": 0})"), "process_pool.max_workers: must be an integer >= 1"},
        {doc(T + R"(, "process_pool": {"max_workers": 2.5})"), "process_pool.max_workers: must be an integer >= 1"},
        {doc(T + R"(, "counter": true)"), "counter: must be an object"},
        {doc(T + R"(, "counter": {"lock": 1})"), "counter.lock: must be true or false"},
        {doc(T + R"(, "limit": {"kind": "connector"})"), "limit.value: required"},
        {doc(T + R"(, "limit": {"kind": "connector", "value": 0})"), "limit.value: must be an integer >= 1"},
        {doc(T + R"(, "limit": {"kind": "scheduler", "value": 2})"), "limit.limit: required"},
        {doc(T + R"(, "limit": {"kind": "scheduler", "limit": 0})"), "limit.limit: must be an integer >= 1"},
        {doc(T + R"(, "limit": {"kind": "scheduler", "limit": 2, "pending_limit": -1})"),
         "limit.pending_limit: must be an integer >= 0"},
        {doc(T + R"(, "limit": {"kind": "connector", "value": 2, "schedule": []})"),
         "limit.schedule: only a semaphore limit takes a schedule"},
    };
    for (const Case& c : cases) {
        INFO(c.input);
        CHECK(errorOf(c.input) == c.error);
    }
}

TEST_CASE("format extensions survive the round trip and defaults stay out", "[loader][extensions]") {
    const std::vector<std::string> docs = {
        R"("tasks": [{"steps": [{"process": 2}, {"io": 1}]}], "process_pool": {"max_workers": 1})",
        R"("tasks": [{"steps": [{"process": 2}]}], "process_pool": {"max_workers": 2})",
        R"("tasks": [{"steps": [{"increment": 0.5}]}, {"steps": [{"increment": 0.5}]}], "counter": {"lock": true})",
        R"("tasks": [{"steps": [{"increment": 0.5}]}], "counter": {"lock": false})",
        R"("tasks": [{"steps": [{"increment": 0.5}]}])",
        R"("tasks": [{"steps": [{"io": 1}]}], "limit": {"kind": "connector", "value": 3})",
        R"("tasks": [{"steps": [{"io": 1}]}], "limit": {"kind": "scheduler", "limit": 2, "pending_limit": 1})",
        R"("tasks": [{"steps": [{"io": 1}]}], "limit": {"kind": "scheduler", "limit": 2})",
    };
    for (const auto& d : docs) {
        INFO(d);
        const auto s = load(doc(d));
        const std::string text = cs::toJson(s, -1);
        const auto back = parseScenario(text);
        REQUIRE(back.ok());
        CHECK(*back.scenario == s);
    }
    const auto plain = load(doc(R"("tasks": [{"steps": [{"process": 1}]}])"));
    const std::string text = cs::toJson(plain, -1);
    CHECK(text.find("process_pool") == std::string::npos);
    CHECK(text.find("counter") == std::string::npos);
    const auto sch = nlohmann::json::parse(cs::toJson(load(doc(
        R"("tasks": [], "limit": {"kind": "scheduler", "limit": 2, "pending_limit": 5})")), -1));
    CHECK(sch["limit"] == nlohmann::json::parse(R"({"kind": "scheduler", "limit": 2, "pending_limit": 5})"));
}
