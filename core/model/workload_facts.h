#pragma once
// What a scenario's tasks do, in the few numbers the Workload panel shows
// for the scenario on screen (a lesson's, an example's, a file's or a
// generated one): how many tasks, how much work each, how many fail, block
// the loop or run in a pool, and when they arrive. Counted from the
// scenario itself, so the panel never shows a generator's settings as if
// they described a loaded file.
#include <cstddef>
#include <cstdint>

#include "model/scenario.h"

namespace cs {

struct WorkloadFacts {
    std::size_t tasks = 0;
    // Per task, the sum of its steps' durations (s): the work it does when
    // nothing makes it wait. 0 and 0 without tasks.
    double minWork = 0.0, maxWork = 0.0;
    std::size_t failing = 0;   // tasks with a raise step
    std::size_t blocking = 0;  // tasks with a cpu step (a blocking call)
    std::size_t pooled = 0;    // tasks with a thread or process step
    std::size_t timeouts = 0;  // tasks wrapped in wait_for(..., timeout)
    double lastArrival = 0.0;  // the latest `arrive` (0: every task starts at once)
};

WorkloadFacts describeWorkload(const Scenario& s);

class RunModel;
// The same of a recorded run (a traced program's, read from its events):
// a task's work is its time from running (from its creation when it never
// asked for a permit) to its end, less its waits after that (its pool job's
// for a free worker, for the loop another's blocking call held, for a
// permit asked again: an engine run's tasks then have the work their
// scenario gave them); failing, blocking and pooled count the
// tasks that failed, made a blocking call, ran a job in a pool; arrivals
// are their creations, from the first (lastArrival: the span; on a real
// clock, one of RunModel::kRealClockMoment or less is 0, at once). Tasks
// that have not ended, or ended waiting for a permit they never got, count
// only in `tasks`; a Queue's workers that had lanes and items never put
// (RunModel::jobCount) count nowhere.
WorkloadFacts describeRecorded(const RunModel& m);

// A fingerprint of the tasks and steps (not the limit, collector or texts):
// equal for the same workload, so a panel can tell whether the scenario on
// screen is still the one its generator made.
std::uint64_t workloadFingerprint(const Scenario& s);

}  // namespace cs
