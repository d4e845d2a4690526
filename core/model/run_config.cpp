#include "model/run_config.h"

namespace cs {

RunConfig RunConfig::forScenario(const Scenario& s) {
    RunConfig c;
    c.title = s.title;
    c.tasks = s.tasks.size();
    // The spec's job() traces `request` for every task, whatever the limit.
    c.tasksRequest = true;
    // These kinds hold one shared semaphore whose permits the trace's
    // running/release events count (the program emits a release for each).
    c.semaphorePermits = s.limit.kind == LimitKind::Semaphore || s.limit.kind == LimitKind::BoundedSemaphore ||
                         s.limit.kind == LimitKind::Adaptive || s.limit.kind == LimitKind::Connector;
    switch (s.limit.kind) {
        case LimitKind::Semaphore:
        case LimitKind::BoundedSemaphore:
        case LimitKind::Manual:
        case LimitKind::Connector:
        case LimitKind::Scheduler: c.initialLimit = s.limit.value; break;
        case LimitKind::Adaptive: c.initialLimit = s.limit.initial; break;
        case LimitKind::Queue: c.initialLimit = s.limit.workers; break;
        case LimitKind::Chunks: c.initialLimit = s.limit.size; break;
        case LimitKind::Rate: c.initialLimit = s.limit.maxAtOnce > 0 ? s.limit.maxAtOnce : -1; break;
        case LimitKind::None:
        case LimitKind::SemaphorePerTask: c.initialLimit = -1; break;
    }
    return c;
}

}  // namespace cs
