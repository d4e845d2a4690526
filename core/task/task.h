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
    Task(EventLoop& loop, Co<std::int64_t> coro, std::int32_t label);
    ~Task() override;

    bool cancel() override;
    // Task.uncancel(): returns the remaining number of cancel requests.
    std::int32_t uncancel() {
        if (numCancelsRequested_ > 0) --numCancelsRequested_;
        return numCancelsRequested_;
    }
    std::int32_t cancelling() const { return numCancelsRequested_; }
    bool isTask() const override { return true; }
    std::int32_t label() const { return label_; }  // scenario task id, or -1
    Future* waitingOn() const { return futWaiter_.get(); }

    // The task whose step is running (asyncio.current_task()).
    static Task* current();

    // Used by awaiters (only while this task's step runs).
    void yieldFuture(std::coroutine_handle<> h, Future* f) {
        resumePoint_ = h;
        futWaiter_ = f;  // the step adds the wakeup callback after the coroutine suspended
        yieldKind_ = YieldKind::Future;
    }
    void yieldBare(std::coroutine_handle<> h) {
        resumePoint_ = h;
        yieldKind_ = YieldKind::Bare;
    }
    // An exception thrown into the coroutine by this step (coro.throw()).
    void throwIfThrownIn() {
        if (throwIn_ >= 0) {
            PyExc e{throwIn_};
            throwIn_ = -1;
            throw PyError{e};
        }
    }

    static void stepCallback(RefCounted* self, Future*);
    static void wakeupCallback(RefCounted* self, Future* fut);

private:
    void step(std::optional<PyExc> exc);

    enum class YieldKind : std::uint8_t { Nothing, Future, Bare };
    Co<std::int64_t>::Handle root_;
    std::coroutine_handle<> resumePoint_;
    Ref<Future> futWaiter_;
    std::int32_t throwIn_ = -1;  // class of the exception to throw in, -1: none
    std::int32_t numCancelsRequested_ = 0;
    std::int32_t label_ = -1;
    bool mustCancel_ = false;
    bool started_ = false;
    YieldKind yieldKind_ = YieldKind::Nothing;
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
