#include "task/future.h"

namespace cs::detail {

namespace {
thread_local EventLoop* tLoop = nullptr;
}
EventLoop* Future::currentLoop() { return tLoop; }
void Future::setCurrentLoop(EventLoop* loop) { tLoop = loop; }

void Future::setResult(std::int64_t) {
    // Result values are never looked at by the program (only done / failed /
    // cancelled matters), so they are not stored.
    if (state_ != State::Pending) throw PyError{{kRuntimeError}};  // InvalidStateError
    state_ = State::Finished;
    scheduleCallbacks();
}

void Future::setException(PyExc e) {
    if (state_ != State::Pending) throw PyError{{kRuntimeError}};
    exc_ = e;
    hasExc_ = true;
    state_ = State::Finished;
    scheduleCallbacks();
}

std::int64_t Future::result() const {
    if (state_ == State::Cancelled) throw PyError{{kCancelledError}};
    if (state_ != State::Finished) throw PyError{{kRuntimeError}};
    if (hasExc_) throw PyError{exc_};
    return 0;
}

std::optional<PyExc> Future::exception() const {
    if (state_ == State::Cancelled) throw PyError{{kCancelledError}};
    if (state_ != State::Finished) throw PyError{{kRuntimeError}};
    if (hasExc_) return exc_;
    return std::nullopt;
}

bool Future::cancelFuture() {
    if (state_ != State::Pending) return false;
    state_ = State::Cancelled;
    scheduleCallbacks();
    return true;
}

void Future::addDoneCallback(CallbackFn fn, RefCounted* self) {
    if (state_ != State::Pending) {
        tLoop->callSoon(fn, self, this);
        return;
    }
    if (!hasList()) {
        if (!cb0_.fn) {
            cb0_.fn = fn;
            cb0_.self = self;
            return;
        }
        Ref<CbList> l(new CbList);
        l->first = std::move(cb0_);
        l->rest.push_back(Cb{fn, Ref<RefCounted>(self)});
        cb0_.fn = &Future::listMarker;
        cb0_.self = l;
        return;
    }
    // C: callback0 if it is free and the list is empty, else the list.
    CbList& l = *list();
    if (!l.first.fn && l.rest.empty()) {
        l.first.fn = fn;
        l.first.self = self;
        return;
    }
    l.rest.push_back(Cb{fn, Ref<RefCounted>(self)});
}

std::size_t Future::removeDoneCallback(CallbackFn fn, RefCounted* self) {
    std::size_t removed = 0;
    auto clearIfMatch = [&](Cb& cb) {
        if (cb.fn == fn && cb.self.get() == self) {
            cb.fn = nullptr;
            cb.self.reset();
            ++removed;
        }
    };
    if (!hasList()) {
        clearIfMatch(cb0_);
        return removed;
    }
    CbList& l = *list();
    clearIfMatch(l.first);
    auto& v = l.rest;
    std::size_t w = 0;
    for (std::size_t r = 0; r < v.size(); ++r) {
        if (v[r].fn == fn && v[r].self.get() == self) {
            ++removed;
            continue;
        }
        if (w != r) v[w] = std::move(v[r]);
        ++w;
    }
    v.resize(w);
    return removed;
}

RefCounted* Future::callbackSelf(CallbackFn fn) const {
    if (!hasList()) return cb0_.fn == fn ? cb0_.self.get() : nullptr;
    const CbList& l = *list();
    if (l.first.fn == fn) return l.first.self.get();
    for (const Cb& cb : l.rest)
        if (cb.fn == fn) return cb.self.get();
    return nullptr;
}

void Future::scheduleCallbacks() {
    // Registration order: callback0 first, then the list (C _asyncio does the same).
    Ref<Future> keep(this);
    if (!hasList()) {
        if (cb0_.fn) {
            CallbackFn fn = cb0_.fn;
            Ref<RefCounted> self = std::move(cb0_.self);
            cb0_.fn = nullptr;
            tLoop->callSoon(fn, self.get(), this);
        }
        return;
    }
    Ref<RefCounted> hold = std::move(cb0_.self);
    cb0_.fn = nullptr;
    auto& l = *static_cast<CbList*>(hold.get());
    if (l.first.fn) tLoop->callSoon(l.first.fn, l.first.self.get(), this);
    for (auto& cb : l.rest) tLoop->callSoon(cb.fn, cb.self.get(), this);
}

void setResultUnlessCancelled(RefCounted*, Future* fut) {
    if (fut->cancelled()) return;
    fut->setResult(0);
}

}  // namespace cs::detail
