#include "panels/warning_detector.h"

#include <QCoreApplication>
#include <string_view>

#include "model/run_model.h"
#include "timeline/timeline_model.h"
#include "timeline/time_format.h"

namespace cs::ui {

// The texts' translation context (lupdate places tr() calls by their class).
class WarningDetector {
    Q_DECLARE_TR_FUNCTIONS(cs::ui::WarningDetector)

public:
    static Warning word(const RunWarning& w, const RunModel* run);
    static QString programWarningDetail(const std::string& kind, bool own);
    // The runner's deadlock and timer-tie warnings worded from their data
    // (as its English message says them); empty when the line has none.
    static QString runnerMessage(const RunnerWarning& pw);
    static QString timerText(const RunnerNamed& n);
};

std::vector<Warning> detectWarnings(const RunModel& run, const Scenario& s) {
    std::vector<Warning> out;
    for (const RunWarning& w : RunWarnings::detect(run, s)) out.push_back(WarningDetector::word(w, &run));
    return out;
}

Warning wordWarning(const RunWarning& w, const RunModel* run) { return WarningDetector::word(w, run); }

namespace {
// A task as its lane reads: its id, and a recorded program's name after it
// ("1 (stubborn)"), so that "Task 1 swallowed CancelledError" names the
// lane the class sees, not a number beside a lane called Task-3.
QString taskArg(std::int64_t task, const RunModel* run) {
    if (!run || task < 0 || static_cast<std::size_t>(task) >= run->taskCount()) return QString::number(task);
    const auto i = static_cast<std::size_t>(task);
    const std::string_view name = run->name(i);
    const QString id = QString::number(run->taskId(i));
    if (name.empty()) return id;
    return QStringLiteral("%1 (%2)").arg(id, QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size())));
}
}  // namespace

