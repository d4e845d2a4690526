#pragma once
// The sink a live run writes to: a cs::TraceStore (columnar, at most 16 bytes an
// event, indexed by time), the run model fed as the events come (the facts
// of the run: core/model/run_model.h), plus a generation counter that
// changes whenever the run restarts from t = 0 (Simulation::setLimit replays
// through reset()). The TimelineModel reads appended ranges and starts over
// on a new generation.
#include <cstdint>
#include <string>

#include "model/run_model.h"
#include "trace/trace_sink.h"
#include "trace/trace_store.h"

namespace cs::ui {

class TraceRecorder final : public cs::TraceSink {
public:
    void append(const TraceEvent& e, const Symbols& symbols) override {
        store_.append(e, symbols);
        run_.append(e, symbols);
    }
    void reset() override {
        store_.reset();
        run_.reset();
        ++generation_;
    }
    // What the run model needs beside the events (a scenario's or a trace
    // file's RunConfig): forgets the run model's events, so call it before
    // the run's first event.
    void configure(RunConfig config) { run_.configure(std::move(config)); }

    const TraceStore& store() const { return store_; }
    const RunModel& run() const { return run_; }
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
    RunModel run_;
    std::uint64_t generation_ = 0;
};

}  // namespace cs::ui
