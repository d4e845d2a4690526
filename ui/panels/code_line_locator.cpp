#include "panels/code_line_locator.h"

#include <cmath>

#include "model/kinds.h"
#include "timeline/timeline_model.h"

namespace cs::ui {

namespace {
int first(std::initializer_list<int> lines) {
    for (int l : lines)
        if (l > 0) return l;
    return 0;
}

int stepLine(const CodeLines& c, StepKind k) {
    switch (k) {
        case StepKind::Io: return c.stepIo;
        case StepKind::Cpu: return c.stepCpu;
        case StepKind::Thread: return c.stepThread;
        case StepKind::Process: return c.stepProcess;
        case StepKind::Call: return c.stepCall;
        case StepKind::Increment: return first({c.counterAwait, c.stepIncrement});
        case StepKind::Raise: return c.stepRaise;
    }
    return 0;
}
}  // namespace

int CodeLineLocator::stepAt(const Scenario& s, const TimelineModel& m, std::size_t task, double t) {
    if (task >= s.tasks.size() || task >= m.taskCount()) return -1;
    const TaskSpec& spec = s.tasks[task];
    if (spec.stepCount == 0) return -1;
    const double run = m.running(task);
    if (std::isnan(run) || run > t) return -1;
    const TaskState st = m.stateAt(task, t);
    const Step* steps = s.stepsOf(spec);
    // The run model's thread / process / cpu segments: the k-th such
    // segment of this task is its k-th thread (or process) / cpu step; a job
    // waiting in the pool's queue is the pool step after those begun by t.
    const std::vector<Segment> spans = m.stepSegments(task);
    if (st == TaskState::Thread || st == TaskState::Process || st == TaskState::PoolWait || st == TaskState::Cpu) {
        const bool cpu = st == TaskState::Cpu;
        int nth = 0;
        for (const Segment& sg : spans) {
            if ((sg.state == TaskState::Cpu) != cpu) continue;
            if (sg.begin > t || t < sg.end) break;
            ++nth;
        }
        int seen = 0;
        for (std::uint32_t i = 0; i < spec.stepCount; ++i) {
            const StepKind k = steps[i].kind;
            const bool match = cpu ? k == StepKind::Cpu : (k == StepKind::Thread || k == StepKind::Process);
            if (match && seen++ == nth) return static_cast<int>(i);
        }
    }
    // Otherwise walk the steps with their durations from the running time,
    // taking the recorded segments' real ends for thread and cpu steps.
    double at = run;
    std::size_t next = 0;
    int last = -1;
    for (std::uint32_t i = 0; i < spec.stepCount; ++i) {
        const Step& step = steps[i];
        if (step.kind == StepKind::Raise) return static_cast<int>(i);  // the steps before it are over
        double end = at + step.duration;
        if (step.kind == StepKind::Cpu || step.kind == StepKind::Thread || step.kind == StepKind::Process) {
            if (next < spans.size()) {
                // An open step is cut at the live time: not a real end.
                const Segment& x = spans[next++];
                if (x.end < m.now() || !std::isnan(m.terminal(task))) end = std::max(end, x.end);
            }
        }
        last = static_cast<int>(i);
        if (t < end) return last;
        at = end;
    }
    return last;
}

CodeLocation CodeLineLocator::locate(const CodeLines& c, const Scenario& s, const TimelineModel& m,
                                     std::size_t task, double t) {
    CodeLocation out;
    if (task >= m.taskCount()) return out;
    const TaskState st = m.stateAt(task, t);
    const bool haveSpec = task < s.tasks.size();
    const long long id = static_cast<long long>(task);
    switch (st) {
        case TaskState::NotStarted:
            out.line = first({c.createTasks, c.queuePut, c.spawn, c.created});
            out.what = tr("task %1 has not started yet: main() creates it here").arg(id);
            break;
        case TaskState::Arriving:
            out.line = first({c.arrive, c.created});
            out.what = tr("task %1 sleeps until it arrives").arg(id);
            break;
        case TaskState::Queued:
        case TaskState::Waiting: {
            const LimitKind k = s.limit.kind;
            if (k == LimitKind::Queue)
                out.line = first({c.queueGet, c.acquire, c.request});
            else if (k == LimitKind::Scheduler)
                out.line = first({c.spawn, c.acquire, c.request});
            else if (haveSpec && s.tasks[task].forgetRelease)
                out.line = first({c.acquireByHand, c.acquire, c.request});
            else
                out.line = first({c.acquire, c.request});
            out.what = k == LimitKind::Queue ? tr("task %1 waits in the queue for a free worker").arg(id)
                                             : tr("task %1 waits for a permit").arg(id);
            break;
        }
        case TaskState::QueueGet:
            out.line = first({c.queueGet, c.running});
            out.what = tr("task %1 waits in get() for an item: the queue is empty").arg(id);
            break;
        case TaskState::QueuePut:
            out.line = first({c.queuePut, c.running});
            out.what = tr("task %1 waits in put() for room: the queue is full").arg(id);
            break;
        case TaskState::SlotWait:
            // (A rate limit's.) In the limiter's __aenter__: it holds its permit and sleeps until its slot.
            out.line = first({c.acquire, c.request});
            out.what = tr("task %1 holds its permit and waits for its start slot").arg(id);
            break;
        case TaskState::Running:
        case TaskState::NoPermit:  // (a recorded program's: no scenario's task runs without its permit)
        case TaskState::Thread:
        case TaskState::Process:
        case TaskState::PoolWait:
        case TaskState::Cpu:
        case TaskState::Frozen: {
            const int k = haveSpec ? stepAt(s, m, task, t) : -1;
            if (k >= 0) {
                const StepKind kind = s.stepsOf(s.tasks[task])[k].kind;
                out.line = first({stepLine(c, kind), c.running});
            } else {
                out.line = c.running;
            }
            switch (st) {
                case TaskState::Thread: out.what = tr("task %1 waits for its job in the thread pool").arg(id); break;
                case TaskState::Process:
                    out.what = tr("task %1 waits for its job in the process pool").arg(id);
                    break;
                case TaskState::PoolWait:
                    out.what = tr("task %1 waits for its job: every worker of the pool is busy, the job waits "
                                  "in the pool's queue")
                                   .arg(id);
                    break;
                case TaskState::Cpu: out.what = tr("task %1 blocks the event loop").arg(id); break;
                case TaskState::Frozen:
                    // The run model's frozen: from the task's own `ready`
                    // moment (a task still asleep is not frozen).
                    out.what = tr("task %1 is ready but another task's blocking call froze the loop").arg(id);
                    break;
                default:
                    // A queue's job, a chunk's, a manual counter's or a
                    // scheduler's holds no permit: main() paced it.
                    out.what = limitKindInfo(s.limit.kind).permits == PermitModel::None
                                   ? tr("task %1 runs step %2").arg(id).arg(k + 1)
                                   : tr("task %1 holds its permit and runs step %2").arg(id).arg(k + 1);
                    break;
            }
            break;
        }
        case TaskState::Done:
            out.line = m.swallowedCancel(task) ? first({c.swallowCancel, c.done}) : c.done;
            out.what = m.swallowedCancel(task) ? tr("task %1 swallowed CancelledError and returned").arg(id)
                                               : tr("task %1 returned").arg(id);
            break;
        case TaskState::Failed:
            out.line = first({c.failed, c.stepRaise});
            out.what = tr("task %1 failed").arg(id);
            break;
        case TaskState::Cancelled:
            out.line = c.cancelled;
            out.what = tr("task %1 was cancelled").arg(id);
            break;
        case TaskState::Destroyed: break;  // (a recorded program's only: no code of a scenario's to point at)
    }
    return out;
}

}  // namespace cs::ui
