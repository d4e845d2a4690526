// A recorded program's Queue worker with a lane of its own, idle in get(),
// and a producer task waiting in put() for room: their lanes wait, not run
// (docs/trace-extensions.md: get_wait / get_end, put_wait's "by").
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "export/trace_file.h"
#include "model/run_config.h"
#include "model/run_model.h"
#include "model/workload_facts.h"
#include "program/simulation.h"
#include "scenario/loader.h"

using cs::RunModel;
using cs::Segment;
using cs::TaskState;

namespace {

RunModel open(const std::string& text) {
    std::istringstream in(text);
    cs::TraceFile file;
    REQUIRE(file.read(in));
    return file.takeModel("queue");
}

// Lines as the Python tracer writes them for (CPython 3.11.7's order):
//   async def worker(q):
//       await asyncio.sleep(0.1)          # a lane of its own (queue_worker)
//       while True: item = await q.get(); await asyncio.sleep(0.2); q.task_done()
// one worker (lane 0), items put by main() at 0.5 and 1.5, cancelled at 2.0.
const char* kIdleWorker = R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.1, "ev": "queue_worker", "task": 0}
{"t": 0.1, "ev": "get_wait", "task": 0}
{"t": 0.5, "ev": "enqueue", "task": 1}
{"t": 0.5, "ev": "get_end", "task": 0}
{"t": 0.5, "ev": "worker", "task": 1, "worker": 0}
{"t": 0.5, "ev": "created", "task": 1, "name": "item 0: 0"}
{"t": 0.5, "ev": "request", "task": 1, "name": "item 0: 0"}
{"t": 0.5, "ev": "running", "task": 1, "name": "item 0: 0"}
{"t": 0.7, "ev": "done", "task": 1, "name": "item 0: 0"}
{"t": 0.7, "ev": "get_wait", "task": 0}
{"t": 1.5, "ev": "enqueue", "task": 2}
{"t": 1.5, "ev": "get_end", "task": 0}
{"t": 1.5, "ev": "worker", "task": 2, "worker": 0}
{"t": 1.5, "ev": "created", "task": 2, "name": "item 1: 1"}
{"t": 1.5, "ev": "request", "task": 2, "name": "item 1: 1"}
{"t": 1.5, "ev": "running", "task": 2, "name": "item 1: 1"}
{"t": 1.7, "ev": "done", "task": 2, "name": "item 1: 1"}
{"t": 1.7, "ev": "get_wait", "task": 0}
{"t": 2.0, "ev": "get_end", "task": 0}
{"t": 2.0, "ev": "cancelled", "task": 0, "name": "Task-2"}
{"t": 2.0, "ev": "main_returned"}
{"t": 2.0, "ev": "end", "outcome": "ok"}
)";

// A producer task (lane 0) puts 3 items into Queue(maxsize=1) read by a
// lane-less worker (0.5 s an item): its put() of item 2 waits 0.0 -> 0.5
// for room, its put() of item 3 waits 0.5 -> 0.8 and is cancelled there.
const char* kProducer = R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.0, "ev": "enqueue", "task": 1}
{"t": 0.0, "ev": "worker", "task": 1, "worker": 0}
{"t": 0.0, "ev": "created", "task": 1, "parent": 0, "name": "item 0: 0"}
{"t": 0.0, "ev": "request", "task": 1, "name": "item 0: 0"}
{"t": 0.0, "ev": "running", "task": 1, "name": "item 0: 0"}
{"t": 0.0, "ev": "enqueue", "task": 2}
{"t": 0.0, "ev": "put_wait", "task": 3, "by": 0}
{"t": 0.5, "ev": "done", "task": 1, "name": "item 0: 0"}
{"t": 0.5, "ev": "worker", "task": 2, "worker": 0}
{"t": 0.5, "ev": "created", "task": 2, "parent": 0, "name": "item 1: 1"}
{"t": 0.5, "ev": "request", "task": 2, "name": "item 1: 1"}
{"t": 0.5, "ev": "running", "task": 2, "name": "item 1: 1"}
{"t": 0.5, "ev": "enqueue", "task": 3}
{"t": 0.5, "ev": "put_wait", "task": 4, "by": 0}
{"t": 0.8, "ev": "put_cancelled", "task": 4}
{"t": 0.8, "ev": "cancelled", "task": 0, "name": "Task-2"}
{"t": 1.0, "ev": "done", "task": 2, "name": "item 1: 1"}
{"t": 1.0, "ev": "worker", "task": 3, "worker": 0}
{"t": 1.0, "ev": "created", "task": 3, "parent": 0, "name": "item 2: 2"}
{"t": 1.0, "ev": "request", "task": 3, "name": "item 2: 2"}
{"t": 1.0, "ev": "running", "task": 3, "name": "item 2: 2"}
{"t": 1.5, "ev": "done", "task": 3, "name": "item 2: 2"}
{"t": 1.5, "ev": "main_returned"}
{"t": 1.5, "ev": "end", "outcome": "ok"}
)";

