// A recorded program's helper tasks (wait_for's inner task of a task's
// coroutine: created with "helper": "wait_for"). CPython 3.11's wait_for
// runs the coroutine in a task of its own; the job is the task that called
// wait_for. So the run model counts the job once, as that task's, whose wait
// for a permit and run the helper makes: the engine's view of a scenario task
// with a timeout (spec section 3). The helper keeps its own lane.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "export/trace_file.h"
#include "model/run_config.h"
#include "model/run_model.h"
#include "program/simulation.h"
#include "scenario/loader.h"
#include "trace/jsonl_writer.h"
#include "trace/trace_reader.h"
#include "trace/trace_store.h"

namespace fs = std::filesystem;
using cs::EvKind;
using cs::RunModel;
using cs::TaskState;
using cs::TraceEvent;
using Mode = cs::RunModel::Mode;

namespace {

const fs::path kGood = fs::path(COROSCOPE_TEST_DATA_DIR) / "traces" / "good";

// The whole-run metrics a trace of the job's view and one of the tasks' view
// share (the outcome of a timed-out task differs: the scenario's job is
// cancelled, the program's task that called wait_for fails with TimeoutError).
void checkSameJobs(const cs::RunMetrics& engine, const cs::RunMetrics& program) {
    CHECK(program.t == engine.t);
    CHECK(program.tasks == engine.tasks);
    CHECK(program.ok == engine.ok);
    CHECK(program.failed + program.cancelled == engine.failed + engine.cancelled);
    CHECK(program.throughput == engine.throughput);
    CHECK(program.errorRate == engine.errorRate);
    CHECK(program.p50 == engine.p50);
    CHECK(program.p95 == engine.p95);
    CHECK(program.peakInFlight == engine.peakInFlight);
    CHECK(program.peakWaiting == engine.peakWaiting);
    CHECK(program.meanInFlight == Approx(engine.meanInFlight));
}

// `events` fed to a model of `mode` under `config`.
RunModel fed(const std::vector<TraceEvent>& events, const cs::Symbols& symbols, Mode mode,
             cs::RunConfig config = {}) {
    RunModel m(std::move(config), mode);
    for (const TraceEvent& e : events) m.append(e, symbols);
    return m;
}

}  // namespace

TEST_CASE("a recorded program's wait_for inner tasks are their callers' jobs: its metrics are the engine's") {
    // wait-for-helpers.jsonl: the program `coroscope-cli python` writes for
    // wait-for-helpers.scenario.json (three tasks with a 2.5 s timeout and
    // one without, 1 s of I/O each behind Semaphore(1)), run by CPython
    // 3.11.7 on the virtual-clock runner. Seven lanes: four tasks and the
    // inner tasks of three wait_for calls, which wait for the permit.
    const cs::LoadResult s = cs::loadScenarioFile((kGood / "wait-for-helpers.scenario.json").string());
    REQUIRE(s.ok());
    RunModel engine(cs::RunConfig::forScenario(*s.scenario));
    cs::Simulation sim(*s.scenario, engine);
    sim.run();

    const std::string path = (kGood / "wait-for-helpers.jsonl").string();
    cs::TraceFile file;
    REQUIRE(file.load(path, true));
    const RunModel full = file.takeModel("wait-for-helpers");
    REQUIRE(full.taskCount() == 7);
    CHECK(full.helperCount() == 3);
    CHECK(full.jobCount() == 4);
    checkSameJobs(engine.metrics(), full.metrics());
    // The metrics-only model (`run --summary`, `export --metrics`) alike.
    cs::TraceFile lean;
    REQUIRE(lean.loadModel(path, Mode::MetricsOnly));
    const RunModel leanModel = lean.takeModel("wait-for-helpers");
    checkSameJobs(engine.metrics(), leanModel.metrics());

    // Each helper's lane is its own; its caller's lane waits and runs as it
    // does: the caller's wait for a permit is its helper's.
    std::size_t helpers = 0;
    for (std::size_t i = 0; i < full.taskCount(); ++i) {
        const std::int32_t parent = full.helperOf(static_cast<std::int32_t>(i));
        if (parent < 0) continue;
        ++helpers;
        const RunModel::Task& h = full.task(i);
        const RunModel::Task& p = full.task(static_cast<std::size_t>(parent));
        CHECK(h.parent == parent);
        CHECK(p.request == h.request);
        CHECK(p.wokenBy == h.wokenBy);  // whose release handed the helper its permit
        CHECK((p.running == h.running || (std::isnan(p.running) && std::isnan(h.running))));
        CHECK(full.stateAt(static_cast<std::size_t>(parent), 0.5) == TaskState::Waiting);
        CHECK(full.stateAt(i, 0.5) == TaskState::Waiting);
    }
    CHECK(helpers == 3);
    // The one task with no timeout has no helper: no other task's job.
    std::size_t jobs = 0;
    for (std::size_t i = 0; i < full.taskCount(); ++i) jobs += full.helperOf(static_cast<std::int32_t>(i)) < 0;
    CHECK(jobs == 4);
}

