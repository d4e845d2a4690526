#pragma once
// The sink a live run writes to: a cs::TraceStore (columnar, at most 16 bytes an
// event, indexed by time), the run model fed as the events come (the facts
// of the run: core/model/run_model.h), plus a generation counter that
// changes whenever the run restarts from t = 0 (Simulation::setLimit replays
// through reset()). The TimelineModel reads appended ranges and starts over
// on a new generation.
#include <cstdint>
#include <memory>
#include <string>

#include "model/run_model.h"
#include "trace/trace_sink.h"
#include "trace/trace_store.h"

namespace cs::ui {

class TraceRecorder final : public cs::TraceSink {
public:
    void append(const TraceEvent& e, const Symbols& symbols) override {
        if (whole_) copyWhole();  // (a shown whole trace grows: copy it first)
        store_.append(e, symbols);
        run_.append(e, symbols);
    }
    void reset() override {
        whole_.reset();
        store_.reset();
        run_.reset();
        ++generation_;
    }
    // After reset(), instead of configure(): every event of `whole` (a
    // recorded trace shown at once), shared rather than copied event by
    // event, and `run`, the run model of all of them (RunModel::of, or
    // TraceFile::takeModel: the same facts, made while the file was read).
    void showWhole(std::shared_ptr<const TraceStore> whole, RunModel run) {
        whole_ = std::move(whole);
        run_ = std::move(run);
    }
    // What the run model needs beside the events (a scenario's or a trace
    // file's RunConfig): forgets the run model's events, so call it before
    // the run's first event.
    void configure(RunConfig config) { run_.configure(std::move(config)); }

    const TraceStore& store() const { return whole_ ? *whole_ : store_; }
    const RunModel& run() const { return run_; }
    std::uint64_t generation() const { return generation_; }

    std::size_t size() const { return store().size(); }
    TraceEvent at(std::size_t i) const { return store().at(i); }
    double timeAt(std::size_t i) const { return store().timeAt(i); }
    EvKind kindAt(std::size_t i) const { return store().kindAt(i); }
    std::size_t firstIndexAtOrAfter(double t) const { return store().firstIndexAtOrAfter(t); }
    std::size_t firstIndexAfter(double t) const { return store().firstIndexAfter(t); }
    // Exception class name of a Raise/FailedExc arg (or End's task slot).
    std::string symbol(std::int32_t id) const {
        const Symbols& symbols = store().symbols();
        return id >= 0 && static_cast<std::size_t>(id) < symbols.size() ? std::string(symbols.name(id)) : std::string();
    }

private:
    void copyWhole() {
        const std::shared_ptr<const TraceStore> whole = std::move(whole_);
        for (std::size_t i = 0; i < whole->size(); ++i) store_.append(whole->at(i), whole->symbols());
    }

    std::shared_ptr<const TraceStore> whole_;  // shown whole (showWhole), else null
    TraceStore store_;
    RunModel run_;
    std::uint64_t generation_ = 0;
};

}  // namespace cs::ui
