#pragma once
// asyncio.Semaphore / BoundedSemaphore (3.11.7 code paths) and the spec's
// ResizableSemaphore (section 2). acquire() is a frame-less awaiter: a
// million tasks waiting for a permit cost a waiter future each, no frame.
#include <climits>
#include <cstdint>
#include <deque>
#include <map>
#include <vector>

#include "loop/zeroed_array.h"
#include "task/task.h"

namespace cs::detail {

class Semaphore : public RefCounted {
public:
    enum class Kind : std::uint8_t { Plain, Bounded, Resizable };
    Semaphore(EventLoop& loop, std::int64_t value, Kind kind = Kind::Plain)
        : loop_(&loop), value_(value), limit_(value), kind_(kind) {}

    bool locked() const;
    // release() by scenario task `releaser`: returns the label of the task it
    // woke (-1: none). Bounded: throws ValueError when the value is already
    // at the bound.
    std::int32_t release(std::int32_t releaser = -1);
    // ResizableSemaphore.resize(n) (never pre-empts a holder). Appends the
    // labels of the waiters it woke to `woken`.
    void resize(std::int64_t n, std::vector<std::int32_t>* woken = nullptr);

    std::int64_t value() const { return value_; }
    std::int64_t limit() const { return limit_; }
    // One entry of _waiters: a waiter future, or a lean task that is its own
    // waiter (Task::ownWaiter; then `fut` is the task, kept as the identity
    // that _waiters.remove(fut) looks for).
    struct Waiter {
        Ref<Future> fut;
        std::int32_t label;
        bool own = false;
        bool done() const {
            return own ? static_cast<Task*>(fut.get())->ownWaiter() != Task::kWaitPending : fut->done();
        }
        bool cancelled() const {
            return own ? static_cast<Task*>(fut.get())->ownWaiter() == Task::kWaitCancelled : fut->cancelled();
        }
        void setResult() const {  // fut.set_result(True) on a pending waiter
            if (own)
                static_cast<Task*>(fut.get())->ownWaiterSetResult();
            else
                fut->setResult(1);
        }
    };
    // Blocks from the pool: a million waiters fill 16 MB, and the pool's big
    // slabs are prefaulted (loop/prefault.h).
    using Waiters = std::deque<Waiter, PoolAllocator<Waiter>>;
    const Waiters& waiters() const { return waiters_; }
    // Labels of the tasks that acquired and did not release yet (for the
    // app's loop anatomy; a forgotten release stays here forever).
    // In the order they took their permits.
    std::vector<std::int32_t> holders() const;

    struct AcquireAwaiter {
        Semaphore* s;
        Ref<Future> fut;
        std::int32_t label;  // the scenario task asking (shown in snapshots and wake events)
        bool own = false;    // `fut` is the lean task itself (Task::ownWaiter)
        bool await_ready();
        // await_ready() for a lean task that waits as its own waiter future.
        bool awaitReadyOwn(Task& t);
        void await_suspend(std::coroutine_handle<> h) { Task::current()->yieldFuture(h, fut.get()); }
        void await_resume();
    };
    // `await sem.acquire()` on behalf of scenario task `label`.
    AcquireAwaiter acquire(std::int32_t label = -1) { return AcquireAwaiter{this, {}, label}; }

private:
    std::int32_t wakeUpNext();
    void removeWaiter(Future* f);

    EventLoop* loop_;
    std::int64_t value_;
    std::int64_t limit_;  // bound value (Bounded) or current limit (Resizable)
    Kind kind_;
    Waiters waiters_;
    // Holders in acquisition order, O(1) per acquire and release (a map per
    // permit cost more than the rest of a hand-off). ring_ holds labels by
    // sequence number (ring_[seq - base_]; kGone once released); slotOf_
    // gives a label's oldest held sequence + 1 (0: holds none). A second
    // permit held by the same label, or a label < 0, goes to extra_.
    void addHolder(std::int32_t label);
    void removeHolder(std::int32_t label);
    void compactHolders();
    static constexpr std::int32_t kGone = INT32_MIN;
    std::vector<std::int32_t> ring_;
    std::size_t head_ = 0;       // first index of ring_ that may be live
    std::uint32_t base_ = 0;     // sequence number of ring_[0]
    std::size_t live_ = 0;
    ZeroedArray<std::uint32_t> slotOf_;
    std::multimap<std::int32_t, std::uint32_t> extra_;  // label -> sequence, rare
};

}  // namespace cs::detail