TEST_CASE("a helper's created line keeps its field through a store and back, and is no line of its own") {
    const std::string text =
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 0, \"name\": \"outer\"}\n"
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 1, \"parent\": 0, \"helper\": \"wait_for\", \"name\": \"inner\"}\n"
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 2, \"parent\": 0, \"helper\": \"other\", \"name\": \"x\"}\n"
        "{\"t\": 0.0, \"ev\": \"created\", \"task\": 3, \"helper\": \"wait_for\", \"name\": \"main's\"}\n"
        "{\"t\": 1.0, \"ev\": \"done\", \"task\": 1}\n"
        "{\"t\": 1.0, \"ev\": \"done\", \"task\": 2}\n"
        "{\"t\": 1.0, \"ev\": \"done\", \"task\": 3}\n"
        "{\"t\": 1.0, \"ev\": \"done\", \"task\": 0}\n"
        "{\"t\": 1.0, \"ev\": \"end\", \"outcome\": \"ok\"}\n";
    std::istringstream in(text);
    cs::TraceReader reader;
    cs::TraceStore store;
    REQUIRE(reader.read(in, store));
    // One marker, before task 1's created: another tool's helper kind, and a
    // helper with no parent (main()'s wait_for: the job's only lane), are tasks.
    std::vector<TraceEvent> markers;
    for (std::size_t i = 0; i < store.size(); ++i)
        if (store.at(i).kind == EvKind::Helper) markers.push_back(store.at(i));
    REQUIRE(markers.size() == 1);
    CHECK(markers[0].task == 1);
    CHECK(markers[0].arg == 0 + 1);

    RunModel m(cs::RunConfig{}, Mode::Full);
    for (std::size_t i = 0; i < store.size(); ++i) m.append(store.at(i), store.symbols());
    CHECK(m.traceLines() == 9);  // the file's lines: the marker is a field
    CHECK(m.metrics().tasks == 3);
    CHECK(m.metrics().ok == 3);
    CHECK(m.helperOf(1) == 0);
    CHECK(m.helperOf(2) == -1);

    std::ostringstream out;
    cs::JsonlWriter::writeAll(out, store);
    const std::string written = out.str();
    CHECK(written.find("{\"t\": 0.0, \"ev\": \"created\", \"task\": 1, \"parent\": 0, \"helper\": \"wait_for\"}\n") !=
          std::string::npos);
    CHECK(written.find("\"helper\"") == written.rfind("\"helper\""));  // once
}

