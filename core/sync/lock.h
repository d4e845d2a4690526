#pragma once
// asyncio.Lock (3.11.7).
#include <deque>

#include "task/task.h"

namespace cs::detail {

class Lock : public RefCounted {
public:
    explicit Lock(EventLoop& loop) : loop_(&loop) {}
    bool locked() const { return locked_; }
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