Warning WarningDetector::word(const RunWarning& w, const RunModel* run) {
    using K = RunWarning::Kind;
    Warning out;
    out.severity = w.severity == RunWarning::Severity::Error     ? Warning::Severity::Error
                   : w.severity == RunWarning::Severity::Warning ? Warning::Severity::Warning
                                                                 : Warning::Severity::Info;
    out.task = w.task;
    out.t = w.t;
    switch (w.kind) {
        case K::Deadlock:
            out.title = tr("The program deadlocked at %1").arg(formatTime(w.t, 1e-3));
            out.detail = tr("No task could make progress: nothing was ready and no timer was set while work was "
                            "still pending, so asyncio.run() was interrupted and cancelled the rest. The usual "
                            "cause is a permit acquired with sem.acquire() and never released: use "
                            "'async with sem:'.");
            break;
        case K::ForgottenRelease:
            out.title = tr("Task %1 ended without releasing its permit").arg(taskArg(w.task, run));
            out.detail = tr("It called sem.acquire() without a matching release(): every such task "
                            "shrinks the semaphore by one for good.");
            break;
        case K::BlockingCall:
            out.title = w.task == RunModel::kMainTask
                            ? tr("main() blocked the event loop for %1").arg(formatDuration(w.seconds))
                            : tr("Task %1 blocked the event loop for %2")
                                  .arg(taskArg(w.task, run))
                                  .arg(formatDuration(w.seconds));
            out.detail = tr("A blocking call (time.sleep, CPU work, sync I/O) inside a coroutine freezes every "
                            "other task: nothing else runs, timers fire late. Await a non-blocking version, "
                            "or move it to a thread with 'await asyncio.to_thread(...)'.");
            break;
        case K::MoreBlockingCalls: out.title = tr("%1 more blocking calls over 100 ms").arg(w.count); break;
        case K::SwallowedCancel:
            out.title = tr("Task %1 swallowed CancelledError").arg(taskArg(w.task, run));
            out.detail = tr("It caught asyncio.CancelledError and returned normally, so cancelling it (a "
                            "timeout, TaskGroup, shutdown) silently did not work. Clean up, then re-raise.");
            break;
        case K::PrivateSemaphores:
            out.title = w.count == w.value
                            ? tr("Each of the %1 semaphores and locks was used by one task only").arg(w.count)
                            : tr("%1 of the %2 semaphores and locks were each used by one task only")
                                  .arg(w.count)
                                  .arg(w.value);
            out.detail = tr("Each was acquired and released by a single task, and no task ever waited for it: a "
                            "semaphore or lock made inside each task limits nothing and protects nothing. Make one "
                            "outside the tasks and share it.");
            break;
        case K::SemaphorePerTask:
            out.title = tr("Semaphore(%1) made inside each task limits nothing").arg(w.value);
            out.detail = tr("Every task creates its own semaphore, so each has all the permits to itself: up to "
                            "%1 tasks ran at once. Create one semaphore outside the tasks and share it.")
                             .arg(w.count);
            break;
        case K::CancelledAtExit:
            out.title = w.count == 1 ? tr("1 task cancelled when asyncio.run() exited")
                                     : tr("%1 tasks cancelled when asyncio.run() exited").arg(w.count);
            out.detail = tr("main() ended while they were still running (wait() left them pending, "
                            "or an exception escaped), so asyncio.run() cancelled them on the way out and "
                            "their work was lost.");
            // asyncio.run() cancels all_tasks(), a set: the virtual runner iterates it in creation order,
            // CPython by the tasks' addresses (real CPython 3.11.7 ran two tasks' finally in the other order).
            if (w.count > 1)
                out.detail += QLatin1Char(' ') +
                              tr("It cancels them in the order of a set of tasks, which in CPython follows their "
                                 "memory addresses: a real run can cancel them, and run their cleanup (except "
                                 "CancelledError, finally), in another order than here.");
            break;
        case K::CancelledUnawaited:
            out.title = w.count == 1
                            ? tr("1 task main() cancelled was still ending when main() returned")
                            : tr("%1 tasks main() cancelled were still ending when main() returned").arg(w.count);
            out.detail = tr("main() called cancel() on them and returned without awaiting them. cancel() only asks: "
                            "they were still running their cleanup (an await in except CancelledError or finally) "
                            "when main() ended, so asyncio.run() cancelled them again on its way out and cut that "
                            "cleanup short. Await what you cancel (await asyncio.gather(*tasks, "
                            "return_exceptions=True)) so that it ends inside main().");
            break;
        case K::PendingAfterWait:
            out.title = tr("Tasks still pending when wait() returned: %1").arg(w.count);
            out.detail = tr("asyncio.wait() does not cancel what it leaves pending: cancel those tasks or await "
                            "them later.");
            break;
        case K::Rejections:
            out.title = tr("The service rejected %1 calls (429: %2, 503: %3)").arg(w.count).arg(w.n429).arg(w.n503);
            out.detail = tr("More requests reached the service than its rate limit or queue accepts: the "
                            "concurrency limit is too high for it. Lower the limit, or retry with backoff.");
            break;
        case K::ReleaseTwiceCaught:
            out.title = tr("Task %1 releases twice: BoundedSemaphore caught it").arg(taskArg(w.task, run));
            out.detail = tr("The extra release() raised ValueError instead of silently adding a permit.");
            break;
        case K::PermitsAboveLimit:
            if (w.primitive >= 0) {
                PrimitiveInfo p;
                p.kind = w.name;
                p.size = w.value;
                p.line = w.line;
                const QString what = TimelineModel::primitiveTitle(p);
                out.title = w.value == 1 ? tr("Up to %1 tasks held #%2 %3 at once: it has 1 permit")
                                               .arg(w.count)
                                               .arg(w.primitive + 1)
                                               .arg(what)
                                         : tr("Up to %1 tasks held #%2 %3 at once: it has %4 permits")
                                               .arg(w.count)
                                               .arg(w.primitive + 1)
                                               .arg(what)
                                               .arg(w.value);
            } else {
                out.title = w.value == 1
                                ? tr("Up to %1 tasks held the semaphore at once: it has 1 permit").arg(w.count)
                                : tr("Up to %1 tasks held the semaphore at once: it has %2 permits")
                                      .arg(w.count)
                                      .arg(w.value);
            }
            out.detail = tr("A release() without its acquire() gave a permit back twice. A plain Semaphore then "
                            "lets one more task in, each time: the limit is quietly higher than written. A "
                            "BoundedSemaphore raises ValueError, but only in a release that finds it full, often "
                            "another task's.");
            break;
        case K::HeldWhileWaiting: {
            static const std::vector<PrimitiveInfo> kUnknown;
            const std::vector<PrimitiveInfo>& all = run ? run->config().primitives : kUnknown;
            const QString held = TimelineModel::primitiveLabel(all, static_cast<std::size_t>(w.value));
            const QString asked = TimelineModel::primitiveLabel(all, static_cast<std::size_t>(w.primitive));
            out.title = w.count == 1 ? tr("A task held a permit of %1 while it waited %3 for %2")
                                           .arg(held, asked, formatDuration(w.seconds))
                                     : tr("%1 tasks held a permit of %2 while they waited for %3, up to %4 each")
                                           .arg(w.count)
                                           .arg(held, asked, formatDuration(w.seconds));
            out.detail = tr("A permit held during the wait serves no other task: tasks that need only %1 queue "
                            "behind it while it stands idle. Ask for the two in the other order and compare, or "
                            "wait for both before holding either (aiohttp's connector waits holding nothing "
                            "until both of its limits allow a request).")
                             .arg(held);
            break;
        }
        case K::ExtraRelease:
            out.title = tr("Task %1 released the semaphore once more than it acquired it: at %2 it held no permit "
                           "to give back")
                            .arg(taskArg(w.task, run))
                            .arg(formatTime(w.t, 1e-3));
            out.detail = tr("A release() without its acquire() gave a permit back twice. A plain Semaphore then "
                            "lets one more task in, each time: the limit is quietly higher than written. A "
                            "BoundedSemaphore raises ValueError, but only in a release that finds it full, often "
                            "another task's.");
            break;
        case K::ReleaseTwiceGrew:
            out.title = tr("Task %1 releases twice: the semaphore grew").arg(taskArg(w.task, run));
            out.detail = tr("A plain Semaphore accepts the extra release() and gains a permit: the limit is "
                            "quietly higher than written. Use BoundedSemaphore to catch it.");
            break;
        case K::LostUpdates:
            out.title = tr("Lost updates: the counter ended at %1, not %2").arg(w.value).arg(w.expected);
            out.detail = tr("Each increment read the counter, awaited, then wrote back what it read plus one; "
                            "another task's write in between was overwritten. Hold an asyncio.Lock across the "
                            "read, the await and the write.");
            break;
        case K::ExceptionEscaped:
            if (run && !run->callerRecorded()) {  // a recorded program: its own main() raised, no collector
                out.title = tr("%1 escaped main() at %2").arg(QString::fromStdString(w.name), formatTime(w.t, 1e-3));
                out.detail = tr("The program's main coroutine raised it: asyncio.run() cancelled the tasks still "
                                "pending and raised it again in its caller.");
                break;
            }
            out.title = tr("%1 escaped the collector at %2")
                            .arg(QString::fromStdString(w.name), formatTime(w.t, 1e-3));
            out.detail = tr("The caller saw the first exception; with gather() the other tasks kept running (use "
                            "return_exceptions=True or a TaskGroup to decide what happens to them).");
            break;
        case K::JobEndedInBlock: {
            const bool process = w.name == "process";
            if (w.count == 1)
                out.title = process ? tr("Task %1's process job ended during a blocking call").arg(taskArg(w.task, run))
                                    : tr("Task %1's thread job ended during a blocking call").arg(taskArg(w.task, run));
            else
                out.title = tr("%L1 pool jobs ended during blocking calls (the first: task %2's)")
                                .arg(w.count)
                                .arg(taskArg(w.task, run));
            out.detail =
                tr("Its job finished %1 before the blocked loop could take the result (at %2). On the virtual "
                   "clock a pool job's end is a timer, and timers wait for the loop: only then does a job "
                   "queued for a free worker start, and the tasks woken during the block resume in timer order. "
                   "Real workers do not wait for the loop: a free worker takes the next job at once, and the "
                   "result is queued ahead of sleeps that ended during the block. From here on, this run's "
                   "times and order can differ from real CPython's.")
                    .arg(formatDuration(w.seconds), formatTime(w.t, 1e-3));
            break;
        }
        case K::ProgramWarning: {
            out.line = static_cast<int>(w.line);
            static const std::vector<RunnerWarning> kNone;
            const std::vector<RunnerWarning>& own = run ? run->config().programWarnings : kNone;
            const auto k = static_cast<std::size_t>(std::max<std::int64_t>(w.value, 0));
            const bool known = k < own.size() && own[k].kind == w.name;
            const QString message = known ? programNoteText(own[k]) : QString::fromStdString(w.message);
            out.title = w.line > 0 ? tr("Line %1: %2").arg(w.line).arg(message) : message;
            if (w.t >= 0) out.title += QStringLiteral(" (%1)").arg(formatTime(w.t, 1e-3));
            out.detail = programWarningDetail(w.name, known && own[k].own);
            break;
        }
    }
    return out;
}

