#include "lab/point_sink.h"

namespace cs::lab {

void PointSink::advanceTo(double t) {
    // Counts are piecewise constant between events; events come in time order.
    if (t > lastT_) {
        const double dt = t - lastT_;
        areaInFlight_ += static_cast<double>(inFlight_) * dt;
        areaInSystem_ += static_cast<double>(inSystem_) * dt;
        lastT_ = t;
    }
}

void PointSink::append(const TraceEvent& e, const Symbols& symbols) {
    summary_.append(e, symbols);
    if (e.task < 0 || !(e.kind == EvKind::Request || e.kind == EvKind::Running || isTerminal(e.kind)))
        return;
    advanceTo(e.t);
    const auto i = static_cast<std::size_t>(e.task);
    if (i >= state_.size()) {
        state_.resize(i + 1, State::Unseen);
        requestTime_.resize(i + 1, -1.0);
    }
    State& s = state_[i];
    switch (e.kind) {
        case EvKind::Request:
            if (s != State::Waiting && s != State::Running) ++inSystem_;
            requestTime_[i] = e.t;
            s = State::Waiting;
            break;
        case EvKind::Running:
            if (s == State::Unseen || s == State::Ended) ++inSystem_;  // not expected: no request
            if (s != State::Running) ++inFlight_;
            s = State::Running;
            break;
        default:  // terminal
            if (s == State::Running) --inFlight_;
            if (s == State::Waiting || s == State::Running) --inSystem_;
            // The spec's latency: terminal - request, tasks ended done or failed.
            if (e.kind != EvKind::Cancelled && requestTime_[i] >= 0.0) {
                latencySum_ += e.t - requestTime_[i];
                ++completions_;
            }
            s = State::Ended;
            break;
    }
}

void PointSink::reset() { *this = PointSink{}; }

SweepPoint PointSink::point(const SweepValue& value) const {
    SweepPoint p;
    p.value = value;
    p.makespan = summary_.makespan();
    p.throughput = summary_.throughput();
    p.tasks = summary_.tasks();
    p.ok = summary_.ok();
    p.failed = summary_.failed();
    p.cancelled = summary_.cancelled();
    p.p50 = summary_.latencyPercentile(50);
    p.p95 = summary_.latencyPercentile(95);
    p.p99 = summary_.latencyPercentile(99);
    p.peakInFlight = summary_.peakInFlight();
    p.peakWaiting = summary_.peakWaiting();
    p.outcome = summary_.outcome();
    if (p.makespan > 0.0) {
        p.meanInFlight = areaInFlight_ / p.makespan;
        p.meanInSystem = areaInSystem_ / p.makespan;
    }
    if (completions_ > 0) p.meanLatency = latencySum_ / static_cast<double>(completions_);
    p.completions = completions_;
    return p;
}

}  // namespace cs::lab
