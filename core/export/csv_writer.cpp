#include "export/csv_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string_view>
#include <thread>

#include "model/run_model.h"
#include "trace/py_float.h"

namespace cs {

namespace {

// RFC 4180: quote a field holding a comma, quote or line break.
bool needsQuotes(std::string_view v) { return v.find_first_of(",\"\r\n") != std::string_view::npos; }

void text(std::string& s, std::string_view v) {
    if (!needsQuotes(v)) {
        s += v;
        return;
    }
    s += '"';
    for (char c : v) {
        if (c == '"') s += '"';
        s += c;
    }
    s += '"';
}

// One row's text gathered in a stack buffer, then appended to the block at
// once (a million-row table has ten million fields).
class Row {
public:
    explicit Row(std::string& s) : s_(s) {}
    ~Row() { flush(); }
    void comma() { *o_++ = ','; }
    void newline() { *o_++ = '\n'; }
    // Times: the shortest text that reads back as the same double.
    void num(double x) {
        if (!std::isnan(x)) o_ = PyFloat::write(o_, x);
    }
    // A difference of two times: rounded to the nanosecond, so that 0.3 -
    // 0.1 reads 0.2 rather than 0.19999999999999998 (times themselves are exact).
    void duration(double x) {
        if (!std::isnan(x)) o_ = PyFloat::write(o_, std::round(x * 1e9) / 1e9);
    }
    void integer(std::int64_t v) { o_ = std::to_chars(o_, o_ + kIntChars, v).ptr; }  // as std::to_string
    void field(std::string_view v) {
        if (v.size() <= kTextChars && !needsQuotes(v)) {
            std::memcpy(o_, v.data(), v.size());
            o_ += v.size();
        } else {
            flush();
            text(s_, v);
        }
    }
    // Room for what may follow: at most this many of each before a flush.
    static constexpr std::size_t kIntChars = 20, kTextChars = 32;
    void flush() {
        s_.append(buf_, static_cast<std::size_t>(o_ - buf_));
        o_ = buf_;
    }

private:
    std::string& s_;
    // The widest row: an id, a state, eleven numbers, an outcome, commas.
    char buf_[kIntChars + 2 * kTextChars + 11 * PyFloat::kMaxChars + 16];
    char* o_ = buf_;
};

bool happened(double t) { return !std::isnan(t); }

}  // namespace

void CsvWriter::writeTasks(std::ostream& out, const RunModel& model) {
    const double until = model.makespan();
    const std::size_t known = model.config().tasks;
    const bool helpers = model.helperCount() > 0;  // (most runs have none: no lookup a row)
    // A Queue's run: when each job was put and how long it stayed in the
    // queue before a worker took it (`created`: when one did).
    const bool queued = model.config().canHave.queuedJobs;
    // A task that waited for a permit again after its first (a second
    // Semaphore, a per-host one inside a global one; a permit given back and
    // asked for again): how long, which request -> running leaves out. (Only
    // a task with stretches of its own has such a wait: no look at the others.)
    bool again = false;
    for (std::size_t i = 0; i < model.taskCount() && !again; ++i)
        if (model.task(i).extraCount > 0) {
            const RunModel::Task& t = model.task(i);
            again = model.waitedAgainAt(i, t.ended() ? t.end : until) > 0.0;
        }
    // A rate limit's run: how long, of waited_s, a task waited for its start
    // slot after it got its permit (its `slot_wait` -> running).
    const bool slotted = model.canHave().slotWaits;
    // Rows [from, to) into s. Only reads the model (its const queries keep
    // no caches), so two blocks can be formatted at once.
    const auto format = [&](std::size_t from, std::size_t to, std::string& s) {
        Row row(s);
        for (std::size_t i = from; i < to; ++i) {
            const RunModel::Task& t = model.task(i);
            if (!t.seen() && i >= known) continue;  // an id no event names
            // No task of the run's (as its metrics count them: RunModel::noTask),
            // or wait_for's inner task (its job is its parent's row).
            const auto lane = static_cast<std::int32_t>(i);
            if (model.noTask(lane) || (helpers && model.helperOf(lane) >= 0)) continue;
            const double stop = t.ended() ? t.end : until;
            row.integer(model.taskId(i));  // the trace's own id
            row.comma();
            row.field(taskStateName(model.finalState(i)));
            for (double x : {t.created, t.request, t.running, t.end}) {
                row.comma();
                row.num(x);
            }
            row.comma();
            row.duration(model.waitedAt(i, stop));
            row.comma();
            row.duration(model.ranAt(i, stop));
            row.comma();
            if (happened(t.created)) row.duration(stop - t.created);
            row.comma();
            row.field(model.outcomeOf(i));
            if (queued) {
                const double put = model.enqueuedAt(i);
                row.comma();
                row.num(put);
                row.comma();
                if (happened(put)) row.duration((happened(t.created) ? t.created : stop) - put);
            }
            if (again) {
                row.comma();
                row.duration(model.waitedAgainAt(i, stop));
            }
            if (slotted) {
                row.comma();
                row.duration(model.slotWaitedAt(i, stop));
            }
            row.newline();
            row.flush();
        }
    };
    out << "id,state,created,request,running,end,waited_s,ran_s,total_s,outcome" << (queued ? ",enqueued,queued_s" : "")
        << (again ? ",waited_again_s" : "") << (slotted ? ",slot_waited_s" : "") << '\n';
    // Formatting floats is most of the work: a big table is formatted two
    // blocks at a time on two other threads while this one writes the two
    // before them, in order. (A table of one block is formatted here.)
    constexpr std::size_t kBlock = std::size_t{1} << 15;
    const std::size_t n = model.taskCount();
    if (n <= kBlock) {
        std::string s;
        format(0, n, s);
        out << s;
        return;
    }
    std::string blocks[2][2];  // by pair parity: its first and second block
    std::size_t pair = 0;
    for (std::size_t from = 0; from < n; from += 2 * kBlock, ++pair) {
        const std::size_t mid = std::min(n, from + kBlock);
        const std::size_t to = std::min(n, from + 2 * kBlock);
        std::string* b = blocks[pair % 2];
        b[0].clear();
        b[1].clear();
        std::thread one([&format, b, from, mid] { format(from, mid, b[0]); });
        std::thread two;
        if (mid < to) two = std::thread([&format, b, mid, to] { format(mid, to, b[1]); });
        if (pair > 0) {
            const std::string* before = blocks[(pair - 1) % 2];
            out << before[0] << before[1];
        }
        one.join();
        if (two.joinable()) two.join();
    }
    const std::string* last = blocks[(pair - 1) % 2];
    out << last[0] << last[1];
}

void CsvWriter::writeMetrics(std::ostream& out, const RunModel& model) {
    std::string s = "t,in_flight,waiting,permits_in_use,completed\n";
    // A run with no semaphore's permits to count (no limit, a queue's
    // workers, a program that made none): permits_in_use is empty, not a
    // copy of in_flight (the timeline's lane says "In flight" then).
    const bool permits = model.config().countsPermits();
    model.forEachCounterRow([&](const RunModel::CounterRow& r) {
        {
            Row row(s);
            row.num(r.t);
            row.comma();
            row.integer(r.inFlight);
            row.comma();
            row.integer(r.waiting);
            row.comma();
            if (permits) row.integer(r.permitsInUse);
            row.comma();
            row.integer(r.completed);
            row.newline();
        }
        if (s.size() > (1u << 20)) {
            out << s;
            s.clear();
        }
    });
    out << s;
}

std::string CsvWriter::metricsPathFor(const std::string& tasksPath) {
    std::string base = tasksPath;
    const auto slash = base.find_last_of("/\\");
    const auto dot = base.rfind('.');
    if (dot != std::string::npos && (slash == std::string::npos || dot > slash) && dot != 0 &&
        (slash == std::string::npos || dot > slash + 1))
        base.erase(dot);
    return base + "-metrics.csv";
}

}  // namespace cs
