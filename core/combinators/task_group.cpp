#include "combinators/task_group.h"

namespace cs::detail {

void TaskGroup::enter() {
    parent_ = Task::current();
    entered_ = true;
}

void TaskGroup::adopt(const Ref<Task>& task, std::uint64_t serial) {
    task->addDoneCallback(&TaskGroup::onTaskDone, this);
    tasks_.emplace(serial, task);
    serialOf_.emplace(task.get(), serial);
}

void TaskGroup::abort() {
    aborting_ = true;
    for (auto& [serial, t] : tasks_)
        if (!t->done()) t->cancel();
}

void TaskGroup::onTaskDone(RefCounted* self, Future* task) {
    auto* tg = static_cast<TaskGroup*>(self);
    Ref<TaskGroup> keep(tg);
    auto it = tg->serialOf_.find(task);
    if (it != tg->serialOf_.end()) {
        tg->tasks_.erase(it->second);
        tg->serialOf_.erase(it);
    }
    if (tg->onCompletedFut_ && tg->tasks_.empty() && !tg->onCompletedFut_->done()) tg->onCompletedFut_->setResult(1);
    if (task->cancelled()) return;
    auto exc = task->exception();
    if (!exc) return;
    tg->errors_.push_back(*exc);
    if (exc->cls == kKeyboardInterrupt && !tg->baseError_) tg->baseError_ = exc;
    if (tg->parent_->done()) return;  // call_exception_handler
    if (!tg->aborting_ && !tg->parentCancelRequested_) {
        tg->abort();
        tg->parentCancelRequested_ = true;
        tg->parent_->cancel();
    }
}

Co<void> TaskGroup::exit(std::optional<PyExc> et) {
    Ref<TaskGroup> keep(this);
    exiting_ = true;
    if (et && et->cls == kKeyboardInterrupt && !baseError_) baseError_ = et;
    std::optional<PyExc> propagateCancellation;
    if (et && et->isCancelled()) propagateCancellation = et;
    if (parentCancelRequested_) {
        if (parent_->uncancel() == 0) propagateCancellation.reset();
    }
    if (et && !aborting_) abort();
    while (!tasks_.empty()) {
        if (!onCompletedFut_) onCompletedFut_ = Ref<Future>(new Future(*loop_));
        try {
            co_await AwaitFuture{onCompletedFut_.get()};
        } catch (const PyError& e) {
            if (!e.exc.isCancelled()) throw;
            if (!aborting_) {
                propagateCancellation = e.exc;
                abort();
            }
        }
        onCompletedFut_.reset();
    }
    if (baseError_) throw PyError{*baseError_};
    if (propagateCancellation && errors_.empty()) throw PyError{*propagateCancellation};
    if (et && !et->isCancelled()) errors_.push_back(*et);
    if (!errors_.empty()) throw PyError{{kExceptionGroup}};
}

}  // namespace cs::detail