TEST_CASE("a helper that gives up its wait ends its caller's wait too; its end is no task's") {
    // Task 0 holds Semaphore(1) from 0 to 2; task 1 calls wait_for(job(), 1)
    // at 0.2, whose inner task 2 waits for the permit and is cancelled at 1.2
    // (task 1 fails with TimeoutError then); task 3 calls wait_for(job(), 5),
    // whose inner task 4 gets the permit at 2 and ends at 3, and task 3 with it.
    cs::Symbols symbols;
    const std::vector<TraceEvent> events = {{0.0, 0, EvKind::Created, 0},  {0.0, 0, EvKind::Request, 0},
                                            {0.0, 0, EvKind::Running, 0},  {0.0, 1, EvKind::Created, 0},
                                            {0.0, 3, EvKind::Created, 0},  {0.2, 2, EvKind::Helper, 1 + 1},
                                            {0.2, 2, EvKind::Created, 1 + 1}, {0.2, 2, EvKind::Request, 0},
                                            {0.2, 4, EvKind::Helper, 3 + 1}, {0.2, 4, EvKind::Created, 3 + 1},
                                            {0.2, 4, EvKind::Request, 0},  {1.2, 2, EvKind::Cancelled, 0},
                                            {1.2, 1, EvKind::Failed, 0},   {2.0, 0, EvKind::Release, 4},
                                            {2.0, 4, EvKind::Running, 0},  {2.0, 0, EvKind::Done, 0},
                                            {3.0, 4, EvKind::Release, -1}, {3.0, 4, EvKind::Done, 0},
                                            {3.0, 3, EvKind::Done, 0},     {3.0, -1, EvKind::End, 0}};
    cs::RunConfig config;
    config.runsFromCreation = {0, 0, 0, 0, 0};  // (each asks, itself or through its helper)
    for (Mode mode : {Mode::Full, Mode::MetricsOnly}) {
        const RunModel m = fed(events, symbols, mode, config);
        const cs::RunMetrics r = m.metrics();
        CHECK(r.tasks == 3);
        CHECK(r.ok == 2);
        CHECK(r.failed == 1);
        CHECK(r.cancelled == 0);  // the helper's cancel is no task's end
        CHECK(r.peakWaiting == 2);
        CHECK(r.peakInFlight == 1);
        CHECK(r.latencySamples == 2);
        CHECK(r.p95 == Approx(2.8));  // task 3: asked at 0.2 (its helper), done at 3.0
        if (mode != Mode::Full) continue;
        CHECK(m.segments(1) == std::vector<cs::Segment>{{0.0, 0.2, TaskState::Arriving}, {0.2, 1.2, TaskState::Waiting}});
        CHECK(m.segments(3) == std::vector<cs::Segment>{{0.0, 0.2, TaskState::Arriving},
                                                        {0.2, 2.0, TaskState::Waiting},
                                                        {2.0, 3.0, TaskState::Running}});
        CHECK(m.waiting().valueAtTime(0.5) == 2);
        CHECK(m.waiting().valueAtTime(1.5) == 1);
        CHECK(m.inFlight().valueAtTime(2.5) == 1);
        CHECK(m.finalState(2) == TaskState::Cancelled);  // its lane says what happened to it
    }
}

TEST_CASE("a helper's helper waits for its caller's caller; helpers that name each other end the walk") {
    // Task 0 awaits wait_for(a(), 5) (helper 1), whose a() awaits
    // wait_for(b(), 5) (helper 2), which waits for a permit from 0.2 to 1.0
    // and is done at 2.0, then 1, then 0: one job, task 0's.
    cs::Symbols symbols;
    const std::vector<TraceEvent> events = {
        {0.0, 0, EvKind::Created, 0},     {0.0, 1, EvKind::Helper, 0 + 1}, {0.0, 1, EvKind::Created, 0 + 1},
        {0.0, 2, EvKind::Helper, 1 + 1},  {0.0, 2, EvKind::Created, 1 + 1}, {0.2, 2, EvKind::Request, 0},
        {1.0, 2, EvKind::Running, 0},     {2.0, 2, EvKind::Done, 0},        {2.0, 1, EvKind::Done, 0},
        {2.0, 0, EvKind::Done, 0},        {2.0, -1, EvKind::End, 0}};
    cs::RunConfig config;
    config.runsFromCreation = {0, 0, 0};
    for (Mode mode : {Mode::Full, Mode::MetricsOnly}) {
        const RunModel m = fed(events, symbols, mode, config);
        const cs::RunMetrics r = m.metrics();
        CHECK(r.tasks == 1);
        CHECK(r.ok == 1);
        CHECK(r.peakWaiting == 1);
        CHECK(r.peakInFlight == 1);
        CHECK(r.p50 == Approx(1.8));
        if (mode != Mode::Full) continue;
        for (std::size_t i = 0; i < 3; ++i) {
            INFO("lane " << i);
            CHECK(m.stateAt(i, 0.5) == TaskState::Waiting);
            CHECK(m.stateAt(i, 1.5) == TaskState::Running);
        }
    }
    // A bad file's helpers that are each other's parents: read to the end.
    const std::vector<TraceEvent> cycle = {{0.0, 1, EvKind::Helper, 2 + 1}, {0.0, 1, EvKind::Created, 2 + 1},
                                           {0.0, 2, EvKind::Helper, 1 + 1}, {0.0, 2, EvKind::Created, 1 + 1},
                                           {0.5, 2, EvKind::Request, 0},    {1.0, 2, EvKind::Running, 0},
                                           {2.0, -1, EvKind::End, 0}};
    for (Mode mode : {Mode::Full, Mode::MetricsOnly}) {
        const RunModel m = fed(cycle, symbols, mode);
        CHECK(m.ended());
        CHECK(m.metrics().tasks == 0);
    }
}

