#pragma once
// A finished (or partial) run read back as per-task facts: the times of
// each task's spec events, the consecutive state segments it went through
// (arriving, waiting, running, thread, cpu), the permit hand-overs and the
// caller's own events. What the Chrome and CSV exporters draw from, with no
// Qt (the app's TimelineModel answers the same questions incrementally).
//
// Segments follow the events of one task as a state machine, so they never
// overlap and never go back in time, whatever the trace holds: a request
// after running (a queue worker taking its next item) simply starts a new
// waiting segment. Zero-length segments are dropped.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "trace/symbols.h"
#include "trace/trace_event.h"

namespace cs {

class TraceStore;

class TraceFacts {
public:
    enum class State : std::uint8_t { Created, Waiting, Running, Thread, Cpu };

    struct Segment {
        double begin;
        double end;
        State state;
    };

    struct Task {
        // First created/request/running and the terminal time; NaN: never.
        double created = std::nan("");
        double request = std::nan("");
        double running = std::nan("");
        double end = std::nan("");
        EvKind endKind = EvKind::Created;  // Done/Failed/Cancelled, Created while unfinished
        State last = State::Created;       // the state it was in when the trace stopped
        bool seen = false;                 // some event names this task
        bool swallowed = false;            // swallowed a CancelledError, then ended done
        std::int32_t exc = -1;             // Failed: symbol of the exception class
        std::uint32_t firstSegment = 0;    // its segments: segments()[first, first + count)
        std::uint32_t segmentCount = 0;
        bool ended() const { return endKind != EvKind::Created; }
    };

    // A release that handed a permit to a waiter.
    struct Handover {
        double t;
        std::int32_t from;     // releaser
        std::int32_t to;       // the waiter it woke
        double toRunning;      // when `to` started running after it (NaN: never)
    };

    // Events of the caller and of the whole run (result, pending, raise,
    // collected, end, limit, counter) and per-task marks (rejected, swallowed), in
    // trace order.
    struct Mark {
        double t;
        EvKind kind;
        std::int32_t task;
        std::int32_t arg;
    };

    explicit TraceFacts(const TraceStore& store);

    const std::vector<Task>& tasks() const { return tasks_; }
    const std::vector<Segment>& segments() const { return segments_; }
    const std::vector<Handover>& handovers() const { return handovers_; }
    const std::vector<Mark>& marks() const { return marks_; }
    const Symbols& symbols() const { return symbols_; }

    bool ended() const { return !std::isnan(endT_); }
    // The end event's time, or the last event's while the trace is partial:
    // unfinished segments are drawn up to it.
    double endTime() const { return ended() ? endT_ : lastT_; }
    // "ok", "raised:Name", "deadlock"; "" without an end event.
    const std::string& outcome() const { return outcome_; }

    // Lower-case names used in exports: "arriving", "waiting", "running",
    // "thread", "cpu". A created segment of a task that never asked for a
    // permit nor ran under one is "running" (a traced program's task with
    // no limiter around it runs from the start).
    static const char* stateName(State s, const Task& task);
    // "done", "failed", "cancelled", or for an unfinished task the state it
    // is in ("waiting", ...; "not started" when it never started: no event
    // names it, or only the caller's result/pending or a queue event do).
    static std::string finalStateName(const Task& task);
    // "ok", "swallowed cancel", the exception class of a failure ("failed"
    // when unknown), "cancelled"; "" while unfinished.
    std::string outcomeOf(const Task& task) const;

private:
    std::vector<Task> tasks_;
    std::vector<Segment> segments_;
    std::vector<Handover> handovers_;
    std::vector<Mark> marks_;
    Symbols symbols_;
    double endT_ = std::nan("");
    double lastT_ = 0.0;
    std::string outcome_;
};

}  // namespace cs
