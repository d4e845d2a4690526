#pragma once
// Reads spec section 4 JSON lines back into events (the inverse of
// JsonlWriter), refusing what no run can have written. Lines with an
// unknown "ev" are skipped, as the spec asks of readers; blank lines too.
// The first bad line stops the read with an error naming it:
//   line 12: "t" must be a number
//
// Hostile files (issue 13, item 6) are refused, never believed:
//  - a line that is not a JSON object, a known kind missing a field it
//    needs, a field of the wrong type;
//  - a "t" that is not a finite number >= 0, or earlier than the event
//    before it (events are in time order);
//  - a task's event before its "created" (or without one), a second
//    "created", a second terminal event (done/failed/cancelled), any event
//    after "end". By design some lines name a task that has not started:
//    the queue's enqueue/put_wait/worker (a queued job exists before its
//    coroutine runs), the caller's result/pending (a task cancelled or
//    timed out before it ever ran, e.g. wait_for with timeout 0), and the
//    tasks that release's "woke", wake's "by" and created's "parent" name;
//  - any event after the virtual-clock runner's "stopped" line (its last);
//  - a job of main()'s (main_thread_queued/begin/end) without a "job" id (an
//    integer >= 0), handed over twice, begun twice or after its end, ended
//    twice, or ended without being handed over. Its "job" ids get dense
//    numbers in order of first appearance (TaskIdMap: sparse ids cost
//    nothing), which a writer writes back;
//  - a line longer than kMaxLineBytes, nesting deeper than
//    TraceLineParser::kMaxDepth, more than TraceStore::kMaxTask + 1 tasks.
// One line that is not JSON is not refused: the file's last, without a
// newline, an object begun and not ended, after whole lines: a writer killed
// in the middle of it. It is left out (cutLine()) and the run is partial.
//
// Memory: the file is read in chunks of kChunkBytes, never whole (a file of
// more than one chunk is read and parsed on a second thread, a few chunks
// ahead of the thread that checks the lines in order and stores them, which
// decodes the last quarter of each chunk itself); what
// is kept is the events (TraceStore, <= 16 bytes each), one lane per task id
// the file names (TaskIdMap: sparse ids cost nothing), and the Python
// tracer's names and permit samples.
//
// Task ids: any integer >= 0. The store gets dense lanes in id order, but
// a task with a recorded "parent" (a wait_for's inner task, a helper a task
// created) goes right under its parent, its own helpers under it (issue 11:
// helpers beside their parent); when lanes differ from the file's ids,
// store.taskIds() keeps those for display.
//
// Inverse details: "exc" names are interned into symbols(); a done line with
// "note": "swallowed cancel" becomes Swallowed + Done; a "warning" line of kind
// "task_destroyed_pending" with the "task" of a task created and not ended adds a
// Destroyed (that task's end; the line is a program warning too); "outcome"
// "raised:Name" becomes End with Outcome::Raised and the class's symbol in
// End's task slot. A UTF-8 byte order mark before the first line is skipped.
#include <cstddef>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/scenario.h"
#include "pyrun/runner_report.h"
#include "trace/main_job_counts.h"
#include "trace/permit_sample.h"
#include "trace/symbols.h"
#include "trace/task_id_map.h"
#include "trace/trace_event.h"
#include "trace/trace_line_parser.h"
#include "trace/trace_store.h"

namespace cs {

struct TraceReadError {
    std::size_t line = 0;  // 1-based; 0 for the whole file (cannot open)
    std::string message;   // valid UTF-8: file content in it is escaped (MessageText)
    std::string what() const {
        return line == 0 ? message : "line " + std::to_string(line) + ": " + message;
    }
};

class TraceReader {
public:
    static constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;
    // The decoded batches in flight (up to four chunks' lines, 56 bytes a
    // line) are the read's largest transient: 2 MB chunks read the
    // million-task trace as fast as 4 MB ones did, with 14 MiB less at the
    // peak (BENCHMARKS.md, "Reading files").
    static constexpr std::size_t kChunkBytes = std::size_t{2} << 20;

