#pragma once
// asyncio.wait / _wait, wait_for and _cancel_and_wait (3.11.7), as_completed (3.11).
#include <functional>
#include <optional>
#include <vector>

#include "model/scenario.h"
#include "sync/queue.h"
#include "task/task.h"

namespace cs::detail {

// _release_waiter(waiter): a timer or done callback that resolves `waiter`.
void releaseWaiter(RefCounted* self, Future* waiter);

// done, pending = await asyncio.wait(fs, timeout=..., return_when=...).
// `done` and `pending` keep the order of `fs` (callers sort by task id).
struct WaitResult {
    std::vector<Ref<Future>> done, pending;
};
Co<WaitResult> wait(EventLoop& loop, std::vector<Ref<Future>> fs, double timeout /* < 0: None */,
                    ReturnWhen returnWhen);

// await asyncio.wait_for(coro, timeout): the inner task is made with
// createTask at the point where CPython's ensure_future() makes it (taken
// by value: the coroutine starts later, when its caller is gone).
Co<std::int64_t> waitFor(EventLoop& loop, Co<std::int64_t> coro, std::int32_t label, double timeout,
                         std::function<Ref<Task>(Co<std::int64_t>, std::int32_t)> createTask);

// for f in as_completed(fs, timeout=...): await f
class AsCompleted : public RefCounted {
public:
    AsCompleted(EventLoop& loop, std::vector<Ref<Future>> fs, double timeout);
    std::size_t count() const { return count_; }
    // One _wait_for_one(): the next completed future (or throws TimeoutError).
    Co<Ref<Future>> next();

private:
    static void onCompletion(RefCounted* self, Future* f);
    static void onTimeout(RefCounted* self, Future*);
    EventLoop* loop_;
    std::vector<Ref<Future>> todo_;
    Ref<Queue> done_;
    std::vector<Ref<Future>> doneFutures_;  // queue items are indexes into this (0 = None)
    Ref<Handle> timeoutHandle_;
    std::size_t count_ = 0;
};

}  // namespace cs::detail
