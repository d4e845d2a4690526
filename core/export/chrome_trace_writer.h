#pragma once
// Writes a run as Chrome Trace Event JSON, which chrome://tracing,
// ui.perfetto.dev and speedscope open. Everything comes from the run model
// (core/model/run_model.h):
//   - one track (thread) per task, sorted by task id and named "task 3" (or
//     "task 3 · download-3" with the traced program's task name, "· in task
//     1" when another task created it), holding complete ("X") slices for
//     the states it went through (RunModel segments: queued, arriving,
//     waiting, running, thread, process, cpu, frozen); an instant at its end
//     (done, failed with the exception, cancelled), at a service rejection,
//     at each read/write of the shared counter and at its lock's wait, hold
//     and release;
//   - a "main() · asyncio.run" track with the caller's results (each with
//     the collector call that handed it over), pending, returned, raise,
//     counter, collected and end, and the producer's put() waits as slices
//     (Queue limit);
//   - one track per Queue worker ("worker 0", ...) with a slice per job;
//   - main()'s own pool jobs (a traced program's main_thread_* lines) on
//     rows under main() ("main() · its pool jobs 1", ...): each job a slice
//     in its pool's queue (when it waited) and one in the pool, packed so
//     that a row's slices never overlap;
//   - counter tracks: permits in use, waiting, in flight, completed,
//     throughput (done/s over the last second, spec section 5's window),
//     the limit, and when the run has them the queue depth, busy workers
//     and the shared counter's value;
//   - a flow arrow ("s" -> "f", one id each) from every release that woke a
//     waiter to the waiter's running slice. Both ends bind to a slice: the
//     release is a 1 ns "release" slice on the releaser's track.
// Times are microseconds (ts, dur), rounded to the nanosecond so that 0.1 s
// reads 100000 rather than 100000.00000000001. Slices on a track come out
// in time order (a longer slice first when two start together) and never
// overlap except a 1 ns mark (release, woken) inside a state.
#include <ostream>

namespace cs {

class RunModel;

class ChromeTraceWriter {
public:
    // The window of the throughput counter (spec section 5's default).
    static constexpr double kThroughputWindow = 1.0;

    // Streams the document to `out` (no DOM: a million tasks stay cheap).
    // `model` must be a full one; its config's title names the process.
    static void write(std::ostream& out, const RunModel& model);
};

}  // namespace cs
