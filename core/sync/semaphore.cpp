#include "sync/semaphore.h"

#include <algorithm>

namespace cs::detail {

void Semaphore::addHolder(std::int32_t label) {
    if (static_cast<std::uint64_t>(base_) + ring_.size() >= UINT32_MAX) compactHolders();
    const auto seq = static_cast<std::uint32_t>(base_ + ring_.size());
    ring_.push_back(label);
    ++live_;
    if (label >= 0) {
        const auto l = static_cast<std::size_t>(label);
        if (l >= slotOf_.size()) slotOf_.growTo(l + 1);
        if (slotOf_[l] == 0) {
            slotOf_[l] = seq + 1;
            return;
        }
    }
    extra_.emplace(label, seq);
}

void Semaphore::removeHolder(std::int32_t label) {
    // The releaser's oldest acquisition (a task holds one permit at a time
    // unless it acquired by hand twice). A release by a non-holder
    // (release_twice) removes nothing.
    std::uint32_t seq = 0;
    const auto l = static_cast<std::size_t>(label);
    if (label >= 0 && l < slotOf_.size() && slotOf_[l] != 0) {
        seq = slotOf_[l] - 1;
        slotOf_[l] = 0;
        auto it = extra_.find(label);  // multimap keeps equal keys in insertion (= sequence) order
        if (it != extra_.end()) {
            slotOf_[l] = it->second + 1;
            extra_.erase(it);
        }
    } else {
        auto it = extra_.find(label);
        if (it == extra_.end()) return;
        seq = it->second;
        extra_.erase(it);
    }
    ring_[seq - base_] = kGone;
    --live_;
    while (head_ < ring_.size() && ring_[head_] == kGone) ++head_;
    if (head_ == ring_.size()) {
        base_ += static_cast<std::uint32_t>(ring_.size());
        ring_.clear();
        head_ = 0;
    } else if (ring_.size() - live_ > live_ + 64) {
        compactHolders();  // a long-held permit at the front keeps released ones behind it
    }
}

// Renumbers the live holders from 0 and drops released entries, in place
// (the ring keeps its capacity: no allocation per compaction).
void Semaphore::compactHolders() {
    std::size_t w = 0;
    for (std::size_t k = head_; k < ring_.size(); ++k) {
        const std::int32_t label = ring_[k];
        if (label == kGone) continue;
        const auto oldSeq = static_cast<std::uint32_t>(base_ + k);
        const auto newSeq = static_cast<std::uint32_t>(w);
        ring_[w++] = label;
        const auto l = static_cast<std::size_t>(label);
        if (label >= 0 && slotOf_[l] == oldSeq + 1) {
            slotOf_[l] = newSeq + 1;
            continue;
        }
        auto [lo, hi] = extra_.equal_range(label);
        for (auto it = lo; it != hi; ++it)
            if (it->second == oldSeq) it->second = newSeq;
    }
    ring_.resize(w);
    head_ = 0;
    base_ = 0;
}

std::vector<std::int32_t> Semaphore::holders() const {
    std::vector<std::int32_t> v;
    v.reserve(live_);
    for (std::size_t k = head_; k < ring_.size(); ++k)
        if (ring_[k] != kGone) v.push_back(ring_[k]);
    return v;
}

bool Semaphore::locked() const {
    // 3.11.7: value == 0 or any(not w.cancelled() for w in waiters);
    // ResizableSemaphore: value <= 0 (a lowered limit can make it negative).
    const bool empty = kind_ == Kind::Resizable ? value_ <= 0 : value_ == 0;
    if (empty) return true;
    for (const Waiter& w : waiters_)
        if (!w.cancelled()) return true;
    return false;
}

std::int32_t Semaphore::wakeUpNext() {
    // ResizableSemaphore._wake_up_next (spec section 2): a shrunk limit
    // holds; releases pay the debt back before anyone is woken. For a
    // semaphore never shrunk value_ > 0 here whenever a waiter can be woken
    // (release() and the cancel path add one first), so nothing changes.
    if (kind_ == Kind::Resizable && value_ <= 0) return -1;
    for (const Waiter& w : waiters_) {
        if (!w.done()) {
            --value_;
            w.setResult();
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
        return std::any_of(waiters_.begin(), waiters_.end(), [](const Waiter& w) { return !w.done(); });
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

bool Semaphore::AcquireAwaiter::awaitReadyOwn(Task& t) {
    if (!s->locked()) {
        --s->value_;
        s->addHolder(label);
        return true;
    }
    own = true;
    fut = Ref<Future>(&t);
    t.ownWaiterBegin();
    s->waiters_.push_back(Waiter{fut, label, true});
    return false;
}

void Semaphore::AcquireAwaiter::await_resume() {
    if (!fut) return;  // acquired without waiting
    // try: try: await fut finally: waiters.remove(fut)
    //      except CancelledError: if not fut.cancelled(): value += 1; _wake_up_next(); raise
    s->removeWaiter(fut.get());
    const Waiter w{fut, label, own};
    const bool cancelled = w.cancelled();
    if (own) static_cast<Task*>(fut.get())->ownWaiterEnd();
    try {
        Task::current()->throwIfThrownIn();
        if (cancelled)
            throw PyError{{kCancelledError}};
        else if (!own)
            fut->result();
    } catch (const PyError& e) {
        if (e.exc.isCancelled() && !cancelled) {
            ++s->value_;
            s->wakeUpNext();
        }
        throw;
    }
    s->addHolder(label);
    if (s->value_ > 0) s->wakeUpNext();
}

}  // namespace cs::detail
