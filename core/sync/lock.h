#pragma once
// asyncio.Lock (3.11.7).
#include <deque>

#include "task/task.h"

namespace cs::detail {

class Lock : public RefCounted {
public:
    explicit Lock(EventLoop& loop) : loop_(&loop) {}
    bool locked() const { return locked_; }
    // Whether acquire() would wait: Lock.acquire's fast path takes the lock
    // only when it is free and every waiter is cancelled.
    bool wouldWait() const;
    Co<void> acquire();
    void release();  // RuntimeError when not locked
    std::size_t waiting() const { return waiters_.size(); }

private:
    void wakeUpFirst();
    EventLoop* loop_;
    bool locked_ = false;
    std::deque<Ref<Future>> waiters_;
};

}  // namespace cs::detail
