// Program: the scenario's asyncio program and the asyncio.run() life cycle,
// run through Simulation. Expected traces are what the CPython oracle prints
// for the same scenario (python3 tests/reference/coroscope_ref.py FILE
// --trace -), compared on the spec's own event kinds.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/scenario_run.h"

using namespace cs::test;
using cs::EvKind;
using cs::Outcome;

namespace {

using Lines = std::vector<std::string>;

Lines spec(const Run& r) { return specLines(r.events, r.symbols); }

Outcome outcomeOf(const Run& r) {
    REQUIRE_FALSE(r.events.empty());
    REQUIRE(r.events.back().kind == EvKind::End);
    return static_cast<Outcome>(r.events.back().arg);
}

}  // namespace

TEST_CASE("a program that can make no progress is interrupted: outcome deadlock, waiting tasks cancelled") {
    const Run r = runScenario(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 1.0}], "forget_release": true},
                  {"steps": [{"io": 1.0}]},
                  {"steps": [{"io": 2.0}], "arrive": 0.5}],
        "limit": {"kind": "semaphore", "value": 1}})");
    CHECK(outcomeOf(r) == Outcome::Deadlock);
    CHECK(spec(r) == Lines{
        R"({"t": 0.0, "ev": "created", "task": 0})",
        R"({"t": 0.0, "ev": "request", "task": 0})",
        R"({"t": 0.0, "ev": "running", "task": 0})",
        R"({"t": 0.0, "ev": "created", "task": 1})",
        R"({"t": 0.0, "ev": "request", "task": 1})",
        R"({"t": 0.0, "ev": "created", "task": 2})",
        R"({"t": 0.5, "ev": "request", "task": 2})",
        R"({"t": 1.0, "ev": "done", "task": 0})",
        R"({"t": 1.0, "ev": "cancelled", "task": 1})",
        R"({"t": 1.0, "ev": "cancelled", "task": 2})",
        R"({"t": 1.0, "ev": "end", "outcome": "deadlock"})",
    });
}

TEST_CASE("tasks still pending when main returns are cancelled by asyncio.run, swallowers end done") {
    const Run r = runScenario(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 5.0}]},
                  {"steps": [{"io": 5.0}], "ignore_cancel": true}],
        "collect": {"kind": "wait", "return_when": "FIRST_COMPLETED"}})");
    CHECK(outcomeOf(r) == Outcome::Ok);
    CHECK(spec(r) == Lines{
        R"({"t": 0.0, "ev": "created", "task": 0})",
        R"({"t": 0.0, "ev": "request", "task": 0})",
        R"({"t": 0.0, "ev": "running", "task": 0})",
        R"({"t": 0.0, "ev": "created", "task": 1})",
        R"({"t": 0.0, "ev": "request", "task": 1})",
        R"({"t": 0.0, "ev": "running", "task": 1})",
        R"({"t": 0.0, "ev": "created", "task": 2})",
        R"({"t": 0.0, "ev": "request", "task": 2})",
        R"({"t": 0.0, "ev": "running", "task": 2})",
        R"({"t": 1.0, "ev": "done", "task": 0})",
        R"({"t": 1.0, "ev": "result", "task": 0, "ok": true})",
        R"({"t": 1.0, "ev": "pending", "task": 1})",
        R"({"t": 1.0, "ev": "pending", "task": 2})",
        R"({"t": 1.0, "ev": "collected"})",
        R"({"t": 1.0, "ev": "cancelled", "task": 1})",
        R"({"t": 1.0, "ev": "done", "task": 2, "note": "swallowed cancel"})",
        R"({"t": 1.0, "ev": "end", "outcome": "ok"})",
    });
}

TEST_CASE("a Ctrl-C that the program swallows is not a deadlock") {
    // sequential: main runs task 1 inline; the interrupt's cancel lands in
    // task 1, which swallows it, so main returns normally.
    const Run r = runScenario(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 1.0}], "forget_release": true},
                  {"steps": [{"io": 1.0}], "ignore_cancel": true}],
        "limit": {"kind": "semaphore", "value": 1}, "collect": {"kind": "sequential"}})");
    CHECK(outcomeOf(r) == Outcome::Ok);
    CHECK(spec(r) == Lines{
        R"({"t": 0.0, "ev": "created", "task": 0})",
        R"({"t": 0.0, "ev": "request", "task": 0})",
        R"({"t": 0.0, "ev": "running", "task": 0})",
        R"({"t": 1.0, "ev": "done", "task": 0})",
        R"({"t": 1.0, "ev": "result", "task": 0, "ok": true})",
        R"({"t": 1.0, "ev": "created", "task": 1})",
        R"({"t": 1.0, "ev": "request", "task": 1})",
        R"({"t": 1.0, "ev": "done", "task": 1, "note": "swallowed cancel"})",
        R"({"t": 1.0, "ev": "result", "task": 1, "ok": true})",
        R"({"t": 1.0, "ev": "collected"})",
        R"({"t": 1.0, "ev": "end", "outcome": "ok"})",
    });
}

TEST_CASE("a second deadlock after a swallowed Ctrl-C raises KeyboardInterrupt: outcome deadlock") {
    const Run r = runScenario(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 1.0}], "forget_release": true},
                  {"steps": [{"io": 1.0}], "ignore_cancel": true},
                  {"steps": [{"io": 1.0}]}],
        "limit": {"kind": "semaphore", "value": 1}, "collect": {"kind": "sequential"}})");
    CHECK(outcomeOf(r) == Outcome::Deadlock);
    const Lines lines = spec(r);
    REQUIRE(lines.size() >= 4);
    CHECK(Lines(lines.end() - 4, lines.end()) == Lines{
        R"({"t": 1.0, "ev": "created", "task": 2})",
        R"({"t": 1.0, "ev": "request", "task": 2})",
        R"({"t": 1.0, "ev": "cancelled", "task": 2})",
        R"({"t": 1.0, "ev": "end", "outcome": "deadlock"})",
    });
}

