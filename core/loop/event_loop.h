#pragma once
// BaseEventLoop._run_once of CPython 3.11 on a virtual clock.
//
// Invariants copied from CPython:
//  - the ready queue is FIFO; one iteration runs exactly the handles that
//    were ready when it started (later ones wait for the next iteration);
//  - timers sit in a binary heap ordered only by `when`, maintained with
//    heapq's own _siftdown/_siftup, so equal deadlines pop in heapq's order
//    (not FIFO);
//  - cancelled timers are dropped lazily: rebuild (heapify) when more than 100
//    are scheduled and more than half are cancelled, else pop from the head;
//  - timers due before now + clock_resolution become ready, in heap order;
//  - the clock advances only in "select": now += min(max(0, when - now), 86400).
#include <cstdint>
#include <deque>
#include <limits>
#include <string>
#include <vector>

#include "loop/ref.h"
#include "loop/ring_queue.h"

namespace cs::detail {

class Future;

// A callback with its arguments, like asyncio.Handle / TimerHandle.
// fn(self, fut): `self` is the object the callback belongs to, `fut` the
// future argument (the completed future for done-callbacks).
using CallbackFn = void (*)(RefCounted* self, Future* fut);

// Only timers are Handle objects (they can be cancelled); call_soon entries
// live by value in the ready queue (see Ready).
struct Handle final : RefCounted {
    bool cancelled = false;
    bool scheduled = false;  // in the timer heap
    CallbackFn fn = nullptr;
    Ref<RefCounted> self;
    Ref<Future> fut;  // defined in task/future.h; Ref<> only needs the pointer here
    double when = 0.0;
};

// One entry of the ready queue (24 bytes): a call_soon callback with its
// arguments (one reference each), or a due timer (fn null, self the Handle,
// whose own fields apply).
struct Ready {
    CallbackFn fn;
    RefCounted* self;
    Future* fut;
    Handle* timer() const { return fn ? nullptr : static_cast<Handle*>(self); }
};

// One timer heap slot: the deadline is copied next to the handle so that
// sifting compares without touching the handles (a heap of pointers missed
// the cache on every comparison). `when` never changes once scheduled.
struct TimerSlot {
    double when;
    Handle* h;
};

class EventLoop {
public:
    static constexpr double kClockResolution = 1e-9;
    static constexpr double kMaximumSelectTimeout = 24 * 3600;
    static constexpr std::size_t kMinScheduledTimerHandles = 100;
    static constexpr double kMinCancelledTimerHandlesFraction = 0.5;
    // Heaps up to this size pick _siftup's child without a branch (same
    // choice, same heap; only the machine code differs).
    static constexpr std::size_t kBranchlessSiftMax = std::size_t{1} << 16;

    EventLoop() = default;
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    double time() const { return now_; }
    // cpu steps: time.sleep(d) blocks the loop and moves the clock.
    void advance(double d) { now_ += d; }

    // Defined inline in task/future.h (it needs Future complete).
    inline void callSoon(CallbackFn fn, RefCounted* self, Future* fut);
    Ref<Handle> callAt(double when, CallbackFn fn, RefCounted* self, Future* fut);
    Ref<Handle> callLater(double delay, CallbackFn fn, RefCounted* self, Future* fut) {
        return callAt(now_ + delay, fn, self, fut);
    }
    // TimerHandle.cancel() / Handle.cancel().
    void cancel(Handle* h);

    // What the iteration's select() would do.
    enum class Wait { None, Zero, Timer };
    // One _run_once. If nothing is ready and no timer is scheduled, calls
    // onBlockForever() in place of a select that would never return (the
    // caller decides, e.g. to deliver Ctrl-C); it may schedule callbacks.
    // Returns false if onBlockForever asked to abort the iteration.
    template <class OnBlock>
    bool runOnce(OnBlock&& onBlockForever);

    bool hasReady() const { return !ready_.empty(); }
    bool hasTimers() const { return !scheduled_.empty(); }
    double nextIterationTime() const;  // now if ready, next live timer's time, else +inf
    std::uint64_t iterations() const { return iterations_; }
    const RingQueue<Ready>& ready() const { return ready_; }
    const std::vector<TimerSlot>& scheduled() const { return scheduled_; }
    // The earliest deadline scheduled since the last resetPushFloor() (+inf:
    // none). Within an iteration the heap only grows, and a timer pushed no
    // earlier than a deadline d moves no slot whose deadline is <= d
    // (heapq's _siftdown stops at a parent that is not later): FrozenLanes
    // relies on it to look at the due part of the heap once per iteration.
    double pushFloor() const { return pushFloor_; }
    void resetPushFloor() { pushFloor_ = std::numeric_limits<double>::infinity(); }

private:
    void heapPush(Handle* h);
    Handle* heapPop();
    void siftDown(std::size_t startpos, std::size_t pos);
    void siftUp(std::size_t pos);
    void heapify();
    void dropCancelledTimers();
    void runReady();
    void collectDueTimers();

    double now_ = 0.0;
    RingQueue<Ready> ready_;           // each holds its references
    std::vector<TimerSlot> scheduled_;  // heap; each holds one reference
    std::size_t timerCancelledCount_ = 0;
    std::uint64_t iterations_ = 0;
    double pushFloor_ = std::numeric_limits<double>::infinity();
};

template <class OnBlock>
bool EventLoop::runOnce(OnBlock&& onBlockForever) {
    ++iterations_;
    dropCancelledTimers();
    if (ready_.empty()) {
        if (scheduled_.empty()) {
            if (!onBlockForever()) return false;
        } else {
            // The virtual selector's select(timeout). A timer more than a day
            // ahead takes several iterations in which nothing else happens
            // (CPython caps the timeout at MAXIMUM_SELECT_TIMEOUT): run those
            // idle iterations right here, adding in the same order, so the
            // clock lands on exactly the same double.
            const double when = scheduled_[0].when;
            for (;;) {
                double timeout = when - now_;
                if (timeout < 0) timeout = 0;
                if (timeout > kMaximumSelectTimeout) timeout = kMaximumSelectTimeout;
                now_ += timeout;
                if (when < now_ + kClockResolution) break;  // due in this iteration
                if (timeout == 0) {
                    // Past 2^24 s, now + 1e-9 == now in doubles: a timer at
                    // exactly `now` never becomes due and CPython would spin
                    // on select(0) forever. No progress is possible: treat it
                    // like a loop that would block forever.
                    if (!onBlockForever()) return false;
                    break;
                }
                ++iterations_;  // an idle iteration ended
            }
        }
    }
    collectDueTimers();
    runReady();
    return true;
}

}  // namespace cs::detail
