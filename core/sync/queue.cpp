#include "sync/queue.h"

#include <algorithm>

namespace cs::detail {

void Queue::wakeupNext(std::deque<Ref<Future>>& waiters) {
    while (!waiters.empty()) {
        Ref<Future> w = waiters.front();
        waiters.pop_front();
        if (!w->done()) {
            w->setResult(0);
            break;
        }
    }
}

void Queue::putNowait(std::int64_t item) {
    if (full()) throw PyError{{kRuntimeError}};
    items_.push_back(item);
    ++unfinished_;
    finished_.clear();
    wakeupNext(getters_);
}

std::int64_t Queue::getNowait() {
    if (empty()) throw PyError{{kRuntimeError}};
    std::int64_t item = items_.front();
    items_.pop_front();
    wakeupNext(putters_);
    return item;
}

Co<void> Queue::put(std::int64_t item) {
    while (full()) {
        Ref<Future> putter(new Future(*loop_));
        putters_.push_back(putter);
        try {
            co_await AwaitFuture{putter.get()};
        } catch (...) {
            putter->cancel();
            auto it = std::find(putters_.begin(), putters_.end(), putter);
            if (it != putters_.end()) putters_.erase(it);
            if (!full() && !putter->cancelled()) wakeupNext(putters_);
            throw;
        }
    }
    putNowait(item);
}

Co<std::int64_t> Queue::get() {
    while (empty()) {
        Ref<Future> getter(new Future(*loop_));
        getters_.push_back(getter);
        try {
            co_await AwaitFuture{getter.get()};
        } catch (...) {
            getter->cancel();
            auto it = std::find(getters_.begin(), getters_.end(), getter);
            if (it != getters_.end()) getters_.erase(it);
            if (!empty() && !getter->cancelled()) wakeupNext(getters_);
            throw;
        }
    }
    co_return getNowait();
}

void Queue::taskDone() {
    if (unfinished_ <= 0) throw PyError{{kValueError}};
    --unfinished_;
    if (unfinished_ == 0) finished_.set();
}

Co<void> Queue::join() {
    if (unfinished_ > 0) co_await finished_.wait();
}

}  // namespace cs::detail
