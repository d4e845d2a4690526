// ClaimQuery over a hand-built trace (through TraceStoreFacts, the facts of
// a TraceStore): each query's answer, and a bad query's error naming the field.
#include <catch2/catch.hpp>

#include <vector>

#include "lessons/claim_query.h"
#include "lessons/trace_store_facts.h"
#include "scenario/field_reader.h"
#include "trace/trace_store.h"

using cs::EvKind;
using cs::TraceEvent;
using cs::lessons::ClaimQuery;
using cs::lessons::ClaimValue;
using json = nlohmann::json;

namespace {
// Limit 2: tasks 0 and 1 run at once, 2 waits; 0 is done at 1.0 and 2 takes
// its permit; 1 fails at 1.5; 2 is done at 2.0, 3 (arrived at 0.5) is
// cancelled at 2.0; main() gets 0, 2, 1 (failed) and raises ValueError.
cs::TraceStore fourTasks() {
    cs::Symbols symbols;
    const auto ve = symbols.intern("ValueError");
    const std::vector<TraceEvent> events = {
        {0.0, 0, EvKind::Created, 0}, {0.0, 1, EvKind::Created, 0}, {0.0, 2, EvKind::Created, 0},
        {0.0, 3, EvKind::Created, 0}, {0.0, 0, EvKind::Request, 0}, {0.0, 0, EvKind::Running, 0},
        {0.0, 1, EvKind::Request, 0}, {0.0, 1, EvKind::Running, 0}, {0.0, 2, EvKind::Request, 0},
        {0.0, -1, EvKind::Limit, 2},  {0.5, 3, EvKind::Request, 0}, {1.0, 0, EvKind::Done, 0},
        {1.0, 2, EvKind::Running, 0}, {1.0, 0, EvKind::Result, 1},  {1.5, 1, EvKind::Failed, 0},
        {1.5, -1, EvKind::Limit, 1},  {2.0, 2, EvKind::Done, 0},    {2.0, 3, EvKind::Cancelled, 0},
        {2.0, 2, EvKind::Result, 1},  {2.0, 1, EvKind::Result, 0},  {2.0, -1, EvKind::Counter, 3},
        {2.0, -1, EvKind::Raise, ve}, {2.0, -1, EvKind::End, static_cast<std::int32_t>(cs::Outcome::Raised)},
    };
    cs::TraceStore store;
    for (const TraceEvent& e : events) store.append(e, symbols);
    return store;
}

ClaimValue ask(const cs::lessons::RunFacts& facts, const char* query) {
    return ClaimQuery::fromJson(json::parse(query), "q").evaluate(facts);
}

std::string error(const char* query) {
    try {
        ClaimQuery::fromJson(json::parse(query), "claims[0].query");
    } catch (const cs::LoadFailure& f) {
        return f.error.what();
    }
    return "";
}
}  // namespace