TEST_CASE("a run that has ended can show 'arriving' only if a task asked after it was created") {
    // A recorded program's config says any asking task may be arriving; its
    // lanes show it only for a task that asked later than its creation.
    cs::Symbols symbols;
    cs::RunConfig config;
    config.canHave.arrivals = config.canHave.permitWaits = true;
    const auto run = [&](double ask) {
        RunModel m(config);
        for (const TraceEvent& e : std::vector<TraceEvent>{{0.0, 0, EvKind::Created, 0}, {ask, 0, EvKind::Request, 0},
                                                           {ask, 0, EvKind::Running, 0}, {2.0, 0, EvKind::Done, 0}})
            m.append(e, symbols);
        CHECK(m.canHave().arrivals);  // not ended: what the config says
        m.append({2.0, -1, EvKind::End, 0}, symbols);
        return m.canHave().arrivals;
    };
    CHECK_FALSE(run(0.0));  // it asked in its first step: never arriving
    CHECK(run(0.5));        // arriving from 0.0 to 0.5
}

TEST_CASE("a run that has ended can show 'waiting' only if a wait took time or a task still waits") {
    cs::Symbols symbols;
    cs::RunConfig config;
    config.canHave.arrivals = config.canHave.permitWaits = true;
    const auto run = [&](std::vector<TraceEvent> events) {
        RunModel m(config);
        for (const TraceEvent& e : events) m.append(e, symbols);
        CHECK(m.canHave().permitWaits);  // not ended: what the config says
        m.append({3.0, -1, EvKind::End, 0}, symbols);
        return m.canHave().permitWaits;
    };
    // Every permit free when asked (a Queue's job is asked and taken at once too): no lane waits.
    CHECK_FALSE(run({{0.0, 0, EvKind::Created, 0}, {0.5, 0, EvKind::Request, 0}, {0.5, 0, EvKind::Running, 0},
                     {2.0, 0, EvKind::Done, 0}}));
    // A first wait from 0.5 to 1.0.
    CHECK(run({{0.0, 0, EvKind::Created, 0}, {0.5, 0, EvKind::Request, 0}, {1.0, 0, EvKind::Running, 0},
               {2.0, 0, EvKind::Done, 0}}));
    // A wait again (a second primitive) from 1.0 to 1.5.
    CHECK(run({{0.0, 0, EvKind::Created, 0}, {0.0, 0, EvKind::Request, 0}, {0.0, 0, EvKind::Running, 0},
               {1.0, 0, EvKind::Request, 0}, {1.5, 0, EvKind::Running, 0}, {2.0, 0, EvKind::Done, 0}}));
    // Cancelled while it waited; and one still waiting at the end (a deadlock).
    CHECK(run({{0.0, 0, EvKind::Created, 0}, {0.0, 0, EvKind::Request, 0}, {2.0, 0, EvKind::Cancelled, 0}}));
    CHECK(run({{0.0, 0, EvKind::Created, 0}, {0.0, 0, EvKind::Request, 0}}));
}
