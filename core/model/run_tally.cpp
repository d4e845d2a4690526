#include "model/run_tally.h"

namespace cs {

using namespace task_bits;

void RunTally::newInstant(double t) {
    // The counts as they stand now are the values after the last event of
    // the instant that ends here: those are the ones sampled.
    peakInFlight_ = std::max(peakInFlight_, inFlight_);
    peakWaiting_ = std::max(peakWaiting_, waiting());
    if (t > curT_) {
        const double dt = t - curT_;
        areaInFlight_ += static_cast<double>(inFlight_) * dt;
        areaInSystem_ += static_cast<double>(inSystem_) * dt;
    }
    curT_ = t;
}

void RunTally::request(std::uint8_t& bits, double t, double& request) {
    if (bits & kEnded) return;  // not in a valid trace
    if (!(bits & kRequested)) {
        bits |= kRequested;
        request = t;
        ++requested_;
        ++inSystem_;
    }
    if (!(bits & kWaiting)) {
        bits |= kWaiting;
        ++waiting_;
        // A task that ran and asks again (a recorded program's: its second
        // Semaphore, a worker's next round) waits now: it is not also in
        // flight (in flight and waiting counted it twice: 9 of 8 tasks).
        if (bits & kRan) --inFlight_;
    }
}

void RunTally::running(std::uint8_t& bits) {
    if (bits & kEnded) return;
    if (bits & kWaiting) {
        bits &= static_cast<std::uint8_t>(~kWaiting);
        --waiting_;
        if (bits & kRan) ++inFlight_;  // (back in flight after a wait of its own: request)
    }
    if (!(bits & kRan)) {
        bits |= kRan;
        ++inFlight_;
    }
}

double RunTally::terminal(std::uint8_t& bits, EvKind kind, double t, double request) {
    if (bits & kEnded) return kNever;  // a second end: not in a valid trace, counted once
    bits |= kEnded;
    // In flight: it ran and does not wait again (request).
    if ((bits & kRan) && !(bits & kWaiting)) --inFlight_;
    if (bits & kWaiting) {
        bits &= static_cast<std::uint8_t>(~kWaiting);
        --waiting_;
    }
    if (bits & kQueued) {
        bits &= static_cast<std::uint8_t>(~kQueued);
        --queued_;
    }
    if (kind == EvKind::Done)
        ++ok_;
    else if (kind == EvKind::Failed)
        ++failed_;
    else if (kind == EvKind::Destroyed)
        ++destroyed_;
    else
        ++cancelled_;
    if (!(bits & kRequested)) return kNever;
    --inSystem_;
    ++endedRequested_;
    requestToEndSum_ += t - request;
    if (kind != EvKind::Done) return kNever;
    ++timed_;
    latencySum_ += t - request;
    return t - request;
}

void RunTally::enqueue(std::uint8_t& bits) {
    if (bits & (kQueued | kEnded)) return;
    bits |= kQueued;
    ++queued_;
}

void RunTally::worker(std::uint8_t& bits) {
    if (!(bits & kQueued)) return;
    bits &= static_cast<std::uint8_t>(~kQueued);
    --queued_;
}

void RunTally::raise(std::int32_t sym, const Symbols& symbols) { lastRaise_ = std::string(symbols.name(sym)); }

void RunTally::end(const TraceEvent& e, const Symbols& symbols) {
    ended_ = true;
    endT_ = e.t;
    outcome_ = static_cast<Outcome>(e.arg);
    switch (outcome_) {
        case Outcome::Ok: outcomeText_ = "ok"; break;
        case Outcome::Raised:
            // End's task slot names the class escaping asyncio.run; -1: the last raise's.
            outcomeText_ = "raised:" + (e.task >= 0 ? std::string(symbols.name(e.task)) : lastRaise_);
            break;
        case Outcome::Deadlock: outcomeText_ = "deadlock"; break;
        default: outcomeText_ = "unknown"; break;
    }
}

}  // namespace cs
