#include "export/export_options.h"

namespace cs {

ExportOptions ExportOptions::forScenario(const Scenario& s) {
    ExportOptions o;
    o.title = s.title;
    // Mirrors TimelineModel::configure, so that an export shows the counts
    // the timeline showed.
    o.semaphorePermits = s.limit.kind == LimitKind::Semaphore || s.limit.kind == LimitKind::BoundedSemaphore ||
                         s.limit.kind == LimitKind::Adaptive;
    switch (s.limit.kind) {
        case LimitKind::Semaphore:
        case LimitKind::BoundedSemaphore:
        case LimitKind::Manual:
        case LimitKind::Connector:
        case LimitKind::Scheduler: o.initialLimit = s.limit.value; break;
        case LimitKind::Adaptive: o.initialLimit = s.limit.initial; break;
        case LimitKind::Queue: o.initialLimit = s.limit.workers; break;
        case LimitKind::Chunks: o.initialLimit = s.limit.size; break;
        case LimitKind::Rate: o.initialLimit = s.limit.maxAtOnce > 0 ? s.limit.maxAtOnce : -1; break;
        case LimitKind::None:
        case LimitKind::SemaphorePerTask: o.initialLimit = -1; break;
    }
    return o;
}

}  // namespace cs
