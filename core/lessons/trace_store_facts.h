#pragma once
// RunFacts of a TraceStore: an engine run, or a trace file read back (a
// generated program run by CPython on the virtual clock, a program traced in
// real time by the Python tracer). The metrics come from the classes that
// already define them for the CLI and the exports (Summary: end, outcome,
// throughput; MetricSeries: counts after each instant, and their peaks), so
// a lesson quotes the numbers the summary and the charts show.
#include <memory>

#include "export/metric_series.h"
#include "lessons/run_facts.h"
#include "trace/summary.h"

namespace cs {
class TraceStore;
}

namespace cs::lessons {

class TraceStoreFacts final : public RunFacts {
public:
    // `store` must outlive this object.
    explicit TraceStoreFacts(const TraceStore& store);

    std::vector<FactEvent> eventsOf(const std::vector<EvKind>& kinds) const override;
    bool ended() const override;
    double endTime() const override;
    std::string outcome() const override;
    std::int64_t inFlightAt(double t) const override;
    std::int64_t waitingAt(double t) const override;
    std::int64_t peakInFlight() const override;
    std::int64_t peakWaiting() const override;
    double throughput() const override;

private:
    const MetricSeries::Row* rowAt(double t) const;

    const TraceStore& store_;
    Summary summary_;
    MetricSeries series_;
};

}  // namespace cs::lessons
