#pragma once
// The sink a live run writes to: a cs::TraceStore (columnar, at most 16 bytes an
// event, indexed by time), the run model fed as the events come (the facts
// of the run: core/model/run_model.h), plus a generation counter that
// changes whenever the run restarts from t = 0 (Simulation::setLimit replays
// through reset()). The TimelineModel reads appended ranges and starts over
// on a new generation.
#include <algorithm>
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
        if (whole_) copyWhole();  // (a shared trace grows: copy what is shown first)
        store_.append(e, symbols);
        run_.append(e, symbols);
    }
    void reset() override {
        whole_.reset();
        shown_ = 0;
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
        shown_ = whole_->size();
        run_ = std::move(run);
    }
    // After reset(), instead of configure() (the run model keeps the
    // configuration it had): `whole` (a recorded trace) played again from
    // t = 0, none of it shown yet. revealTo() shows its events; they are
    // shared, never copied (a million-task trace's 68 MB once, not twice).
    void replay(std::shared_ptr<const TraceStore> whole) {
        whole_ = std::move(whole);
        shown_ = 0;
    }
    // Replaying: shows the trace's events up to and including time t, in
    // order (the run model takes each). Nothing else to do otherwise.
    void revealTo(double t) {
        if (!whole_) return;
        const TraceStore& w = *whole_;
        for (; shown_ < w.size() && w.timeAt(shown_) <= t; ++shown_) run_.append(w.at(shown_), w.symbols());
    }
    // Replaying: whether every event of the trace is shown (the time of the
    // next one otherwise: nextTime()).
    bool revealedAll() const { return !whole_ || shown_ == whole_->size(); }
    double nextTime() const { return whole_->timeAt(shown_); }  // !revealedAll()

    // What the run model needs beside the events (a scenario's or a trace
    // file's RunConfig): forgets the run model's events, so call it before
    // the run's first event.
    void configure(RunConfig config) { run_.configure(std::move(config)); }

    // The store the events are read from: its first size() events are the
    // run's so far (a replayed trace's store holds the ones to come too).
    const TraceStore& store() const { return whole_ ? *whole_ : store_; }
    const RunModel& run() const { return run_; }
    std::uint64_t generation() const { return generation_; }

    std::size_t size() const { return whole_ ? shown_ : store_.size(); }
    TraceEvent at(std::size_t i) const { return store().at(i); }
    double timeAt(std::size_t i) const { return store().timeAt(i); }
    EvKind kindAt(std::size_t i) const { return store().kindAt(i); }
    // Among the events shown: the first at or after t (after t), else size().
    std::size_t firstIndexAtOrAfter(double t) const { return std::min(store().firstIndexAtOrAfter(t), size()); }
    std::size_t firstIndexAfter(double t) const { return std::min(store().firstIndexAfter(t), size()); }
    // Exception class name of a Raise/FailedExc arg (or End's task slot).
    std::string symbol(std::int32_t id) const {
        const Symbols& symbols = store().symbols();
        return id >= 0 && static_cast<std::size_t>(id) < symbols.size() ? std::string(symbols.name(id)) : std::string();
    }

private:
    void copyWhole() {
        const std::shared_ptr<const TraceStore> whole = std::move(whole_);
        for (std::size_t i = 0; i < shown_; ++i) store_.append(whole->at(i), whole->symbols());
        shown_ = 0;
    }

    std::shared_ptr<const TraceStore> whole_;  // shown whole (showWhole) or replayed (replay), else null
    std::size_t shown_ = 0;                    // with whole_: its first events shown so far
    TraceStore store_;
    RunModel run_;
    std::uint64_t generation_ = 0;
};

}  // namespace cs::ui
