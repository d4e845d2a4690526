#include "sync/lock.h"

#include <algorithm>

namespace cs::detail {

bool Lock::wouldWait() const {
    return locked_ || !std::all_of(waiters_.begin(), waiters_.end(), [](const Ref<Future>& w) { return w->cancelled(); });
}

Co<void> Lock::acquire() {
    if (!wouldWait()) {
        locked_ = true;
        co_return;
    }
    Ref<Future> fut(new Future(*loop_));
    waiters_.push_back(fut);
    bool cancelled = false;
    try {
        try {
            co_await AwaitFuture{fut.get()};
        } catch (...) {
            waiters_.erase(std::find(waiters_.begin(), waiters_.end(), fut));
            throw;
        }
        waiters_.erase(std::find(waiters_.begin(), waiters_.end(), fut));
    } catch (const PyError& e) {
        if (!e.exc.isCancelled()) throw;
        cancelled = true;
    }
    if (cancelled) {
        if (!locked_) wakeUpFirst();
        throw PyError{{kCancelledError}};
    }
    locked_ = true;
}

void Lock::release() {
    if (!locked_) throw PyError{{kRuntimeError}};
    locked_ = false;
    wakeUpFirst();
}

void Lock::wakeUpFirst() {
    if (waiters_.empty()) return;
    Future* f = waiters_.front().get();
    if (!f->done()) f->setResult(1);
}

}  // namespace cs::detail
