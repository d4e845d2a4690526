// Task: stepped like asyncio.Task.__step (3.11): first step via call_soon,
// wakeup via done callback, cancel()/uncancel()/cancelling(), _must_cancel,
// and asyncio.sleep (sleep(0) is a bare yield, no timer).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/sync_run.h"
#include "sync/sleep.h"

using namespace cs::test;
using cs::detail::AwaitFuture;
using cs::detail::kCancelledError;
using cs::detail::kValueError;
using cs::detail::PyError;
using cs::detail::PyExc;
using cs::detail::sleep;
using cs::detail::YieldNow;

namespace {

Co<std::int64_t> justRun(Log* log) {
    log->add("ran");
    co_return 3;
}

// await f, recording how it ended.
Co<std::int64_t> awaitIt(Future* f, Log* log) {
    log->add("start");
    try {
        co_await AwaitFuture{f};
    } catch (const PyError& e) {
        log->add(e.exc.isCancelled() ? "CancelledError" : "error");
        throw;
    }
    log->add("resumed");
    co_return 1;
}

// try: await f except CancelledError: pass (the ignore_cancel pitfall)
Co<std::int64_t> swallowCancel(Future* f, Log* log) {
    try {
        co_await AwaitFuture{f};
        log->add("resumed");
    } catch (const PyError& e) {
        if (!e.exc.isCancelled()) throw;
        log->add("swallowed");
    }
    co_return 0;
}

Co<std::int64_t> cancelSelfThenReturn(Log* log) {
    log->add("cancel self");
    Task::current()->cancel();
    co_return 0;
}

Co<std::int64_t> cancelSelfThenAwait(Future* f, Log* log) {
    Task::current()->cancel();
    try {
        co_await AwaitFuture{f};
    } catch (const PyError& e) {
        log->add(e.exc.isCancelled() ? "CancelledError" : "error");
        throw;
    }
    log->add("resumed");
    co_return 0;
}

Co<std::int64_t> raiseValueError(Log* log) {
    log->add("raising");
    throw PyError{PyExc{kValueError}};
    co_return 0;
}

// await asyncio.sleep(0) `n` times, logging name + step index.
Co<std::int64_t> yielder(EventLoop* loop, std::string name, int n, Log* log) {
    for (int i = 0; i < n; ++i) {
        log->add(name + std::to_string(i));
        co_await sleep(*loop, 0);
    }
    log->add(name + "end");
    co_return 0;
}

Co<std::int64_t> sleeper(EventLoop* loop, double d, Log* log) {
    try {
        co_await sleep(*loop, d);
    } catch (const PyError& e) {
        log->add(e.exc.isCancelled() ? "CancelledError" : "error");
        throw;
    }
    log->add("woke at " + std::to_string(loop->time()));
    co_return 0;
}

Co<std::int64_t> currentIsSelf(Task** seen) {
    *seen = Task::current();
    co_await YieldNow{};
    co_return 0;
}

}  // namespace

TEST_CASE("a task's first step is scheduled with call_soon, not run at creation") {
    EventLoop loop;
    Log log;
    auto t = spawn(loop, justRun(&log));
    CHECK(log.items.empty());
    CHECK(loop.ready().size() == 1);
    REQUIRE(runOnce(loop));
    CHECK(log.items == std::vector<std::string>{"ran"});
    CHECK(t->done());
    CHECK(t->succeeded());
}

TEST_CASE("Task::current is the task whose step is running, and nothing outside steps") {
    EventLoop loop;
    Task* seen = nullptr;
    auto t = spawn(loop, currentIsSelf(&seen));
    CHECK(Task::current() == nullptr);
    runUntilDone(loop, *t);
    CHECK(seen == t.get());
    CHECK(Task::current() == nullptr);
}

TEST_CASE("a task cancelled before its first step never runs its coroutine") {
    EventLoop loop;
    Log log;
    auto t = spawn(loop, justRun(&log));
    CHECK(t->cancel());
    CHECK(t->cancelling() == 1);
    CHECK_FALSE(t->done());  // the cancellation is delivered by the step
    REQUIRE(runOnce(loop));
    CHECK(t->cancelled());
    CHECK(log.items.empty());
}

