#include "export/trace_facts.h"

#include "trace/trace_store.h"

namespace cs {

namespace {

struct Open {
    double begin = 0.0;
    TraceFacts::State state = TraceFacts::State::Created;
    bool open = false;
};

struct RawSegment {
    std::int32_t task;
    TraceFacts::Segment segment;
};

bool happened(double t) { return !std::isnan(t); }

}  // namespace

TraceFacts::TraceFacts(const TraceStore& store) : symbols_(store.symbols()) {
    std::vector<Open> open;
    std::vector<RawSegment> raw;
    std::vector<std::int32_t> unresolved;  // by task: a handover still waiting for its Running
    std::string lastRaise;

    auto ensure = [&](std::int32_t task) {
        const auto need = static_cast<std::size_t>(task) + 1;
        if (need > tasks_.size()) {
            tasks_.resize(need);
            open.resize(need);
            unresolved.resize(need, -1);
        }
    };
    auto close = [&](std::int32_t task, double t) {
        Open& o = open[static_cast<std::size_t>(task)];
        if (!o.open) return;
        o.open = false;
        if (t > o.begin) raw.push_back({task, {o.begin, t, o.state}});
    };
    auto start = [&](std::int32_t task, double t, State s) {
        close(task, t);
        Open& o = open[static_cast<std::size_t>(task)];
        o = {t, s, true};
        tasks_[static_cast<std::size_t>(task)].last = s;
    };

    for (std::size_t k = 0; k < store.size(); ++k) {
        const TraceEvent e = store.at(k);
        lastT_ = e.t;
        const bool perTask = isPerTask(e.kind) && e.task >= 0;
        if (perTask) {
            ensure(e.task);
            tasks_[static_cast<std::size_t>(e.task)].seen = true;
        }
        Task* task = perTask ? &tasks_[static_cast<std::size_t>(e.task)] : nullptr;
        switch (e.kind) {
            case EvKind::Created:
                if (!happened(task->created)) task->created = e.t;
                if (!open[static_cast<std::size_t>(e.task)].open && !task->ended()) start(e.task, e.t, State::Created);
                break;
            case EvKind::Request:
                if (!happened(task->request)) task->request = e.t;
                start(e.task, e.t, State::Waiting);
                break;
            case EvKind::Running: {
                if (!happened(task->running)) task->running = e.t;
                start(e.task, e.t, State::Running);
                std::int32_t& h = unresolved[static_cast<std::size_t>(e.task)];
                if (h >= 0) {
                    handovers_[static_cast<std::size_t>(h)].toRunning = e.t;
                    h = -1;
                }
                break;
            }
            case EvKind::ThreadBegin: start(e.task, e.t, State::Thread); break;
            case EvKind::CpuBegin: start(e.task, e.t, State::Cpu); break;
            case EvKind::ThreadEnd:
            case EvKind::CpuEnd: {
                const Open& o = open[static_cast<std::size_t>(e.task)];
                if (o.open && (o.state == State::Thread || o.state == State::Cpu)) start(e.task, e.t, State::Running);
                break;
            }
            case EvKind::Done:
            case EvKind::Failed:
            case EvKind::Cancelled:
                close(e.task, e.t);
                task->end = e.t;
                task->endKind = e.kind;
                break;
            case EvKind::FailedExc: task->exc = e.arg; break;
            case EvKind::Swallowed:
                task->swallowed = true;
                marks_.push_back({e.t, e.kind, e.task, e.arg});
                break;
            case EvKind::Rejected: marks_.push_back({e.t, e.kind, e.task, e.arg}); break;
            case EvKind::Release:
                if (e.arg >= 0) {
                    ensure(e.arg);
                    unresolved[static_cast<std::size_t>(e.arg)] = static_cast<std::int32_t>(handovers_.size());
                    handovers_.push_back({e.t, e.task, e.arg, std::nan("")});
                }
                break;
            case EvKind::Wake: break;
            case EvKind::Raise:
                lastRaise = std::string(symbols_.name(e.arg));
                marks_.push_back({e.t, e.kind, e.task, e.arg});
                break;
            case EvKind::End:
                endT_ = e.t;
                switch (static_cast<Outcome>(e.arg)) {
                    case Outcome::Ok: outcome_ = "ok"; break;
                    case Outcome::Raised:
                        outcome_ = "raised:" + (e.task >= 0 ? std::string(symbols_.name(e.task)) : lastRaise);
                        break;
                    case Outcome::Deadlock: outcome_ = "deadlock"; break;
                    default: outcome_ = "unknown"; break;
                }
                marks_.push_back({e.t, e.kind, e.task, e.arg});
                break;
            case EvKind::Result:
            case EvKind::Pending:
            case EvKind::Collected:
            case EvKind::Counter:
            case EvKind::Limit: marks_.push_back({e.t, e.kind, e.task, e.arg}); break;
            case EvKind::Ready:
            case EvKind::Enqueue:
            case EvKind::PutWait:
            case EvKind::Worker:
            case EvKind::Read:
            case EvKind::Write:
            case EvKind::LockWait:
            case EvKind::LockHeld:
            case EvKind::LockFree:
            case EvKind::Returned: break;  // not drawn by the exports yet
        }
    }

    // Whatever is still open stops where the trace stops.
    const double until = endTime();
    for (std::size_t i = 0; i < open.size(); ++i) close(static_cast<std::int32_t>(i), until);

    // Counting sort by task: each task's segments contiguous, in time order.
    std::vector<std::uint32_t> count(tasks_.size() + 1, 0);
    for (const RawSegment& r : raw) ++count[static_cast<std::size_t>(r.task) + 1];
    for (std::size_t i = 1; i < count.size(); ++i) count[i] += count[i - 1];
    for (std::size_t i = 0; i < tasks_.size(); ++i) {
        tasks_[i].firstSegment = count[i];
        tasks_[i].segmentCount = count[i + 1] - count[i];
    }
    segments_.resize(raw.size());
    for (const RawSegment& r : raw) segments_[count[static_cast<std::size_t>(r.task)]++] = r.segment;
}

const char* TraceFacts::stateName(State s, const Task& task) {
    switch (s) {
        case State::Created:
            return happened(task.request) || happened(task.running) ? "arriving" : "running";
        case State::Waiting: return "waiting";
        case State::Running: return "running";
        case State::Thread: return "thread";
        case State::Cpu: return "cpu";
    }
    return "?";
}

std::string TraceFacts::finalStateName(const Task& task) {
    switch (task.endKind) {
        case EvKind::Done: return "done";
        case EvKind::Failed: return "failed";
        case EvKind::Cancelled: return "cancelled";
        default: break;
    }
    // Named only by the caller's result/pending or by a queue event (a task
    // that timed out before it ran, a job still queued): its coroutine never started.
    if (!task.seen || (!happened(task.created) && !happened(task.request) && !happened(task.running)))
        return "not started";
    return stateName(task.last, task);
}

std::string TraceFacts::outcomeOf(const Task& task) const {
    switch (task.endKind) {
        case EvKind::Done: return task.swallowed ? "swallowed cancel" : "ok";
        case EvKind::Failed: return task.exc >= 0 ? std::string(symbols_.name(task.exc)) : "failed";
        case EvKind::Cancelled: return "cancelled";
        default: return "";
    }
}

}  // namespace cs
