#include "combinators/wait.h"

namespace cs::detail {

void releaseWaiter(RefCounted*, Future* waiter) {
    if (!waiter->done()) waiter->setResult(0);
}

namespace {

// functools.partial(_release_waiter, waiter): its own object, so that
// remove_done_callback removes exactly this registration.
struct ReleaseWaiterPartial final : RefCounted {
    Ref<Future> waiter;
    explicit ReleaseWaiterPartial(Future* w) : waiter(w) {}
    static void call(RefCounted* self, Future*) {
        releaseWaiter(nullptr, static_cast<ReleaseWaiterPartial*>(self)->waiter.get());
    }
};

struct WaitState final : RefCounted {
    std::size_t counter = 0;
    ReturnWhen returnWhen = ReturnWhen::AllCompleted;
    Ref<Handle> timeoutHandle;
    Ref<Future> waiter;
    EventLoop* loop = nullptr;

    static void onCompletion(RefCounted* self, Future* f) {
        auto* st = static_cast<WaitState*>(self);
        --st->counter;
        bool wake = st->counter == 0 || st->returnWhen == ReturnWhen::FirstCompleted;
        if (!wake && st->returnWhen == ReturnWhen::FirstException)
            wake = !f->cancelled() && f->exception().has_value();
        if (wake) {
            if (st->timeoutHandle) st->loop->cancel(st->timeoutHandle.get());
            if (!st->waiter->done()) st->waiter->setResult(0);
        }
    }
};

// _cancel_and_wait(fut)
Co<void> cancelAndWait(EventLoop& loop, Ref<Future> fut) {
    Ref<Future> waiter(new Future(loop));
    Ref<ReleaseWaiterPartial> cb(new ReleaseWaiterPartial(waiter.get()));
    fut->addDoneCallback(&ReleaseWaiterPartial::call, cb.get());
    struct Finally {
        Future* f;
        RefCounted* cb;
        ~Finally() { f->removeDoneCallback(&ReleaseWaiterPartial::call, cb); }
    } fin{fut.get(), cb.get()};
    fut->cancel();
    co_await AwaitFuture{waiter.get()};
}

std::int64_t resultOrTimeout(Future* fut) {
    try {
        return fut->result();
    } catch (const PyError& e) {
        if (e.exc.isCancelled()) throw PyError{{kTimeoutError}};
        throw;
    }
}

}  // namespace

Co<WaitResult> wait(EventLoop& loop, std::vector<Ref<Future>> fs, double timeout, ReturnWhen returnWhen) {
    if (fs.empty()) throw PyError{{kValueError}};  // 'Set of Futures is empty.'
    Ref<WaitState> st(new WaitState);
    st->loop = &loop;
    st->waiter = Ref<Future>(new Future(loop));
    st->returnWhen = returnWhen;
    if (timeout >= 0) st->timeoutHandle = loop.callLater(timeout, &releaseWaiter, nullptr, st->waiter.get());
    st->counter = fs.size();
    for (auto& f : fs) f->addDoneCallback(&WaitState::onCompletion, st.get());
    struct Finally {
        WaitState* st;
        std::vector<Ref<Future>>& fs;
        ~Finally() {
            if (st->timeoutHandle) st->loop->cancel(st->timeoutHandle.get());
            for (auto& f : fs) f->removeDoneCallback(&WaitState::onCompletion, st);
        }
    };
    {
        Finally fin{st.get(), fs};
        co_await AwaitFuture{st->waiter.get()};
    }
    WaitResult r;
    for (auto& f : fs) (f->done() ? r.done : r.pending).push_back(f);
    co_return r;
}

Co<std::int64_t> waitFor(EventLoop& loop, Co<std::int64_t> coro, std::int32_t label, double timeout,
                         std::function<Ref<Task>(Co<std::int64_t>, std::int32_t)> createTask) {
    if (timeout <= 0) {
        Ref<Task> fut = createTask(std::move(coro), label);
        if (fut->done()) co_return fut->result();
        co_await cancelAndWait(loop, fut);
        co_return resultOrTimeout(fut.get());
    }
    Ref<Future> waiter(new Future(loop));
    Ref<Handle> timeoutHandle = loop.callLater(timeout, &releaseWaiter, nullptr, waiter.get());
    struct Finally {
        EventLoop& loop;
        Handle* h;
        ~Finally() { loop.cancel(h); }
    } fin{loop, timeoutHandle.get()};
    Ref<ReleaseWaiterPartial> cb(new ReleaseWaiterPartial(waiter.get()));
    Ref<Task> fut = createTask(std::move(coro), label);
    fut->addDoneCallback(&ReleaseWaiterPartial::call, cb.get());

    bool cancelled = false;
    try {
        co_await AwaitFuture{waiter.get()};
    } catch (const PyError& e) {
        if (!e.exc.isCancelled()) throw;
        cancelled = true;
    }
    if (cancelled) {
        if (fut->done()) co_return fut->result();
        fut->removeDoneCallback(&ReleaseWaiterPartial::call, cb.get());
        // Make sure the inner task is not running after wait_for() returns (bpo-32751).
        co_await cancelAndWait(loop, fut);
        throw PyError{{kCancelledError}};
    }
    if (fut->done()) co_return fut->result();
    fut->removeDoneCallback(&ReleaseWaiterPartial::call, cb.get());
    co_await cancelAndWait(loop, fut);
    co_return resultOrTimeout(fut.get());
}

AsCompleted::AsCompleted(EventLoop& loop, std::vector<Ref<Future>> fs, double timeout)
    : loop_(&loop), todo_(std::move(fs)), done_(new Queue(loop, 0)) {
    doneFutures_.reserve(todo_.size());
    for (auto& f : todo_) f->addDoneCallback(&AsCompleted::onCompletion, this);
    if (!todo_.empty() && timeout >= 0)
        timeoutHandle_ = loop.callLater(timeout, &AsCompleted::onTimeout, this, nullptr);
    count_ = todo_.size();
}

void AsCompleted::onTimeout(RefCounted* self, Future*) {
    auto* ac = static_cast<AsCompleted*>(self);
    for (auto& f : ac->todo_) {
        f->removeDoneCallback(&AsCompleted::onCompletion, ac);
        ac->done_->putNowait(0);  // None: a dummy for _wait_for_one()
    }
    ac->todo_.clear();
    ac->timeoutHandle_.reset();  // it fired; holding it would keep a cycle (handle -> self -> handle)
}

void AsCompleted::onCompletion(RefCounted* self, Future* f) {
    auto* ac = static_cast<AsCompleted*>(self);
    if (ac->todo_.empty()) return;  // _on_timeout() was here first
    for (auto it = ac->todo_.begin(); it != ac->todo_.end(); ++it) {
        if (it->get() == f) {
            ac->todo_.erase(it);
            break;
        }
    }
    ac->doneFutures_.emplace_back(f);
    ac->done_->putNowait(static_cast<std::int64_t>(ac->doneFutures_.size()));
    if (ac->todo_.empty() && ac->timeoutHandle_) ac->loop_->cancel(ac->timeoutHandle_.get());
}

Co<Ref<Future>> AsCompleted::next() {
    Ref<AsCompleted> keep(this);
    std::int64_t item = co_await done_->get();
    if (item == 0) throw PyError{{kTimeoutError}};
    co_return doneFutures_[static_cast<std::size_t>(item - 1)];
}

}  // namespace cs::detail
