#pragma once
// asyncio.Task (CPython 3.11, the C implementation's task_step/task_wakeup):
// drives a Co<int64_t>; a future the coroutine awaits gets the task's wakeup
// as done callback; cancel() cancels that future or sets _must_cancel; a
// CancelledError escaping the coroutine cancels the task.
#include <coroutine>
#include <cstdint>
#include <optional>

#include "task/co.h"
#include "task/future.h"

namespace cs::detail {

class Task final : public Future {
public:
    // Runs the coroutine of a "lean" task: a state machine kept in the task
    // itself instead of a coroutine frame (the scenario program's common job,
    // a million of which may wait at once). leanStep() plays one step of the
    // coroutine from t.leanState(): it returns true when the coroutine
    // returned, throws PyError when it raised, and otherwise has suspended
    // through suspendLean(). A
    // lean task only ever waits on its own waiter future (ownWaiter), so
    // there is no waited future to pass; an exception thrown in at the
    // suspension point is pending as for coroutines (throwIfThrownIn).
    class LeanDriver {
    public:
        virtual bool leanStep(Task& t) = 0;

    protected:
        ~LeanDriver() = default;
    };
    // The driver of the lean tasks stepped on this thread (the Program).
    static void setLeanDriver(LeanDriver* d);

    // Told each time a task's __step/__wakeup starts, while one is set (the
    // Program sets one only while tasks are frozen by a blocked loop, so
    // that a run without cpu steps pays one predictable branch per step).
    class StepWatcher {
    public:
        virtual void taskSteps(Task& t) = 0;

    protected:
        ~StepWatcher() = default;
    };
    static void setStepWatcher(StepWatcher* w);

    Task(EventLoop& loop, Co<std::int64_t> coro, std::int32_t label);
    struct Lean {};
    static constexpr std::uint8_t kLeanStart = 1;
    Task(EventLoop& loop, Lean, std::int32_t label);
    ~Task() override;

    bool cancel() override;
    // Drops what an unfinished task holds (its frame or lean state, the future
    // it waits on, its done callbacks): the reference cycles of a run that is
    // thrown away before it ended. The task is unusable afterwards.
    void abandon();
    // Task.uncancel(): returns the remaining number of cancel requests.
    std::int32_t uncancel() {
        if (numCancelsRequested_ > 0) --numCancelsRequested_;
        return numCancelsRequested_;
    }
    std::int32_t cancelling() const { return numCancelsRequested_; }
    bool isTask() const override { return true; }
    std::int32_t label() const { return label_; }  // scenario task id, or -1
    // A task that runs scenario jobs inline (a queue worker, main() of
    // `sequential`) carries the id of the job it is running, -1 between jobs.
    void setLabel(std::int32_t label) { label_ = label; }
    // A mark the step watcher keeps on a task (it costs no hashing to test).
    bool watchMark() const { return watchMark_; }
    void setWatchMark(bool mark) { watchMark_ = mark; }
    Future* waitingOn() const { return futWaiter_.get(); }

    // The task whose step is running (asyncio.current_task()).
    static Task* current();

    // Used by awaiters (only while this task's step runs).
    void yieldFuture(std::coroutine_handle<> h, Future* f) {
        co_.resumePoint = h;
        futWaiter_ = f;  // the step adds the wakeup callback after the coroutine suspended
    }
    void yieldBare(std::coroutine_handle<> h) { co_.resumePoint = h; }
    // An exception thrown into the coroutine by this step (coro.throw()).
    void throwIfThrownIn() {
        if (throwIn_ >= 0) {
            PyExc e{throwIn_};
            throwIn_ = -1;
            throw PyError{e};
        }
    }

