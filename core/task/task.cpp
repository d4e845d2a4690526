#include "task/task.h"

#include <cassert>

namespace cs::detail {

namespace {
thread_local Task* tCurrent = nullptr;
}

Task* Task::current() { return tCurrent; }

Task::Task(EventLoop& loop, Co<std::int64_t> coro, std::int32_t label)
    : Future(loop), root_(coro.release()), label_(label) {
    // Task.__init__: self._loop.call_soon(self.__step)
    loop.callSoon(&Task::stepCallback, this, nullptr);
}

Task::~Task() {
    if (root_) root_.destroy();
}

bool Task::cancel() {
    if (done()) return false;
    ++numCancelsRequested_;
    if (futWaiter_) {
        // Keep the waiter: it may be a Task that swallows the cancellation.
        if (futWaiter_->cancel()) return true;
    }
    mustCancel_ = true;
    return true;
}

void Task::stepCallback(RefCounted* self, Future*) { static_cast<Task*>(self)->step(std::nullopt); }

void Task::wakeupCallback(RefCounted* self, Future* fut) {
    auto* t = static_cast<Task*>(self);
    if (fut->cancelled()) {
        t->step(PyExc{kCancelledError});
    } else if (auto e = fut->exception()) {
        t->step(*e);
    } else {
        t->step(std::nullopt);
    }
}

void Task::step(std::optional<PyExc> exc) {
    assert(!done());
    Ref<Task> keep(this);
    if (mustCancel_) {
        exc = PyExc{kCancelledError};
        mustCancel_ = false;
    }
    futWaiter_.reset();
    Task* prev = tCurrent;
    tCurrent = this;
    yieldKind_ = YieldKind::Nothing;

    bool finished = false;
    std::optional<PyExc> raised;
    if (!started_) {
        started_ = true;
        if (exc) {
            // coro.throw() on a coroutine that never ran: it raises at once.
            root_.destroy();
            root_ = {};
            finished = true;
            raised = exc;
        } else {
            resumePoint_ = root_;
        }
    } else if (exc) {
        throwIn_ = exc->cls;
    }
    if (!finished) {
        resumePoint_.resume();
        if (root_.done()) {
            finished = true;
            auto& p = root_.promise();
            if (p.other) {
                tCurrent = prev;
                std::rethrow_exception(p.other);  // an engine bug, not Python behaviour
            }
            raised = p.pyExc;
            root_.destroy();
            root_ = {};
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
    } else if (yieldKind_ == YieldKind::Future) {
        futWaiter_->addDoneCallback(&Task::wakeupCallback, this);
        if (mustCancel_) {
            if (futWaiter_->cancel()) mustCancel_ = false;
        }
    } else if (yieldKind_ == YieldKind::Bare) {
        currentLoop()->callSoon(&Task::stepCallback, this, nullptr);
    }
    tCurrent = prev;
}

}  // namespace cs::detail