// Lines as the Python tracer (--virtual, CPython 3.11.7) writes them for
//   async def worker(q, sem):
//       while True:
//           async with sem:                # Semaphore(1): a lane of its own (queue_worker)
//               job = await q.get(); await asyncio.sleep(0.5); q.task_done()
// two workers (lanes 0, 1), three items put by main() at 0, cancelled at the
// end: worker 1 waits for the permit 0 -> 0.5, worker 0 0.5 -> 1.0, worker 1
// 1.0 -> 1.5 (its lane drawn waiting for a permit).
const char* kWorkersAskFirst = R"({"t": 0.0, "ev": "meta", "python": "3.11.7", "clock": "virtual", "acquires": true}
{"t": 0.0, "ev": "limit", "value": 1}
{"t": 0.0, "ev": "enqueue", "task": 2}
{"t": 0.0, "ev": "enqueue", "task": 3}
{"t": 0.0, "ev": "enqueue", "task": 4}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.0, "ev": "request", "task": 0, "name": "Task-2"}
{"t": 0.0, "ev": "running", "task": 0, "name": "Task-2"}
{"t": 0.0, "ev": "permits", "value": 1}
{"t": 0.0, "ev": "queue_worker", "task": 0}
{"t": 0.0, "ev": "worker", "task": 2, "worker": 0}
{"t": 0.0, "ev": "created", "task": 2, "name": "item 0: 0"}
{"t": 0.0, "ev": "request", "task": 2, "name": "item 0: 0"}
{"t": 0.0, "ev": "running", "task": 2, "name": "item 0: 0"}
{"t": 0.0, "ev": "created", "task": 1, "name": "Task-3"}
{"t": 0.0, "ev": "request", "task": 1, "name": "Task-3"}
{"t": 0.5, "ev": "done", "task": 2, "name": "item 0: 0"}
{"t": 0.5, "ev": "release", "task": 0, "woke": 1, "name": "Task-2"}
{"t": 0.5, "ev": "permits", "value": 0}
{"t": 0.5, "ev": "request", "task": 0, "name": "Task-2"}
{"t": 0.5, "ev": "running", "task": 1, "name": "Task-3"}
{"t": 0.5, "ev": "permits", "value": 1}
{"t": 0.5, "ev": "queue_worker", "task": 1}
{"t": 0.5, "ev": "worker", "task": 3, "worker": 1}
{"t": 0.5, "ev": "created", "task": 3, "name": "item 1: 1"}
{"t": 0.5, "ev": "request", "task": 3, "name": "item 1: 1"}
{"t": 0.5, "ev": "running", "task": 3, "name": "item 1: 1"}
{"t": 1.0, "ev": "done", "task": 3, "name": "item 1: 1"}
{"t": 1.0, "ev": "release", "task": 1, "woke": 0, "name": "Task-3"}
{"t": 1.0, "ev": "permits", "value": 0}
{"t": 1.0, "ev": "request", "task": 1, "name": "Task-3"}
{"t": 1.0, "ev": "running", "task": 0, "name": "Task-2"}
{"t": 1.0, "ev": "permits", "value": 1}
{"t": 1.0, "ev": "worker", "task": 4, "worker": 0}
{"t": 1.0, "ev": "created", "task": 4, "name": "item 2: 2"}
{"t": 1.0, "ev": "request", "task": 4, "name": "item 2: 2"}
{"t": 1.0, "ev": "running", "task": 4, "name": "item 2: 2"}
{"t": 1.5, "ev": "done", "task": 4, "name": "item 2: 2"}
{"t": 1.5, "ev": "release", "task": 0, "woke": 1, "name": "Task-2"}
{"t": 1.5, "ev": "permits", "value": 0}
{"t": 1.5, "ev": "request", "task": 0, "name": "Task-2"}
{"t": 1.5, "ev": "cancelled", "task": 1, "name": "Task-3"}
{"t": 1.5, "ev": "cancelled", "task": 0, "name": "Task-2"}
{"t": 1.5, "ev": "main_returned"}
{"t": 1.5, "ev": "end", "outcome": "ok"}
)";