QString WarningDetector::runnerMessage(const RunnerWarning& pw) {
    const auto q = [](const std::string& s) { return QString::fromStdString(s); };
    if (pw.kind == "deadlock" && !pw.waiting.empty()) {
        QStringList waits;
        for (const RunnerNamed& n : pw.waiting)
            waits << (n.line > 0 ? tr("task %1 (%2) at line %3").arg(n.task).arg(q(n.name)).arg(n.line)
                                 : tr("task %1 (%2)").arg(n.task).arg(q(n.name)));
        if (pw.more > 0) waits << QStringLiteral("...");
        return tr("nothing can happen any more: every task waits (%1); interrupted as Ctrl-C would")
            .arg(waits.join(tr(", ")));
    }
    if (pw.kind == "thread_deadlock" && !pw.threads.empty()) {
        QStringList waits;
        for (const RunnerNamed& n : pw.threads) {
            const QString holder = n.holder == n.thread ? tr("%1 itself").arg(q(n.holder)) : q(n.holder);
            waits << (n.line > 0 ? tr("%1 waits in %2 at line %3 (held by %4)")
                                       .arg(q(n.thread), q(n.call))
                                       .arg(n.line)
                                       .arg(holder)
                                 : tr("%1 waits in %2 (held by %3)").arg(q(n.thread), q(n.call), holder));
        }
        return pw.threads.size() == 1
                   ? tr("a thread waits for ever: %1; it can never go on").arg(waits.front())
                   : tr("threads wait for each other for ever: %1; none of them can ever go on")
                         .arg(waits.join(tr("; ")));
    }
    if (pw.kind == "queue_pool" && pw.own)  // (tasks that borrow on lanes of their own)
        return tr("this Queue is used as a pool of objects that tasks borrow and give back (a task put back the "
                  "object it took from it): a task that waits in get() for a free object is drawn waiting for one "
                  "on its own lane, and running from the moment it takes one");
    if (pw.kind == "queue_pool")
        return tr("this Queue is used as a pool of objects that tasks borrow and give back (a task put back the "
                  "object it took from it): each lane is one borrowing, from the get() to the put() that gives the "
                  "object back; a task that waits in get() for a free object is drawn waiting for one");
    if (pw.kind == "computing" && pw.seconds > 0) {
        const QString how = formatDuration(pw.seconds);
        if (!pw.thread.empty())
            return tr("thread %1 computed for %2 of real CPU time or more, which took no time on the virtual clock; "
                      "on a real clock it holds its thread that long")
                .arg(q(pw.thread), how);
        if (pw.task < 0 && !pw.main)  // the main thread's own code (before asyncio.run(), a callback)
            return tr("the program computed for %1 of real CPU time or more, which took no time on the virtual "
                      "clock; on a real clock it holds the main thread (and its event loop, if one runs) that long")
                .arg(how);
        const QString who = pw.task >= 0 ? tr("task %1").arg(pw.task) : tr("main()");
        return tr("%1 computed for %2 of real CPU time or more, which took no time on the virtual clock; on a real "
                  "clock it holds the event loop that long, and every other task waits meanwhile")
            .arg(who, how);
    }
    if (pw.kind == "default_pool" && pw.workers > 0 && pw.cpus > 0) {
        // (The runner's os.cpu_count() is --cpus: the same on every machine.)
        if (pw.pool == "process")
            return tr("the default process pool (ProcessPoolExecutor() without max_workers) has %1 workers here: "
                      "CPython sizes it os.cpu_count(), which is %2 on the virtual clock; a real run sizes it from "
                      "its computer's CPUs")
                .arg(pw.workers)
                .arg(pw.cpus);
        return (pw.loop ? tr("the event loop's default thread pool (asyncio.to_thread(), run_in_executor(None, ...)) "
                             "has %1 workers here: CPython sizes it min(32, os.cpu_count() + 4), and os.cpu_count() "
                             "is %2 on the virtual clock; a real run sizes it from its computer's CPUs")
                        : tr("the default thread pool (ThreadPoolExecutor() without max_workers) has %1 workers here: "
                             "CPython sizes it min(32, os.cpu_count() + 4), and os.cpu_count() is %2 on the virtual "
                             "clock; a real run sizes it from its computer's CPUs"))
            .arg(pw.workers)
            .arg(pw.cpus);
    }
    if (pw.kind == "pool_wait_not_drawn")
        return tr("a wait in get() for a free object of this pool is not drawn: it began before the Queue was known "
                  "as a pool and lasted longer than the tracer can hold the trace back (65,536 pending writes), so "
                  "this borrowing's lane, and those of other waits for the pool's objects until then, begin where "
                  "the object was taken");
    if (pw.kind == "main_swallowed_cancel" && pw.what == "cancel")  // (told where main() went on, not at its end)
        return pw.cancelLine > 0
                   ? tr("main() caught the CancelledError of a cancel() of it (line %1) and went on: the cancel did "
                        "not stop it")
                         .arg(pw.cancelLine)
                   : tr("main() caught the CancelledError of a cancel() of it and went on: the cancel did not stop "
                        "it");
    if (pw.kind == "main_swallowed_cancel" && pw.what == "cancel_timeout")
        return pw.cancelLine > 0
                   ? tr("main() had caught the CancelledError of a cancel() of it (line %1) and gone on, so a cancel "
                        "request was still pending when this asyncio.timeout() expired: it raised no TimeoutError "
                        "(its except TimeoutError did not run) and let the CancelledError out of the block")
                         .arg(pw.cancelLine)
                   : tr("main() had caught the CancelledError of a cancel() of it and gone on, so a cancel request "
                        "was still pending when this asyncio.timeout() expired: it raised no TimeoutError (its "
                        "except TimeoutError did not run) and let the CancelledError out of the block");
    if (pw.kind == "main_swallowed_cancel")
        return tr("main() caught the CancelledError of an asyncio.timeout() that expired and went on: no TimeoutError "
                  "was raised, so main() ran on past the timeout's deadline");
    if (pw.kind == "swallowed_cancel" && pw.what == "cancel_timeout" && pw.task >= 0)
        return pw.cancelLine > 0
                   ? tr("task %1 caught the CancelledError of a cancel() of it (line %2) and went on, so a cancel "
                        "request was still pending when this asyncio.timeout() expired: it raised no TimeoutError "
                        "(its except TimeoutError did not run) and let the CancelledError out of the block")
                         .arg(pw.task)
                         .arg(pw.cancelLine)
                   : tr("task %1 caught the CancelledError of a cancel() of it and went on, so a cancel request was "
                        "still pending when this asyncio.timeout() expired: it raised no TimeoutError (its except "
                        "TimeoutError did not run) and let the CancelledError out of the block")
                         .arg(pw.task);
    if (pw.kind == "swallowed_cancel" && pw.what == "wait_for")
        return pw.task >= 0
                   ? tr("asyncio.wait_for() lost a cancel of task %1: it came as the awaited coroutine ended, and "
                        "CPython 3.11's wait_for then returns that coroutine's result instead of raising "
                        "CancelledError, so the task went on as if it had not been cancelled")
                         .arg(pw.task)
                   : tr("asyncio.wait_for() lost a cancel of main(): it came as the awaited coroutine ended, and "
                        "CPython 3.11's wait_for then returns that coroutine's result instead of raising "
                        "CancelledError, so main() went on as if it had not been cancelled");
    if (pw.kind == "exception_never_retrieved") {
        // "Task exception was never retrieved: ValueError: boom" (the tracer's and the runner's): the exception
        // is Python's text, the rest is worded here.
        static constexpr std::string_view kTask = "Task exception was never retrieved: ";
        if (pw.message.starts_with(kTask))
            return tr("a task failed and nobody retrieved its exception (no await, no result()): %1")
                .arg(q(pw.message.substr(kTask.size())));
    }
    if (pw.kind == "task_done_extra")
        return tr("task_done() was called with no item of this Queue taken and not yet done: the Queue counts one "
                  "more item finished than were, so its join() can return while items are still being worked on");
    if (pw.kind == "set_order" && pw.count > 1 && pw.what == "as_completed")
        return tr("as_completed() made tasks of %1 coroutines in the order given; CPython makes them from a set of "
                  "the coroutines, in the order of their memory addresses, so in a real run they can start (and "
                  "print what they do first) in another order")
            .arg(pw.count);
    if (pw.kind == "set_order" && pw.count > 1 && pw.what == "wait_copy")
        return tr("the program copies the %1 set of %2 tasks that asyncio.wait() returned (%3) into a plain set, which "
                  "the runner does not follow: the copy iterates here in an order fixed by when they were made, in "
                  "CPython in the order of their memory addresses, so a real run can go through it in another order")
            .arg(pw.waitSet == "pending" ? QStringLiteral("pending") : QStringLiteral("done"))
            .arg(pw.count)
            .arg(q(pw.copy));
    if (pw.kind == "set_order" && pw.count > 1 && pw.what == "wait")
        return (pw.waitSet == "pending"
                    ? tr("the program went through the pending set of %1 tasks that asyncio.wait() returned: here in "
                         "an order fixed by when they were made, the same every run, in CPython in the order of their "
                         "memory addresses, so a real run can go through them (cancel them, print what they did) in "
                         "another order")
                    : tr("the program went through the done set of %1 tasks that asyncio.wait() returned: here in an "
                         "order fixed by when they were made, the same every run, in CPython in the order of their "
                         "memory addresses, so a real run can go through them (and print their results) in another "
                         "order"))
            .arg(pw.count);
    if (pw.kind == "set_order" && pw.count > 1 && pw.what == "set") {
        // A set of tasks the program made itself (`background_tasks`): how its order showed.
        const QString name = q(pw.setName);
        if (pw.op == "gather")
            return tr("gather() was given the %1 tasks of a set the program made (%2): it lists their results in "
                      "the set's order, here an order fixed by when the tasks were made, the same every run, in "
                      "CPython the order of their memory addresses, so a real run can list them in another order")
                .arg(pw.count)
                .arg(name);
        if (pw.op == "print" && pw.byKey)
            return tr("the program printed what %1 tasks of a set it made (%2) did, going through sorted() of it, "
                      "whose key= ties for some of them: sorted() keeps those in the set's order, here an order fixed "
                      "by when they were made, the same every run, in CPython the order of their memory addresses, "
                      "so a real run can print them in another order")
                .arg(pw.count)
                .arg(name);
        if (pw.op == "cancel" && pw.byKey)
            return tr("the program cancelled %1 tasks of a set it made (%2) going through sorted() of it, whose key= "
                      "ties for some of them: sorted() keeps those in the set's order, here an order fixed by when "
                      "they were made, the same every run, in CPython the order of their memory addresses, so a real "
                      "run can cancel them, and run their cleanup (except CancelledError, finally), in another order")
                .arg(pw.count)
                .arg(name);
        if (pw.op == "print")
            return tr("the program printed what %1 tasks of a set it made (%2) did, going through the set: here in "
                      "an order fixed by when they were made, the same every run, in CPython in the order of their "
                      "memory addresses, so a real run can print them in another order")
                .arg(pw.count)
                .arg(name);
        return tr("the program cancelled %1 tasks of a set it made (%2) in the set's order: here an order fixed by "
                  "when they were made, the same every run, in CPython the order of their memory addresses, so a "
                  "real run can cancel them, and run their cleanup (except CancelledError, finally), in another "
                  "order")
            .arg(pw.count)
            .arg(name);
    }
    if (pw.kind == "set_order" && pw.count > 1 && pw.what == "all_tasks")
        return tr("the program went through the set of %1 tasks that asyncio.all_tasks() returned: here in an order "
                  "fixed by when they were made, the same every run, in CPython in the order of their memory "
                  "addresses, so a real run can go through them (cancel them, print their names) in another order")
            .arg(pw.count);
    if (pw.kind == "set_order" && pw.count > 1)
        return tr("a TaskGroup cancelled %1 of its tasks in the order of a set of them: here an order fixed by when "
                  "they were made, the same every run, in CPython the order of their memory addresses, so a real run "
                  "can cancel them, and run their cleanup (except CancelledError, finally), in another order")
            .arg(pw.count);
    if (pw.kind == "timer_tie" && pw.ran && pw.before)
        return tr("timers due at the same virtual instant ran out of the order they were set in: %1 ran before %2, "
                  "set earlier; on a real clock the one set first is due a little earlier and runs first, so from "
                  "here on this run's order can differ from real CPython's")
            .arg(timerText(*pw.ran), timerText(*pw.before));
    if (pw.kind == "clock_tie" && pw.first && pw.second)
        return tr("timers set at different instants fall due at the same virtual instant, and %1 was set from a "
                  "reading of the clock (a delay such as `deadline - loop.time()`): %2 ran first, then %3; on a real "
                  "clock how long the program's steps took decides which is due first, so from here on this run's "
                  "order can differ from real CPython's")
            .arg(timerText(pw.second->computed ? *pw.second : *pw.first), timerText(*pw.first),
                 timerText(*pw.second));
    if (pw.kind == "instant_tie" && pw.first && pw.second)
        return tr("timers set at different instants fall due at the same virtual instant and ran in one loop "
                  "iteration: %1, set first, and %2, set later; on a real clock each is due a little later than "
                  "here, by the time the steps and wake-ups that led to it took, so they fall due apart, often a "
                  "loop iteration or more, in an order those times decide (the one set later can be due first), "
                  "so from here on this run's order can differ from real CPython's")
            .arg(timerText(*pw.first), timerText(*pw.second));
    return {};
}