    // Lean tasks: the driver's state (kLeanStart before the first step; 0
    // only for coroutine tasks), the index of the step in progress, and a
    // timer kept while suspended (asyncio.sleep's handle, cancelled in its
    // `finally`). A lean task never has a futWaiter_: it waits on its own
    // waiter (below) or yields bare.
    std::uint8_t leanState() const { return leanState_; }
    std::uint32_t leanIndex() const { return lean_.k; }
    void suspendLean(std::uint8_t state, std::uint32_t k, Ref<Handle> timer = {}) {
        leanState_ = state;
        lean_.k = k;
        setLeanTimer(std::move(timer));
    }
    // A lean task waiting for a semaphore permit is its own waiter future
    // (Semaphore::acquire's `fut`): a million waiting tasks cost no waiter
    // objects. So is a lean task in asyncio.sleep(d > 0) (sleep's future,
    // resolved by the timer callback ownSleepTimer). The state is that
    // future's; kWaitNone when there is none.
    // Pending means the task is suspended on it (its _fut_waiter); done or
    // cancelled, the task's wakeup is scheduled, exactly as the future's
    // done callback would be.
    enum : std::uint8_t { kWaitNone, kWaitPending, kWaitDone, kWaitCancelled };
    std::uint8_t ownWaiter() const { return isLean() ? lean_.wait : std::uint8_t{kWaitNone}; }
    void ownWaiterBegin() { lean_.wait = kWaitPending; }
    // fut.set_result(True) / fut.cancel() on a pending own waiter: schedules
    // the task's wakeup (call_soon(task.__wakeup, fut)).
    void ownWaiterSetResult() { ownWaiterFinish(kWaitDone); }
    void ownWaiterCancel() { ownWaiterFinish(kWaitCancelled); }
    // The acquiring code consumed the outcome (the `finally` of acquire()).
    void ownWaiterEnd() { lean_.wait = kWaitNone; }

    Ref<Handle> takeLeanTimer() {
        Ref<Handle> h(lean_.timer);
        setLeanTimer({});
        return h;
    }

    // asyncio.sleep's timer callback, futures._set_result_unless_cancelled,
    // for a lean task's own sleep future (self: the task).
    static void ownSleepTimer(RefCounted* self, Future*);
    static void stepCallback(RefCounted* self, Future*);
    static void wakeupCallback(RefCounted* self, Future* fut);

private:
    void step(std::optional<PyExc> exc);

    bool runCoroutine(std::optional<PyExc>& raised);
    void setLeanTimer(Ref<Handle> h) {
        if (lean_.timer) decref(lean_.timer);
        lean_.timer = h.get();
        if (lean_.timer) incref(lean_.timer);
    }
    bool isLean() const { return leanState_ != 0; }
    void ownWaiterFinish(std::uint8_t state);
    bool started() const { return isLean() ? leanState_ != kLeanStart : static_cast<bool>(co_.resumePoint); }

    // Fields ordered to fill Future's tail padding first: a task is 72 bytes.
    std::uint8_t leanState_ = 0;  // 0: a coroutine task
    bool mustCancel_ = false;
    bool watchMark_ = false;  // the step watcher's (FrozenLanes: found ready, not stepped since)
    std::int32_t label_ = -1;
    // A coroutine task's frame, or a lean task's state: the same two words.
    struct CoState {
        Co<std::int64_t>::Handle root;
        std::coroutine_handle<> resumePoint;  // null until the first step
    };
    struct LeanState {
        Handle* timer;  // one reference, or null
        std::uint32_t k;
        std::uint8_t wait;  // the own waiter's state (kWait*)
    };
    union {
        CoState co_;
        LeanState lean_;
    };
    // The future a suspended task waits on; null while it runs, and after a
    // step that suspended with a bare yield.
    Ref<Future> futWaiter_;
    std::int32_t throwIn_ = -1;  // class of the exception to throw in, -1: none
    std::int32_t numCancelsRequested_ = 0;
};

// `await fut`
struct AwaitFuture {
    Future* f;
    bool await_ready() const noexcept { return f->done(); }
    void await_suspend(std::coroutine_handle<> h) const { Task::current()->yieldFuture(h, f); }
    std::int64_t await_resume() const {
        Task::current()->throwIfThrownIn();
        return f->result();
    }
};

// A bare `yield` (asyncio.sleep(0)): the task reschedules its step with call_soon.
struct YieldNow {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) const { Task::current()->yieldBare(h); }
    void await_resume() const { Task::current()->throwIfThrownIn(); }
};

}  // namespace cs::detail