TEST_CASE("an exception escaping the collector is raised by asyncio.run and the rest are cancelled") {
    const Run r = runScenario(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 1.0}, {"raise": "ValueError"}]}, {"steps": [{"io": 3.0}]}],
        "collect": {"kind": "gather"}})");
    CHECK(outcomeOf(r) == Outcome::Raised);
    CHECK(r.symbols.name(r.events.back().task) == "ValueError");
    CHECK(spec(r) == Lines{
        R"({"t": 0.0, "ev": "created", "task": 0})",
        R"({"t": 0.0, "ev": "request", "task": 0})",
        R"({"t": 0.0, "ev": "running", "task": 0})",
        R"({"t": 0.0, "ev": "created", "task": 1})",
        R"({"t": 0.0, "ev": "request", "task": 1})",
        R"({"t": 0.0, "ev": "running", "task": 1})",
        R"({"t": 1.0, "ev": "failed", "task": 0})",
        R"({"t": 1.0, "ev": "raise", "exc": "ValueError"})",
        R"({"t": 1.0, "ev": "cancelled", "task": 1})",
        R"({"t": 1.0, "ev": "end", "outcome": "raised:ValueError"})",
    });
}

TEST_CASE("a task group's failure cancels the siblings and asyncio.run raises ExceptionGroup") {
    const Run r = runScenario(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 3.0}]}, {"steps": [{"io": 1.0}, {"raise": "Boom"}]}, {"steps": [{"io": 2.0}]}],
        "collect": {"kind": "taskgroup"}})");
    CHECK(outcomeOf(r) == Outcome::Raised);
    const Lines lines = spec(r);
    REQUIRE(lines.size() == 14);
    CHECK(Lines(lines.begin() + 9, lines.end()) == Lines{
        R"({"t": 1.0, "ev": "failed", "task": 1})",
        R"({"t": 1.0, "ev": "cancelled", "task": 0})",
        R"({"t": 1.0, "ev": "cancelled", "task": 2})",
        R"({"t": 1.0, "ev": "raise", "exc": "ExceptionGroup"})",
        R"({"t": 1.0, "ev": "end", "outcome": "raised:ExceptionGroup"})",
    });
}

TEST_CASE("tasks queued for a permit when their group fails are cancelled where they wait") {
    // Lean tasks wait as their own waiter futures: the woken one (task 1)
    // runs before the cancellation reaches it, the others are cancelled in
    // the queue and wake no one. Expected: the CPython oracle's trace.
    const Run r = runScenario(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 1.0}, {"raise": "ValueError"}]},
                  {"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}],
        "limit": {"kind": "semaphore", "value": 1},
        "collect": {"kind": "taskgroup"}})");
    CHECK(outcomeOf(r) == Outcome::Raised);
    const Lines lines = spec(r);
    REQUIRE(lines.size() == 16);
    CHECK(Lines(lines.begin() + 9, lines.end()) == Lines{
        R"({"t": 1.0, "ev": "failed", "task": 0})",
        R"({"t": 1.0, "ev": "running", "task": 1})",
        R"({"t": 1.0, "ev": "cancelled", "task": 1})",
        R"({"t": 1.0, "ev": "cancelled", "task": 2})",
        R"({"t": 1.0, "ev": "cancelled", "task": 3})",
        R"({"t": 1.0, "ev": "raise", "exc": "ExceptionGroup"})",
        R"({"t": 1.0, "ev": "end", "outcome": "raised:ExceptionGroup"})",
    });
}

TEST_CASE("a task with a timeout asks for its permit one iteration after its neighbours") {
    // wait_for wraps job(1) in an inner task, so task 2 gets ahead of task 1.
    const Run r = runScenario(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}], "timeout": 5.0}, {"steps": [{"io": 1.0}]}],
        "limit": {"kind": "semaphore", "value": 1}})");
    CHECK(spec(r) == Lines{
        R"({"t": 0.0, "ev": "created", "task": 0})",
        R"({"t": 0.0, "ev": "request", "task": 0})",
        R"({"t": 0.0, "ev": "running", "task": 0})",
        R"({"t": 0.0, "ev": "created", "task": 2})",
        R"({"t": 0.0, "ev": "request", "task": 2})",
        R"({"t": 0.0, "ev": "created", "task": 1})",
        R"({"t": 0.0, "ev": "request", "task": 1})",
        R"({"t": 1.0, "ev": "done", "task": 0})",
        R"({"t": 1.0, "ev": "running", "task": 2})",
        R"({"t": 2.0, "ev": "done", "task": 2})",
        R"({"t": 2.0, "ev": "running", "task": 1})",
        R"({"t": 3.0, "ev": "done", "task": 1})",
        R"({"t": 3.0, "ev": "result", "task": 0, "ok": true})",
        R"({"t": 3.0, "ev": "result", "task": 1, "ok": true})",
        R"({"t": 3.0, "ev": "result", "task": 2, "ok": true})",
        R"({"t": 3.0, "ev": "collected"})",
        R"({"t": 3.0, "ev": "end", "outcome": "ok"})",
    });
}

TEST_CASE("an empty scenario ends at once with outcome ok") {
    const Run r = runScenario(R"({"format": "coroscope-scenario/1", "tasks": []})");
    CHECK(spec(r) == Lines{
        R"({"t": 0.0, "ev": "collected"})",
        R"({"t": 0.0, "ev": "end", "outcome": "ok"})",
    });
}
