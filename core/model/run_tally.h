#pragma once
// The counts every mode of the run model keeps, O(1) per event: tasks per
// terminal state, how many are in flight / waiting / in the system right
// now, their peaks and time integrals sampled after the last event of each
// instant (spec section 5), and Little's-law sums. RunModel feeds it each
// event's effect on one task's TaskBits; the full and the metrics-only mode
// share it, so their whole-run numbers are the same by construction.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include "trace/symbols.h"
#include "trace/trace_event.h"

namespace cs {

// One byte of state per task, read and written by RunTally (the run model
// keeps it in its task rows or, metrics-only, in a column of its own).
namespace task_bits {
inline constexpr std::uint8_t kCreated = 1;     // `created` seen
inline constexpr std::uint8_t kRequested = 2;   // `request` seen (its first time is kept)
inline constexpr std::uint8_t kRan = 4;         // `running` seen: in flight until it ends (but while it waits again)
inline constexpr std::uint8_t kWaiting = 8;     // between a request and the running (or end) after it
inline constexpr std::uint8_t kEnded = 16;      // a terminal event seen (later ones are ignored)
inline constexpr std::uint8_t kQueued = 32;     // a Queue job between `enqueue` and `worker`
inline constexpr std::uint8_t kHolding = 64;    // holds a permit of the shared semaphore (full mode)
inline constexpr std::uint8_t kTimed = 128;     // metrics-only: the request slot holds its latency
}  // namespace task_bits

class RunTally {
public:
    static constexpr double kNever = std::numeric_limits<double>::quiet_NaN();

    // Every event goes through here first, in trace order: a new instant
    // settles the previous one (peaks, integrals). Returns nothing; cheap.
    void at(double t) {
        if (t != curT_) [[unlikely]]
            newInstant(t);
    }
    void countEvent() { ++events_; }
    // A marker (isMarker: a field of the next line, not a line): counted
    // apart where the model's switch meets it, so that counting the events
    // tests no kind.
    void marker() { ++markers_; }

    // The effect of one per-task event on task `bits` (whose first request
    // time is `request`). terminal() returns the latency (t - request) of a
    // task that ended done after a request, NaN otherwise. Its kind: Done,
    // Failed, Cancelled, or Destroyed (garbage-collected while pending: it
    // leaves the run there, counted in none of the three; Little's law counts
    // it among the tasks that ended, as the time it spent in the system).
    void created(std::uint8_t& bits) {
        if (!(bits & task_bits::kCreated)) {
            bits |= task_bits::kCreated;
            ++tasks_;
        }
    }
    void request(std::uint8_t& bits, double t, double& request);
    void running(std::uint8_t& bits);
    double terminal(std::uint8_t& bits, EvKind kind, double t, double request);
    void enqueue(std::uint8_t& bits);
    void worker(std::uint8_t& bits);
    // A traced program's Queue worker with a lane of its own (no task of the
    // run's: its other counts are kept apart) began (+1) or ended (-1) a wait
    // for a permit: waiting counts it, as its lane is drawn waiting.
    void workerWaits(std::int64_t delta) { workersWaiting_ += delta; }
    void swallowed() { ++swallowed_; }
    // Caller-side events that end or name the run.
    void raise(std::int32_t sym, const Symbols& symbols);
    void end(const TraceEvent& e, const Symbols& symbols);
    void counter(std::int64_t value, std::int64_t expected) {
        counterValue_ = value;
        counterExpected_ = expected;
    }

    // ---- the run so far
    std::size_t events() const { return events_; }
    std::size_t lines() const { return events_ - markers_; }
    double lastTime() const { return curT_; }
    bool ended() const { return ended_; }
    double endTime() const { return ended_ ? endT_ : kNever; }
    Outcome outcome() const { return outcome_; }
    // "ok", "raised:Name", "deadlock"; "" before the end event.
    const std::string& outcomeText() const { return outcomeText_; }
    std::size_t tasks() const { return tasks_; }
    std::size_t ok() const { return ok_; }
    std::size_t failed() const { return failed_; }
    std::size_t cancelled() const { return cancelled_; }
    std::size_t destroyed() const { return destroyed_; }
    std::size_t swallowedCancels() const { return swallowed_; }
    std::size_t latencySamples() const { return timed_; }
    // Their sum, added in trace order (an order that selections cannot change).
    double latencySum() const { return latencySum_; }
    std::int64_t inFlight() const { return inFlight_; }
    // Tasks between request and running, plus Queue jobs in the queue, plus
    // a traced program's Queue workers (lanes, no tasks) waiting for a permit.
    std::int64_t waiting() const { return waiting_ + queued_ + workersWaiting_; }
    std::int64_t queued() const { return queued_; }
    std::int64_t inSystem() const { return inSystem_; }
    // Peaks over every instant so far, the current one as it stands.
    std::int64_t peakInFlight() const { return std::max(peakInFlight_, inFlight_); }
    std::int64_t peakWaiting() const { return std::max(peakWaiting_, waiting()); }
    // Time integrals over [0, t] for t >= lastTime() (the counts hold after it).
    double areaInFlight(double t) const { return areaInFlight_ + static_cast<double>(inFlight_) * tail(t); }
    double areaInSystem(double t) const { return areaInSystem_ + static_cast<double>(inSystem_) * tail(t); }
    std::size_t requested() const { return requested_; }
    std::size_t endedRequested() const { return endedRequested_; }
    double requestToEndSum() const { return requestToEndSum_; }
    std::int64_t counterValue() const { return counterValue_; }
    std::int64_t counterExpected() const { return counterExpected_; }

private:
    void newInstant(double t);
    double tail(double t) const { return t > curT_ ? t - curT_ : 0.0; }

    std::size_t events_ = 0, markers_ = 0;
    std::size_t tasks_ = 0, ok_ = 0, failed_ = 0, cancelled_ = 0, destroyed_ = 0, swallowed_ = 0, timed_ = 0;
    std::int64_t inFlight_ = 0, waiting_ = 0, queued_ = 0, workersWaiting_ = 0, inSystem_ = 0;
    std::int64_t peakInFlight_ = 0, peakWaiting_ = 0;
    double curT_ = 0.0;
    double areaInFlight_ = 0.0, areaInSystem_ = 0.0;
    std::size_t requested_ = 0, endedRequested_ = 0;
    double requestToEndSum_ = 0.0;
    double latencySum_ = 0.0;
    bool ended_ = false;
    double endT_ = 0.0;
    Outcome outcome_ = Outcome::Ok;
    std::string lastRaise_, outcomeText_;
    std::int64_t counterValue_ = -1, counterExpected_ = -1;
};

}  // namespace cs
