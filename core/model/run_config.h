#pragma once
// What the run model needs to know beyond a run's events: facts the trace
// does not repeat (how the limit counts permits, its value at t = 0, whether
// every task asks for a permit) and what a recorded trace adds on top of its
// events (task names, measured permits, the title). RunConfig::forScenario
// is the one place that reads these off a scenario; TraceFile::runConfig
// off a trace file.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/scenario.h"
#include "pyrun/runner_report.h"
#include "trace/permit_sample.h"

namespace cs {

struct RunConfig {
    std::string title;
    // Tasks the run is known to have (a scenario's task list): their lanes
    // exist, "not started", before any event names them. 0: as events come.
    std::size_t tasks = 0;
    // By task id; empty or "" entries: no name (scenario runs have none).
    std::vector<std::string> names;
    // One shared semaphore's permits are what running/release events count
    // (semaphore, bounded_semaphore, adaptive, connector); otherwise
    // "permits in use" is the number of tasks in flight.
    bool semaphorePermits = false;
    // A rate limit with max_at_once (a scenario's, or a trace file's that says
    // so: its "limiter" line, setLimiter): its Semaphore(max_at_once)'s
    // permits are what "permits in use" counts: a task holds its permit from
    // its `slot_wait` (it waits for its start slot holding it), or its
    // `running` when it had no slot to wait for, to its `release`.
    bool ratePermits = false;
    // The limit in force at t = 0 (-1: none); later values come from the
    // trace's limit events.
    std::int64_t initialLimit = -1;
    // Every task asks for a permit after it is created (scenario runs: the
    // `request` event always follows, after `arrive`): a created task that
    // has not asked yet is arriving. Without it (a recorded program) a task
    // is arriving only once a later `request` shows it, else it runs from
    // its creation.
    bool tasksRequest = false;
    // The run records what main()'s collector received (`result`,
    // `pending`, `returned`, `collected` events): a scenario's run. A trace
    // file shows it by having such a line (RunModel::callerRecorded); a
    // recorded program's trace has none: its main() is the program's own.
    bool collectorRecorded = false;
    // What the run can have, so what the timeline's key lists (LegendBar):
    // a scenario's from its fields (RunConfig::forScenario), a trace's from
    // what its lines show (TraceFile).
    struct CanHave {
        // Whether a lane can be in the thread pool (`thread` steps), in the
        // process pool (`process` steps), and whether one can block the loop
        // (`cpu` steps; so whether another can be frozen by it): a scenario's
        // run only if it has such steps; a trace's, only if its lines show it.
        bool threadSteps = true;
        bool processSteps = true;
        // Whether a pool job can wait in the pool's queue for a free worker
        // (the "pool queue" state): a scenario's run only if more tasks have
        // steps for a pool than it has workers; a trace's, only if a
        // `thread_queued` line's job waited (TraceReader::sawPoolWait).
        bool poolWaits = true;
        // Whether a pool job can run on after its task stopped waiting for
        // it (RunModel::JobLeftRunning: the task ended, or its await was
        // cancelled): a scenario's run only if it has pool steps and
        // something can cancel a task (a timeout, a collector other than
        // gather, a failure that escapes gather, a forgotten release's
        // deadlock); a trace's, only if its lines show one (`thread_left`, a
        // `thread_end` after its task's end).
        bool jobsLeftRunning = true;
        bool cpuSteps = true;
        // Whether a task can be frozen (due while another's cpu step holds
        // the loop): a scenario's run whenever it can have cpu steps; a
        // trace's only if it has a `ready` line (main() blocking the loop
        // with nothing else due freezes nobody).
        bool frozen = true;
        // Whether a release can hand a permit to a waiter (a `release` event
        // with `woke`): a scenario's run only with a semaphore its jobs share
        // (the engine's Limiter::permits: the Shared kinds, and rate's
        // max_at_once); a trace's, only if one of its releases woke a task.
        bool handOvers = true;
        // A Queue limit's run: jobs wait in the queue for a worker (`enqueue`
        // before `worker`: the "queued" state); a trace's, if it has `enqueue`.
        bool queuedJobs = false;
        // Whether a task can be arriving (created, not asked yet: a scenario's
        // run only if a task has an `arrive`), waiting for a permit (a
        // scenario's only under a limit), fail, or be cancelled (a scenario's
        // always can: that depends on more than its fields: timeouts,
        // TaskGroup, the service, a deadlock's interrupt). A trace's, only if
        // its lines show a `request` (arriving before it, waiting after it),
        // a `failed`, a `cancelled` (a recorded program that uses no limit
        // never asks).
        bool arrivals = true;
        // (A recorded program's run: RunConfig::tasksRequest false.) Its
        // "arriving" tasks are those that have not asked for a permit yet:
        // they run their own code meanwhile (a download, a sleep, a wait for
        // an Event), as a task that never asks does: drawn and named so
        // ("running, no permit asked yet"), not as a scenario's arrival.
        bool arrivingUnasked = false;
        bool permitWaits = true;
        // Whether a task can wait for its start slot after it got its permit
        // (a rate limit: the `slot_wait` event, until its `running`), and
        // whether it holds a permit meanwhile (max_at_once). A scenario's run
        // under a rate limit; a trace's, only if it has a `slot_wait` line
        // (holding, if it has a `release` line too).
        bool slotWaits = false;
        bool slotWaitHolds = false;
        bool failures = true;
        bool cancels = true;
        // Whether a task can run on without a permit (a recorded program's
        // task after it gave back every permit it held, or gave up a wait):
        // never a scenario's (its tasks end where they release); RunModel's
        // canHave() says for a trace.
        bool runsWithoutPermit = false;
        // Whether a task can be garbage-collected while pending (a recorded
        // program's `task_destroyed_pending` warning naming it: its end):
        // never a scenario's; a trace's, only if one did.
        bool destroyed = false;
        // Whether a task can wait in a Queue's get() for a free object of a
        // pool (a borrowing's lane asks at its get() and is taken later: a
        // `worker` line after its `request`, no `enqueue`): a trace's, only
        // if one did (RunModel's canHave()); never a scenario's.
        bool poolObjectWaits = false;
        // Whether a lane can wait in a Queue's get() for an item (a Queue
        // worker's own lane: `get_wait`), and a producer in put() for room (a
        // `put_wait`: a task naming it, main() without: its caller row draws
        // that wait alike): only if one did (RunModel's canHave()); a
        // scenario's workers have no lanes, its producer is main().
        bool queueGetWaits = false;
        bool queuePutWaits = false;
        bool operator==(const CanHave&) const = default;
        bool poolSteps() const { return threadSteps || processSteps; }
    };
    CanHave canHave;
    // A traced Python program that made more than one Semaphore or Lock
    // (the tracer's "semaphores" lines; 0: at most one): its measured
    // permits count the permits held in all of them, so its "limit" line
    // (the first Semaphore's value) is not the program's limit and the run
    // has no limit series (a semaphore made per task limits nothing).
    std::int64_t semaphoresMade = 0;
    // Of those, how many one task alone used (TraceReader::privateSemaphores:
    // a semaphore or lock made inside each task limits nothing; RunWarnings).
    std::int64_t privateSemaphores = 0;
    // By lane, 1 for a task the whole trace shows never asking for a permit
    // (no `request` line: a recorded program's task that uses no limit). It
    // runs from its creation, so it is in flight from then, as the timeline
    // draws it (TraceFile::runConfig; empty: none).
    std::vector<std::uint8_t> runsFromCreation;
    // By lane, 1 for a traced program's Queue worker that had a lane before
    // its first get() (it slept first: the tracer's `queue_worker` line). It
    // is no task of the run's, as a scenario's workers are none: its lane
    // draws, its events count nowhere (empty: none).
    std::vector<std::uint8_t> queueWorkers;
    // By lane, for a lane whose `enqueue` put an object in a traced
    // program's Queue used as a pool, before the first was given back (the
    // tracer's `pool_object` line): that `enqueue` is no job (no time
    // queued). 1: the object was never taken, no task of the run's (its
    // lane draws nothing); 2: the lane is a borrowing of it (empty: none).
    std::vector<std::uint8_t> poolObjects;
    // Measured permits (Python traces), in time order: when not empty they
    // are the permits-in-use series.
    std::vector<PermitSample> permits;
    // A traced program's first Semaphores and Locks told apart, each with its
    // own permits held (TraceReader::primitives; empty: not told apart).
    std::vector<PrimitiveInfo> primitives;
    static constexpr std::size_t kMaxPrimitivesApart = 4;
    // How many Semaphores and Locks the timeline draws apart, each against
    // its own size: all the program made, when that is two to
    // kMaxPrimitivesApart and a "primitive" line says what each is; 0: only
    // the permits of all together (one, or more than that: a semaphore made
    // per task, whose point is the sum).
    std::size_t primitivesApart() const {
        const std::size_t n = primitives.size();
        if (n < 2 || n > kMaxPrimitivesApart || semaphoresMade != static_cast<std::int64_t>(n)) return 0;
        for (const PrimitiveInfo& p : primitives)
            if (p.kind.empty()) return 0;
        return n;
    }
    // Whether the permits-in-use series counts permits (a shared semaphore's,
    // or a traced program's measured ones) rather than the tasks in flight:
    // what the timeline's first track is called.
    bool countsPermits() const { return semaphorePermits || ratePermits || !permits.empty(); }
    // A trace file's own task ids by lane (TraceStore::taskIds): sparse ids
    // get dense lanes, the outputs show the file's ids. Empty: lane = id.
    std::vector<std::int64_t> taskIds;
    // What the program itself warned about (a run of the virtual-clock
    // runner: asyncio's debug-mode warnings, its error logs, Python
    // warnings), each with its line; RunWarnings lists them.
    std::vector<RunnerWarning> programWarnings;
    // The times are a real clock's (a trace of the real-time tracer, whose
    // "meta" line says "clock": "real"): they vary from run to run, and the
    // app says "real time", not "virtual time" (clockName). Scenario runs and
    // traces that do not say: the virtual clock's.
    bool realClock = false;
    // Every permit a traced task took has a line (the meta line's
    // "acquires": an `acquire` line for one taken at once after its first),
    // so a release beyond them is one too many (RunModel::extraReleases).
    bool acquiresTold = false;

    // What a run of `s` implies.
    static RunConfig forScenario(const Scenario& s);
    // The run's limit and collector (a scenario's; a trace file's that tells
    // them: the engine's "limiter" line, TraceFile::runConfig). None: a
    // recorded program's trace, which shows what its events show.
    std::optional<Limiter> limiter;
    // Takes `told` as the run's limit and collector, and what a run under
    // that limit implies beyond its events (forScenario says it of a
    // scenario; a trace file that tells it gets the same): whose permits
    // "permits in use" counts, the limit at t = 0, whether a rate limit's
    // slot wait holds a permit (canHave.slotWaits set first).
    void setLimiter(const Limiter& told);
};

}  // namespace cs
