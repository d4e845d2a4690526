#pragma once
// The run's counters over time, one row per instant at which one of them
// changed (spec section 5 definitions): tasks in flight (between running
// and their end), waiting (between request and running), permits in use,
// and tasks completed (any terminal state). A row holds the values after
// every event at its instant, so a hand-over at one instant (release, then
// the waiter runs) never shows a transient dip.
#include <cstdint>
#include <vector>

#include "export/export_options.h"

namespace cs {

class TraceStore;

class MetricSeries {
public:
    struct Row {
        double t = 0.0;
        std::int64_t inFlight = 0;
        std::int64_t waiting = 0;
        std::int64_t permitsInUse = 0;
        std::int64_t completed = 0;
        std::int64_t done = 0;  // completed with state done (throughput)
        bool operator==(const Row&) const = default;
    };

    // Permits in use: options.permits when given (measured by the Python
    // tracer), else acquisitions minus releases when options.semaphorePermits,
    // else the number in flight.
    MetricSeries(const TraceStore& store, const ExportOptions& options);

    const std::vector<Row>& rows() const { return rows_; }

private:
    std::vector<Row> rows_;
};

}  // namespace cs