TEST_CASE("cancelling a task that waits on a future cancels the future and throws CancelledError in") {
    EventLoop loop;
    Log log;
    auto f = makeFuture(loop);
    auto t = spawn(loop, awaitIt(f.get(), &log));
    REQUIRE(runOnce(loop));
    CHECK(t->waitingOn() == f.get());
    CHECK(t->cancel());
    CHECK(f->cancelled());
    CHECK_FALSE(t->done());
    REQUIRE(runOnce(loop));  // the wakeup callback, scheduled by f's cancellation
    CHECK(log.items == std::vector<std::string>{"start", "CancelledError"});
    CHECK(t->cancelled());
    CHECK_FALSE(t->cancel());  // done: cancel() is a no-op
}

TEST_CASE("a task that swallows CancelledError ends done and stays marked as cancelling") {
    EventLoop loop;
    Log log;
    auto f = makeFuture(loop);
    auto t = spawn(loop, swallowCancel(f.get(), &log));
    REQUIRE(runOnce(loop));
    t->cancel();
    runUntilDone(loop, *t);
    CHECK(log.items == std::vector<std::string>{"swallowed"});
    CHECK(t->done());
    CHECK_FALSE(t->cancelled());
    CHECK(t->succeeded());
    CHECK(t->cancelling() == 1);  // 3.11: nothing uncancels it
    CHECK(t->uncancel() == 0);
    CHECK(t->uncancel() == 0);  // never below zero
}

TEST_CASE("cancel() counts requests and uncancel() takes them back one by one") {
    EventLoop loop;
    Log log;
    auto f = makeFuture(loop);
    auto t = spawn(loop, awaitIt(f.get(), &log));
    REQUIRE(runOnce(loop));
    CHECK(t->cancel());
    CHECK(t->cancel());
    CHECK(t->cancelling() == 2);
    CHECK(t->uncancel() == 1);
    runUntilDone(loop, *t);
    CHECK(t->cancelled());
}

TEST_CASE("a cancel that arrives after the awaited future completed sets must_cancel") {
    // The future already has its result (the wakeup is queued), so
    // fut_waiter.cancel() fails: the next step throws CancelledError in
    // anyway instead of resuming with the result.
    EventLoop loop;
    Log log;
    auto f = makeFuture(loop);
    auto t = spawn(loop, awaitIt(f.get(), &log));
    REQUIRE(runOnce(loop));
    f->setResult(1);
    CHECK(t->cancel());
    CHECK_FALSE(f->cancelled());
    runUntilDone(loop, *t);
    CHECK(log.items == std::vector<std::string>{"start", "CancelledError"});
    CHECK(t->cancelled());
}

TEST_CASE("a cancel while the task is queued after a bare yield is thrown in at the yield") {
    EventLoop loop;
    Log log;
    auto t = spawn(loop, yielder(&loop, "y", 3, &log));
    REQUIRE(runOnce(loop));  // y0, then the bare yield
    CHECK(t->waitingOn() == nullptr);
    CHECK(t->cancel());      // no fut_waiter: _must_cancel
    runUntilDone(loop, *t);
    CHECK(log.items == std::vector<std::string>{"y0"});
    CHECK(t->cancelled());
}

TEST_CASE("a task that cancels itself right before returning ends cancelled") {
    EventLoop loop;
    Log log;
    auto t = spawn(loop, cancelSelfThenReturn(&log));
    runUntilDone(loop, *t);
    CHECK(log.items == std::vector<std::string>{"cancel self"});
    CHECK(t->cancelled());
}

