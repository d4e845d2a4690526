// AsyncSink: the target gets the same events, symbols and resets, in order,
// on the sink's worker thread; the target's exceptions come back at finish().
#include <catch2/catch.hpp>

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/scenario_run.h"
#include "trace/async_sink.h"
#include "trace/jsonl_writer.h"
#include "model/run_model.h"
#include "model/run_summary.h"
#include "trace/tee_sink.h"
#include "trace/trace_store.h"

using cs::AsyncSink;
using cs::EvKind;
using cs::TraceEvent;
using cs::TraceStore;

namespace {

// Records what it is given, with the symbol name each Raise refers to.
struct Recorder final : cs::TraceSink {
    std::vector<TraceEvent> events;
    std::vector<std::string> raised;
    int resets = 0;
    void append(const TraceEvent& e, const cs::Symbols& symbols) override {
        events.push_back(e);
        if (e.kind == EvKind::Raise) raised.emplace_back(symbols.name(e.arg));
    }
    void reset() override {
        ++resets;
        events.clear();
    }
};

// Throws on its n-th event.
struct Failing final : cs::TraceSink {
    std::size_t left;
    explicit Failing(std::size_t n) : left(n) {}
    void append(const TraceEvent&, const cs::Symbols&) override {
        if (--left == 0) throw std::out_of_range("task id out of range");
    }
};

}  // namespace

TEST_CASE("an async sink hands the target every event in order, with the symbols they name") {
    Recorder rec;
    cs::Symbols symbols;
    std::vector<TraceEvent> sent;
    {
        AsyncSink async(rec);
        // More events than the ring holds, in batches of odd sizes, and
        // symbols that appear part way through.
        std::vector<TraceEvent> batch;
        for (std::int32_t i = 0; i < 100'000; ++i) {
            if (i % 25'000 == 7) {
                const auto id = symbols.intern("Error" + std::to_string(i));
                batch.push_back({static_cast<double>(i), -1, EvKind::Raise, id});
            }
            batch.push_back({static_cast<double>(i), i % 500, EvKind::Running, i});
            if (batch.size() >= static_cast<std::size_t>(1 + i % 3000)) {
                async.appendBatch(batch.data(), batch.size(), symbols);
                sent.insert(sent.end(), batch.begin(), batch.end());
                batch.clear();
            }
        }
        async.appendBatch(batch.data(), batch.size(), symbols);
        sent.insert(sent.end(), batch.begin(), batch.end());
        async.append({1e6, -1, EvKind::Collected, 0}, symbols);
        sent.push_back({1e6, -1, EvKind::Collected, 0});
        async.finish();
    }
    CHECK(rec.events == sent);
    CHECK(rec.raised == std::vector<std::string>{"Error7", "Error25007", "Error50007", "Error75007"});
}

TEST_CASE("an async sink forwards a reset between the events before and after it") {
    Recorder rec;
    cs::Symbols first, second;
    AsyncSink async(rec);
    async.append({0.0, -1, EvKind::Raise, first.intern("ValueError")}, first);
    async.reset();
    // The replayed run has its own symbols, starting from id 0 again.
    async.append({0.0, -1, EvKind::Raise, second.intern("KeyError")}, second);
    async.flush();
    CHECK(rec.resets == 1);
    REQUIRE(rec.events.size() == 1);
    CHECK(rec.raised == std::vector<std::string>{"ValueError", "KeyError"});

    // Still usable after a flush (a live run goes on).
    async.append({1.0, 3, EvKind::Done, 0}, second);
    async.finish();
    CHECK(rec.events.size() == 2);
}

TEST_CASE("an exception of the async sink's target comes back from finish(), not from the worker") {
    Failing target(10);
    cs::Symbols symbols;
    AsyncSink async(target);
    for (std::int32_t i = 0; i < 5000; ++i) async.append({0.0, i, EvKind::Created, 0}, symbols);
    CHECK_THROWS_AS(async.finish(), std::out_of_range);
    CHECK_THROWS_AS(async.append({0.0, 1, EvKind::Created, 0}, symbols), std::logic_error);
}

TEST_CASE("an async sink destroyed without finish() delivers everything and swallows the target's error") {
    Recorder rec;
    cs::Symbols symbols;
    {
        AsyncSink async(rec);
        for (std::int32_t i = 0; i < 3000; ++i) async.append({0.0, i, EvKind::Created, 0}, symbols);
    }
    CHECK(rec.events.size() == 3000);
    Failing target(1);
    {
        AsyncSink async(target);
        async.append({0.0, 0, EvKind::Created, 0}, symbols);
    }  // no terminate
}

TEST_CASE("a run through an async sink gives the same trace, summary and JSONL as a direct run") {
    // 3000 tasks of 0.1-0.9 s behind Semaphore(7); every 37th raises one of two classes.
    std::string tasks;
    for (int i = 0; i < 3000; ++i) {
        tasks += i ? "," : "";
        tasks += R"({"steps": [{"io": )" + std::to_string(0.1 + (i * 7919 % 800) / 1000.0) + "}";
        if (i % 37 == 5) tasks += i % 2 ? R"(, {"raise": "ValueError"})" : R"(, {"raise": "KeyError"})";
        tasks += "]}";
    }
    const cs::Scenario sc = cs::test::loadOrThrow(R"({"format": "coroscope-scenario/1", "tasks": [)" + tasks +
                                                  R"(], "limit": {"kind": "semaphore", "value": 7},
        "collect": {"kind": "gather", "return_exceptions": true}})");
    const cs::test::Run direct = cs::test::runScenario(sc);

    TraceStore store;
    cs::RunModel summary({}, cs::RunModel::Mode::MetricsOnly);
    std::ostringstream jsonl;
    cs::JsonlWriter writer(jsonl);
    cs::TeeSink tee{&store, &summary, &writer};
    {
        AsyncSink async(tee);
        cs::Simulation sim(sc, async);
        sim.run();
        async.finish();
    }
    CHECK(cs::test::eventsOf(store) == direct.events);
    CHECK(cs::RunSummary::json(summary) ==
          cs::RunSummary::json(cs::RunModel::of(direct.store, {}, cs::RunModel::Mode::MetricsOnly)));
    std::string expected;
    for (const std::string& line : cs::test::jsonlLines(direct.events, direct.symbols)) expected += line + "\n";
    CHECK(jsonl.str() == expected);
}