    // Replaces the content of `store` with the events of `in`. Returns false
    // at the first bad line; events before it are in the store. error() says
    // what went wrong.
    bool read(std::istream& in, TraceStore& store);
    bool readFile(const std::string& path, TraceStore& store);
    // Every event the store takes is also handed to `sink` as it is read
    // (a run model built meanwhile, on the thread that stores the lines),
    // under the lanes as read: valid unless renumbered(). Before read().
    void follow(TraceSink* sink) { follower_ = sink; }
    // Called with the engine's "limiter" line when it is read, before any
    // event reaches the follower: a model built meanwhile counts the run's
    // permits from the first event (no second model built after the read).
    void onLimiter(std::function<void(const Limiter&)> hook) { onLimiter_ = std::move(hook); }
    // Called with the "meta" line's clock ("real", "virtual") when it is
    // read before any event (its place: the first line), so that a model
    // built meanwhile judges times as RunConfig::realClock says.
    void onClock(std::function<void(const std::string&)> hook) { onClock_ = std::move(hook); }
    // Off: the events go to the follower only; the store gets the lanes,
    // the file's ids and maxTask() (coverLanes), no events. Before read().
    void keepEvents(bool keep) { keepEvents_ = keep; }
    // Whether the lanes were reordered after the read (sparse ids out of
    // order, helpers under their parents): what a follower got is then in
    // other lanes than the store's.
    bool renumbered() const { return renumbered_; }

    const std::optional<TraceReadError>& error() const { return error_; }
    const Symbols& symbols() const { return symbols_; }
    std::size_t skipped() const { return skipped_; }  // lines of unknown kinds
    // Whether the trace has its "end" line: without one it is a partial run
    // (a killed program, a stream cut off).
    bool ended() const { return ended_; }
    // The virtual-clock runner's "stopped" line (its reason, message, place
    // and time): the trace's last line, in place of "end" (a partial run
    // known up to that moment: the store holds it as an EvKind::Stopped).
    const std::optional<RunnerStop>& stop() const { return report_.stopped(); }
    // The line number of the file's last line when it was cut off (no
    // newline after it, a JSON object begun and not ended: a writer killed
    // in the middle of it), else 0. Such a line is left out, not refused,
    // after at least one line before it: the run up to it reads as partial.
    std::size_t cutLine() const { return cutLine_; }
    // By lane: the "name" a traced Python program gives each task ("" where
    // none; may be shorter than the lanes).
    const std::vector<std::string>& names() const { return names_; }
    // By lane, 1 for a named task (a recorded program's) with no `request`
    // line (after read()): it runs from its creation.
    const std::vector<std::uint8_t>& neverAsked() const { return neverAsked_; }
    // By lane, 1 for a lane a `queue_worker` line names (after read()): a
    // Queue's worker, no task of the run's; empty when none is.
    const std::vector<std::uint8_t>& queueWorkers() const { return queueWorkers_; }
    // By lane, for a lane a `pool_object` line names (after read()): its
    // `enqueue` put an object in a Queue used as a pool, no job; 1: never
    // taken (an idle object, no task), 2: borrowed; empty when none is.
    const std::vector<std::uint8_t>& poolObjects() const { return poolObjects_; }
    // Whether an `enqueue` put a job in a queue (one no `pool_object` line
    // took back): the run has the "queued" state (after read()).
    bool sawQueuedJob() const { return queuedJobs_; }
    // Whether a line of kind k was read; whether a `release` handed a permit
    // over (`woke` a task): what the trace shows its run had.
    bool saw(EvKind k) const { return (seen_ >> static_cast<unsigned>(k)) & 1U; }
    bool sawHandOver() const { return handOver_; }
    // Whether a job handed to a busy pool (`thread_queued`) waited there for
    // a worker: the task's next line came later (a `thread_begin` at the same
    // instant: a worker was free after all, as when one ended then); or
    // main()'s jobs waited there while none of them ran (main()'s row draws
    // that wait hollow; one beside a running one is not drawn so).
    bool sawPoolWait() const { return poolWait_; }
    // Whether a job of the thread pool (process: of the process pool) was
    // handed over or began (`thread_queued`, `thread_begin`, and main()'s
    // `main_thread_queued`, `main_thread_begin`).
    bool sawPool(bool process) const { return process ? processPool_ : threadPool_; }
    // Whether a pool job ran on after its task stopped waiting for it (a
    // `thread_left`, or a `thread_end` after its task's end).
    bool sawJobLeftRunning() const { return jobLeft_; }
    // The Python tracer's count of the Semaphores and Locks the program made
    // (its largest "semaphores" line; 0 when none: at most one). Its
    // "permits" count them all: past one, the "limit" line (the first
    // Semaphore's value) is not the program's limit.
    std::int64_t semaphoresMade() const { return semaphoresMade_; }
    // Of those, how many one task alone used (its last "semaphores" line's
    // "private", which the tracer writes at the end: each released only by
    // the task that took it, and no one ever waited for it; 0 when none or
    // not said): a semaphore or lock made inside each task.
    std::int64_t privateSemaphores() const { return privateSemaphores_; }
    // The "permits" lines of a traced Python program, in time order.
    const std::vector<PermitSample>& permits() const { return permits_; }
    // Its first Semaphores and Locks told apart (the "primitive" lines, by
    // their "sem"; at most kMaxPrimitives) with their "held" lines; empty
    // when the file has none (a program with at most one).
    const std::vector<PrimitiveInfo>& primitives() const { return primitives_; }
    static constexpr std::int64_t kMaxPrimitives = kNamedPrimitives;
    // The virtual-clock runner's "warning" lines (what the program warned
    // about: asyncio's debug mode, its error logs), in file order.
    const std::vector<RunnerWarning>& programWarnings() const { return report_.warnings(); }
    // The "meta" line's "clock": "virtual" (the virtual-clock runner), "real"
    // (the real-time tracer: times vary from run to run), "" when the trace
    // does not say (the engine's, an older tracer's).
    const std::string& clock() const { return report_.clock(); }
    // The "meta" line's "acquires" (RunnerReport::acquiresTold).
    bool acquiresTold() const { return report_.acquiresTold(); }
    // The "meta" line's "python" (the version that ran the program; "").
    const std::string& python() const { return report_.python(); }
    // The engine's "limiter" line (its run's limit and collector, before its
    // first event); none when the trace has none (a recorded program's).
    const std::optional<Limiter>& limiter() const { return limiter_; }
    // The "meta" line's "program" (the traced program's file, as its runner named it; "").
    const std::string& program() const { return report_.program(); }

