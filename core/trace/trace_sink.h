#pragma once
#include <cstddef>

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
    // Events [e, e + n) in order, as n append() calls would give them (the
    // engine hands over its events in batches: one virtual call per batch).
    virtual void appendBatch(const TraceEvent* e, std::size_t n, const Symbols& symbols) {
        for (std::size_t i = 0; i < n; ++i) append(e[i], symbols);
    }
    // The run restarts from t = 0 (Simulation::setLimit replays): forget
    // everything appended so far.
    virtual void reset() {}
};

// Drops everything (benchmarks of the bare loop).
class NullSink final : public TraceSink {
public:
    void append(const TraceEvent&, const Symbols&) override {}
    void appendBatch(const TraceEvent*, std::size_t, const Symbols&) override {}
};

}  // namespace cs
