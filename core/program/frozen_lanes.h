#pragma once
// Frozen tasks: the `ready` and `resumed` extension events
// (docs/trace-extensions.md). When task i's cpu step held the loop from t0
// to t1, every other lane with a task that became ready meanwhile (its step
// or wakeup queued, or a timer due by t1 that resolves the future it
// awaits) is frozen from that moment: one `ready` per lane per frozen spell,
// emitted before the block's cpu_end; `resumed` when a task of that lane
// next steps. Work is done only at blocks and, while some task is marked,
// at steps (this is the tasks' step watcher only then).
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "loop/event_loop.h"
#include "program/trace_out.h"
#include "task/task.h"

namespace cs::detail {

class FrozenLanes final : private Task::StepWatcher {
public:
    FrozenLanes(EventLoop& loop, TraceOut& out) : loop_(loop), out_(out) {}

    // Task `blocker`'s cpu step held the loop from t0 to t1.
    void blocked(std::int32_t blocker, double t0, double t1);
    // The watcher this thread's tasks need now (none while nothing is marked).
    Task::StepWatcher* watcher() { return marked_.empty() ? nullptr : this; }

private:
    Task* readyTask(const Ready& r) const;
    static Task* timerTask(const Handle& h);
    void taskSteps(Task& t) override;
    // Whether the lane is frozen (a `ready` was emitted, no `resumed` yet):
    // a flat array by lane, tested for every timer due at every block.
    bool laneFrozen(std::int32_t lane) const {
        const auto i = static_cast<std::size_t>(lane);
        return i < laneFrozen_.size() && laneFrozen_[i] != 0;
    }
    void setLaneFrozen(std::int32_t lane, bool frozen);

    EventLoop& loop_;
    TraceOut& out_;
    // Tasks found ready by a block that have not stepped since, with their lane.
    std::unordered_map<Task*, std::int32_t> marked_;
    struct LaneMarks {
        std::vector<Task*> tasks;      // its marked tasks (a lane has at most a task and wait_for's inner one)
    };
    std::unordered_map<std::int32_t, LaneMarks> laneMarks_;
    // Marked tasks whose lane is not frozen (it was the blocker's, or it
    // resumed through its other task): frozen from the next block's start.
    std::vector<Task*> latent_;
    std::vector<std::uint8_t> laneFrozen_;  // by lane (laneFrozen)
    std::size_t readyScanned_ = 0;     // ready-queue entries (numbered by RingQueue::popped) already looked at
    // Of those, the ones whose lane was not created yet, by lane; and the
    // lanes created since the last block (TraceOut::logCreated, while unborn_
    // holds any).
    std::unordered_map<std::int32_t, std::vector<std::size_t>> unborn_;
    std::vector<std::int32_t> born_;
};

}  // namespace cs::detail
