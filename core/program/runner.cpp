#include "program/runner.h"

#include "combinators/gather.h"
#include "loop/pool.h"

namespace cs::detail {

Runner::Runner(EventLoop& loop, TraceOut& out, std::size_t expectedTasks) : loop_(loop), out_(out) {
    reserveHuge(allTasks_, expectedTasks);
    stopToken_ = Ref<StopToken>(new StopToken);
    stopToken_->runner = this;
}

void Runner::start(Co<std::int64_t> main) {
    // asyncio.run(main()): Runner.run creates the main task and runs it.
    mainTask_ = createTask(std::move(main), -1);
    runUntilComplete(mainTask_.get(), Phase::Main);
}

Ref<Task> Runner::createTask(Co<std::int64_t> co, std::int32_t label) {
    return registerTask(Ref<Task>(new Task(loop_, std::move(co), label)));
}

// asyncio.create_task's bookkeeping: all_tasks() and the creation serial.
Ref<Task> Runner::registerTask(Ref<Task> t) {
    allTasks_.push_back(t);
    ++taskSerial_;
    return t;
}

void Runner::abandonAll() {
    for (const Ref<Task>& t : allTasks_) t->abandon();
    allTasks_.clear();
    mainTask_.reset();
    phaseFuture_.reset();
}

void Runner::runUntilComplete(Future* f, Phase phase) {
    phase_ = phase;
    phaseFuture_ = f;
    f->addDoneCallback(&Runner::stopCallback, stopToken_.get());
}

void Runner::stopCallback(RefCounted* self, Future*) { static_cast<StopToken*>(self)->runner->stopping_ = true; }

bool Runner::onBlockForever() {
    // select() would never return: what Ctrl-C does to asyncio.run().
    if (phase_ == Phase::Main && interruptCount_ == 0 && !mainTask_->done()) {
        ++interruptCount_;  // Runner._on_sigint
        mainTask_->cancel();
        loop_.callSoon(&Runner::noop, nullptr, nullptr);
        return true;
    }
    ++interruptCount_;  // KeyboardInterrupt out of this run_until_complete
    return false;
}

bool Runner::stepOnce() {
    if (phase_ == Phase::Done) return false;
    const bool completed = loop_.runOnce([this] { return onBlockForever(); });
    if (!completed) {
        phaseFuture_->removeDoneCallback(&Runner::stopCallback, stopToken_.get());
        escaped_ = kKeyboardInterrupt;
        if (phase_ == Phase::Main)
            startClosePhase();  // Runner.close() still runs (asyncio.run's `with`)
        else
            finish();           // the SIGINT handler is gone: KeyboardInterrupt ends it all
        return phase_ != Phase::Done;
    }
    if (stopping_) {
        stopping_ = false;
        afterStop();
    }
    return phase_ != Phase::Done;
}

void Runner::afterStop() {
    phaseFuture_->removeDoneCallback(&Runner::stopCallback, stopToken_.get());
    switch (phase_) {
        case Phase::Main:
            settleMain();
            startClosePhase();
            break;
        case Phase::CancelAll:
            runUntilComplete(createTask(trivial(), -1).get(), Phase::AsyncGens);
            break;
        case Phase::AsyncGens:
            runUntilComplete(createTask(trivial(), -1).get(), Phase::Executor);
            break;
        case Phase::Executor:
        case Phase::Done:
            finish();
            break;
    }
}

void Runner::startClosePhase() {
    // _cancel_all_tasks(loop): all_tasks() is a set; we use creation order.
    std::vector<Ref<Future>> toCancel;
    for (auto& t : allTasks_)
        if (!t->done()) toCancel.emplace_back(t);
    if (toCancel.empty()) {
        runUntilComplete(createTask(trivial(), -1).get(), Phase::AsyncGens);
        return;
    }
    for (auto& t : toCancel) t->cancel();
    Ref<GatheringFuture> g = gather(loop_, std::move(toCancel), true);
    runUntilComplete(g.get(), Phase::CancelAll);
}

// Runner.run() after run_until_complete(main) returned or raised.
void Runner::settleMain() {
    if (mainTask_->cancelled()) {
        // CancelledError; after Ctrl-C it becomes KeyboardInterrupt if the
        // interrupt's cancel request was the last one.
        escaped_ = interruptCount_ > 0 && mainTask_->uncancel() == 0 ? kKeyboardInterrupt : kCancelledError;
    } else if (auto e = mainTask_->exception()) {
        escaped_ = e->cls;
    }
}

void Runner::finish() {
    Outcome o = Outcome::Ok;
    std::int32_t cls = -1;
    if (escaped_ == kKeyboardInterrupt) {
        o = Outcome::Deadlock;
    } else if (escaped_ >= 0) {
        o = Outcome::Raised;
        cls = escaped_;
    }
    out_.end(o, cls);  // `end` comes after every event before it
    phase_ = Phase::Done;
}

}  // namespace cs::detail
