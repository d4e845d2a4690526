#include "panels/warning_detector.h"

#include <QCoreApplication>
#include <cmath>

#include "timeline/time_format.h"
#include "timeline/timeline_model.h"

namespace cs::ui {

// The texts' translation context (lupdate places tr() calls by their class).
class WarningDetector {
    Q_DECLARE_TR_FUNCTIONS(cs::ui::WarningDetector)

public:
    static std::vector<Warning> detect(const TimelineModel& m, const Scenario& s);
};

namespace {
// A list of warnings that names every one of 10,000 tasks helps nobody.
constexpr int kMaxPerKind = 5;
}  // namespace

std::vector<Warning> detectWarnings(const TimelineModel& m, const Scenario& s) { return WarningDetector::detect(m, s); }

std::vector<Warning> WarningDetector::detect(const TimelineModel& m, const Scenario& s) {
    std::vector<Warning> out;
    using Sev = Warning::Severity;

    if (m.ended() && m.outcome() == Outcome::Deadlock) {
        out.push_back({Sev::Error, tr("The program deadlocked at %1").arg(formatTime(m.endTime(), 1e-3)),
                       tr("No task could make progress: nothing was ready and no timer was set while work was "
                          "still pending, so asyncio.run() was interrupted and cancelled the rest. The usual "
                          "cause is a permit acquired with sem.acquire() and never released: use "
                          "'async with sem:'."),
                       -1, m.endTime()});
    }
    int forgot = 0;
    for (std::size_t i = 0; i < s.tasks.size(); ++i) {
        if (s.tasks[i].forgetRelease && forgot++ < kMaxPerKind)
            out.push_back({Sev::Error, tr("Task %1 never releases its permit").arg(i),
                           tr("It calls sem.acquire() without a matching release(): every such task "
                              "shrinks the semaphore by one for good."),
                           static_cast<long long>(i), i < m.taskCount() ? m.running(i) : -1.0});
    }

    // Blocking calls: cpu intervals longer than asyncio's slow-callback limit.
    int slow = 0, slowTotal = 0;
    for (std::size_t k = 0; k < m.cpuCount(); ++k) {
        const auto iv = m.cpuInterval(k);
        const double d = (std::isnan(iv.end) ? m.now() : iv.end) - iv.begin;
        if (d <= kSlowCallbackSeconds) continue;
        ++slowTotal;
        if (slow++ < kMaxPerKind)
            out.push_back({Sev::Warning,
                           tr("Task %1 blocked the event loop for %2").arg(m.taskId(static_cast<std::size_t>(iv.task))).arg(formatDuration(d)),
                           tr("A blocking call (time.sleep, CPU work, sync I/O) inside a coroutine freezes every "
                              "other task: nothing else runs, timers fire late. Await a non-blocking version, "
                              "or move it to a thread with 'await asyncio.to_thread(...)'."),
                           iv.task, iv.begin});
    }
    if (slowTotal > kMaxPerKind)
        out.push_back({Sev::Warning, tr("%1 more blocking calls over 100 ms").arg(slowTotal - kMaxPerKind), {}, -1, -1});

    int swallowed = 0;
    for (std::size_t i = 0; i < m.taskCount(); ++i) {
        if (!m.swallowedCancel(i) || swallowed++ >= kMaxPerKind) continue;
        out.push_back({Sev::Warning, tr("Task %1 swallowed CancelledError").arg(m.taskId(i)),
                       tr("It caught asyncio.CancelledError and returned normally, so cancelling it (a "
                          "timeout, TaskGroup, shutdown) silently did not work. Clean up, then re-raise."),
                       static_cast<long long>(i), m.terminal(i)});
    }

    if (s.limit.kind == LimitKind::SemaphorePerTask) {
        out.push_back({Sev::Warning, tr("Semaphore(%1) made inside each task limits nothing").arg(s.limit.value),
                       tr("Every task creates its own semaphore, so each has all the permits to itself: up to "
                          "%1 tasks ran at once. Create one semaphore outside the tasks and share it.")
                           .arg(m.inFlight().maxValue()),
                       -1, -1});
    }

    // Tasks cancelled when asyncio.run() exited: their cancelled event comes
    // after the collector finished (collected/raise), in trace order.
    if (const TraceRecorder* src = m.source()) {
        std::size_t after = src->size();
        for (std::size_t k = 0; k < m.eventCount(); ++k) {
            const EvKind kind = src->kindAt(k);
            if (kind == EvKind::Collected || kind == EvKind::Raise) {
                after = k;
                break;
            }
        }
        long long first = -1;
        int n = 0;
        double at = -1;
        for (std::size_t k = after; k < m.eventCount(); ++k) {
            if (src->kindAt(k) != EvKind::Cancelled) continue;
            if (n++ == 0) {
                first = src->at(k).task;
                at = src->timeAt(k);
            }
        }
        if (n > 0)
            out.push_back({Sev::Warning, (n == 1 ? tr("1 task cancelled when asyncio.run() exited") : tr("%1 tasks cancelled when asyncio.run() exited").arg(n)),
                           tr("The collector returned while they were still running (wait() left them pending, "
                              "or an exception escaped), so asyncio.run() cancelled them on the way out and "
                              "their work was lost."),
                           first, at});
    }

    if (!m.pendingTasks().empty()) {
        out.push_back({Sev::Info, tr("Tasks still pending when wait() returned: %1").arg(m.pendingTasks().size()),
                       tr("asyncio.wait() does not cancel what it leaves pending: cancel those tasks or await "
                          "them later."),
                       m.pendingTasks().front(), -1});
    }

    if (!m.rejections().empty()) {
        int r429 = 0, r503 = 0;
        for (const auto& r : m.rejections()) (r.code == 429 ? r429 : r503)++;
        out.push_back({Sev::Warning, tr("The service rejected %1 calls (429: %2, 503: %3)")
                                         .arg(m.rejections().size())
                                         .arg(r429)
                                         .arg(r503),
                       tr("More requests reached the service than its rate limit or queue accepts: the "
                          "concurrency limit is too high for it. Lower the limit, or retry with backoff."),
                       m.rejections().front().task, m.rejections().front().t});
    }

    int twice = 0;
    for (std::size_t i = 0; i < s.tasks.size(); ++i) {
        if (!s.tasks[i].releaseTwice || twice++ >= kMaxPerKind) continue;
        if (s.limit.kind == LimitKind::BoundedSemaphore)
            out.push_back({Sev::Info, tr("Task %1 releases twice: BoundedSemaphore caught it").arg(i),
                           tr("The extra release() raised ValueError instead of silently adding a permit."),
                           static_cast<long long>(i), i < m.taskCount() ? m.terminal(i) : -1.0});
        else
            out.push_back({Sev::Warning, tr("Task %1 releases twice: the semaphore grew").arg(i),
                           tr("A plain Semaphore accepts the extra release() and gains a permit: the limit is "
                              "quietly higher than written. Use BoundedSemaphore to catch it."),
                           static_cast<long long>(i), i < m.taskCount() ? m.terminal(i) : -1.0});
    }

    if (m.counterExpected() >= 0 && m.counterValue() != m.counterExpected()) {
        out.push_back({Sev::Error, tr("Lost updates: the counter ended at %1, not %2")
                                       .arg(m.counterValue())
                                       .arg(m.counterExpected()),
                       tr("Each increment read the counter, awaited, then wrote back what it read plus one; "
                          "another task's write in between was overwritten. Hold an asyncio.Lock across the "
                          "read, the await and the write."),
                       -1, m.collectedTime()});
    }

    if (!m.raisedName().isEmpty()) {
        out.push_back({Sev::Info, tr("%1 escaped the collector at %2").arg(m.raisedName(), formatTime(m.raiseTime(), 1e-3)),
                       tr("The caller saw the first exception; with gather() the other tasks kept running (use "
                          "return_exceptions=True or a TaskGroup to decide what happens to them)."),
                       -1, m.raiseTime()});
    }
    return out;
}

}  // namespace cs::ui