// Lines as the Python tracer (--virtual, CPython 3.11.7) writes them for
//   async def worker(q):
//       await asyncio.sleep(0)            # a lane of its own (queue_worker)
//       while True: job = await q.get(); await asyncio.sleep(0.5); q.task_done()
// two workers, main() putting four items after two sleep(0)s: each get()
// waits, and ends where it began (main()'s put() at that instant, the
// workers' cancel at the end). No lane draws a wait in get().
const char* kGetServedAtOnce = R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.0, "ev": "created", "task": 1, "name": "Task-3"}
{"t": 0.0, "ev": "queue_worker", "task": 0}
{"t": 0.0, "ev": "get_wait", "task": 0}
{"t": 0.0, "ev": "queue_worker", "task": 1}
{"t": 0.0, "ev": "get_wait", "task": 1}
{"t": 0.0, "ev": "enqueue", "task": 2}
{"t": 0.0, "ev": "enqueue", "task": 3}
{"t": 0.0, "ev": "enqueue", "task": 4}
{"t": 0.0, "ev": "enqueue", "task": 5}
{"t": 0.0, "ev": "get_end", "task": 0}
{"t": 0.0, "ev": "worker", "task": 2, "worker": 0}
{"t": 0.0, "ev": "created", "task": 2, "name": "item 0: 0"}
{"t": 0.0, "ev": "request", "task": 2, "name": "item 0: 0"}
{"t": 0.0, "ev": "running", "task": 2, "name": "item 0: 0"}
{"t": 0.0, "ev": "get_end", "task": 1}
{"t": 0.0, "ev": "worker", "task": 3, "worker": 1}
{"t": 0.0, "ev": "created", "task": 3, "name": "item 1: 1"}
{"t": 0.0, "ev": "request", "task": 3, "name": "item 1: 1"}
{"t": 0.0, "ev": "running", "task": 3, "name": "item 1: 1"}
{"t": 0.5, "ev": "done", "task": 2, "name": "item 0: 0"}
{"t": 0.5, "ev": "worker", "task": 4, "worker": 0}
{"t": 0.5, "ev": "created", "task": 4, "name": "item 2: 2"}
{"t": 0.5, "ev": "request", "task": 4, "name": "item 2: 2"}
{"t": 0.5, "ev": "running", "task": 4, "name": "item 2: 2"}
{"t": 0.5, "ev": "done", "task": 3, "name": "item 1: 1"}
{"t": 0.5, "ev": "worker", "task": 5, "worker": 1}
{"t": 0.5, "ev": "created", "task": 5, "name": "item 3: 3"}
{"t": 0.5, "ev": "request", "task": 5, "name": "item 3: 3"}
{"t": 0.5, "ev": "running", "task": 5, "name": "item 3: 3"}
{"t": 1.0, "ev": "done", "task": 4, "name": "item 2: 2"}
{"t": 1.0, "ev": "get_wait", "task": 0}
{"t": 1.0, "ev": "done", "task": 5, "name": "item 3: 3"}
{"t": 1.0, "ev": "get_wait", "task": 1}
{"t": 1.0, "ev": "get_end", "task": 0}
{"t": 1.0, "ev": "get_end", "task": 1}
{"t": 1.0, "ev": "cancelled", "task": 0, "name": "Task-2"}
{"t": 1.0, "ev": "cancelled", "task": 1, "name": "Task-3"}
{"t": 1.0, "ev": "main_returned"}
{"t": 1.0, "ev": "end", "outcome": "ok"}
)";

}  // namespace

