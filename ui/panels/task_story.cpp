#include "panels/task_story.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

#include "timeline/state_palette.h"
#include "timeline/time_format.h"
#include "timeline/timeline_model.h"

namespace cs::ui {

// The texts' translation context (lupdate places tr() calls by their class).
class TaskStory {
    Q_DECLARE_TR_FUNCTIONS(cs::ui::TaskStory)

public:
    static QString story(const TimelineModel& m, std::size_t i, double t);
};

namespace {
bool by(double x, double t) { return !std::isnan(x) && x <= t; }
QString at(double x) { return formatTime(x, 1e-3); }
}  // namespace

QString taskStory(const TimelineModel& m, std::size_t i, double t) { return TaskStory::story(m, i, t); }

QString TaskStory::story(const TimelineModel& m, std::size_t i, double t) {
    if (i >= m.taskCount()) return {};
    QStringList steps;
    // A Queue's job: put into the queue (its put() waiting for room first
    // when the queue was full), queued, then taken by a worker, which is
    // when it starts: that is its "created" and its permit.
    const RunModel::WorkerSpan* taken = m.run().workerSpanOf(i);
    // A pool's borrowing whose task waited in get() for a free object: made
    // where it began to wait, taken when an object came.
    const bool pooled = m.run().waitedForPoolObject(static_cast<std::int32_t>(i));
    if (taken && !(taken->begin == m.created(i)) && !pooled) taken = nullptr;
    if (const RunModel::ProducerWait* w = m.run().producerWaitOf(i); w && by(w->begin, t)) {
        if (w->cancelled && by(w->end, t))  // (no task: it never entered the queue)
            return tr("<b>task %1</b>: its put() waited for room in the full queue %2–%3 and was cancelled; it "
                      "never entered the queue.")
                .arg(m.taskId(i))
                .arg(at(w->begin), at(w->end));
        steps << (by(w->end, t)
                      ? tr("its put() waited for room in the full queue %1–%2").arg(at(w->begin), at(w->end))
                      : tr("its put() waits for room in the full queue from %1").arg(at(w->begin)));
    }
    double queued = RunModel::kNever, inQueue = 0.0;  // (its time in the queue up to t)
    m.forEachSegment(i, [&](const Segment& sg) {
        if (sg.state != TaskState::Queued) return;
        if (std::isnan(queued)) queued = sg.begin;
        if (sg.begin < t) inQueue += std::min(sg.end, t) - sg.begin;
    });
    // Who put it there (its parent line's task: the producer, when a task).
    const QString producer = m.parent(i) >= 0 ? m.taskLabel(static_cast<std::size_t>(m.parent(i))) : QString();
    if (by(queued, t))
        steps << (producer.isEmpty() ? tr("queued %1").arg(at(queued))
                                     : tr("queued %1 by %2").arg(at(queued), producer));
    if (!by(m.created(i), t)) {
        if (steps.isEmpty()) return tr("<b>task %1</b> has not started at %2.").arg(m.taskId(i)).arg(at(t));
        const QString state = StatePalette::stateName(m.stateAt(i, t), m.run().canHave(), pooled);
        return tr("<b>task %1</b> at %2: %3. ").arg(m.taskId(i)).arg(at(t)).arg(state) +
               steps.join(QStringLiteral(" → ")) + QLatin1Char('.');
    }
    if (taken && pooled && by(m.created(i), t))  // (a pool's borrowing: its task waited in get() for the object)
        steps << tr("waited in get() for a free object of the pool %1–%2").arg(at(m.created(i)), at(taken->begin));
    if (taken)
        steps << tr("taken by worker %1 %2").arg(taken->worker).arg(at(taken->begin));
    else
        steps << tr("created %1").arg(at(m.created(i)));
    if (m.parent(i) >= 0 && !(by(queued, t) && taken)) {
        const QString parent = m.taskLabel(static_cast<std::size_t>(m.parent(i)));
        // wait_for's inner task: the job, counted once, is its caller's (RunModel::helperOf).
        steps.back() += m.run().helperOf(static_cast<std::int32_t>(i)) >= 0
                            ? tr(" by %1, as wait_for's inner task (its job is %1's)").arg(parent)
                            : tr(" by %1").arg(parent);
    }
    // Which of the program's Semaphores and Locks a wait was for (a traced
    // program with two or more says so): "#2 Semaphore(2), line 12".
    const auto of = [&](double begin) {
        const std::int32_t sem = m.run().waitingFor(i, begin);
        return sem < 0 ? QString() : m.primitiveLabel(static_cast<std::size_t>(sem));
    };
    if (by(m.request(i), t) && m.request(i) > m.created(i)) {
        // Its first ask (taken at once, it is no wait: its own record).
        const auto& waits = m.run().permitWaits(i);
        const QString sem = !waits.empty() && waits.front().begin == m.request(i)
                                ? m.primitiveLabel(static_cast<std::size_t>(waits.front().sem))
                                : QString();
        steps << (sem.isEmpty() ? tr("asked for a permit %1").arg(at(m.request(i)))
                                : tr("asked for a permit of %1 at %2").arg(sem, at(m.request(i))));
    }
    if (by(m.running(i), t) && m.gaveUp(i)) {
        steps << tr("gave up waiting %1").arg(at(m.running(i)));
    } else if (const double slot = m.run().slotWaitFrom(i);
               by(std::isnan(slot) ? m.running(i) : slot, t) && !std::isnan(m.request(i)) &&
               !(taken && m.running(i) == taken->begin)) {
        // (One that never asked runs from its creation; a worker's taking a
        // Queue's job is its start, not a permit.) A rate limit's task got
        // its permit, then slept until its start slot.
        const bool holds = m.run().canHave().slotWaitHolds;
        QString got = std::isnan(slot) || holds ? tr("got it %1").arg(at(std::isnan(slot) ? m.running(i) : slot))
                                                : tr("its turn came %1").arg(at(slot));
        const auto from = m.wokenBy(i);
        if (from >= 0)
            got += tr(" when task %1 released it").arg(m.taskId(static_cast<std::size_t>(from)));
        else if (from == -2)
            got += tr(" when the limit grew");
        steps << got;
        if (!std::isnan(slot))
            steps << (by(m.running(i), t)
                          ? (holds ? tr("waited for its start slot holding it, started %1")
                                   : tr("waited for its start slot, started %1"))
                                .arg(at(m.running(i)))
                          : (holds ? tr("waits for its start slot holding it") : tr("waits for its start slot")));
    }
    // Its steps after it first ran, in time order: pool jobs, blocking
    // calls, each time it waited for a permit again (a second semaphore, a
    // worker's next item), and each stretch it ran on holding no permit.
    const double ran = m.running(i);
    bool waitedAgain = false;
    // Where a pool job began to run (its thread or process segment): a wait in
    // the pool's queue that ended at none of them (nor where its task left it
    // waiting) was dropped: its future was cancelled before a worker took it,
    // and concurrent.futures never runs a cancelled work item.
    std::vector<double> jobBegins;
    m.forEachSegment(i, [&](const Segment& sg) {
        if (sg.state == TaskState::Thread || sg.state == TaskState::Process) jobBegins.push_back(sg.begin);
    });
    const RunModel::JobLeftRunning* leftJob = m.run().jobLeftRunning(i);
    const auto dropped = [&](const Segment& sg) {
        return !(std::find(jobBegins.begin(), jobBegins.end(), sg.end) != jobBegins.end() ||
                 (leftJob && leftJob->begin == sg.end));
    };
    m.forEachSegment(i, [&](const Segment& sg) {
        // (Its first wait ends when it first runs.)
        const bool again = sg.state == TaskState::Waiting && !std::isnan(ran) && sg.begin >= ran;
        if (!by(sg.begin, t) || !(again || sg.state == TaskState::Thread || sg.state == TaskState::Process ||
                                  sg.state == TaskState::Cpu || sg.state == TaskState::PoolWait ||
                                  sg.state == TaskState::NoPermit || sg.state == TaskState::QueueGet))
            return;
        // (Running on after it gave up its first wait: "gave up waiting" said it.)
        if (sg.state == TaskState::NoPermit && m.gaveUp(i) && sg.begin == m.running(i)) return;
        // A step still open at t (or at the live time) has no end yet.
        const QString end = sg.end > t || (std::isnan(m.terminal(i)) && sg.end >= m.now()) ? tr("…") : at(sg.end);
        if (sg.state == TaskState::PoolWait && by(sg.end, t) && end != tr("…") && dropped(sg)) {
            steps << tr("its job waited for a free worker in the pool's queue %1–%2 and never ran: its await was "
                        "cancelled first, and the pool drops a cancelled job before a worker takes it")
                         .arg(at(sg.begin), end);
            return;
        }
        if (again) {
            // (A Queue job's first permit, after a worker took it, is no second one.)
            const bool first = taken && !waitedAgain;
            waitedAgain = true;
            const QString sem = of(sg.begin);
            steps << (sem.isEmpty() ? (first ? tr("waited for a permit %1–%2")
                                             : tr("waited again for a permit %1–%2"))
                                          .arg(at(sg.begin), end)
                                    : (first ? tr("waited for a permit of %1 from %2 to %3")
                                             : tr("waited again for a permit of %1 from %2 to %3"))
                                          .arg(sem, at(sg.begin), end));
            if (const RunModel::PermitWait* w = m.run().permitWaitAt(i, sg.begin)) steps.back() += m.holdingNote(*w);
            return;
        }
        steps << (sg.state == TaskState::NoPermit   ? tr("ran on without a permit %1–%2")
                  : sg.state == TaskState::Cpu      ? tr("blocked the loop %1–%2")
                  : sg.state == TaskState::Process  ? tr("in the process pool %1–%2")
                  : sg.state == TaskState::PoolWait ? tr("its job waited for a free worker in the pool's queue %1–%2")
                  : sg.state == TaskState::QueueGet ? tr("waited in get() for an item %1–%2")
                                                    : tr("in the thread pool %1–%2"))
                     .arg(at(sg.begin), end);
    });
    // A pool job it left running: a running thread cannot be cancelled. Its
    // await was cancelled and it went on (told in time order), or it ended.
    QStringList left;
    const RunModel::JobLeftRunning* j = m.run().jobLeftRunning(i);
    const bool leftBeforeEnd = j && (!by(m.terminal(i), t) || j->begin < m.terminal(i));
    if (j && by(j->begin, t)) {
        if (leftBeforeEnd) left << tr("stopped waiting for its job %1").arg(at(j->begin));
        // One left while it still waited in the pool's queue waits on first.
        const bool ran = !j->leftWaiting() || by(j->running, t);
        if (j->leftWaiting() && ran)
            left << tr("its job waited on in the pool's queue until %1").arg(at(j->running));
        else if (j->leftWaiting())
            left << (by(j->end, t) ? tr("its job waited on in the pool's queue until %1, and never ran").arg(at(j->end))
                                   : tr("its job still waits in the pool's queue"));
        if (ran)
            left << (by(j->end, t) ? tr("its job ran on in the pool until %1").arg(at(j->end))
                                   : tr("its job still runs in the pool"));
    }
    if (leftBeforeEnd) steps << left;
    if (by(m.terminal(i), t)) {
        QString end;
        switch (m.run().finalState(i)) {
            case TaskState::Done: end = tr("done %1"); break;
            case TaskState::Failed: end = tr("failed %1"); break;
            case TaskState::Destroyed:
                end = tr("destroyed %1: asyncio garbage-collected it while it was still pending (nothing held a "
                         "reference to the task: \"Task was destroyed but it is pending!\")");
                break;
            default: end = tr("cancelled %1"); break;
        }
        const double te = m.terminal(i);
        end = end.arg(at(te));
        if (!m.exceptionName(i).isEmpty()) end += QStringLiteral(" (%1)").arg(m.exceptionName(i));
        if (m.swallowedCancel(i)) end += tr(" after swallowing CancelledError");
        // It asked and ended still waiting (cancelled, or it returned), or gave
        // up its only wait: it never held a permit.
        if (!std::isnan(m.request(i)) && (std::isnan(m.running(i)) || (m.gaveUp(i) && !waitedAgain)))
            end += tr(" without ever getting a permit");
        // A tie the virtual clock makes: others ended at exactly this instant.
        const RunModel& run = m.run();
        const auto others = static_cast<int>(run.completedUpTo(te) -
                                             run.completedUpTo(std::nextafter(te, -HUGE_VAL))) - 1;
        if (others == 1)
            end += tr(" (1 other task ended at this same virtual instant; on a real clock they would be "
                      "microseconds apart)");
        else if (others > 1)
            end += tr(" (%L1 other tasks ended at this same virtual instant; on a real clock they would be "
                      "microseconds apart)")
                       .arg(others);
        steps << end;
    }
    if (!leftBeforeEnd) steps << left;
    QString s = tr("<b>task %1</b> at %2: %3. ")
                    .arg(m.taskId(i))
                    .arg(at(t))
                    .arg(StatePalette::stateName(m.stateAt(i, t), m.run().canHave(), pooled));
    s += steps.join(QStringLiteral(" → "));
    const QString ranFor = formatDuration(m.ranAt(i, t));
    // A recorded program's task ran its own code before it asked for a
    // permit (a download, then a Lock around its counter): "ran" counts from
    // the permit, so the story says that stretch too.
    const double before = m.run().canHave().arrivingUnasked ? m.run().beforeAskAt(i, t) : 0.0;
    if (by(queued, t) && taken)
        s += tr(". Queued %1, ran %2").arg(formatDuration(inQueue), ranFor);
    else if (before > 0.0 && !by(m.request(i), t))
        s += tr(". Ran %1 so far, no permit asked yet").arg(formatDuration(before));
    else if (before > 0.0)
        s += tr(". Ran %1 before it asked for a permit, then waited %2 and ran %3")
                 .arg(formatDuration(before), formatDuration(m.waitedAt(i, t)), ranFor);
    else if (const double slotted = m.run().slotWaitedAt(i, t); slotted > 0.0)
        s += (m.run().canHave().slotWaitHolds
                  ? tr(". Waited %1 (%2 of it for its start slot, holding its permit), ran %3")
                  : tr(". Waited %1 (%2 of it for its start slot), ran %3"))
                 .arg(formatDuration(m.waitedAt(i, t)), formatDuration(slotted), ranFor);
    else
        s += tr(". Waited %1, ran %2").arg(formatDuration(m.waitedAt(i, t)), ranFor);
    if (const double forPermit = m.run().waitedAgainAt(i, t); taken && forPermit > 0.0)
        s += tr(" (%1 of it waiting for a permit)").arg(formatDuration(forPermit));
    else
        s += m.waitedAgainNote(i, t);
    // "Ran" counts from its start (or permit) to its end: a job waiting in a
    // pool's queue is in it, though the task ran no code and no worker ran
    // its job then (a task cancelled while its job was queued never ran).
    double poolQueued = 0.0;
    m.forEachSegment(i, [&](const Segment& sg) {
        if (sg.state == TaskState::PoolWait && !std::isnan(ran) && sg.begin >= ran && sg.begin < t)
            poolQueued += std::min(sg.end, t) - sg.begin;
    });
    if (poolQueued > 0.0)
        s += poolQueued >= m.ranAt(i, t)
                 ? tr(" (all of it with its job waiting for a free worker in the pool's queue)")
                 : tr(" (%1 of it with its job waiting for a free worker in the pool's queue)")
                       .arg(formatDuration(poolQueued));
    s += QLatin1Char('.');
    // A producer task's put() into a full Queue (backpressure): main()'s
    // row draws main()'s own.
    QStringList puts;
    for (const RunModel::ProducerWait& w : m.run().producerWaits()) {
        if (w.by != static_cast<std::int32_t>(i) || !by(w.begin, t)) continue;
        const QString item = m.taskLabel(static_cast<std::size_t>(w.job));
        puts << (!by(w.end, t)  ? tr("%1 from %2, still waiting").arg(item, at(w.begin))
                 : w.cancelled ? tr("%1 %2–%3, cancelled").arg(item, at(w.begin), at(w.end))
                               : tr("%1 %2–%3").arg(item, at(w.begin), at(w.end)));
    }
    if (!puts.isEmpty())
        s += tr(" Its put() waited for room in the full queue: %1.").arg(puts.join(QStringLiteral("; ")));
    return s;
}

}  // namespace cs::ui