TEST_CASE("queries read times, orders and counts of a run") {
    const cs::TraceStore store = fourTasks();
    const cs::lessons::TraceStoreFacts facts(store);
    CHECK(ask(facts, R"({"end_time": {}})").value() == json(2.0));
    CHECK(ask(facts, R"({"outcome": {}})").value() == json("raised:ValueError"));
    CHECK(ask(facts, R"({"time": {"task": 2, "ev": "running"}})").value() == json(1.0));
    CHECK(ask(facts, R"({"time": {"task": 1, "ev": "terminal"}})").value() == json(1.5));
    CHECK(ask(facts, R"({"time": {"ev": "raise"}})").value() == json(2.0));
    CHECK(ask(facts, R"({"time": {"task": 3, "ev": "running"}})").isNone());
    CHECK(ask(facts, R"({"duration": {"task": 2, "from": "request", "to": "terminal"}})").value() == json(2.0));
    CHECK(ask(facts, R"({"tasks": {"ev": "terminal", "t": 2.0}})").value() == json({2, 3}));
    CHECK(ask(facts, R"({"order": {"ev": "result"}})").value() == json({0, 2, 1}));
    CHECK(ask(facts, R"({"order": {"ev": "result", "ok": true}})").value() == json({0, 2}));
    CHECK(ask(facts, R"({"first": {"ev": "terminal"}})").value() == json(0));
    CHECK(ask(facts, R"({"count": {"ev": "request", "t": 0.0}})").value() == json(3));
    CHECK(ask(facts, R"({"count": {"ev": "result", "ok": false}})").value() == json(1));
    CHECK(ask(facts, R"({"state": {"task": 3}})").value() == json("cancelled"));
    CHECK(ask(facts, R"({"limits": {}})").value() == json({2, 1}));
    CHECK(ask(facts, R"({"limits": {"n": 1}})").value() == json({2}));
    CHECK(ask(facts, R"({"limits": {"t": 1.5}})").value() == json({1}));
    CHECK(ask(facts, R"({"time": {"ev": "limit", "nth": 2}})").value() == json(1.5));
    CHECK(ask(facts, R"({"time": {"ev": "limit", "nth": 3}})").isNone());
    CHECK(ask(facts, R"({"times": {"ev": "result"}})").value() == json({1.0, 2.0, 2.0}));
    CHECK(ask(facts, R"({"times": {"ev": "limit"}})").value() == json({0.0, 1.5}));
    CHECK(ask(facts, R"({"counter": {}})").value() == json(3));
    CHECK(ask(facts, R"({"sequence": {"ev": ["terminal", "raise"]}})").value() ==
          json({"done", "failed", "done", "cancelled", "raise"}));
    CHECK(ask(facts, R"({"sequence": {"ev": ["cancelled", "result"]}})").value() == json({"result", "cancelled", "result"}));
}

TEST_CASE("in flight and waiting are counted after the last event of an instant") {
    const cs::TraceStore store = fourTasks();
    const cs::lessons::TraceStoreFacts facts(store);
    CHECK(ask(facts, R"({"in_flight": {"t": 0.0}})").value() == json(2));
    CHECK(ask(facts, R"({"waiting": {"t": 0.7}})").value() == json(2));
    // At 1.0 task 0 ends and task 2 starts: still two in flight, no dip.
    CHECK(ask(facts, R"({"in_flight": {"t": 1.0}})").value() == json(2));
    CHECK(ask(facts, R"({"in_flight": {"t": 1.7}})").value() == json(1));
    CHECK(ask(facts, R"({"peak_in_flight": {}})").value() == json(2));
    CHECK(ask(facts, R"({"peak_waiting": {}})").value() == json(2));
    // Asking and getting a permit in one instant is not waiting there.
    CHECK(ask(facts, R"({"waiting": {"t": 0.0}})").value() == json(1));
    CHECK(ask(facts, R"({"throughput": {}})").value() == json(1.0));  // two done in 2.0 s
}

TEST_CASE("a bad query names the field that is wrong") {
    CHECK(error(R"({"end_time": {}, "outcome": {}})").rfind("claims[0].query: must have exactly one key", 0) == 0);
    CHECK(error(R"({"makespan": {}})").rfind("claims[0].query: unknown query \"makespan\"", 0) == 0);
    CHECK(error(R"({"time": {"task": 0}})") == "claims[0].query.time.ev: required");
    CHECK(error(R"({"time": {"ev": "finished"}})").rfind("claims[0].query.time.ev: unknown event \"finished\"", 0) == 0);
    CHECK(error(R"({"tasks": {"ev": "done", "when": 1}})") == "claims[0].query.tasks.when: unknown argument of tasks");
    CHECK(error(R"({"state": {"task": -1}})").rfind("claims[0].query.state.task: must be an integer >= 0", 0) == 0);
    CHECK(error(R"({"count": {"ev": "done", "ok": true}})") == "claims[0].query.count.ok: only for ev \"result\"");
    CHECK(error(R"({"sequence": {"ev": []}})") == "claims[0].query.sequence.ev: must name at least one event");
    CHECK(error(R"({"in_flight": {"t": -1}})").rfind("claims[0].query.in_flight.t: must be >= 0", 0) == 0);
    CHECK(error(R"({"end_time": 3})").rfind("claims[0].query.end_time: must be an object", 0) == 0);
}
