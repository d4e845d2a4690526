#include "model/run_warnings.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "model/kinds.h"
#include "model/run_model.h"

namespace cs {

namespace {

// When a counter first went above v (-1: never): a bisection over its
// running maximum.
double firstAbove(const StepSeries& s, std::int64_t v) {
    if (s.maxValue() <= v) return -1.0;
    std::size_t lo = 0, hi = s.size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (s.maxOf(0, mid + 1) > v)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo < s.size() ? s.timeAt(lo) : -1.0;
}

// Permits held at t by a program's measure of them (its permits lines,
// sorted by time): the last sample at or before t; 0 before any.
std::int64_t heldAt(const std::vector<PermitSample>& samples, double t) {
    const auto after = std::upper_bound(samples.begin(), samples.end(), t,
                                        [](double x, const PermitSample& p) { return x < p.t; });
    return after == samples.begin() ? 0 : std::prev(after)->value;
}

}  // namespace

std::vector<RunWarning> RunWarnings::detect(const RunModel& m, const Scenario& s) {
    using K = RunWarning::Kind;
    using Sev = RunWarning::Severity;
    std::vector<RunWarning> out;
    auto add = [&](K kind, Sev sev, std::int64_t task, double t) -> RunWarning& {
        RunWarning w;
        w.kind = kind;
        w.severity = sev;
        w.task = task;
        const bool lane = task >= 0 && static_cast<std::size_t>(task) < m.taskCount();
        w.taskId = lane ? m.taskId(static_cast<std::size_t>(task)) : task;
        w.t = t;
        return out.emplace_back(std::move(w));
    };
    auto timeOf = [&](std::size_t i, double RunModel::Task::*field) {
        if (i >= m.taskCount()) return -1.0;
        const double t = m.task(i).*field;
        return std::isnan(t) ? -1.0 : t;
    };

    if (m.ended() && m.outcome() == Outcome::Deadlock) add(K::Deadlock, Sev::Error, -1, m.endTime());

    // Pitfalls the scenario's fields name are warned about once the run has
    // shown them, not before (the panel lists what was seen so far, and a
    // lesson's question must not be answered by a warning at t = 0): a
    // forgotten release once the task ended holding its permit.
    int forgot = 0;
    for (std::size_t i = 0; i < s.tasks.size(); ++i)
        if (s.tasks[i].forgetRelease && timeOf(i, &RunModel::Task::end) >= 0.0 && forgot++ < kMaxPerKind)
            add(K::ForgottenRelease, Sev::Error, static_cast<std::int64_t>(i), timeOf(i, &RunModel::Task::end));
    // A recorded program's: a task that ended holding a permit of one of its
    // Semaphores or Locks it got by a request (its permits lines measure
    // them) and never gave back. Not when a release gave back a permit its
    // task was not known to hold (a semaphore used as a signal between
    // tasks, or a permit taken at once that no line shows): then who holds
    // what at the end is not known.
    // Nor when the program's own count of permits held (its permits lines:
    // every primitive's, at the last event so far) is below what its tasks
    // are known to hold: releases no line names gave some back, and which
    // is not known (main()'s, which has no lane: a permit it took for a
    // task with wait_for() and gave back, or a Semaphore(0) it releases as
    // a signal to tasks that never give theirs back).
    // (Only a traced program measures permits: a scenario's flags above are
    // never its.)
    // A program whose Semaphores and Locks are told apart (their "held"
    // lines) is asked the same of each one, against its own count: a
    // Semaphore(0)'s signals that consumers used up (its count went down at
    // their ends) hide no forgotten release of a Lock beside it, and a
    // producer's signals (stray releases of that one) none of another's.
    if (!m.config().permits.empty()) {
        std::vector<std::uint8_t> forgotten(m.taskCount(), 0);
        if (!m.strayRelease()) {
            std::int64_t known = 0;
            for (std::size_t i = 0; i < m.taskCount(); ++i) known += m.permitsHeld(i);
            if (heldAt(m.config().permits, m.lastEventTime()) >= known)
                for (std::size_t i = 0; i < m.taskCount(); ++i) forgotten[i] = m.permitsHeld(i) > 0;
        }
        for (std::size_t k = 0; k < m.primitiveHeld().size(); ++k) {
            if (m.config().primitives[k].kind.empty() || m.strayRelease(k)) continue;
            std::int64_t known = 0;
            for (std::size_t i = 0; i < m.taskCount(); ++i) known += m.permitsHeld(i, k);
            if (known > 0 && m.primitiveHeld()[k].valueAtTime(m.lastEventTime()) >= known)
                for (std::size_t i = 0; i < m.taskCount(); ++i)
                    if (m.permitsHeld(i, k) > 0) forgotten[i] = 1;
        }
        for (std::size_t i = 0; i < m.taskCount(); ++i)
            if (forgotten[i] && m.task(i).ended() && forgot++ < kMaxPerKind)
                add(K::ForgottenRelease, Sev::Error, static_cast<std::int64_t>(i), m.task(i).end);
    }

    // Blocking calls: cpu steps longer than asyncio's slow-callback limit.
    int slow = 0;
    for (const RunModel::CpuBlock& b : m.cpuBlocks()) {
        const double d = (std::isnan(b.end) ? m.lastEventTime() : b.end) - b.begin;
        if (d <= kSlowCallbackSeconds) continue;
        if (slow++ < kMaxPerKind) add(K::BlockingCall, Sev::Warning, b.task, b.begin).seconds = d;
    }
    if (slow > kMaxPerKind) add(K::MoreBlockingCalls, Sev::Warning, -1, -1.0).count = slow - kMaxPerKind;

    int swallowed = 0;
    for (std::size_t i = 0; i < m.taskCount(); ++i)
        if (m.task(i).swallowed && m.helperOf(static_cast<std::int32_t>(i)) < 0 && swallowed++ < kMaxPerKind)
            add(K::SwallowedCancel, Sev::Warning, static_cast<std::int64_t>(i), timeOf(i, &RunModel::Task::end));

    // A semaphore per task, once more tasks ran at once than its size allows.
    if (limitKindInfo(s.limit.kind).permits == PermitModel::PerTask && m.inFlight().maxValue() > s.limit.value) {
        RunWarning& w = add(K::SemaphorePerTask, Sev::Warning, -1, firstAbove(m.inFlight(), s.limit.value));
        w.value = s.limit.value;
        w.count = m.inFlight().maxValue();
    }

    // A recorded program's semaphores or locks that one task alone used (a
    // semaphore made inside each task: the tracer's count, written at the
    // program's end), once the run (a replay) has ended. Not when the trace
    // says its limit is a semaphore per task (a generated program's
    // "limiter" line): the semaphore_per_task warning above tells it.
    if (m.ended() && m.config().privateSemaphores >= 2 &&
        limitKindInfo(s.limit.kind).permits != PermitModel::PerTask) {
        RunWarning& w = add(K::PrivateSemaphores, Sev::Warning, -1, m.endTime());
        w.count = m.config().privateSemaphores;
        w.value = m.config().semaphoresMade;
    }

    // A limit its program resizes (a traced generated program's "limiter"
    // line says so: a schedule, an adaptive limiter): the tracer knows the
    // first size of that Semaphore (the first the program made) and not its
    // resizes, so more permits held than that size are no release's fault
    // (a grown limit lets more in, a shrunk one keeps its holders).
    const bool resized = !s.limit.schedule.empty() || s.limit.kind == LimitKind::Adaptive;
    // A recorded program's only semaphore held by more than its size: a
    // release() without its acquire() gave a permit back twice (the
    // measured permits; once the run has reached that moment).
    if (!m.config().permits.empty() && m.config().semaphoresMade <= 1 && !m.limit().empty() && !resized) {
        const std::int64_t size = m.limit().valueAt(0);
        const double at = firstAbove(m.permitsInUse(), size);
        if (size > 0 && at >= 0.0 && (m.ended() || at <= m.lastEventTime())) {
            RunWarning& w = add(K::PermitsAboveLimit, Sev::Error, -1, at);
            w.value = size;
            w.count = m.permitsInUse().maxValue();
        }
    }
    // The same of each one a program with several told apart (its own
    // permits held, against its own size).
    for (std::size_t k = 0; k < m.primitiveHeld().size(); ++k) {
        const PrimitiveInfo& p = m.config().primitives[k];
        const StepSeries& held = m.primitiveHeld()[k];
        const double at = firstAbove(held, p.size);
        if (p.kind.empty() || p.size <= 0 || at < 0.0 || !(m.ended() || at <= m.lastEventTime())) continue;
        if (resized && k == 0) continue;
        RunWarning& w = add(K::PermitsAboveLimit, Sev::Error, -1, at);
        w.value = p.size;
        w.count = held.maxValue();
        w.primitive = static_cast<std::int64_t>(k);
        w.name = p.kind;
        w.line = static_cast<long>(p.line);
    }

    // A recorded program's task that released its only semaphore once more
    // than it acquired it (a trace that writes every permit taken: then no
    // permit of its is left to give back), once the run has reached it. It
    // names the task a BoundedSemaphore's ValueError does not: that is
    // raised in whichever release later finds the semaphore full.
    if (m.config().acquiresTold) {
        int extra = 0;
        for (const RunModel::ExtraRelease& x : m.extraReleases()) {
            if (!(m.ended() || x.t <= m.lastEventTime()) || extra++ >= kMaxPerKind) continue;
            RunWarning& w = add(K::ExtraRelease, Sev::Error, x.task, x.t);
            w.value = m.limit().empty() ? 0 : m.limit().valueAt(0);
        }
    }

    // Hold and wait (a recorded program's): tasks that held a permit of one
    // of its Semaphores or Locks while they waited for another's (the
    // permit they hold serves no other task meanwhile). One entry for each
    // pair (held, waited for), in the order of their first such wait.
    if (m.hasPermitWaits()) {
        std::vector<RunWarning> pairs;
        std::vector<std::size_t> counted;  // each pair's last task counted (a task once per pair)
        for (std::size_t i = 0; i < m.taskCount(); ++i) {
            for (const RunModel::PermitWait& pw : m.permitWaits(i)) {
                const double until = std::isnan(pw.end) ? m.lastEventTime() : pw.end;
                if (pw.held < 0 || !(until > pw.begin)) continue;
                const auto k = static_cast<std::size_t>(
                    std::find_if(pairs.begin(), pairs.end(),
                                 [&](const RunWarning& w) { return w.value == pw.held && w.primitive == pw.sem; }) -
                    pairs.begin());
                if (k == pairs.size()) {
                    RunWarning& w = pairs.emplace_back();
                    w.kind = K::HeldWhileWaiting;
                    w.severity = Sev::Info;
                    w.value = pw.held;
                    w.primitive = pw.sem;
                    w.t = pw.begin;
                    w.task = static_cast<std::int64_t>(i);
                    w.taskId = m.taskId(i);
                    counted.push_back(i);
                    w.count = 1;
                } else if (counted[k] != i) {
                    counted[k] = i;
                    ++pairs[k].count;
                }
                RunWarning& w = pairs[k];
                if (pw.begin < w.t) {
                    w.t = pw.begin;
                    w.task = static_cast<std::int64_t>(i);
                    w.taskId = m.taskId(i);
                }
                w.seconds = std::max(w.seconds, until - pw.begin);
            }
        }
        std::stable_sort(pairs.begin(), pairs.end(),
                         [](const RunWarning& a, const RunWarning& b) { return a.t < b.t; });
        if (pairs.size() > static_cast<std::size_t>(kMaxPerKind)) pairs.resize(kMaxPerKind);
        out.insert(out.end(), pairs.begin(), pairs.end());
    }

    if (m.cancelledAtExit() > 0) {
        RunWarning& w = add(K::CancelledAtExit, Sev::Warning, m.firstCancelledAtExit(), m.firstCancelledAtExitTime());
        w.count = static_cast<std::int64_t>(m.cancelledAtExit());
    }
    if (m.cancelledUnawaited() > 0) {
        RunWarning& w = add(K::CancelledUnawaited, Sev::Warning, m.firstCancelledUnawaited(),
                            m.firstCancelledUnawaitedTime());
        w.count = static_cast<std::int64_t>(m.cancelledUnawaited());
    }

    if (!m.pendingTasks().empty())
        add(K::PendingAfterWait, Sev::Info, m.pendingTasks().front(), -1.0).count =
            static_cast<std::int64_t>(m.pendingTasks().size());

    if (!m.rejections().empty()) {
        const auto& first = m.rejections().front();
        RunWarning& w = add(K::Rejections, Sev::Warning, first.task, first.t);
        w.count = static_cast<std::int64_t>(m.rejections().size());
        for (const auto& r : m.rejections()) ++(r.status == 429 ? w.n429 : w.n503);
    }

    // A second release once the task ended (it releases on its way out).
    int twice = 0;
    for (std::size_t i = 0; i < s.tasks.size(); ++i) {
        if (!s.tasks[i].releaseTwice || timeOf(i, &RunModel::Task::end) < 0.0 || twice++ >= kMaxPerKind) continue;
        const bool caught = limitKindInfo(s.limit.kind).releaseTwiceRaises;
        add(caught ? K::ReleaseTwiceCaught : K::ReleaseTwiceGrew, caught ? Sev::Info : Sev::Warning,
            static_cast<std::int64_t>(i), timeOf(i, &RunModel::Task::end));
    }

    if (m.counterExpected() >= 0 && m.counterFinal() != m.counterExpected()) {
        const double at = m.collectedTime();
        RunWarning& w = add(K::LostUpdates, Sev::Error, -1, std::isnan(at) ? -1.0 : at);
        w.value = m.counterFinal();
        w.expected = m.counterExpected();
    }

    if (const std::string_view name = m.raisedName(); !name.empty())
        add(K::ExceptionEscaped, Sev::Info, -1, std::isnan(m.raiseTime()) ? -1.0 : m.raiseTime()).name = name;

    // A pool job whose end came due inside a cpu block: the spec's finish
    // timer runs only after the block; a real worker thread is free, and its
    // result queued (call_soon_threadsafe), at the job's end.
    if (const auto& late = m.jobEndsInBlocks(); !late.empty()) {
        const RunModel::JobEndInBlock& first = late.front();
        RunWarning& w = add(K::JobEndedInBlock, Sev::Info, first.task, first.t);
        w.count = static_cast<std::int64_t>(late.size());
        w.seconds = first.t - first.ready;
        w.name = first.state == TaskState::Process ? "process" : "thread";
    }

    // The program's own warnings, once the run (a replay) has reached them.
    // They name a task by the trace's id: its lane here, as every warning's.
    int own = 0;
    const std::vector<RunnerWarning>& programWarnings = m.config().programWarnings;
    const std::size_t first = out.size();
    for (std::size_t k = 0; k < programWarnings.size(); ++k) {
        const RunnerWarning& pw = programWarnings[k];
        if (!m.ended() && pw.t > m.lastEventTime()) continue;
        if (own++ >= kMaxProgramWarnings) break;
        // A tie the virtual clock made is a fact of the clock, not a fault of the program's; nor is what
        // the tracer says of its picture (a Queue used as a pool), nor computing that took no virtual time.
        const bool note = isClockTie(pw.kind) || isPictureNote(pw.kind) || isVirtualClockNote(pw.kind);
        RunWarning& w = add(K::ProgramWarning, note ? Sev::Info : Sev::Warning, pw.task, pw.t);
        w.taskId = pw.task;  // (the runner names a task by the trace's id)
        w.name = pw.kind;
        w.message = pw.message;
        w.file = pw.place.file;
        w.line = pw.place.line;
        w.value = static_cast<std::int64_t>(k);  // its data: RunConfig::programWarnings[value]
    }
    // Where the trace's ids are not the lanes (a child's lane sits under its
    // parent's): their lanes, found in one pass over the ids (each warning's
    // taskId stays the id).
    if (const std::vector<std::int64_t>& ids = m.config().taskIds; !ids.empty() && out.size() > first) {
        std::vector<std::pair<std::int64_t, RunWarning*>> named;
        for (std::size_t k = first; k < out.size(); ++k) {
            if (out[k].taskId >= 0) named.emplace_back(out[k].taskId, &out[k]);
            out[k].task = -1;
        }
        std::sort(named.begin(), named.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (std::size_t lane = 0; lane < ids.size() && !named.empty(); ++lane) {
            const auto at = std::lower_bound(named.begin(), named.end(), ids[lane],
                                             [](const auto& a, std::int64_t id) { return a.first < id; });
            for (auto it = at; it != named.end() && it->first == ids[lane]; ++it)
                it->second->task = static_cast<std::int64_t>(lane);
        }
    }
    return out;
}

const char* RunWarnings::kindName(RunWarning::Kind k) {
    using K = RunWarning::Kind;
    switch (k) {
        case K::Deadlock: return "deadlock";
        case K::ForgottenRelease: return "forgotten_release";
        case K::BlockingCall: return "blocking_call";
        case K::MoreBlockingCalls: return "more_blocking_calls";
        case K::SwallowedCancel: return "swallowed_cancel";
        case K::SemaphorePerTask: return "semaphore_per_task";
        case K::CancelledAtExit: return "cancelled_at_exit";
        case K::CancelledUnawaited: return "cancelled_unawaited";
        case K::PendingAfterWait: return "pending_after_wait";
        case K::Rejections: return "rejections";
        case K::ReleaseTwiceCaught: return "release_twice_caught";
        case K::ReleaseTwiceGrew: return "release_twice_grew";
        case K::LostUpdates: return "lost_updates";
        case K::ExceptionEscaped: return "exception_escaped";
        case K::JobEndedInBlock: return "job_ended_in_block";
        case K::ProgramWarning: return "program_warning";
        case K::PrivateSemaphores: return "private_semaphores";
        case K::PermitsAboveLimit: return "permits_above_limit";
        case K::HeldWhileWaiting: return "held_while_waiting";
        case K::ExtraRelease: return "extra_release";
    }
    return "?";
}

const char* RunWarnings::severityName(RunWarning::Severity s) {
    switch (s) {
        case RunWarning::Severity::Info: return "info";
        case RunWarning::Severity::Warning: return "warning";
        case RunWarning::Severity::Error: return "error";
    }
    return "?";
}

nlohmann::ordered_json RunWarnings::json(const std::vector<RunWarning>& warnings) {
    using K = RunWarning::Kind;
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const RunWarning& w : warnings) {
        nlohmann::ordered_json j;
        j["kind"] = kindName(w.kind);
        j["severity"] = severityName(w.severity);
        j["task"] = w.task >= 0 ? nlohmann::ordered_json(w.taskId) : nlohmann::ordered_json(nullptr);
        j["t"] = w.t >= 0 ? nlohmann::ordered_json(w.t) : nlohmann::ordered_json(nullptr);
        switch (w.kind) {
            case K::BlockingCall:
                j["seconds"] = w.seconds;
                if (w.task == RunModel::kMainTask) j["by"] = "main()";  // the program's main coroutine
                break;
            case K::MoreBlockingCalls:
            case K::CancelledAtExit:
            case K::CancelledUnawaited:
            case K::PendingAfterWait: j["count"] = w.count; break;
            case K::SemaphorePerTask:
                j["value"] = w.value;
                j["peak_in_flight"] = w.count;
                break;
            case K::PrivateSemaphores:
                j["count"] = w.count;
                j["made"] = w.value;
                break;
            case K::PermitsAboveLimit:
                j["held"] = w.count;
                j["size"] = w.value;
                if (w.primitive >= 0) {
                    j["sem"] = w.primitive;  // as the trace's "primitive" lines number them
                    j["class"] = w.name;
                    if (w.line > 0) j["line"] = w.line;
                }
                break;
            case K::ExtraRelease:
                if (w.value > 0) j["size"] = w.value;
                break;
            case K::HeldWhileWaiting:
                j["count"] = w.count;
                j["holding"] = w.value;  // the trace's "primitive" numbers
                j["sem"] = w.primitive;
                j["longest"] = w.seconds;
                break;
            case K::Rejections:
                j["count"] = w.count;
                j["429"] = w.n429;
                j["503"] = w.n503;
                break;
            case K::LostUpdates:
                j["value"] = w.value;
                j["expected"] = w.expected;
                break;
            case K::ExceptionEscaped: j["exc"] = w.name; break;
            case K::JobEndedInBlock:
                j["count"] = w.count;
                j["pool"] = w.name;
                j["late"] = w.seconds;
                break;
            case K::ProgramWarning:
                j["warning"] = w.name;
                j["message"] = w.message;
                j["file"] = w.file.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(w.file);
                j["line"] = w.line > 0 ? nlohmann::ordered_json(w.line) : nlohmann::ordered_json(nullptr);
                break;
            default: break;
        }
        a.push_back(std::move(j));
    }
    return a;
}

}  // namespace cs
