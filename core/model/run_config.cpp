#include "model/run_config.h"

#include <algorithm>

#include "model/kinds.h"
namespace cs {

RunConfig RunConfig::forScenario(const Scenario& s) {
    RunConfig c;
    c.title = s.title;
    c.tasks = s.tasks.size();
    // The spec's job() traces `request` for every task, whatever the limit.
    c.tasksRequest = true;
    c.collectorRecorded = true;
    c.canHave.threadSteps = c.canHave.processSteps = c.canHave.cpuSteps = false;
    for (const Step& step : s.steps) {
        c.canHave.threadSteps |= step.kind == StepKind::Thread;
        c.canHave.processSteps |= step.kind == StepKind::Process;
        c.canHave.cpuSteps |= step.kind == StepKind::Cpu;
    }
    // A task runs one job at a time: jobs wait for a worker only when more
    // tasks use a pool than it has workers.
    std::int64_t threadTasks = 0, processTasks = 0;
    if (c.canHave.poolSteps())
        for (const TaskSpec& t : s.tasks) {
            bool thread = false, process = false;
            const Step* steps = s.stepsOf(t);
            for (std::uint32_t k = 0; k < t.stepCount; ++k) {
                thread |= steps[k].kind == StepKind::Thread;
                process |= steps[k].kind == StepKind::Process;
            }
            threadTasks += thread;
            processTasks += process;
        }
    c.canHave.poolWaits = threadTasks > s.maxWorkers || processTasks > s.processWorkers;
    // What can cancel a task while its job runs: its timeout, the collector
    // (wait's and as_completed's timeouts, TaskGroup, main() leaving tasks
    // to asyncio.run()'s exit), a failure escaping gather, a deadlock.
    const bool mayFail = std::any_of(s.steps.begin(), s.steps.end(), [](const Step& st) {
        return st.kind == StepKind::Raise || st.kind == StepKind::Call;
    });
    // (A second release fails its task under a BoundedSemaphore.)
    const auto anyTask = [&s](auto pred) { return std::any_of(s.tasks.begin(), s.tasks.end(), pred); };
    const bool taskMayFail = anyTask([](const TaskSpec& t) { return t.releaseTwice; });
    const bool mayCancel = s.collect.kind != CollectKind::Gather ||
                           ((mayFail || taskMayFail) && !s.collect.returnExceptions) ||
                           anyTask([](const TaskSpec& t) { return t.hasTimeout() || t.forgetRelease; });
    c.canHave.jobsLeftRunning = c.canHave.poolSteps() && mayCancel;
    c.canHave.frozen = c.canHave.cpuSteps;
    const LimitKindInfo& kind = limitKindInfo(s.limit.kind);
    c.canHave.handOvers = kind.permits == PermitModel::Shared ||
                          (s.limit.kind == LimitKind::Rate && s.limit.maxAtOnce > 0);
    c.canHave.queuedJobs = s.limit.kind == LimitKind::Queue;
    // main(), the queue's producer, waits in put() once maxsize jobs are queued (its caller row draws it):
    // it can when there are more tasks than that (RunModel::canHave narrows it to what a finished run did).
    c.canHave.queuePutWaits = c.canHave.queuedJobs && s.limit.maxsize > 0 &&
                              s.tasks.size() > static_cast<std::size_t>(s.limit.maxsize);
    c.canHave.arrivals = std::any_of(s.tasks.begin(), s.tasks.end(), [](const TaskSpec& t) { return t.arrive > 0; });
    // Only a shared semaphore or the rate limiter makes a task wait between
    // its request and its running. With no limit job() enters a null
    // context; a semaphore per task is always free; a queue's worker, a
    // chunk, a hand-written counter or aiojobs make a task only when it can
    // run (its request and running at one instant).
    c.canHave.permitWaits = kind.permits == PermitModel::Shared || kind.permits == PermitModel::Rate;
    // A rate limit's task that got its permit may sleep until its start slot,
    // holding the permit of its Semaphore(max_at_once) when there is one.
    c.canHave.slotWaits = kind.permits == PermitModel::Rate;
    c.setLimiter(limiterOf(s));
    return c;
}

void RunConfig::setLimiter(const Limiter& told) {
    limiter = told;
    const LimitKindInfo& kind = limitKindInfo(told.limit.kind);
    // These kinds hold one shared semaphore whose permits the trace's
    // running/release events count (the program emits a release for each).
    semaphorePermits = kind.permits == PermitModel::Shared;
    // A rate limit's Semaphore(max_at_once)'s permits: a task holds one from
    // its slot_wait (or its running) to its release.
    ratePermits = kind.permits == PermitModel::Rate && told.limit.maxAtOnce > 0;
    canHave.slotWaitHolds = ratePermits && canHave.slotWaits;
    const std::int64_t size = limitSize(told.limit);
    switch (kind.limitLine) {
        case LimitLine::None: initialLimit = -1; break;
        case LimitLine::Size: initialLimit = size; break;
        case LimitLine::SizeIfPositive: initialLimit = size > 0 ? size : -1; break;
    }
}

}  // namespace cs
