#pragma once
// The sink a live run writes to: a cs::TraceStore (columnar, at most 16 bytes an
// event, indexed by time) plus a generation counter that changes whenever
// the run restarts from t = 0 (Simulation::setLimit replays through reset()).
// The TimelineModel reads appended ranges and starts over on a new generation.
#include <cstdint>
#include <string>

#include "trace/trace_sink.h"
#include "trace/trace_store.h"

namespace cs::ui {

class TraceRecorder final : public cs::TraceSink {
public:
    void append(const TraceEvent& e, const Symbols& symbols) override { store_.append(e, symbols); }
    void reset() override {
        store_.reset();
        ++generation_;
    }

    const TraceStore& store() const { return store_; }
    std::uint64_t generation() const { return generation_; }

    std::size_t size() const { return store_.size(); }
    TraceEvent at(std::size_t i) const { return store_.at(i); }
    double timeAt(std::size_t i) const { return store_.timeAt(i); }
    EvKind kindAt(std::size_t i) const { return store_.kindAt(i); }
    std::size_t firstIndexAtOrAfter(double t) const { return store_.firstIndexAtOrAfter(t); }
    std::size_t firstIndexAfter(double t) const { return store_.firstIndexAfter(t); }
    // Exception class name of a Raise/FailedExc arg (or End's task slot).
    std::string symbol(std::int32_t id) const {
        return id >= 0 && static_cast<std::size_t>(id) < store_.symbols().size() ? std::string(store_.symbols().name(id))
                                                                                 : std::string();
    }

private:
    TraceStore store_;
    std::uint64_t generation_ = 0;
};

}  // namespace cs::ui
