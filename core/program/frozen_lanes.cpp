#include "program/frozen_lanes.h"

#include <algorithm>
#include <utility>

#include "program/job.h"
#include "combinators/wait.h"
#include "task/future.h"

namespace cs::detail {

// The rule (docs/trace-extensions.md, `ready` and `resumed`), as the
// reference runner applies it to CPython's own loop by looking at
// loop._ready and loop._scheduled when a cpu step ends: a task is ready when
// its __step/__wakeup is queued, or a timer that resolves the future it
// awaits is queued or due by the end of the block. Each lane (the scenario
// task a task runs) other than the blocker's that is between `created` and
// its end and not frozen yet gets one `ready`, at the block's start for
// queued work and at the timer's deadline for a timer due inside the block.
//
// The engine looks at each queued entry once (readyScanned_), and once
// more after its lane is created if it was not then (unborn_, born_): an
// entry queued at an earlier block whose task has not stepped since is
// still queued, and its task is marked (marked_). A marked task whose lane is not
// frozen (latent_) counts as queued at the next block's start, as a second
// look at the queue would find it.

Task* FrozenLanes::readyTask(const Ready& r) const {
    if (r.fn == &Task::stepCallback || r.fn == &Task::wakeupCallback) return static_cast<Task*>(r.self);
    if (const Handle* h = r.timer(); h && !h->cancelled) return timerTask(*h);
    return nullptr;
}

// The task waiting on the future this timer resolves: asyncio.sleep's
// future, a pool job's future, wait_for's waiter; a lean task in
// asyncio.sleep is its own sleep future.
Task* FrozenLanes::timerTask(const Handle& h) {
    if (h.fn == &Task::ownSleepTimer) return static_cast<Task*>(h.self.get());
    const Future* f = nullptr;
    if (h.fn == &setResultUnlessCancelled || h.fn == &releaseWaiter)
        f = h.fut.get();
    else if (h.fn == &Jobs::poolFinish)
        f = static_cast<const Jobs::PoolJob*>(h.self.get());
    return f ? static_cast<Task*>(f->callbackSelf(&Task::wakeupCallback)) : nullptr;
}

void FrozenLanes::blocked(std::int32_t blocker, double t0, double t1) {
    std::vector<std::pair<double, std::int32_t>> found;  // (moment, lane)
    // False when t's lane is not created yet: then nothing is marked.
    const auto consider = [&](Task* t, double when) {
        const std::int32_t lane = t->label();
        if (lane >= 0 && out_.laneUnborn(lane)) return false;
        if (lane < 0 || !out_.laneAlive(lane)) return true;
        // Marked already, its lane frozen: nothing changes (a timer due
        // before this block is looked at again at every block until the
        // loop's next iteration pops it).
        if (t->watchMark() && laneFrozen(lane)) return true;
        LaneMarks& lm = laneMarks_[lane];
        const bool fresh = marked_.try_emplace(t, lane).second;
        if (fresh) {
            lm.tasks.push_back(t);
            t->setWatchMark(true);
        }
        if (laneFrozen(lane)) return true;  // one more task of a frozen lane
        if (lane != blocker)
            found.emplace_back(when, lane);
        else if (fresh)
            latent_.push_back(t);  // a lane does not freeze itself; maybe the next block
        return true;
    };
    // Marked tasks whose lane is not frozen: still queued since an earlier block.
    std::size_t keep = 0;
    for (Task* t : latent_) {
        const auto m = marked_.find(t);
        if (m == marked_.end() || !out_.laneAlive(m->second)) continue;
        if (laneFrozen(m->second)) continue;
        if (m->second == blocker)
            latent_[keep++] = t;
        else
            found.emplace_back(t0, m->second);
    }
    latent_.resize(keep);
    const RingQueue<Ready>& ready = loop_.ready();
    const std::size_t popped = ready.popped();
    // The queue's entry numbered n (RingQueue::popped numbering), still
    // queued. An entry whose lane is not created yet (a task with a timeout:
    // wait_for's timer can be queued before its inner task first runs and
    // creates the lane) is kept by lane and looked at again once the lane
    // is created, if it is still queued, as the reference looks at the
    // whole queue at every block.
    const auto look = [&](std::size_t n) {
        Task* t = readyTask(ready[n - popped]);
        if (t && !consider(t, t0)) unborn_[t->label()].push_back(n);
    };
    for (const std::int32_t lane : born_) {
        const auto it = unborn_.find(lane);
        if (it == unborn_.end()) continue;
        const std::vector<std::size_t> entries = std::move(it->second);
        unborn_.erase(it);
        for (const std::size_t n : entries)
            if (n >= popped) look(n);
    }
    born_.clear();
    // Work queued since the last look.
    for (std::size_t n = std::max(readyScanned_, popped); n < popped + ready.size(); ++n) look(n);
    readyScanned_ = popped + ready.size();
    out_.logCreated(unborn_.empty() ? nullptr : &born_);
    // Timers due by the end of the block (the heap, pruned below a later deadline).
    const std::vector<TimerSlot>& heap = loop_.scheduled();
    std::vector<std::size_t> stack;
    if (!heap.empty()) stack.push_back(0);
    while (!stack.empty()) {
        const std::size_t k = stack.back();
        stack.pop_back();
        if (heap[k].when > t1) continue;
        if (!heap[k].h->cancelled)
            if (Task* t = timerTask(*heap[k].h)) consider(t, std::max(t0, heap[k].when));
        if (2 * k + 1 < heap.size()) stack.push_back(2 * k + 1);
        if (2 * k + 2 < heap.size()) stack.push_back(2 * k + 2);
    }
    if (marked_.empty()) return;
    // One `ready` per lane, at its earliest moment, in time order.
    std::sort(found.begin(), found.end());
    for (const auto& [when, lane] : found) {
        if (laneFrozen(lane)) continue;
        setLaneFrozen(lane, true);
        out_.emitAt(when, EvKind::Ready, lane);
    }
    Task::setStepWatcher(this);
}

void FrozenLanes::setLaneFrozen(std::int32_t lane, bool frozen) {
    const auto i = static_cast<std::size_t>(lane);
    if (i >= laneFrozen_.size()) {
        if (!frozen) return;
        laneFrozen_.resize(i + 1, 0);
    }
    laneFrozen_[i] = frozen ? 1 : 0;
}

// A task steps while some are marked: its lane resumes if it was frozen.
void FrozenLanes::taskSteps(Task& t) {
    if (t.watchMark()) {
        t.setWatchMark(false);
        if (const auto m = marked_.find(&t); m != marked_.end()) {
            std::vector<Task*>& mine = laneMarks_[m->second].tasks;
            mine.erase(std::find(mine.begin(), mine.end(), &t));
            marked_.erase(m);
        }
    }
    if (const std::int32_t lane = t.label(); lane >= 0) {
        const auto it = laneMarks_.find(lane);
        if (it != laneMarks_.end()) {
            if (laneFrozen(lane)) {
                out_.emit(EvKind::Resumed, lane);
                setLaneFrozen(lane, false);
                latent_.insert(latent_.end(), it->second.tasks.begin(), it->second.tasks.end());
            }
            if (it->second.tasks.empty()) laneMarks_.erase(it);
        }
    }
    if (marked_.empty()) {
        for (const auto& [lane, lm] : laneMarks_) setLaneFrozen(lane, false);
        laneMarks_.clear();
        latent_.clear();
        Task::setStepWatcher(nullptr);
    }
}

}  // namespace cs::detail
