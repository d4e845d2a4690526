#pragma once
// asyncio.Event (3.11.7).
#include <algorithm>
#include <deque>

#include "task/task.h"

namespace cs::detail {

class Event : public RefCounted {
public:
    explicit Event(EventLoop& loop) : loop_(&loop) {}
    bool isSet() const { return value_; }
    void set() {
        if (value_) return;
        value_ = true;
        for (auto& f : waiters_)
            if (!f->done()) f->setResult(1);
    }
    void clear() { value_ = false; }
    Co<void> wait() {
        if (value_) co_return;
        Ref<Future> fut(new Future(*loop_));
        waiters_.push_back(fut);
        try {
            co_await AwaitFuture{fut.get()};
        } catch (...) {
            waiters_.erase(std::find(waiters_.begin(), waiters_.end(), fut));
            throw;
        }
        waiters_.erase(std::find(waiters_.begin(), waiters_.end(), fut));
    }

private:
    EventLoop* loop_;
    bool value_ = false;
    std::deque<Ref<Future>> waiters_;
};

}  // namespace cs::detail
