#pragma once
#include "trace/symbols.h"
#include "trace/trace_event.h"

namespace cs {

// Receives every event of a run, in order. Implementations: TraceStore
// (columnar, in memory), JsonlSink (writes spec section 4 lines), Tee.
class TraceSink {
public:
    virtual ~TraceSink() = default;
    // Symbols (exception class names) referenced by arg of Raise/FailedExc
    // events are interned in `symbols` before the event is appended.
    virtual void append(const TraceEvent& e, const Symbols& symbols) = 0;
    // The run restarts from t = 0 (Simulation::setLimit replays): forget
    // everything appended so far.
    virtual void reset() {}
};

// Drops everything (benchmarks of the bare loop).
class NullSink final : public TraceSink {
public:
    void append(const TraceEvent&, const Symbols&) override {}
};

}  // namespace cs
