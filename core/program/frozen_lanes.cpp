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
// The engine looks at each queued entry once (readyScanned_), each timer
// due by a block's end once per loop iteration (dueTimers: the loop pops
// due timers only when its next iteration starts, and the reference finds
// them in loop._scheduled at every block until then), and each of either
// once more after its lane is created if it was not then (unborn_,
// unbornSlots_, born_): an entry queued (or a timer due) at an earlier
// block whose task has not stepped since is still there, and its task is
// marked (marked_). A marked task whose lane is not frozen (latent_) counts
// as queued at the next block's start, as a second look would find it.

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
    const Future* f = timerFuture(h);
    return f ? static_cast<Task*>(f->callbackSelf(&Task::wakeupCallback)) : nullptr;
}

// The future a timer of timerTask's other kinds resolves (null: another kind).
const Future* FrozenLanes::timerFuture(const Handle& h) {
    if (h.fn == &setResultUnlessCancelled || h.fn == &releaseWaiter) return h.fut.get();
    if (h.fn == &Jobs::poolFinish) return static_cast<const Jobs::PoolJob*>(h.self.get());
    return nullptr;
}

namespace {
// The frontier's order: a min-heap by deadline.
bool laterSlot(const std::pair<double, std::size_t>& a, const std::pair<double, std::size_t>& b) {
    return a.first > b.first;
}
}  // namespace

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
    // Lanes created since the last block: their entries are looked at again.
    const std::vector<std::int32_t> born = std::move(born_);
    born_.clear();
    for (const std::int32_t lane : born) {
        const auto it = unborn_.find(lane);
        if (it == unborn_.end()) continue;
        const std::vector<std::size_t> entries = std::move(it->second);
        unborn_.erase(it);
        for (const std::size_t n : entries)
            if (n >= popped) look(n);
    }
    // Work queued since the last look.
    for (std::size_t n = std::max(readyScanned_, popped); n < popped + ready.size(); ++n) look(n);
    readyScanned_ = popped + ready.size();
    // Timers due by the end of the block.
    dueTimers(t1, born, [&](const TimerSlot& slot) -> std::int32_t {
        const Handle& h = *slot.h;
        if (h.cancelled) return kLookDone;
        Task* t = timerTask(h);
        // A future no task awaits yet may have one at a later block.
        if (!t) return timerFuture(h) ? kLookNextBlock : kLookDone;
        return consider(t, std::max(t0, slot.when)) ? kLookDone : t->label();
    });
    out_.logCreated(unborn_.empty() && unbornSlots_.empty() ? nullptr : &born_);
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

template <class Visit>
void FrozenLanes::dueTimers(double t1, const std::vector<std::int32_t>& born, Visit&& visit) {
    const std::vector<TimerSlot>& heap = loop_.scheduled();
    const std::size_t n = heap.size();
    if (walked_.size() < n) walked_.resize(n, 0);
    if (loop_.iterations() != walkIteration_ || n < walkedSize_ || loop_.pushFloor() < walkedUpTo_) {
        // A new iteration (it popped the due timers), or a timer earlier than
        // the last walk's end moved walked slots: walk from the root.
        for (const std::size_t k : walkedSlots_) walked_[k] = 0;
        walkedSlots_.clear();
        frontier_.clear();
        lookAgain_.clear();
        unbornSlots_.clear();
        walkIteration_ = loop_.iterations();
        if (n > 0) pushFrontier(0);
    } else {
        // Each slot added since: the unwalked slot below the walked part on
        // its way to the root may hold an earlier deadline now.
        for (std::size_t k = walkedSize_; k < n; ++k) {
            std::size_t top = k;
            while (top > 0 && !walked_[(top - 1) / 2]) top = (top - 1) / 2;
            pushFrontier(top);
        }
        const std::vector<std::size_t> again = std::move(lookAgain_);
        lookAgain_.clear();
        for (const std::size_t k : again) lookAt(k, visit);
        for (const std::int32_t lane : born) {
            const auto it = unbornSlots_.find(lane);
            if (it == unbornSlots_.end()) continue;
            const std::vector<std::size_t> slots = std::move(it->second);
            unbornSlots_.erase(it);
            for (const std::size_t k : slots) lookAt(k, visit);
        }
    }
    loop_.resetPushFloor();
    walkedUpTo_ = t1;
    walkedSize_ = n;
    while (!frontier_.empty() && frontier_.front().first <= t1) {
        std::pop_heap(frontier_.begin(), frontier_.end(), laterSlot);
        const std::size_t top = frontier_.back().second;
        frontier_.pop_back();
        if (walked_[top]) continue;  // a stale entry
        stack_.push_back(top);
        while (!stack_.empty()) {
            const std::size_t k = stack_.back();
            stack_.pop_back();
            if (heap[k].when > t1) {
                pushFrontier(k);
                continue;
            }
            walked_[k] = 1;
            walkedSlots_.push_back(k);
            lookAt(k, visit);
            if (2 * k + 1 < n) stack_.push_back(2 * k + 1);
            if (2 * k + 2 < n) stack_.push_back(2 * k + 2);
        }
    }
}

template <class Visit>
void FrozenLanes::lookAt(std::size_t slot, Visit& visit) {
    const std::int32_t again = visit(loop_.scheduled()[slot]);
    if (again == kLookNextBlock)
        lookAgain_.push_back(slot);
    else if (again != kLookDone)
        unbornSlots_[again].push_back(slot);
}

void FrozenLanes::pushFrontier(std::size_t slot) {
    frontier_.emplace_back(loop_.scheduled()[slot].when, slot);
    std::push_heap(frontier_.begin(), frontier_.end(), laterSlot);
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
