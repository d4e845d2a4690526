#pragma once
// RunFacts of a TraceStore: an engine run, or a trace file read back (a
// generated program run by CPython on the virtual clock, a program traced in
// real time by the Python tracer). The metrics come from the run model
// (cs::RunModel, spec section 5), the one place the CLI summary and the
// exports read too, so a lesson quotes the same numbers the summary prints.
#include "lessons/run_facts.h"
#include "model/run_config.h"
#include "model/run_model.h"

namespace cs {
class TraceStore;
}

namespace cs::lessons {

class TraceStoreFacts final : public RunFacts {
public:
    // `store` must outlive this object.
    explicit TraceStoreFacts(const TraceStore& store, RunConfig config = {});

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
    const TraceStore& store_;
    RunModel model_;
    RunMetrics metrics_;
};

}  // namespace cs::lessons