TEST_CASE("a task that cancels itself and then awaits a future cancels that future") {
    EventLoop loop;
    Log log;
    auto f = makeFuture(loop);
    auto t = spawn(loop, cancelSelfThenAwait(f.get(), &log));
    REQUIRE(runOnce(loop));
    CHECK(f->cancelled());  // the step's `if self._must_cancel: self._fut_waiter.cancel()`
    runUntilDone(loop, *t);
    CHECK(log.items == std::vector<std::string>{"CancelledError"});
    CHECK(t->cancelled());
}

TEST_CASE("a Python exception escaping the coroutine fails the task with that exception") {
    EventLoop loop;
    Log log;
    auto t = spawn(loop, raiseValueError(&log));
    runUntilDone(loop, *t);
    CHECK(t->done());
    CHECK_FALSE(t->cancelled());
    REQUIRE(t->exception().has_value());
    CHECK(t->exception()->cls == kValueError);
}

TEST_CASE("a task awaiting another task resumes one iteration after it finishes") {
    EventLoop loop;
    Log inner, outer;
    auto f = makeFuture(loop);
    auto t1 = spawn(loop, awaitIt(f.get(), &inner));
    auto t2 = spawn(loop, awaitIt(t1.get(), &outer));
    REQUIRE(runOnce(loop));
    f->setResult(0);
    REQUIRE(runOnce(loop));  // t1 wakes and finishes: schedules t2's wakeup
    CHECK(t1->done());
    CHECK(outer.items == std::vector<std::string>{"start"});
    REQUIRE(runOnce(loop));
    CHECK(outer.items == std::vector<std::string>{"start", "resumed"});
    CHECK(t2->succeeded());
}

TEST_CASE("cancelling a task that awaits a task which swallows the cancel lets the outer resume normally") {
    // Task.cancel(): fut_waiter (the inner task) accepted the cancel, so no
    // _must_cancel; the inner task returns normally and the outer resumes.
    EventLoop loop;
    Log inner, outer;
    auto f = makeFuture(loop);
    auto t1 = spawn(loop, swallowCancel(f.get(), &inner));
    auto t2 = spawn(loop, awaitIt(t1.get(), &outer));
    REQUIRE(runOnce(loop));
    CHECK(t2->cancel());
    CHECK(t1->cancelling() == 1);
    runAll(loop);
    CHECK(inner.items == std::vector<std::string>{"swallowed"});
    CHECK(outer.items == std::vector<std::string>{"start", "resumed"});
    CHECK(t2->succeeded());
    CHECK(t2->cancelling() == 1);
}

TEST_CASE("sleep(0) is a bare yield: one extra iteration each, and no timer") {
    EventLoop loop;
    Log log;
    auto a = spawn(loop, yielder(&loop, "a", 2, &log));
    auto b = spawn(loop, yielder(&loop, "b", 2, &log));
    std::size_t iterations = 0;
    while (!(a->done() && b->done())) {
        CHECK_FALSE(loop.hasTimers());
        REQUIRE(runOnce(loop));
        ++iterations;
    }
    CHECK(iterations == 3);
    CHECK(loop.time() == 0.0);
    CHECK(log.items == std::vector<std::string>{"a0", "b0", "a1", "b1", "aend", "bend"});
}

TEST_CASE("sleep(d) resumes the task at now + d through a timer") {
    EventLoop loop;
    Log log;
    auto t = spawn(loop, sleeper(&loop, 2.5, &log));
    REQUIRE(runOnce(loop));
    CHECK(loop.hasTimers());
    CHECK(loop.nextIterationTime() == 2.5);
    runUntilDone(loop, *t);
    CHECK(log.items == std::vector<std::string>{"woke at " + std::to_string(2.5)});
}

TEST_CASE("cancelling a sleeping task cancels its timer so the clock does not jump to it") {
    EventLoop loop;
    Log log;
    auto t = spawn(loop, sleeper(&loop, 10.0, &log));
    REQUIRE(runOnce(loop));
    t->cancel();
    runAll(loop);
    CHECK(t->cancelled());
    CHECK(log.items == std::vector<std::string>{"CancelledError"});
    CHECK(loop.time() == 0.0);
    CHECK_FALSE(loop.hasTimers());  // dropped from the head
}