TEST_CASE("the key's wait in get() or put() is a wait some lane drew, as a wait for a permit") {
    // get() waits that took no time: no lane draws one, the run cannot show one.
    const RunModel at = open(kGetServedAtOnce);
    REQUIRE(at.queueWorker(0));
    for (std::size_t lane = 0; lane < at.taskCount(); ++lane)
        for (const Segment& s : at.segments(lane)) CHECK(s.state != TaskState::QueueGet);
    CHECK_FALSE(at.canHave().queueGetWaits);
    CHECK_FALSE(at.canHave().permitWaits);  // (the same rule: the items took free permits)
    // One that took time (the worker idle 0.1 -> 0.5): drawn, and in the key.
    CHECK(open(kIdleWorker).canHave().queueGetWaits);
    // Cut short by its task's end with no get_end (a hand-made trace): drawn up to that end.
    std::string cut;
    {
        std::istringstream in(kIdleWorker);
        for (std::string line; std::getline(in, line);)
            if (line.find("get_end") == std::string::npos && line.find("get_wait") == std::string::npos)
                cut += line + '\n';
            else if (line.find(R"("t": 1.7, "ev": "get_wait")") != std::string::npos)
                cut += line + '\n';
    }
    const RunModel lastOnly = open(cut);
    CHECK(lastOnly.stateAt(0, 1.8) == TaskState::QueueGet);
    CHECK(lastOnly.canHave().queueGetWaits);
    // A producer's put() waits that took time are in it; a run that is not
    // over yet can still draw one that began (the live rule).
    CHECK(open(kProducer).canHave().queuePutWaits);
    std::string live = kGetServedAtOnce;
    live.resize(live.find(R"({"t": 0.0, "ev": "enqueue")"));
    CHECK(open(live).canHave().queueGetWaits);
}

TEST_CASE("a Queue worker with a lane of its own waiting for a permit counts in waiting, as its lane is drawn") {
    std::istringstream in(kWorkersAskFirst);
    cs::TraceFile file;
    REQUIRE(file.read(in));
    using Mode = RunModel::Mode;
    const RunModel m = RunModel::of(file.store(), file.runConfig("queue"), Mode::Full);
    REQUIRE(m.queueWorker(0));
    REQUIRE(m.queueWorker(1));
    // The Waiting track, the header's count and the metrics at each instant
    // count what the lanes draw waiting: a permit wait (the workers' own
    // too), a slot wait, a job queued for a worker.
    std::int64_t peak = 0;
    std::int64_t workersDrawnWaiting = 0;
    for (double t = 0.0; t <= 1.5; t += 0.125) {
        std::int64_t drawn = 0;
        for (std::size_t lane = 0; lane < m.taskCount(); ++lane) {
            const TaskState s = m.stateAt(lane, t);
            if (s == TaskState::Waiting || s == TaskState::SlotWait || s == TaskState::Queued) {
                ++drawn;
                if (m.queueWorker(static_cast<std::int32_t>(lane))) ++workersDrawnWaiting;
            }
        }
        INFO("t = " << t);
        CHECK(m.waiting().valueAtTime(t) == drawn);
        CHECK(m.metricsAt(t).waiting == drawn);
        peak = std::max(peak, drawn);
    }
    CHECK(workersDrawnWaiting > 0);  // (the workers' lanes are drawn waiting)
    // The workers are still no tasks of the run: the items are.
    for (Mode mode : {Mode::Full, Mode::Tables, Mode::MetricsOnly}) {
        INFO("mode " << static_cast<int>(mode));
        const cs::RunMetrics r = RunModel::of(file.store(), file.runConfig("queue"), mode).metrics();
        CHECK(r.peakWaiting == peak);
        CHECK(r.waiting == 0);  // (the workers were cancelled at the end, waiting)
        CHECK(r.tasks == 3);
        CHECK(r.ok == 3);
        CHECK(r.cancelled == 0);
        CHECK(r.peakInFlight == 1);
    }
}

TEST_CASE("a Queue worker with a lane of its own is idle while it waits in get(), not running") {
    const RunModel m = open(kIdleWorker);
    REQUIRE(m.queueWorker(0));
    // It ran (slept) until its first get(), then waited in it until each
    // take; it runs its items (their lanes too), and was cancelled waiting.
    CHECK(m.segments(0) == std::vector<Segment>{{0.0, 0.1, TaskState::Running},
                                                {0.1, 0.5, TaskState::QueueGet},
                                                {0.5, 0.7, TaskState::Running},
                                                {0.7, 1.5, TaskState::QueueGet},
                                                {1.5, 1.7, TaskState::Running},
                                                {1.7, 2.0, TaskState::QueueGet}});
    CHECK(m.stateAt(0, 1.0) == TaskState::QueueGet);
    CHECK(m.stateAt(0, 0.6) == TaskState::Running);
    CHECK(m.canHave().queueGetWaits);
    CHECK_FALSE(m.canHave().queuePutWaits);
    // The run's counts are the items' (the worker is no task): unchanged by its waits.
    CHECK(m.metrics().tasks == 2);
    CHECK(m.metrics().peakInFlight == 1);
    CHECK(m.inFlight().valueAtTime(1.0) == 0);
    CHECK(m.busyWorkers().valueAtTime(1.0) == 0);
    CHECK(m.busyWorkers().valueAtTime(0.6) == 1);
}