QString programNoteText(const RunnerWarning& w) {
    const QString worded = WarningDetector::runnerMessage(w);
    return worded.isEmpty() ? QString::fromStdString(w.message) : worded;
}

QString WarningDetector::timerText(const RunnerNamed& n) {
    if (!n.thread.empty()) {  // a program's thread sleeping (a pool's job: its task's, or main()'s)
        const QString thread = QString::fromStdString(n.thread);
        return n.task >= 0 ? tr("the time.sleep() of task %1's job (%2) in thread %3")
                                 .arg(n.task)
                                 .arg(QString::fromStdString(n.name), thread)
               : n.main    ? tr("the time.sleep() of main()'s job in thread %1").arg(thread)
                           : tr("the time.sleep() of thread %1").arg(thread);
    }
    // A task with no lane (a Queue's worker between its items): named by its asyncio name alone.
    const QString whose = n.task >= 0 ? tr("task %1's timer (%2)").arg(n.task).arg(QString::fromStdString(n.name))
                          : n.main    ? tr("main()'s timer")
                          : !n.name.empty() ? tr("%1's timer (a task with no lane)").arg(QString::fromStdString(n.name))
                                            : tr("a callback's timer");
    return n.call.empty() ? whose : tr("%1 for %2").arg(whose, QString::fromStdString(n.call));
}

