#include "task/task.h"

#include <cassert>

namespace cs::detail {

namespace {
thread_local Task* tCurrent = nullptr;
thread_local Task::LeanDriver* tLeanDriver = nullptr;
thread_local Task::StepWatcher* tStepWatcher = nullptr;
}  // namespace

void Task::setLeanDriver(LeanDriver* d) { tLeanDriver = d; }
void Task::setStepWatcher(StepWatcher* w) { tStepWatcher = w; }

Task* Task::current() { return tCurrent; }

Task::Task(EventLoop& loop, Co<std::int64_t> coro, std::int32_t label)
    : Future(loop), label_(label), co_{coro.release(), {}} {
    // Task.__init__: self._loop.call_soon(self.__step)
    loop.callSoon(&Task::stepCallback, this, nullptr);
}

Task::Task(EventLoop& loop, Lean, std::int32_t label)
    : Future(loop), leanState_(kLeanStart), label_(label), lean_{nullptr, 0, kWaitNone} {
    loop.callSoon(&Task::stepCallback, this, nullptr);
}

Task::~Task() {
    if (isLean()) {
        setLeanTimer({});
    } else if (co_.root) {
        co_.root.destroy();
    }
}

void Task::abandon() {
    if (isLean()) {
        setLeanTimer({});
    } else if (co_.root) {
        auto root = co_.root;
        co_.root = {};
        root.destroy();
    }
    futWaiter_.reset();
    clearCallbacks();
}

bool Task::cancel() {
    if (done()) return false;
    ++numCancelsRequested_;
    if (futWaiter_) {
        // Keep the waiter: it may be a Task that swallows the cancellation.
        if (futWaiter_->cancel()) return true;
    } else if (ownWaiter() == kWaitPending) {
        ownWaiterCancel();  // a pending future's cancel() succeeds
        return true;
    }
    mustCancel_ = true;
    return true;
}

void Task::ownWaiterFinish(std::uint8_t state) {
    assert(lean_.wait == kWaitPending);
    lean_.wait = state;
    // The waiter's one done callback, task.__wakeup, with the waiter as its
    // argument: null stands for the own waiter.
    currentLoop()->callSoon(&Task::wakeupCallback, this, nullptr);
}

void Task::ownSleepTimer(RefCounted* self, Future*) {
    auto* t = static_cast<Task*>(self);
    if (t->ownWaiter() == kWaitCancelled) return;
    t->ownWaiterSetResult();
}

void Task::stepCallback(RefCounted* self, Future*) { static_cast<Task*>(self)->step(std::nullopt); }

void Task::wakeupCallback(RefCounted* self, Future* fut) {
    auto* t = static_cast<Task*>(self);
    if (!fut) {  // the task's own waiter (a semaphore permit or asyncio.sleep)
        t->step(t->lean_.wait == kWaitCancelled ? std::optional<PyExc>(PyExc{kCancelledError}) : std::nullopt);
    } else if (fut->succeeded()) {
        t->step(std::nullopt);  // the common case, without exception()'s checks
    } else if (fut->cancelled()) {
        t->step(PyExc{kCancelledError});
    } else if (auto e = fut->exception()) {
        t->step(*e);
    } else {
        t->step(std::nullopt);
    }
}

void Task::step(std::optional<PyExc> exc) {
    assert(!done());
    if (tStepWatcher) [[unlikely]]
        tStepWatcher->taskSteps(*this);
    // No reference of its own: step() runs only as a loop callback
    // (stepCallback, wakeupCallback), whose ready entry holds the task.
    if (mustCancel_) {
        exc = PyExc{kCancelledError};
        mustCancel_ = false;
    }
    Ref<Future> waited = std::move(futWaiter_);
    Task* prev = tCurrent;
    tCurrent = this;

    bool finished = false;
    std::optional<PyExc> raised;
    if (!started()) {
        if (exc) {
            // coro.throw() on a coroutine that never ran: it raises at once.
            if (!isLean()) {
                co_.root.destroy();
                co_.root = {};
            }
            finished = true;
            raised = exc;
        } else if (!isLean()) {
            co_.resumePoint = co_.root;
        }
    } else if (exc) {
        throwIn_ = exc->cls;
    }
    if (!finished) {
        try {
            finished = runCoroutine(raised);
        } catch (...) {
            tCurrent = prev;
            throw;  // an engine bug, not Python behaviour
        }
    }

    if (finished) {
        if (!raised) {
            if (mustCancel_) {
                // Cancelled right before the coroutine returned.
                mustCancel_ = false;
                cancelFuture();
            } else {
                setResult(0);
            }
        } else if (raised->isCancelled()) {
            cancelFuture();  // super().cancel()
        } else {
            setException(*raised);
        }
    } else if (futWaiter_) {  // suspended on a future
        futWaiter_->addDoneCallback(&Task::wakeupCallback, this);
        if (mustCancel_) {
            if (futWaiter_->cancel()) mustCancel_ = false;
        }
    } else if (ownWaiter() == kWaitPending) {  // suspended on its own waiter
        if (mustCancel_) {
            ownWaiterCancel();
            mustCancel_ = false;
        }
    } else {  // a bare yield
        currentLoop()->callSoon(&Task::stepCallback, this, nullptr);
    }
    tCurrent = prev;
}

// Resumes the coroutine (or the lean driver) at its suspension point; true
// when it finished, with `raised` set if it raised.
bool Task::runCoroutine(std::optional<PyExc>& raised) {
    if (isLean()) {
        try {
            return tLeanDriver->leanStep(*this);
        } catch (const PyError& e) {
            throwIn_ = -1;
            raised = e.exc;
            return true;
        }
    }
    co_.resumePoint.resume();
    if (!co_.root.done()) return false;
    auto& p = co_.root.promise();
    if (p.other) std::rethrow_exception(p.other);  // an engine bug, not Python behaviour
    raised = p.pyExc;
    co_.root.destroy();
    co_.root = {};
    return true;
}

}  // namespace cs::detail
