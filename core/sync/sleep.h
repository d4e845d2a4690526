#pragma once
// asyncio.sleep(delay): delay <= 0 is a bare yield (no timer); otherwise a
// future resolved by a call_later timer, which is cancelled in `finally`.
#include "task/task.h"

namespace cs::detail {

struct Sleep {
    EventLoop& loop;
    double delay;
    Ref<Future> fut;
    Ref<Handle> timer;

    bool await_ready() {
        if (delay <= 0) return false;
        fut = Ref<Future>(new Future(loop));
        timer = loop.callLater(delay, &setResultUnlessCancelled, nullptr, fut.get());
        return false;
    }
    void await_suspend(std::coroutine_handle<> h) {
        if (fut)
            Task::current()->yieldFuture(h, fut.get());
        else
            Task::current()->yieldBare(h);
    }
    void await_resume() {
        if (!fut) {
            Task::current()->throwIfThrownIn();
            return;
        }
        loop.cancel(timer.get());  // finally: h.cancel()
        Task::current()->throwIfThrownIn();
        fut->result();
    }
};

inline Sleep sleep(EventLoop& loop, double delay) { return Sleep{loop, delay, {}, {}}; }

}  // namespace cs::detail
