#pragma once
// asyncio.Queue of int64 items (3.11.7): maxsize, put/get with FIFO getters
// and putters, task_done/join through an Event.
#include <cstdint>
#include <deque>

#include "sync/event.h"

namespace cs::detail {

class Queue : public RefCounted {
public:
    Queue(EventLoop& loop, std::int64_t maxsize) : loop_(&loop), maxsize_(maxsize), finished_(loop) { finished_.set(); }

    std::size_t qsize() const { return items_.size(); }
    bool empty() const { return items_.empty(); }
    bool full() const { return maxsize_ > 0 && static_cast<std::int64_t>(items_.size()) >= maxsize_; }

    Co<void> put(std::int64_t item);
    Co<std::int64_t> get();
    void putNowait(std::int64_t item);      // QueueFull -> RuntimeError here (never used when full)
    std::int64_t getNowait();
    void taskDone();                        // ValueError if called too often
    Co<void> join();

private:
    static void wakeupNext(std::deque<Ref<Future>>& waiters);
    EventLoop* loop_;
    std::int64_t maxsize_;
    std::deque<std::int64_t> items_;
    std::deque<Ref<Future>> getters_, putters_;
    std::int64_t unfinished_ = 0;
    Event finished_;
};

}  // namespace cs::detail
