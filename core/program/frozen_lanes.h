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
    static const Future* timerFuture(const Handle& h);
    void taskSteps(Task& t) override;
    // Calls visit(slot) for every timer of the heap due by t1 that this
    // loop iteration's earlier blocks did not look at, and again for those
    // visit asked to: kLookNextBlock (at every block), or a lane (at the
    // first block after the lane is created: `born` lists the lanes created
    // since the last block). kLookDone: never again in this iteration.
    static constexpr std::int32_t kLookDone = -1;
    static constexpr std::int32_t kLookNextBlock = -2;
    template <class Visit>
    void dueTimers(double t1, const std::vector<std::int32_t>& born, Visit&& visit);
    template <class Visit>
    void lookAt(std::size_t slot, Visit& visit);
    void pushFrontier(std::size_t slot);
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
    // The due part of the timer heap, walked once per loop iteration: the
    // loop pops due timers only when its next iteration starts, so a block
    // goes on from where the iteration's last block stopped (else every
    // block of an iteration of N blocking steps walked every timer due so
    // far: quadratic). Within an iteration the heap only grows, and a
    // timer no earlier than the last walk's end moves no slot walked
    // (EventLoop::pushFloor): the slots walked stay put.
    std::uint64_t walkIteration_ = ~std::uint64_t{0};  // the loop iteration the state below is for
    double walkedUpTo_ = 0.0;                          // the last walk's t1
    std::size_t walkedSize_ = 0;                       // the heap's size then
    std::vector<std::uint8_t> walked_;                 // by heap slot
    std::vector<std::size_t> walkedSlots_;             // the slots set in walked_
    // Slots not walked whose parent was (or the root): every slot not
    // walked is below one. A min-heap by deadline (stale keys only larger).
    std::vector<std::pair<double, std::size_t>> frontier_;
    std::vector<std::size_t> lookAgain_;               // walked slots to look at at every block
    std::unordered_map<std::int32_t, std::vector<std::size_t>> unbornSlots_;  // by lane: once it is created
    std::vector<std::size_t> stack_;
};

}  // namespace cs::detail
