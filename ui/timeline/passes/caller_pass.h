#pragma once
#include <cstdint>
#include <vector>

#include "timeline/paint_pass.h"

namespace cs::ui {

// The caller's lane, main(): while it awaits its collector a thin line; each
// collector call that handed results back (the run model's `returned`
// calls) a marker at the moment it returned, with how many results it
// brought (×N) in green when all were values, vermillion when one was an
// exception; an exception (or ExceptionGroup) escaping it a cross with its
// name; the producer's waits on a full Queue's put() (backpressure) as
// waiting bars; the tasks wait() left pending. So gather (one call with
// every result at the end), as_completed (one call per result, spread over
// the run), wait(FIRST_COMPLETED) (one call, the rest pending) and TaskGroup
// (one exit, or an ExceptionGroup) look different at a glance. The jobs
// main() itself handed to a pool (RunModel::mainJobs) as a band in the
// pool's colour while one runs ("2 in the thread pool"), hollow while they
// only wait in its queue.
class CallerPass final : public PaintPass {
public:
    // The results one collector call handed over.
    struct CallGroup {
        double t;            // when the call returned
        std::int32_t call;   // its index (-1: the trace does not say)
        std::size_t first;   // its first result (index into RunModel::results())
        std::size_t count;   // how many results
        std::size_t failed;  // of those, exceptions (or cancellations)
    };
    // The calls that returned in [t0, t1], in time order: O(calls · log n).
    static std::vector<CallGroup> callGroups(const RunModel& run, double t0, double t1);

    void paint(PaintContext& ctx) override;

private:
    void paintMainJobs(PaintContext& ctx, const QRect& r, double barH);
};

}  // namespace cs::ui
