#pragma once
// Writes a run as spec section 4 JSON lines, byte for byte in the style of
// the CPython-made examples (json.dumps separators, key order t, ev, task,
// then the kind's own field):
//   {"t": 0.0, "ev": "created", "task": 0}
//   {"t": 1.0, "ev": "result", "task": 0, "ok": true}
//   {"t": 1.0, "ev": "raise", "exc": "ValueError"}
//   {"t": 1.0, "ev": "end", "outcome": "raised:ValueError"}
// Coroscope's extension kinds get their own lines, with arg under a name
// that says what it is: limit "value", release "woke", wake "by",
// rejected "status", failed_exc "exc"; cpu/thread begin/end only the task.
// Swallowed is not a line of its own: it marks the Done that follows it for
// the same task with "note": "swallowed cancel", as the examples print it;
// nor is ReleaseSem: its primitive is the following Release's "sem"; nor
// Helper: the following Created's "helper": "wait_for". Destroyed is the
// `warning` line of kind task_destroyed_pending it was read from (fromWarning).
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "trace/symbols.h"
#include "trace/trace_event.h"
#include "trace/trace_sink.h"

namespace cs {

class TraceStore;

class JsonlWriter final : public TraceSink {
public:
    explicit JsonlWriter(std::ostream& out) : out_(&out) {}

    void append(const TraceEvent& e, const Symbols& symbols) override;
    // A stream cannot be rewound: reset() only forgets the writer's own state.
    // Replaying runs (Simulation::setLimit) should record into a TraceStore
    // and write that at the end (writeAll).
    void reset() override;

    // The line for `e` without the newline; "" for events that print no line
    // (Swallowed). Updates the state that later lines depend on.
    std::string format(const TraceEvent& e, const Symbols& symbols);

    // Writes every event of `store` (with its symbols) to `out`, tasks under
    // their own ids (TraceStore::taskId).
    static void writeAll(std::ostream& out, const TraceStore& store);
    // A line that is not an event, written now, before the run's first
    // event (the run's "limiter" line: scenario/loader.h limiterLine).
    void writeLine(std::string_view line) { *out_ << line << '\n'; }

private:
    // Appends the line (no newline) to `s`; false when the event prints none.
    bool formatInto(std::string& s, const TraceEvent& e, const Symbols& symbols);
    // The markers' bookkeeping, out of formatInto's way (isMarker).
    void noteMarker(const TraceEvent& e);
    void appendReleaseSem(std::string& s, std::int32_t task);

    std::ostream* out_;
    std::string line_;                     // reused buffer
    std::string lastRaise_;                // exc of the last Raise: names "raised:X" at End
    std::vector<std::int32_t> swallowed_;  // tasks whose next Done gets the note
    std::vector<std::int32_t> helpers_;    // tasks whose next Created gets "helper"
    std::vector<std::pair<std::int32_t, std::int32_t>> releaseSem_;  // (task, sem): its next Release's "sem"
    const TraceStore* ids_ = nullptr;      // writeAll: the store whose taskId() names the tasks
};

// The name the sink interface's comment uses.
using JsonlSink = JsonlWriter;

}  // namespace cs
