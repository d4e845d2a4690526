#include "loop/event_loop.h"

#include <limits>

#include "task/future.h"

namespace cs::detail {

namespace {
// The references a ready entry holds: its timer handle's, or its arguments'.
void dropRefs(CallbackFn fn, RefCounted* self, Future* fut) {
    if (!fn) {
        decref(self);  // the Handle
        return;
    }
    if (self) decref(self);
    if (fut) decref(fut);
}
}  // namespace

EventLoop::~EventLoop() {
    for (const Ready& r : ready_) dropRefs(r.fn, r.self, r.fut);
    for (const TimerSlot& e : scheduled_) decref(e.h);
}

Ref<Handle> EventLoop::callAt(double when, CallbackFn fn, RefCounted* self, Future* fut) {
    auto* h = new Handle;
    h->fn = fn;
    h->self = self;
    h->fut = fut;
    h->when = when;
    h->scheduled = true;
    incref(h);
    if (when < pushFloor_) pushFloor_ = when;
    heapPush(h);
    return Ref<Handle>(h);
}

void EventLoop::cancel(Handle* h) {
    if (h->cancelled) return;
    if (h->scheduled) ++timerCancelledCount_;  // BaseEventLoop._timer_handle_cancelled
    h->cancelled = true;
    // Handle.cancel() drops the callback and its arguments.
    h->self.reset();
    h->fut.reset();
}

// heapq.heappush: append, then _siftdown(heap, 0, len-1).
void EventLoop::heapPush(Handle* h) {
    scheduled_.push_back(TimerSlot{h->when, h});
    siftDown(0, scheduled_.size() - 1);
}

// heapq.heappop: pop the last item; if the heap is not empty, put it at the
// root and _siftup(heap, 0).
Handle* EventLoop::heapPop() {
    const TimerSlot last = scheduled_.back();
    scheduled_.pop_back();
    if (scheduled_.empty()) return last.h;
    Handle* ret = scheduled_[0].h;
    scheduled_[0] = last;
    siftUp(0);
    return ret;
}

// heapq._siftdown: move the item at pos up towards startpos. TimerHandle
// defines only __lt__ on `when`.
void EventLoop::siftDown(std::size_t startpos, std::size_t pos) {
    const TimerSlot newitem = scheduled_[pos];
    while (pos > startpos) {
        std::size_t parentpos = (pos - 1) >> 1;
        const TimerSlot parent = scheduled_[parentpos];
        if (newitem.when < parent.when) {
            scheduled_[pos] = parent;
            pos = parentpos;
            continue;
        }
        break;
    }
    scheduled_[pos] = newitem;
}

namespace {
// heapq._siftup's descent: from `pos`, move the smaller child up while both
// children exist; returns the hole's position. Branchless: the same choice
// computed without a branch (see EventLoop::siftUp).
template <bool Branchless>
std::size_t descendToLastPair(TimerSlot* heap, std::size_t pos, std::size_t endpos) {
    std::size_t childpos = 2 * pos + 1;
    while (childpos + 1 < endpos) {
        const bool right = !(heap[childpos].when < heap[childpos + 1].when);
        if constexpr (Branchless) {
            childpos += static_cast<std::size_t>(right);
        } else if (right) {
#if defined(__GNUC__)
            asm volatile("");  // keeps it a branch: GCC would turn it into a cmov
#endif
            ++childpos;
        }
        heap[pos] = heap[childpos];
        pos = childpos;
        childpos = 2 * pos + 1;
    }
    return pos;
}
}  // namespace

// heapq._siftup: bubble the smaller child up until a leaf, then _siftdown.
void EventLoop::siftUp(std::size_t pos) {
    const std::size_t endpos = scheduled_.size();
    const std::size_t startpos = pos;
    const TimerSlot newitem = scheduled_[pos];
    TimerSlot* heap = scheduled_.data();
    // With random deadlines the choice of child is a coin flip for the
    // branch predictor, and a heap of up to kBranchlessSiftMax timers is in
    // cache (a limited run keeps about `limit`): branch-free is 15% faster
    // there (BM_LoopTimerChurn/100 and /10000). A big heap misses the cache
    // on each level, and a branch lets the core run ahead to the next
    // level's loads (branch-free measured up to 1.3x slower in
    // BM_LoopTimers/1048576).
    pos = endpos <= kBranchlessSiftMax ? descendToLastPair<true>(heap, pos, endpos)
                                       : descendToLastPair<false>(heap, pos, endpos);
    if (const std::size_t childpos = 2 * pos + 1; childpos < endpos) {  // a lone left child
        heap[pos] = heap[childpos];
        pos = childpos;
    }
    scheduled_[pos] = newitem;
    siftDown(startpos, pos);
}

// heapq.heapify: _siftup(i) for i in reversed(range(n // 2)).
void EventLoop::heapify() {
    const std::size_t n = scheduled_.size();
    for (std::size_t i = n / 2; i-- > 0;) siftUp(i);
}

void EventLoop::dropCancelledTimers() {
    const std::size_t schedCount = scheduled_.size();
    if (schedCount > kMinScheduledTimerHandles &&
        static_cast<double>(timerCancelledCount_) / static_cast<double>(schedCount) >
            kMinCancelledTimerHandlesFraction) {
        std::vector<TimerSlot> live;
        live.reserve(schedCount);
        for (const TimerSlot& e : scheduled_) {
            if (e.h->cancelled) {
                e.h->scheduled = false;
                decref(e.h);
            } else {
                live.push_back(e);
            }
        }
        scheduled_.swap(live);
        heapify();
        timerCancelledCount_ = 0;
    } else {
        while (!scheduled_.empty() && scheduled_[0].h->cancelled) {
            --timerCancelledCount_;
            Handle* h = heapPop();
            h->scheduled = false;
            decref(h);
        }
    }
}

void EventLoop::collectDueTimers() {
    const double endTime = now_ + kClockResolution;
    while (!scheduled_.empty()) {
        if (scheduled_[0].when >= endTime) break;
        Handle* h = heapPop();
        h->scheduled = false;
        ready_.push_back(Ready{nullptr, h, nullptr});  // the heap's reference moves here
    }
}

void EventLoop::runReady() {
    std::size_t ntodo = ready_.size();
    for (std::size_t i = 0; i < ntodo; ++i) {
        // Field by field into registers (a copy of the whole entry went
        // through the stack, and the 8-byte reloads of a 16-byte store
        // stalled).
        const Ready& front = ready_.front();
        const CallbackFn fn = front.fn;
        RefCounted* const self = front.self;
        Future* const fut = front.fut;
        ready_.pop_front();
        if (!fn) {
            auto* h = static_cast<Handle*>(self);
            if (!h->cancelled) {
                // Keep the arguments alive even if the callback cancels its own handle.
                Ref<RefCounted> hself = h->self;
                Ref<Future> hfut = h->fut;
                h->fn(hself.get(), hfut.get());
            }
        } else {
            fn(self, fut);
        }
        dropRefs(fn, self, fut);
    }
}

double EventLoop::nextIterationTime() const {
    if (!ready_.empty()) return now_;
    if (scheduled_.empty()) return std::numeric_limits<double>::infinity();
    // The heap head is the earliest timer unless it is cancelled (dropped
    // lazily); then look at every live one.
    double best = std::numeric_limits<double>::infinity();
    if (!scheduled_[0].h->cancelled) {
        best = scheduled_[0].when;
    } else {
        for (const TimerSlot& e : scheduled_)
            if (!e.h->cancelled && e.when < best) best = e.when;
    }
    return best < now_ ? now_ : best;
}

}  // namespace cs::detail
