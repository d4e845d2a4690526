#include "export/chrome_trace_writer.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "export/json_text.h"
#include "export/metric_series.h"
#include "export/trace_facts.h"
#include "trace/trace_store.h"

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
    std::string body;  // the JSON object without ts/dur
};

class Out {
public:
    explicit Out(std::ostream& out) : out_(out) {}
    ~Out() { flush(); }
    Out(const Out&) = delete;
    Out& operator=(const Out&) = delete;

    // Starts the next array element.
    std::string& next() {
        if (!first_) buf_ += ",\n";
        first_ = false;
        return buf_;
    }
    void maybeFlush() {
        if (buf_.size() >= kFlushBytes) flush();
    }
    void flush() {
        out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
        buf_.clear();
    }
    std::string& raw() { return buf_; }

private:
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

void flushTrack(Out& o, std::vector<Rec>& recs) {
    std::stable_sort(recs.begin(), recs.end(), [](const Rec& a, const Rec& b) {
        if (a.ts != b.ts) return a.ts < b.ts;
        if (a.dur != b.dur) return a.dur > b.dur;  // parents first; non-slices (-1) after slices
        return a.seq < b.seq;
    });
    for (const Rec& r : recs) {
        std::string& s = o.next();
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
    o.maybeFlush();
}

// "task 3", with the trace's own id for the lane (TraceStore::taskId).
std::string taskLabel(const TraceStore& store, std::int32_t task, const ExportOptions& opt) {
    std::string label = "task " + std::to_string(store.taskId(task));
    const auto i = static_cast<std::size_t>(task);
    if (i < opt.names.size() && !opt.names[i].empty()) label += " · " + opt.names[i];
    return label;
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

void ChromeTraceWriter::write(std::ostream& outStream, const TraceStore& store, const ExportOptions& opt) {
    const TraceFacts facts(store);
    const MetricSeries series(store, opt);
    const auto& tasks = facts.tasks();
    const auto& segs = facts.segments();
    const auto& hand = facts.handovers();
    const double endUs = us(facts.endTime());

    Out o(outStream);
    o.raw() += "{\"displayTimeUnit\": \"ms\", \"otherData\": {\"generator\": \"coroscope\", \"title\": ";
    JsonText::appendString(o.raw(), opt.title);
    o.raw() += ", \"outcome\": ";
    JsonText::appendString(o.raw(), facts.outcome());
    o.raw() += "},\n\"traceEvents\": [\n";

    // ---- names and order of the tracks
    metadata(o, -1, "process_name", "name", quoted(opt.title.empty() ? "Coroscope" : "Coroscope: " + opt.title));
    metadata(o, kCallerTid, "thread_name", "name", quoted("main() · asyncio.run"));
    metadata(o, kCallerTid, "thread_sort_index", "sort_index", "0");
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        if (!tasks[i].seen) continue;
        const auto task = static_cast<std::int32_t>(i);
        metadata(o, tidOf(task), "thread_name", "name", quoted(taskLabel(store, task, opt)));
        metadata(o, tidOf(task), "thread_sort_index", "sort_index", std::to_string(tidOf(task)));
    }

    // Hand-overs by the task at each end (indices into hand).
    std::vector<std::uint32_t> byFrom(hand.size()), byTo(hand.size());
    for (std::uint32_t k = 0; k < hand.size(); ++k) byFrom[k] = byTo[k] = k;
    std::stable_sort(byFrom.begin(), byFrom.end(), [&](auto a, auto b) { return hand[a].from < hand[b].from; });
    std::stable_sort(byTo.begin(), byTo.end(), [&](auto a, auto b) { return hand[a].to < hand[b].to; });
    std::size_t fromPos = 0, toPos = 0;

    // Per-task marks (rejected, swallowed) by task.
    std::vector<const TraceFacts::Mark*> taskMarks;
    for (const auto& m : facts.marks())
        if (isPerTask(m.kind) && m.task >= 0) taskMarks.push_back(&m);
    std::stable_sort(taskMarks.begin(), taskMarks.end(), [](auto* a, auto* b) { return a->task < b->task; });
    std::size_t markPos = 0;

    std::vector<Rec> recs;
    std::size_t seq = 0;
    auto rec = [&](double ts, double dur) -> std::string& {
        recs.push_back({ts, dur, seq++, {}});
        return recs.back().body;
    };

    // ---- the caller
    {
        std::string& s = rec(0.0, std::max(0.0, endUs));
        head(s, 'X', kCallerTid, "asyncio.run", "run");
        s += ", \"args\": {\"outcome\": ";
        JsonText::appendString(s, facts.outcome());
        s += '}';
        for (const auto& m : facts.marks()) {
            if (isPerTask(m.kind)) continue;
            std::string name;
            std::string args;
            switch (m.kind) {
                case EvKind::Result:
                    name = "result · task " + std::to_string(store.taskId(m.task));
                    args = "\"task\": " + std::to_string(store.taskId(m.task)) + ", \"ok\": " + (m.arg != 0 ? "true" : "false");
                    break;
                case EvKind::Pending:
                    name = "pending · task " + std::to_string(store.taskId(m.task));
                    args = "\"task\": " + std::to_string(store.taskId(m.task));
                    break;
                case EvKind::Raise:
                    name = "raise " + std::string(facts.symbols().name(m.arg));
                    args = "\"exc\": " + quoted(facts.symbols().name(m.arg));
                    break;
                case EvKind::Collected: name = "collected"; break;
                case EvKind::Counter:
                    name = "counter = " + std::to_string(m.arg);
                    args = "\"value\": " + std::to_string(m.arg) + ", \"expected\": " + std::to_string(m.task);
                    break;
                case EvKind::End:
                    name = "end · " + facts.outcome();
                    args = "\"outcome\": " + quoted(facts.outcome());
                    break;
                default: continue;  // limit: a counter below
            }
            std::string& b = rec(us(m.t), -1);
            head(b, 'i', kCallerTid, name, "caller");
            b += ", \"s\": \"t\", \"args\": {" + args + "}";
        }
        flushTrack(o, recs);
    }

    // ---- one track per task
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        const auto task = static_cast<std::int32_t>(i);
        const TraceFacts::Task& tk = tasks[i];
        const std::int64_t tid = tidOf(task);
        auto enclosed = [&](double tsUs) {
            for (std::uint32_t k = 0; k < tk.segmentCount; ++k) {
                const auto& sg = segs[tk.firstSegment + k];
                if (us(sg.begin) <= tsUs && tsUs < us(sg.end)) return true;
            }
            return false;
        };
        for (std::uint32_t k = 0; k < tk.segmentCount; ++k) {
            const auto& sg = segs[tk.firstSegment + k];
            const double b = us(sg.begin);
            std::string& s = rec(b, std::max(0.0, us(sg.end) - b));
            head(s, 'X', tid, TraceFacts::stateName(sg.state, tk), "state");
        }
        if (tk.ended()) {
            std::string& s = rec(us(tk.end), -1);
            head(s, 'i', tid, TraceFacts::finalStateName(tk), "end");
            s += ", \"s\": \"t\"";
            const std::string outcome = facts.outcomeOf(tk);
            s += ", \"args\": {\"outcome\": " + quoted(outcome) + "}";
        }
        for (; markPos < taskMarks.size() && taskMarks[markPos]->task == task; ++markPos) {
            const auto& m = *taskMarks[markPos];
            std::string& s = rec(us(m.t), -1);
            if (m.kind == EvKind::Rejected) {
                head(s, 'i', tid, "rejected " + std::to_string(m.arg), "service");
                s += ", \"s\": \"t\", \"args\": {\"status\": " + std::to_string(m.arg) + "}";
            } else {
                head(s, 'i', tid, "swallowed cancel", "end");
                s += ", \"s\": \"t\"";
            }
        }
        // Flow starts: a zero-length release slice to bind to.
        for (; fromPos < byFrom.size() && hand[byFrom[fromPos]].from < task; ++fromPos) {}
        for (; fromPos < byFrom.size() && hand[byFrom[fromPos]].from == task; ++fromPos) {
            const auto k = byFrom[fromPos];
            const auto& h = hand[k];
            std::string& s = rec(us(h.t), kMarkUs);
            head(s, 'X', tid, "release", "permit");
            s += ", \"args\": {\"woke\": " + std::to_string(store.taskId(h.to)) + "}";
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
                s += ", \"args\": {\"by\": " + std::to_string(store.taskId(h.from)) + "}";
            }
            std::string& f = rec(at, -1);
            head(f, 'f', tid, "permit", "permit");
            f += ", \"bp\": \"e\", \"id\": " + std::to_string(k + 1);
        }
        flushTrack(o, recs);
    }

    // ---- counters (each its own track, in time order)
    const auto& rows = series.rows();
    for (const auto& r : rows) counter(o, "permits in use", "permits", us(r.t), static_cast<double>(r.permitsInUse));
    o.maybeFlush();
    for (const auto& r : rows) counter(o, "waiting", "waiting", us(r.t), static_cast<double>(r.waiting));
    o.maybeFlush();
    for (const auto& r : rows) counter(o, "in flight", "in_flight", us(r.t), static_cast<double>(r.inFlight));
    o.maybeFlush();
    for (const auto& r : rows) counter(o, "completed", "completed", us(r.t), static_cast<double>(r.completed));
    o.maybeFlush();
    for (const auto& r : rows)
        if (r.t > 0) counter(o, "throughput (done/s)", "throughput", us(r.t), static_cast<double>(r.done) / r.t);
    o.maybeFlush();
    if (opt.initialLimit >= 0) counter(o, "limit", "limit", 0.0, static_cast<double>(opt.initialLimit));
    for (const auto& m : facts.marks())
        if (m.kind == EvKind::Limit) counter(o, "limit", "limit", us(m.t), m.arg);

    o.raw() += "\n]}\n";
}

}  // namespace cs
