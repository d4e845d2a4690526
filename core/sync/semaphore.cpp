#include "sync/semaphore.h"

#include <algorithm>

namespace cs::detail {

void Semaphore::addHolder(std::int32_t label) {
    const std::uint64_t seq = holderSeq_++;
    holdersBySeq_.emplace(seq, label);
    holderSeqs_.emplace(label, seq);
}

void Semaphore::removeHolder(std::int32_t label) {
    // The releaser's oldest acquisition (a task holds one permit at a time
    // unless it acquired by hand twice).
    auto range = holderSeqs_.equal_range(label);
    if (range.first == range.second) return;  // release() by a non-holder (release_twice)
    auto oldest = range.first;
    for (auto it = range.first; it != range.second; ++it)
        if (it->second < oldest->second) oldest = it;
    holdersBySeq_.erase(oldest->second);
    holderSeqs_.erase(oldest);
}

std::vector<std::int32_t> Semaphore::holders() const {
    std::vector<std::int32_t> v;
    v.reserve(holdersBySeq_.size());
    for (const auto& [seq, label] : holdersBySeq_) v.push_back(label);
    return v;
}

bool Semaphore::locked() const {
    // 3.11.7: value == 0 or any(not w.cancelled() for w in waiters);
    // ResizableSemaphore: value <= 0 (a lowered limit can make it negative).
    const bool empty = kind_ == Kind::Resizable ? value_ <= 0 : value_ == 0;
    if (empty) return true;
    for (const Waiter& w : waiters_)
        if (!w.fut->cancelled()) return true;
    return false;
}

std::int32_t Semaphore::wakeUpNext() {
    for (Waiter& w : waiters_) {
        if (!w.fut->done()) {
            --value_;
            w.fut->setResult(1);
            return w.label;
        }
    }
    return -1;
}

std::int32_t Semaphore::release(std::int32_t releaser) {
    if (kind_ == Kind::Bounded && value_ >= limit_) throw PyError{{kValueError}};
    removeHolder(releaser);
    ++value_;
    return wakeUpNext();
}

void Semaphore::resize(std::int64_t n, std::vector<std::int32_t>* woken) {
    value_ += n - limit_;
    limit_ = n;
    auto anyPending = [&] {
        return std::any_of(waiters_.begin(), waiters_.end(), [](const Waiter& w) { return !w.fut->done(); });
    };
    while (value_ > 0 && !waiters_.empty() && anyPending()) {
        std::int32_t who = wakeUpNext();
        if (woken) woken->push_back(who);
    }
}

void Semaphore::removeWaiter(Future* f) {
    // deque.remove(fut): the first match from the left (usually the head).
    if (!waiters_.empty() && waiters_.front().fut.get() == f) {
        waiters_.pop_front();
        return;
    }
    for (auto it = waiters_.begin(); it != waiters_.end(); ++it) {
        if (it->fut.get() == f) {
            waiters_.erase(it);
            return;
        }
    }
}

bool Semaphore::AcquireAwaiter::await_ready() {
    if (!s->locked()) {
        --s->value_;
        s->addHolder(label);
        return true;
    }
    fut = Ref<Future>(new Future(*s->loop_));
    s->waiters_.push_back(Waiter{fut, label});
    return false;
}

void Semaphore::AcquireAwaiter::await_resume() {
    if (!fut) return;  // acquired without waiting
    // try: try: await fut finally: waiters.remove(fut)
    //      except CancelledError: if not fut.cancelled(): value += 1; _wake_up_next(); raise
    s->removeWaiter(fut.get());
    try {
        Task::current()->throwIfThrownIn();
        fut->result();
    } catch (const PyError& e) {
        if (e.exc.isCancelled() && !fut->cancelled()) {
            ++s->value_;
            s->wakeUpNext();
        }
        throw;
    }
    s->addHolder(label);
    if (s->value_ > 0) s->wakeUpNext();
}

}  // namespace cs::detail
