#pragma once
// Writes a run as Chrome Trace Event JSON, which chrome://tracing,
// ui.perfetto.dev and speedscope open:
//   - one track (thread) per task, sorted by task id and named "task 3" (or
//     "task 3 · download-3" with the traced program's task name), holding
//     complete ("X") slices for the states it went through: arriving,
//     waiting, running, thread, cpu; an instant at its end (done, failed
//     with the exception, cancelled);
//   - a "main() · asyncio.run" track with the caller's results, raise,
//     collected and end;
//   - counter tracks: permits in use, waiting, in flight, completed,
//     throughput (done per second so far) and the limit;
//   - a flow arrow ("s" -> "f", one id each) from every release that woke a
//     waiter to the waiter's running slice. Both ends bind to a slice: the
//     release is a 1 ns "release" slice on the releaser's track.
// Times are microseconds (ts, dur), rounded to the nanosecond so that 0.1 s
// reads 100000 rather than 100000.00000000001. Slices on a track come out
// in time order (a longer slice first when two start together) and never
// overlap except a 1 ns mark (release, woken) inside a state.
#include <ostream>

#include "export/export_options.h"

namespace cs {

class TraceStore;

class ChromeTraceWriter {
public:
    // Streams the document to `out` (no DOM: a million tasks stay cheap).
    static void write(std::ostream& out, const TraceStore& store, const ExportOptions& options);
};

}  // namespace cs