QString WarningDetector::programWarningDetail(const std::string& kind, bool own) {
    // The runner's kinds (resources/python/coroscope_trace/report.py: warning_kind).
    if (kind == "never_awaited")
        return tr("Python warns of a coroutine destroyed before it ever ran, in asyncio's debug mode or not (debug "
                  "mode adds where it was made): a coroutine function was called without await, so its body never "
                  "ran. Await it, or start it with asyncio.create_task() and keep the task.");
    if (kind == "slow_step")
        return tr("asyncio's debug mode: one step of a task held the event loop longer than "
                  "loop.slow_callback_duration (100 ms of virtual time): a blocking call. Nothing else ran "
                  "meanwhile. Await a non-blocking version or move it to asyncio.to_thread().");
    if (kind == "task_destroyed_pending")
        return tr("A task was garbage-collected while still pending: nothing kept a reference to it and its "
                  "work was lost. Keep the tasks you create (a set, a TaskGroup) and await them.");
    if (kind == "exception_never_retrieved")
        return tr("A task failed and nobody awaited it or called result(): its exception was only logged. "
                  "Await every task you create, or use a TaskGroup.");
    if (kind == "main_swallowed_cancel")
        return tr("When an asyncio.timeout() expires it cancels the task inside it, and raises TimeoutError at the "
                  "end of its block only if that CancelledError comes out of the block. Here main()'s code caught "
                  "it (except CancelledError, or a bare except) and did not re-raise it, so the timeout did nothing: "
                  "no TimeoutError, its except TimeoutError never ran, and main() went on with what the timeout "
                  "should have stopped. main() has no lane, so this is told here (a task that does so has the note "
                  "'swallowed cancel' on its end). Clean up, then re-raise the CancelledError. The same holds for a "
                  "cancel() of main() (another task's, its own): caught and not re-raised, main() goes on and "
                  "asyncio.run() returns normally; and the request stays counted (Task.cancelling()), so an "
                  "asyncio.timeout() inside which that happened raises no TimeoutError when it expires: it takes its "
                  "CancelledError for that request's and lets it out of the block.");
    if (kind == "swallowed_cancel")
        return tr("A task that catches the CancelledError of a cancel() of it and goes on leaves the request counted "
                  "(Task.cancelling()). An asyncio.timeout() it enters before that, and that expires after, then "
                  "takes its own CancelledError for that request's: it raises no TimeoutError, its except "
                  "TimeoutError never runs, and the CancelledError goes on out of the block, so the task ends "
                  "cancelled (or wherever it is caught). Re-raise the CancelledError after cleaning up. CPython "
                  "3.11's asyncio.wait_for() also loses a cancel that comes just as the coroutine it waits for ends: "
                  "it returns the result and the task goes on, though the task's code caught nothing.");
    if (kind == "callback_exception")
        return tr("A callback (call_soon, call_later, a done callback) raised: asyncio logged it and went on.");
    if (kind == "python_warning") return tr("A warning Python's warnings module gave while the program ran.");
    if (kind == "timer_tie")
        return tr("On the virtual clock no time passes while Python runs, so timers set for the same delay at one "
                  "instant fall due at exactly the same time, and asyncio's heap runs them in heap order, not "
                  "always the order they were set in. On a real clock the one set first is due a few "
                  "microseconds earlier and runs first. From this instant on, which task wakes first, the order "
                  "of prints and of results can differ from a real run's.");
    if (kind == "clock_tie")
        return tr("On the virtual clock no time passes while Python runs. A timer set for a fixed delay is due, on a "
                  "real clock, a little later than here (each step before it took some time); a delay computed from "
                  "the clock (the time until a rate limiter's next slot) makes up for that time. So where such "
                  "timers fall due at one virtual instant with a timer set earlier, a real run may run them in "
                  "either order: from this instant on, which task wakes first, the order of prints and of results "
                  "can differ from a real run's.");
    if (kind == "set_order")
        return tr("CPython goes through a set of tasks or coroutines in the order of their memory addresses, which "
                  "differ between runs and builds; the virtual clock's run goes through them in an order fixed by "
                  "when they were made or given (mostly that order), the same every run. A TaskGroup whose task failed (or whose body raised, or that "
                  "was cancelled) cancels the tasks it has left through such a set, and as_completed() makes its "
                  "tasks from a set of the coroutines given: the tasks resume or start in that order, so what they "
                  "print then (in except CancelledError, finally, or their first step) can come in another order "
                  "in a real run. asyncio.wait() returns its done and pending tasks as two such sets: a loop over "
                  "one of them (for t in done: print(t.result())) meets the tasks in another order in a real run, "
                  "and prints their results in that order; sort them (by the order you made them in) where the "
                  "order matters. asyncio.all_tasks() returns such a set too, and so is a set of tasks the program "
                  "builds itself (background_tasks.add(task)): cancelling them in a loop over it, gather(*tasks) "
                  "or printing what each did in such a loop follows that order.");
    if (kind == "instant_tie")
        return tr("On the virtual clock no time passes while Python runs, so a timer set for 1.5 s at 0 s and one "
                  "set for 0.5 s at 1.0 s fall due at exactly the same instant and run in one iteration of the loop. "
                  "On a real clock each is due a little later than here, by the time the steps and the loop's "
                  "wake-ups that led to it took, so they fall due apart, often an iteration or more: what the first "
                  "to fall due woke goes on before the other wakes. Which one is first, those times decide: the one "
                  "set later when it was set after a wake-up of its own (the second sleep of a task that slept 1.0 s "
                  "first), but a timer set after fewer wake-ups than the other can be due first. From this instant "
                  "on, the order of prints and of results can differ from a real run's.");
    if (kind == "queue_pool" && own)  // (its borrowers: tasks with lanes of their own)
        return tr("The tracer draws each item of a program's own asyncio.Queue as a job. This Queue holds objects "
                  "that tasks take with get() and put back when they are done with them (a pool of connections, "
                  "say, or slot tokens: a limit), so its objects are no jobs, and an object given back is not drawn "
                  "as queued. A task that waits in get() while every object is borrowed is drawn waiting for one "
                  "on its own lane, as a task waits for a semaphore's permit, and running from the moment it takes "
                  "one.");
    if (kind == "queue_pool")
        return tr("The tracer draws each item of a program's own asyncio.Queue as a job. This Queue holds objects "
                  "that tasks take with get() and put back when they are done with them (a pool of connections, "
                  "say), so each lane here is one borrowing of an object, from its get() to the put() that gives "
                  "it back, not a job, and an object given back is not drawn as queued. A task that waits in get() "
                  "while every object is borrowed is drawn waiting for one, as a task waits for a semaphore's "
                  "permit: its borrowing's lane begins where its get() began to wait and runs from the moment it "
                  "takes an object. The tasks themselves have no lanes of their own when get() is their first "
                  "step.");
    if (kind == "computing")
        return tr("On the virtual clock only waits move time (sleeps, timeouts, a thread's time.sleep()): Python's "
                  "own work takes none, so this run shows this computation as taking no time and nothing waiting "
                  "for it. The runner measured its thread's real CPU time while it traced the run (plain CPython "
                  "may take somewhat less). On a real clock that time passes: on the event loop's thread no other "
                  "task runs, no timer fires and no callback is called until it is done, so what follows happens "
                  "later than here; in a thread (asyncio.to_thread()) the loop goes on, but the thread's job ends "
                  "that much later. Only the first such stretch of the run is told. For heavy computing use a "
                  "process pool (loop.run_in_executor() with a ProcessPoolExecutor), or split it into parts with an "
                  "await between them.");
    if (kind == "default_pool")
        return tr("A pool made without max_workers takes its size from os.cpu_count(): asyncio's own pool (the one "
                  "asyncio.to_thread() and run_in_executor(None, ...) use) and ThreadPoolExecutor() have "
                  "min(32, os.cpu_count() + 4) workers, ProcessPoolExecutor() os.cpu_count(). The virtual clock "
                  "answers os.cpu_count() with the same number on every computer, so that every run is the same; "
                  "python3 on your computer answers with its own CPU count, and its pool may have fewer or more "
                  "workers. Where this run has more jobs at once than that, a real run there starts the rest later "
                  "(they wait in the pool's queue), and what waits for them ends later. Give the pool its size "
                  "(ThreadPoolExecutor(max_workers=8), loop.set_default_executor()) to make a real run match.");
    if (kind == "pool_wait_not_drawn")
        return tr("Until a task puts back into a Queue an object it took from it, the tracer cannot tell a pool from "
                  "a channel, so it holds back the lines of a task waiting in get() there (a live view pauses "
                  "meanwhile) and writes them where the wait began once it knows. It holds at most 65,536 pending "
                  "writes: a wait that outlasts that is not drawn, and its borrowing's lane begins at the take. The "
                  "run's counts of that wait are lost too: the time waited, and the Waiting track meanwhile, are "
                  "short by it.");
    if (kind == "task_done_extra")
        return tr("A Queue counts the items put in that are not finished yet: each task_done() takes one off, and "
                  "join() returns when none is left. A worker that calls task_done() twice for one item (in the "
                  "try and again in a finally, say) takes off one that another worker is still on, so join() "
                  "returns early and what comes after it (cancelling the workers, the end of main()) cuts that item "
                  "off. Call task_done() exactly once per get(), in a finally.");
    if (kind == "deadlock")
        return tr("Nothing was ready and no timer was set while the program still waited for something: "
                  "on a real clock it would hang for ever.");
    if (kind == "thread_deadlock")
        return tr("Each of these threads waits, without a timeout, for a lock another of them holds (or for a Lock "
                  "it holds itself): none of them can ever go on. The event loop and the other threads run on, but "
                  "on a real clock whatever waits for these threads (asyncio.run() for its pool's threads, the "
                  "interpreter's exit for threads that are not daemons) hangs for ever. Take the locks in one "
                  "order everywhere, or give acquire() a timeout.");
    return tr("What asyncio logged while the program ran (its logger's error messages).");
}

}  // namespace cs::ui