    struct Decoded;  // (public for the .cpp's decoder; defined there)

private:
    struct Batch;
    class LineSource;
    bool readRest(LineSource& source, TraceStore& store);
    bool applyBatch(const Batch& b, TraceStore& store);
    bool applyDeferred(const Batch& b, TraceStore& store);
    // One decoded line into the store; a refused line leaves no lane behind.
    bool readLine(const Decoded& d, const Batch& b, std::size_t lineNo, TraceStore& store);
    bool applyLine(const Decoded& d, const Batch& b, std::size_t lineNo, TraceStore& store);
    bool fail(std::size_t line, std::string message);
    void notePool(const TraceEvent& e);
    bool mainJob(std::int64_t id, bool process, std::size_t lineNo, TraceEvent& e);
    void noteDestroyed(const Decoded& d, TraceStore& store);
    void notePoolWait(const TraceEvent& e);
    void clear(TraceStore& store);
    bool laneOf(std::int64_t id, std::int32_t& lane);
    std::int32_t intern(std::string_view exc);
    void finish(TraceStore& store);
    std::vector<std::int32_t> besideParents(std::size_t lanes) const;

    TaskIdMap lanes_;
    std::vector<std::uint8_t> state_;  // by lane: kCreated | terminal kind << 1
    Symbols symbols_;
    std::unordered_map<std::string, std::int32_t> symbolIds_;
    std::optional<TraceReadError> error_;
    std::size_t skipped_ = 0;
    bool ended_ = false;
    bool stopped_ = false;  // a "stopped" line was read: nothing may follow
    std::size_t cutLine_ = 0;
    double lastT_ = 0.0;
    std::vector<std::string> names_;
    std::vector<PermitSample> permits_;
    std::vector<PrimitiveInfo> primitives_;
    RunnerReport report_;  // fed the "meta", "warning" and "stopped" lines only
    // (child lane, parent lane) of each "created" with a "parent", as read.
    std::vector<std::pair<std::int32_t, std::int32_t>> parents_;
    // (helper lane, parent lane) of each "created" with a "helper", as read.
    std::vector<std::pair<std::int32_t, std::int32_t>> helpers_;
    std::vector<std::uint8_t> neverAsked_;
    std::vector<std::uint8_t> queueWorkers_;
    std::vector<std::uint8_t> poolObjects_;
    bool queuedJobs_ = false;
    std::uint64_t seen_ = 0;  // bit k: a line of EvKind k was read
    bool handOver_ = false;
    bool poolWait_ = false;
    bool threadPool_ = false, processPool_ = false;
    bool jobLeft_ = false;
    std::unordered_map<std::int32_t, double> queuedSince_;  // lane -> its open `thread_queued`'s t
    // main()'s jobs (main_thread_* lines): the file's "job" ids to dense
    // numbers, where each one stands, how many run and wait in their
    // pool's queue.
    TaskIdMap jobs_;
    std::vector<MainJobCounts::Stage> jobStage_;
    MainJobCounts mainJobCounts_;
    std::int64_t semaphoresMade_ = 0;
    std::int64_t privateSemaphores_ = 0;
    std::optional<Limiter> limiter_;
    TraceSink* follower_ = nullptr;
    std::function<void(const Limiter&)> onLimiter_;
    std::function<void(const std::string&)> onClock_;
    TraceLineParser deferredParser_;  // the applying thread's (Batch::deferred)
    bool keepEvents_ = true;
    bool renumbered_ = false;
};

}  // namespace cs
