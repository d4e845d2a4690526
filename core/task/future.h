#pragma once
// asyncio.Future (CPython 3.11): state, result or exception, done callbacks
// scheduled with call_soon in registration order.
#include <cstdint>
#include <optional>
#include <vector>

#include "loop/event_loop.h"
#include "loop/py_exc.h"

namespace cs::detail {

class Future : public RefCounted {
public:
    enum class State : std::uint8_t { Pending, Cancelled, Finished };

    explicit Future(EventLoop& loop) { setCurrentLoop(&loop); }
    // The loop of the Program running on this thread. Every future belongs
    // to it, so futures need not store it (a million futures, 8 bytes each).
    static EventLoop* currentLoop();
    static void setCurrentLoop(EventLoop* loop);

    bool done() const { return state_ != State::Pending; }
    bool cancelled() const { return state_ == State::Cancelled; }
    EventLoop& loop() const { return *currentLoop(); }

    // Future.cancel(); Task and _GatheringFuture override it.
    virtual bool cancel() { return cancelFuture(); }
    void setResult(std::int64_t v);
    void setException(PyExc e);

    // Future.result(): the value, or throws PyError (CancelledError if cancelled).
    std::int64_t result() const;
    // Future.exception(): nullopt if it has a result; throws CancelledError if cancelled.
    std::optional<PyExc> exception() const;
    // True when done with a result (not cancelled, no exception).
    bool succeeded() const { return state_ == State::Finished && !hasExc_; }

    void addDoneCallback(CallbackFn fn, RefCounted* self);
    // Removes every registration of (fn, self); returns how many.
    std::size_t removeDoneCallback(CallbackFn fn, RefCounted* self);
    // The `self` of the first done callback `fn` still registered, or null
    // (a done future has scheduled and dropped its callbacks).
    RefCounted* callbackSelf(CallbackFn fn) const;

    virtual bool isTask() const { return false; }

    // Forgets every done callback without calling it (tearing down a run).
    void clearCallbacks() { cb0_ = Cb{}; }

protected:
    bool cancelFuture();  // the base Future.cancel()
    void scheduleCallbacks();

    PyExc exc_{};  // first: fills RefCounted's tail padding

private:
    struct Cb {
        CallbackFn fn = nullptr;
        Ref<RefCounted> self;
    };
    // Like the C implementation: the first callback inline, the rest in a
    // list. While a future has one callback (nearly always) that is all it
    // holds; a second one moves both into a CbList that cb0_ then points to
    // (fn == &listMarker), so a future is 40 bytes, not 48.
    struct CbList final : RefCounted {
        Cb first;
        std::vector<Cb> rest;
    };
    static void listMarker(RefCounted*, Future*) {}
    bool hasList() const { return cb0_.fn == &Future::listMarker; }
    CbList* list() const { return static_cast<CbList*>(cb0_.self.get()); }
    Cb cb0_;

protected:
    State state_ = State::Pending;
    bool hasExc_ = false;
};

inline void EventLoop::callSoon(CallbackFn fn, RefCounted* self, Future* fut) {
    if (self) incref(self);
    if (fut) incref(fut);
    ready_.push_back(Ready{fn, self, fut});
}

// futures._set_result_unless_cancelled, used by sleep() as a timer callback.
void setResultUnlessCancelled(RefCounted* self, Future* fut);

}  // namespace cs::detail