TEST_CASE("a producer task waiting in put() for room in a full Queue waits, not runs") {
    const RunModel m = open(kProducer);
    CHECK(m.segments(0) == std::vector<Segment>{{0.0, 0.5, TaskState::QueuePut}, {0.5, 0.8, TaskState::QueuePut}});
    CHECK(m.stateAt(0, 0.2) == TaskState::QueuePut);
    CHECK(m.stateAt(0, 0.7) == TaskState::QueuePut);
    CHECK(m.finalState(0) == TaskState::Cancelled);
    CHECK(m.canHave().queuePutWaits);
    CHECK_FALSE(m.canHave().queueGetWaits);
    // The items' lanes are as before: item 2 queued 0.5 -> 1.0, item 3 never put.
    CHECK(m.segments(3) == std::vector<Segment>{{0.5, 1.0, TaskState::Queued}, {1.0, 1.5, TaskState::Running}});
    CHECK(m.putCancelled(4));
    REQUIRE(m.producerWaits().size() == 2);
    CHECK(m.producerWaits()[0].by == 0);
    CHECK(m.producerWaits()[1].cancelled);
}

TEST_CASE("a producer's wait in put() is no work of its own in the recorded workload") {
    // The Workload panel's durations of kProducer: the items' 0.5 s each; the
    // producer did nothing but wait in put() (0.0 -> 0.8), not 0.8 s of work.
    const RunModel m = open(kProducer);
    const cs::WorkloadFacts f = cs::describeRecorded(m);
    CHECK(f.maxWork == Approx(0.5));
    CHECK(f.minWork == Approx(0.0));
}

TEST_CASE("a trace without get_wait lines (an older tracer's) draws the worker as before") {
    std::string old = kIdleWorker;
    std::string kept;
    std::istringstream in(old);
    for (std::string line; std::getline(in, line);)
        if (line.find("get_wait") == std::string::npos && line.find("get_end") == std::string::npos)
            kept += line + '\n';
    const RunModel m = open(kept);
    CHECK(m.segments(0) == std::vector<Segment>{{0.0, 2.0, TaskState::Running}});
    CHECK_FALSE(m.canHave().queueGetWaits);
}

TEST_CASE("main()'s put() blocked on a full Queue is in the key as a producer's wait, when one took time") {
    // The engine's queue limit (spec: main() puts each job; workers get()): eight 1 s jobs, two workers.
    const auto run = [](int maxsize) {
        const cs::LoadResult r = cs::parseScenario(
            (R"({"format": "coroscope-scenario/1", "generate": {"count": 8, "seed": 1, "steps": [{"io": 1.0}]},)"
             R"( "limit": {"kind": "queue", "workers": 2, "maxsize": )" +
             std::to_string(maxsize) + "}}")
                .c_str());
        REQUIRE(r.ok());
        RunModel m(cs::RunConfig::forScenario(*r.scenario));
        cs::Simulation sim(*r.scenario, m);
        sim.run();
        return m;
    };
    // Room for two: main() waits in put() from the first instant (its caller row draws it hollow,
    // as a producer task's lane draws its wait: StatePalette's "waiting in put() for room in the queue").
    const RunModel full = run(2);
    REQUIRE(full.ended());
    bool mainWaited = false;
    for (const RunModel::ProducerWait& w : full.producerWaits()) mainWaited |= w.by < 0 && w.end > w.begin;
    REQUIRE(mainWaited);
    CHECK(full.canHave().queuePutWaits);
    CHECK(full.canHave().queuedJobs);
    // While the run plays (the live rule, as for a producer task's): in the key once main()'s wait began.
    {
        const cs::LoadResult r = cs::parseScenario(
            R"({"format": "coroscope-scenario/1", "generate": {"count": 8, "seed": 1, "steps": [{"io": 1.0}]},)"
            R"( "limit": {"kind": "queue", "workers": 2, "maxsize": 2}})");
        REQUIRE(r.ok());
        RunModel live(cs::RunConfig::forScenario(*r.scenario));
        // (Before the first event: the key of a scenario's run is what it can show, steady as it plays.)
        CHECK(live.canHave().queuePutWaits);
        cs::Simulation sim(*r.scenario, live);
        sim.runUntil(0.5);
        REQUIRE_FALSE(live.ended());
        CHECK(live.canHave().queuePutWaits);
    }
    // An unbounded queue never makes main() wait: nothing of the kind in the key.
    const RunModel unbounded = run(0);
    REQUIRE(unbounded.ended());
    for (const RunModel::ProducerWait& w : unbounded.producerWaits()) CHECK_FALSE(w.end > w.begin);
    CHECK_FALSE(unbounded.canHave().queuePutWaits);
    // Room for every job: main() never waits; the scenario cannot show it, the finished run did not.
    const RunModel roomy = run(8);
    CHECK_FALSE(roomy.canHave().queuePutWaits);
    const cs::LoadResult big = cs::parseScenario(
        R"({"format": "coroscope-scenario/1", "generate": {"count": 8, "seed": 1, "steps": [{"io": 1.0}]},)"
        R"( "limit": {"kind": "queue", "workers": 2, "maxsize": 8}})");
    REQUIRE(big.ok());
    CHECK_FALSE(cs::RunConfig::forScenario(*big.scenario).canHave.queuePutWaits);
}

