#include "export/chrome_trace_writer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "text/json_text.h"
#include "model/run_model.h"

namespace cs {

namespace {

constexpr int kPid = 1;
constexpr int kCallerTid = 1;
constexpr std::size_t kFlushBytes = 1 << 20;

// The length of the marks that flow arrows bind to (release, woken): one
// nanosecond, not zero, so that viewers that close a slice as soon as its
// end is reached still find it open at the flow's timestamp.
constexpr double kMarkUs = 0.001;

std::int64_t tidOf(std::int32_t task) { return static_cast<std::int64_t>(task) + 2; }

// Seconds to microseconds, rounded to the nanosecond.
double us(double seconds) { return std::round(seconds * 1e9) / 1e3; }

// One event of a track before sorting. dur < 0 for everything but X.
struct Rec {
    double ts;
    double dur;
    std::size_t seq;
    std::string body;  // the JSON object without ts/dur (empty: spelled when written, from `caller`)
    std::int32_t caller = -1;  // the caller's event (its index in callerEvents) the body is spelled from
};

class Out {
public:
    explicit Out(std::ostream& out) : out_(out) {}
    ~Out() { flush(); }
    Out(const Out&) = delete;
    Out& operator=(const Out&) = delete;

    // Starts the next array element (what came before it goes out once it
    // fills a piece: a million tasks' metadata alone is 150 MB of text).
    std::string& next() {
        maybeFlush();
        if (!first_) buf_ += ",\n";
        first_ = false;
        return buf_;
    }
    void flush() {
        out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
        buf_.clear();
    }
    std::string& raw() { return buf_; }

private:
    void maybeFlush() {
        if (buf_.size() >= kFlushBytes) flush();
    }
    std::ostream& out_;
    std::string buf_;
    bool first_ = true;
};

void head(std::string& s, char ph, std::int64_t tid, std::string_view name, std::string_view cat) {
    s += "{\"ph\": \"";
    s += ph;
    s += "\", \"pid\": ";
    s += std::to_string(kPid);
    if (tid >= 0) {
        s += ", \"tid\": ";
        s += std::to_string(tid);
    }
    s += ", \"name\": ";
    JsonText::appendString(s, name);
    if (!cat.empty()) {
        s += ", \"cat\": ";
        JsonText::appendString(s, cat);
    }
}

void metadata(Out& o, std::int64_t tid, std::string_view what, std::string_view key, const std::string& value) {
    std::string& s = o.next();
    head(s, 'M', tid, what, {});
    s += ", \"args\": {";
    JsonText::appendString(s, key);
    s += ": ";
    s += value;
    s += "}}";
}

std::string quoted(std::string_view v) {
    std::string s;
    JsonText::appendString(s, v);
    return s;
}

// Writes a track's events in time order. `spell` writes the body of a
// Rec whose body is left to be spelled when it is written (Rec::caller).
template <class Spell>
void flushTrack(Out& o, std::vector<Rec>& recs, Spell spell) {
    std::stable_sort(recs.begin(), recs.end(), [](const Rec& a, const Rec& b) {
        if (a.ts != b.ts) return a.ts < b.ts;
        if (a.dur != b.dur) return a.dur > b.dur;  // parents first; non-slices (-1) after slices
        return a.seq < b.seq;
    });
    for (const Rec& r : recs) {
        std::string& s = o.next();
        if (r.caller >= 0)
            spell(s, r);
        else
            s += r.body;
        s += ", \"ts\": ";
        JsonText::appendNumber(s, r.ts);
        if (r.dur >= 0) {
            s += ", \"dur\": ";
            JsonText::appendNumber(s, r.dur);
        }
        s += '}';
    }
    recs.clear();
}

void flushTrack(Out& o, std::vector<Rec>& recs) {
    flushTrack(o, recs, [](std::string&, const Rec&) {});
}

// The id a lane shows: a trace file's own id (RunModel::taskId).
std::string idText(const RunModel& model, std::int32_t lane) {
    return std::to_string(model.taskId(static_cast<std::size_t>(lane)));
}

// "task 3 · name · in task 1".
std::string taskLabel(std::int32_t task, const RunModel& model) {
    std::string label = "task " + idText(model, task);
    const auto i = static_cast<std::size_t>(task);
    if (const std::string_view name = model.name(i); !name.empty()) label += " · " + std::string(name);
    if (const std::int32_t parent = model.task(i).parent; parent >= 0) label += " · in task " + idText(model, parent);
    return label;
}

// The caller's events its track shows (as instants).
bool onCallerTrack(EvKind kind) {
    switch (kind) {
        case EvKind::Result:
        case EvKind::Pending:
        case EvKind::Returned:
        case EvKind::Raise:
        case EvKind::Collected:
        case EvKind::Counter:
        case EvKind::End: return true;
        default: return false;
    }
}

// A caller's event (onCallerTrack) as an instant: its body without ts.
void spellCallerEvent(std::string& out, const RunModel& model, const RunModel::CallerEvent& m,
                      const std::string& outcome) {
    std::string name;
    std::string args;
    switch (m.kind) {
        case EvKind::Result:
            name = "result · task " + idText(model, m.task);
            args = "\"task\": " + idText(model, m.task) + ", \"ok\": " + (m.arg != 0 ? "true" : "false");
            if (m.call >= 0) args += ", \"call\": " + std::to_string(m.call);
            break;
        case EvKind::Pending:
            name = "pending · task " + idText(model, m.task);
            args = "\"task\": " + idText(model, m.task);
            break;
        case EvKind::Returned:
            name = "returned · call " + std::to_string(m.arg);
            args = "\"call\": " + std::to_string(m.arg);
            break;
        case EvKind::Raise:
            name = "raise " + std::string(model.symbols().name(m.arg));
            args = "\"exc\": " + quoted(model.symbols().name(m.arg));
            break;
        case EvKind::Collected: name = "collected"; break;
        case EvKind::Counter:
            name = "counter = " + std::to_string(m.arg);
            args = "\"value\": " + std::to_string(m.arg) + ", \"expected\": " + std::to_string(m.task);
            break;
        case EvKind::End:
            name = "end · " + outcome;
            args = "\"outcome\": " + quoted(outcome);
            break;
        default: break;
    }
    head(out, 'i', kCallerTid, name, "caller");
    out += ", \"s\": \"t\"";
    if (!args.empty()) out += ", \"args\": {" + args + "}";
}

// Indices 0..n-1 ordered by key(i), stable.
template <class Key>
std::vector<std::uint32_t> orderBy(std::size_t n, Key key) {
    std::vector<std::uint32_t> order(n);
    for (std::uint32_t k = 0; k < n; ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
    return order;
}

void counter(Out& o, std::string_view name, std::string_view key, double ts, double value) {
    std::string& s = o.next();
    head(s, 'C', -1, name, {});
    s += ", \"ts\": ";
    JsonText::appendNumber(s, ts);
    s += ", \"args\": {";
    JsonText::appendString(s, key);
    s += ": ";
    JsonText::appendNumber(s, value);
    s += "}}";
}

}  // namespace

void ChromeTraceWriter::write(std::ostream& outStream, const RunModel& model) {
    const std::string& title = model.config().title;
    const std::string outcome = model.outcomeText();
    const auto& hand = model.handovers();
    const double endUs = us(model.makespan());
    const std::size_t taskCount = model.taskCount();
    const bool unaskedRuns = model.canHave().arrivingUnasked;
    const bool slotHolds = model.canHave().slotWaitHolds;
    auto shown = [&](std::size_t i) { return model.task(i).seen(); };

    Out o(outStream);
    o.raw() += "{\"displayTimeUnit\": \"ms\", \"otherData\": {\"generator\": \"coroscope\", \"title\": ";
    JsonText::appendString(o.raw(), title);
    o.raw() += ", \"outcome\": ";
    JsonText::appendString(o.raw(), outcome);
    o.raw() += "},\n\"traceEvents\": [\n";

    // ---- names and order of the tracks: main(), the workers, the tasks
    const std::int64_t workerTid0 = static_cast<std::int64_t>(taskCount) + 2;
    metadata(o, -1, "process_name", "name", quoted(title.empty() ? "Coroscope" : "Coroscope: " + title));
    metadata(o, kCallerTid, "thread_name", "name", quoted("main() · asyncio.run"));
    metadata(o, kCallerTid, "thread_sort_index", "sort_index", "0");
    for (std::int32_t w = 0; w < model.workerCount(); ++w) {
        metadata(o, workerTid0 + w, "thread_name", "name", quoted("worker " + std::to_string(w)));
        metadata(o, workerTid0 + w, "thread_sort_index", "sort_index", std::to_string(1 + w));
    }
    // main()'s own pool jobs (a traced program's), packed into rows under
    // main(): a job goes to the first row free from its hand-over (its
    // queued time, or its begin) on, so that slices on a row never overlap.
    const auto& mainJobs = model.mainJobs();
    std::vector<std::size_t> jobRow(mainJobs.size());
    std::vector<double> rowFree;  // each row's last job's end
    auto jobFrom = [&](const RunModel::MainJob& j) { return std::isnan(j.queued) ? j.begin : j.queued; };
    const auto byHandOver = orderBy(mainJobs.size(), [&](std::uint32_t n) {
        const double t = jobFrom(mainJobs[n]);
        return std::isnan(t) ? std::numeric_limits<double>::infinity() : t;
    });
    for (std::size_t k : byHandOver) {
        const RunModel::MainJob& j = mainJobs[k];
        if (std::isnan(jobFrom(j))) continue;  // (ended without a hand-over: the reader refuses that)
        const double end = std::isnan(j.end) ? model.makespan() : j.end;
        std::size_t r = 0;
        while (r < rowFree.size() && rowFree[r] > jobFrom(j)) ++r;
        if (r == rowFree.size()) rowFree.push_back(end);
        rowFree[r] = end;
        jobRow[k] = r;
    }
    const std::int64_t jobTid0 = workerTid0 + model.workerCount();
    for (std::size_t r = 0; r < rowFree.size(); ++r) {
        metadata(o, jobTid0 + static_cast<std::int64_t>(r), "thread_name", "name",
                 quoted("main() · its pool jobs" + (rowFree.size() > 1 ? " " + std::to_string(r + 1) : "")));
        metadata(o, jobTid0 + static_cast<std::int64_t>(r), "thread_sort_index", "sort_index", "0");
    }
    for (std::size_t i = 0; i < taskCount; ++i) {
        if (!shown(i)) continue;
        const auto task = static_cast<std::int32_t>(i);
        metadata(o, tidOf(task), "thread_name", "name", quoted(taskLabel(task, model)));
        metadata(o, tidOf(task), "thread_sort_index", "sort_index", std::to_string(tidOf(task) + model.workerCount()));
    }

    // Per-task marks and hand-overs, ordered by the task they belong to.
    const auto byFrom = orderBy(hand.size(), [&](std::uint32_t k) { return hand[k].from; });
    const auto byTo = orderBy(hand.size(), [&](std::uint32_t k) { return hand[k].to; });
    const auto& rej = model.rejections();
    const auto byRej = orderBy(rej.size(), [&](std::uint32_t k) { return rej[k].task; });
    const auto& marks = model.counterMarks();
    const auto byMark = orderBy(marks.size(), [&](std::uint32_t k) { return marks[k].task; });
    const auto& locks = model.lockSpans();
    const auto byLock = orderBy(locks.size(), [&](std::uint32_t k) { return locks[k].task; });
    // A full Queue's put() waits: main()'s on its track, a producer task's on its own.
    const auto& puts = model.producerWaits();
    const auto byPut = orderBy(puts.size(), [&](std::uint32_t k) { return puts[k].by; });
    std::size_t fromPos = 0, toPos = 0, rejPos = 0, markPos = 0, lockPos = 0, putPos = 0;

    std::vector<Rec> recs;
    std::size_t seq = 0;
    auto rec = [&](double ts, double dur) -> std::string& {
        recs.push_back({ts, dur, seq++, {}});
        return recs.back().body;
    };
    const auto putWait = [&](const RunModel::ProducerWait& w, std::int64_t tid) {
        const double b = us(w.begin);
        const double e = std::isnan(w.end) ? endUs : us(w.end);
        std::string& s = rec(b, std::max(0.0, e - b));
        // (A job is named by the file's id, as its track is: a traced program's lanes are renumbered.)
        const std::string job = idText(model, w.job);
        head(s, 'X', tid, "put() waits · job " + job + (w.cancelled ? " · cancelled" : ""), "queue");
        s += ", \"args\": {\"job\": " + job + "}";
    };
    auto instant = [&](std::int64_t tid, double t, const std::string& name, std::string_view cat,
                       const std::string& args) {
        std::string& b = rec(us(t), -1);
        head(b, 'i', tid, name, cat);
        b += ", \"s\": \"t\"";
        if (!args.empty()) b += ", \"args\": {" + args + "}";
    };

    // ---- the caller
    {
        std::string& s = rec(0.0, std::max(0.0, endUs));
        head(s, 'X', kCallerTid, "asyncio.run", "run");
        s += ", \"args\": {\"outcome\": ";
        JsonText::appendString(s, outcome);
        s += '}';
        // The caller's events (a million results for a million tasks): a
        // Rec each, their bodies spelled as they are written (spellCallerEvent).
        const auto& callerEvents = model.callerEvents();
        for (std::size_t k = 0; k < callerEvents.size(); ++k) {
            if (!onCallerTrack(callerEvents[k].kind)) continue;
            recs.push_back({us(callerEvents[k].t), -1, seq++, {}, static_cast<std::int32_t>(k)});
        }
        for (const RunModel::ProducerWait& w : puts)
            if (w.by < 0) putWait(w, kCallerTid);
        flushTrack(o, recs, [&](std::string& b, const Rec& r) {
            spellCallerEvent(b, model, callerEvents[static_cast<std::size_t>(r.caller)], outcome);
        });
    }

    // ---- main()'s own pool jobs: in the pool's queue, then running
    for (std::size_t r = 0; r < rowFree.size(); ++r) {
        for (std::size_t k = 0; k < mainJobs.size(); ++k) {
            const RunModel::MainJob& j = mainJobs[k];
            if (jobRow[k] != r || std::isnan(jobFrom(j))) continue;
            const std::int64_t tid = jobTid0 + static_cast<std::int64_t>(r);
            const char* pool = j.process ? "process" : "thread";
            const std::string args = ", \"args\": {\"job\": " + std::to_string(k) + "}";
            const double e = std::isnan(j.end) ? endUs : us(j.end);
            if (!std::isnan(j.queued)) {
                const double b = us(j.queued);
                const double until = std::isnan(j.begin) ? e : us(j.begin);
                std::string& s = rec(b, std::max(0.0, until - b));
                head(s, 'X', tid, "job " + std::to_string(k) + " in the " + pool + " pool's queue", "pool");
                s += args;
            }
            if (!std::isnan(j.begin)) {
                const double b = us(j.begin);
                std::string& s = rec(b, std::max(0.0, e - b));
                head(s, 'X', tid, "job " + std::to_string(k) + " in the " + pool + " pool", "pool");
                s += args;
            }
        }
        flushTrack(o, recs);
    }

    // ---- Queue workers
    for (std::int32_t w = 0; w < model.workerCount(); ++w) {
        for (const RunModel::WorkerSpan& span : model.workerSpans()) {
            if (span.worker != w) continue;
            const double b = us(span.begin);
            const double e = std::isnan(span.end) ? endUs : us(span.end);
            std::string& s = rec(b, std::max(0.0, e - b));
            const std::string job = idText(model, span.job);  // (as its track is named)
            head(s, 'X', workerTid0 + w, "job " + job, "worker");
            s += ", \"args\": {\"job\": " + job + "}";
        }
        flushTrack(o, recs);
    }

    // ---- one track per task
    std::vector<Segment> segs;
    for (std::size_t i = 0; i < taskCount; ++i) {
        const auto task = static_cast<std::int32_t>(i);
        const RunModel::Task& tk = model.task(i);
        const std::int64_t tid = tidOf(task);
        segs.clear();
        if (shown(i)) model.forEachSegment(i, [&](const Segment& sg) { segs.push_back(sg); });
        auto enclosed = [&](double tsUs) {
            for (const Segment& sg : segs)
                if (us(sg.begin) <= tsUs && tsUs < us(sg.end)) return true;
            return false;
        };
        for (const Segment& sg : segs) {
            const double b = us(sg.begin);
            std::string& s = rec(b, std::max(0.0, us(sg.end) - b));
            // A recorded program's task before its first request runs its own
            // code (RunConfig::CanHave::arrivingUnasked), as the timeline draws it.
            const bool unasked = sg.state == TaskState::Arriving && unaskedRuns;
            // A rate limit's task that got its permit sleeps until its start slot.
            const std::string_view name = unasked                             ? "running, no permit asked yet"
                                          : sg.state != TaskState::SlotWait ? taskStateName(sg.state)
                                          : slotHolds ? "holding a permit, waiting for its start slot"
                                                      : "waiting for its start slot";
            head(s, 'X', tid, name, "state");
        }
        // A pool job the task left running (a running thread cannot be stopped).
        if (const RunModel::JobLeftRunning* j = shown(i) ? model.jobLeftRunning(i) : nullptr) {
            const double e = std::isnan(j->end) ? endUs : us(j->end);
            const bool atEnd = tk.ended() && j->begin == tk.end;
            const char* after = atEnd ? " after the task ended" : " after the task stopped waiting for it";
            // One left while it waited in the pool's queue: that wait first.
            double b = us(j->begin);
            if (j->leftWaiting()) {
                const double r = std::isnan(j->running) ? e : us(j->running);
                head(rec(b, std::max(0.0, r - b)), 'X', tid,
                     std::string(taskStateName(j->state)) + " job in the pool queue" + after, "pool");
                b = r;
            }
            if (e > b || !j->leftWaiting())
                head(rec(b, std::max(0.0, e - b)), 'X', tid, std::string(taskStateName(j->state)) + " job" + after,
                     "pool");
        }
        if (tk.ended()) {
            instant(tid, tk.end, std::string(taskStateName(model.finalState(i))), "end",
                    "\"outcome\": " + quoted(model.outcomeOf(i)));
            if (tk.swallowed) instant(tid, tk.end, "swallowed cancel", "end", {});
        }
        for (; putPos < byPut.size() && puts[byPut[putPos]].by < task; ++putPos) {}
        for (; putPos < byPut.size() && puts[byPut[putPos]].by == task; ++putPos)
            if (shown(i)) putWait(puts[byPut[putPos]], tid);
        for (; rejPos < byRej.size() && rej[byRej[rejPos]].task < task; ++rejPos) {}
        for (; rejPos < byRej.size() && rej[byRej[rejPos]].task == task; ++rejPos) {
            const auto& m = rej[byRej[rejPos]];
            instant(tid, m.t, "rejected " + std::to_string(m.status), "service",
                    "\"status\": " + std::to_string(m.status));
        }
        for (; markPos < byMark.size() && marks[byMark[markPos]].task < task; ++markPos) {}
        for (; markPos < byMark.size() && marks[byMark[markPos]].task == task; ++markPos) {
            const auto& m = marks[byMark[markPos]];
            instant(tid, m.t, (m.write ? "write " : "read ") + std::to_string(m.value), "counter",
                    "\"value\": " + std::to_string(m.value));
        }
        for (; lockPos < byLock.size() && locks[byLock[lockPos]].task < task; ++lockPos) {}
        for (; lockPos < byLock.size() && locks[byLock[lockPos]].task == task; ++lockPos) {
            const auto& l = locks[byLock[lockPos]];
            if (!std::isnan(l.wait)) instant(tid, l.wait, "lock wait", "lock", {});
            if (!std::isnan(l.held)) instant(tid, l.held, "lock held", "lock", {});
            if (!std::isnan(l.free)) instant(tid, l.free, "lock free", "lock", {});
        }
        // Flow starts: a 1 ns release slice to bind to.
        for (; fromPos < byFrom.size() && hand[byFrom[fromPos]].from < task; ++fromPos) {}
        for (; fromPos < byFrom.size() && hand[byFrom[fromPos]].from == task; ++fromPos) {
            const auto k = byFrom[fromPos];
            const auto& h = hand[k];
            std::string& s = rec(us(h.t), kMarkUs);
            head(s, 'X', tid, "release", "permit");
            s += ", \"args\": {\"woke\": " + idText(model, h.to) + "}";
            std::string& f = rec(us(h.t), -1);
            head(f, 's', tid, "permit", "permit");
            f += ", \"id\": " + std::to_string(k + 1);
        }
        // Flow ends: the waiter's running slice, or a mark if it never ran.
        for (; toPos < byTo.size() && hand[byTo[toPos]].to < task; ++toPos) {}
        for (; toPos < byTo.size() && hand[byTo[toPos]].to == task; ++toPos) {
            const auto k = byTo[toPos];
            const auto& h = hand[k];
            const double at = us(!std::isnan(h.toRunning) && h.toRunning >= h.t ? h.toRunning : h.t);
            if (!enclosed(at)) {
                std::string& s = rec(at, kMarkUs);
                head(s, 'X', tid, "woken", "permit");
                s += ", \"args\": {\"by\": " + idText(model, h.from) + "}";
            }
            std::string& f = rec(at, -1);
            head(f, 'f', tid, "permit", "permit");
            f += ", \"bp\": \"e\", \"id\": " + std::to_string(k + 1);
        }
        flushTrack(o, recs);
    }

    // ---- counters (each its own track, in time order)
    std::vector<RunModel::CounterRow> rows;
    model.forEachCounterRow([&](const RunModel::CounterRow& r) { rows.push_back(r); });
    // (None without a semaphore's permits to count: it would copy "in flight".)
    if (model.config().countsPermits())
        for (const auto& r : rows) counter(o, "permits in use", "permits", us(r.t), static_cast<double>(r.permitsInUse));
    // A recorded program's Semaphores and Locks told apart: each one's own
    // permits held ("#2 Semaphore(2), line 12", as the timeline's bands).
    for (std::size_t k = 0; k < model.primitiveHeld().size(); ++k) {
        const PrimitiveInfo& p = model.config().primitives[k];
        if (p.kind.empty()) continue;
        std::string name = "held: #" + std::to_string(k + 1) + " " + p.what();
        if (p.line > 0) name += ", line " + std::to_string(p.line);
        const StepSeries& held = model.primitiveHeld()[k];
        for (std::size_t i = 0; i < held.size(); ++i)
            counter(o, name, "held", us(held.timeAt(i)), static_cast<double>(held.valueAt(i)));
        // A size its "size" lines changed (a Semaphore(0) used as a signal):
        // a track of it beside (its size otherwise is in its name).
        if (p.sizes.empty() || k >= model.primitiveSize().size()) continue;
        const StepSeries& sizes = model.primitiveSize()[k];
        name.replace(0, 4, "size");  // ("held: #2 ..." -> "size: #2 ...")
        for (std::size_t i = 0; i < sizes.size(); ++i)
            counter(o, name, "size", us(sizes.timeAt(i)), static_cast<double>(sizes.valueAt(i)));
    }
    for (const auto& r : rows) counter(o, "waiting", "waiting", us(r.t), static_cast<double>(r.waiting));
    for (const auto& r : rows) counter(o, "in flight", "in_flight", us(r.t), static_cast<double>(r.inFlight));
    for (const auto& r : rows) counter(o, "completed", "completed", us(r.t), static_cast<double>(r.completed));
    {
        // The windowed throughput changes when a task ends done and when it
        // leaves the window; sampled there and at every row's instant.
        std::vector<double> at;
        at.reserve(rows.size() + 2 * model.doneTimes().size());
        for (const auto& r : rows) at.push_back(r.t);
        for (double t : model.doneTimes()) {
            at.push_back(t);
            at.push_back(t + kThroughputWindow);
        }
        std::sort(at.begin(), at.end());
        at.erase(std::unique(at.begin(), at.end()), at.end());
        const double stop = model.makespan();
        for (double t : at)
            if (t > 0 && t <= stop)
                counter(o, "throughput (done/s)", "throughput", us(t), model.throughputAt(t, kThroughputWindow));
    }
    auto series = [&](const StepSeries& s, std::string_view name, std::string_view key) {
        for (std::size_t k = 0; k < s.size(); ++k) counter(o, name, key, us(s.timeAt(k)), static_cast<double>(s.valueAt(k)));
    };
    series(model.limit(), "limit", "limit");
    if (model.workerCount() > 0 || !model.queueDepth().empty()) {
        series(model.queueDepth(), "queue depth", "queued");
        series(model.busyWorkers(), "busy workers", "busy");
    }
    if (!model.counterValue().empty()) series(model.counterValue(), "counter value", "value");
    if (!model.lockWaiters().empty()) series(model.lockWaiters(), "lock waiters", "waiters");

    o.raw() += "\n]}\n";
}

}  // namespace cs
