#pragma once
// What a lesson's claims ask of a run, behind a small interface so that the
// claim evaluator does not care where the facts come from: today a
// TraceStore (an engine run, or a trace written by CPython or the Python
// tracer, read back: TraceStoreFacts); later the core run model, the one
// place that turns events into facts.
//
// Every answer is about one finished (or partial) trace; times are the
// trace's own seconds.
#include <cstdint>
#include <string>
#include <vector>

#include "trace/trace_event.h"

namespace cs::lessons {

// One event as the claims see it: EvKind's meaning of task and arg
// (Counter: task = increments completed, arg = value; Limit: arg = limit).
struct FactEvent {
    double t = 0.0;
    EvKind kind = EvKind::Created;
    std::int32_t task = -1;
    std::int32_t arg = 0;
};

class RunFacts {
public:
    virtual ~RunFacts() = default;

    // The events of the given kinds, in the order they happened.
    virtual std::vector<FactEvent> eventsOf(const std::vector<EvKind>& kinds) const = 0;
    // Whether the trace has its `end` event; its time (the makespan) and
    // outcome ("ok", "raised:Name", "deadlock"; "" without end).
    virtual bool ended() const = 0;
    virtual double endTime() const = 0;
    virtual std::string outcome() const = 0;
    // Spec section 5: tasks in flight (between running and their end) and
    // waiting (between request and running) at instant t, sampled after the
    // last event at t; and their peaks over the run.
    virtual std::int64_t inFlightAt(double t) const = 0;
    virtual std::int64_t waitingAt(double t) const = 0;
    virtual std::int64_t peakInFlight() const = 0;
    virtual std::int64_t peakWaiting() const = 0;
    // Tasks that ended done per second of makespan (spec section 5).
    virtual double throughput() const = 0;
};

}  // namespace cs::lessons