TEST_CASE("on a real clock a wait within one moment is in no key entry, whichever way the trace is read") {
    // A hand-made rate limiter traced on the real clock (CPython 3.11.7): each
    // task's request and the slot_wait or running its step writes next are
    // microseconds apart (the tracer stamps each line as it writes it). The
    // key listed "waiting for a permit", which no lane showed.
    const std::string stamped = R"({"t": 0.0, "ev": "meta", "clock": "real"}
{"t": 0.006518, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.006518, "ev": "request", "task": 0, "name": "Task-2"}
{"t": 0.006531, "ev": "running", "task": 0, "name": "Task-2"}
{"t": 0.006646, "ev": "created", "task": 1, "name": "Task-3"}
{"t": 0.006646, "ev": "request", "task": 1, "name": "Task-3"}
{"t": 0.006650, "ev": "slot_wait", "task": 1, "name": "Task-3"}
{"t": 0.30, "ev": "done", "task": 0, "name": "Task-2"}
{"t": 0.50, "ev": "running", "task": 1, "name": "Task-3"}
{"t": 0.80, "ev": "done", "task": 1, "name": "Task-3"}
{"t": 0.80, "ev": "end", "outcome": "ok"}
)";
    const auto replaced = [](std::string s, const std::string& from, const std::string& to) {
        s.replace(s.find(from), from.size(), to);
        return s;
    };
    // Read whole (the app's File > Open builds its model while it reads: the clock must be known then).
    const auto loaded = [](const std::string& text) {
        const std::string path = "queue_waits_test_real_clock.jsonl";
        std::ofstream(path) << text;
        cs::TraceFile file;
        REQUIRE(file.load(path, true));
        std::remove(path.c_str());
        return file.takeModel("real");
    };
    for (const bool viaLoad : {false, true}) {
        INFO((viaLoad ? "load" : "read"));
        const auto model = [&](const std::string& text) { return viaLoad ? loaded(text) : open(text); };
        const RunModel m = model(stamped);
        CHECK_FALSE(m.canHave().permitWaits);
        CHECK(m.canHave().slotWaits);
        // A wait of 20 ms is one (task 0 runs at 0.026531).
        const std::string running0 = "{\"t\": 0.006531, \"ev\": \"running\", \"task\": 0, \"name\": \"Task-2\"}\n";
        const std::string later = replaced(replaced(stamped, running0, ""), "{\"t\": 0.30,",
                                           "{\"t\": 0.026531, \"ev\": \"running\", \"task\": 0, \"name\": "
                                           "\"Task-2\"}\n{\"t\": 0.30,");
        CHECK(model(later).canHave().permitWaits);
        // On the virtual clock any wait that took time is (the runner's times are exact).
        CHECK(model(replaced(stamped, R"("clock": "real")", R"("clock": "virtual")")).canHave().permitWaits);
    }
}
