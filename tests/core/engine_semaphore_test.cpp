// Semaphore, BoundedSemaphore (asyncio 3.11.7) and the spec's
// ResizableSemaphore (section 2): FIFO hand-off, the locked() rule, a
// cancelled waiter passing its permit on, the bound, resize.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/sync_run.h"
#include "support/work.h"
#include "sync/semaphore.h"
#include "sync/sleep.h"

using namespace cs::test;
using cs::detail::AwaitFuture;
using cs::detail::kValueError;
using cs::detail::PyError;
using cs::detail::Semaphore;
using cs::detail::sleep;

namespace {

std::string at(const EventLoop& loop) { return atTime(loop); }

// async with sem: await asyncio.sleep(hold)
Co<std::int64_t> holdFor(EventLoop* loop, Semaphore* s, int id, double hold, Log* log) {
    try {
        co_await s->acquire(id);
    } catch (const PyError& e) {
        log->add(std::to_string(id) + (e.exc.isCancelled() ? " cancelled" : " error"));
        throw;
    }
    log->add("got " + std::to_string(id) + at(*loop));
    try {
        co_await sleep(*loop, hold);
    } catch (...) {
        s->release();
        throw;
    }
    s->release();
    co_return 0;
}

// async with sem: await gate
Co<std::int64_t> holdUntil(Semaphore* s, int id, Future* gate, Log* log) {
    try {
        co_await s->acquire(id);
    } catch (const PyError& e) {
        log->add(std::to_string(id) + (e.exc.isCancelled() ? " cancelled" : " error"));
        throw;
    }
    log->add("got " + std::to_string(id));
    try {
        co_await AwaitFuture{gate};
    } catch (...) {
        s->release();
        throw;
    }
    s->release();
    log->add("released " + std::to_string(id));
    co_return 0;
}

// The same, releasing with its own label (as the program does).
Co<std::int64_t> holdUntilLabelled(Semaphore* s, int id, Future* gate, Log* log) {
    co_await s->acquire(id);
    log->add("got " + std::to_string(id));
    try {
        co_await AwaitFuture{gate};
    } catch (...) {
        s->release(id);
        throw;
    }
    s->release(id);
    co_return 0;
}

Co<std::int64_t> releaseTimes(Semaphore* s, int n) {
    for (int i = 0; i < n; ++i) s->release();
    co_return 0;
}

}  // namespace

TEST_CASE("a semaphore hands its permits to waiters first-in first-out") {
    EventLoop loop;
    useLoop(loop);
    Ref<Semaphore> s(new Semaphore(loop, 2));
    Log log;
    std::vector<Ref<Task>> ts;
    const double holds[] = {1.0, 3.0, 1.0, 1.0, 1.0};
    for (int i = 0; i < 5; ++i) ts.push_back(spawn(loop, holdFor(&loop, s.get(), i, holds[i], &log), i));
    runAll(loop);
    CHECK(log.items == std::vector<std::string>{"got 0@0", "got 1@0", "got 2@1", "got 3@2", "got 4@3"});
    CHECK(s->value() == 2);
    CHECK(s->waiters().empty());
}

TEST_CASE("release wakes the first waiter that is not done and says which") {
    EventLoop loop;
    useLoop(loop);
    Ref<Semaphore> s(new Semaphore(loop, 1));
    Log log;
    auto gate = makeFuture(loop);
    auto t0 = spawn(loop, holdUntil(s.get(), 0, gate.get(), &log), 0);
    auto t1 = spawn(loop, holdUntil(s.get(), 1, gate.get(), &log), 1);
    auto t2 = spawn(loop, holdUntil(s.get(), 2, gate.get(), &log), 2);
    REQUIRE(runOnce(loop));
    REQUIRE(s->waiters().size() == 2);
    CHECK(s->waiters()[0].label == 1);
    CHECK(s->waiters()[1].label == 2);
    CHECK(s->release() == 1);  // as if t0 released (the test holds its permit for it)
    CHECK(s->value() == 0);    // the woken waiter's permit is taken at wake-up
    CHECK(s->release() == 2);
    CHECK(s->release() == -1);
    CHECK(s->value() == 1);
    REQUIRE(runOnce(loop));  // t1 and t2 take the permits they were given
    gate->setResult(0);
    runAll(loop);
    CHECK(log.items == std::vector<std::string>{"got 0", "got 1", "got 2", "released 0", "released 1", "released 2"});
    CHECK(s->value() == 4);  // a plain Semaphore grows on extra releases
}

TEST_CASE("a waiter cancelled before its wake-up does not take a permit") {
    EventLoop loop;
    useLoop(loop);
    Ref<Semaphore> s(new Semaphore(loop, 1));
    Log log;
    auto gate = makeFuture(loop);
    auto t0 = spawn(loop, holdUntil(s.get(), 0, gate.get(), &log), 0);
    auto t1 = spawn(loop, holdUntil(s.get(), 1, gate.get(), &log), 1);
    auto t2 = spawn(loop, holdUntil(s.get(), 2, gate.get(), &log), 2);
    REQUIRE(runOnce(loop));
    t1->cancel();  // its waiter future is cancelled
    gate->setResult(0);
    runAll(loop);
    CHECK(log.items == std::vector<std::string>{"got 0", "1 cancelled", "released 0", "got 2", "released 2"});
    CHECK(t1->cancelled());
    CHECK(s->value() == 1);
}

TEST_CASE("a waiter cancelled after it was woken passes its permit to the next waiter") {
    EventLoop loop;
    useLoop(loop);
    Ref<Semaphore> s(new Semaphore(loop, 1));
    Log log;
    auto gate0 = makeFuture(loop);
    auto gate = makeFuture(loop);
    auto t0 = spawn(loop, holdUntil(s.get(), 0, gate0.get(), &log), 0);
    auto t1 = spawn(loop, holdUntil(s.get(), 1, gate.get(), &log), 1);
    auto t2 = spawn(loop, holdUntil(s.get(), 2, gate.get(), &log), 2);
    REQUIRE(runOnce(loop));
    gate0->setResult(0);
    REQUIRE(runOnce(loop));  // t0 releases: t1's waiter future gets its result
    CHECK(log.items.back() == "released 0");
    CHECK(s->value() == 0);
    CHECK(s->locked());
    CHECK(t1->cancel());  // the future is done: _must_cancel
    REQUIRE(runOnce(loop));  // t1: CancelledError with fut not cancelled -> value += 1; _wake_up_next()
    CHECK(log.items.back() == "1 cancelled");
    CHECK(s->value() == 0);
    REQUIRE(s->waiters().size() == 1);
    CHECK(s->waiters()[0].done());  // t2 was woken by t1
    gate->setResult(0);
    runAll(loop);
    CHECK(log.items == std::vector<std::string>{"got 0", "released 0", "1 cancelled", "got 2", "released 2"});
    CHECK(s->value() == 1);
}

TEST_CASE("a semaphore with a woken waiter that has not run yet is locked even with value > 0") {
    // locked(): value == 0 or any(not w.cancelled() for w in waiters)
    EventLoop loop;
    useLoop(loop);
    Ref<Semaphore> s(new Semaphore(loop, 1));
    Log log;
    auto gate = makeFuture(loop);
    auto t0 = spawn(loop, holdUntil(s.get(), 0, gate.get(), &log), 0);
    auto t1 = spawn(loop, holdUntil(s.get(), 1, gate.get(), &log), 1);
    REQUIRE(runOnce(loop));
    CHECK(s->locked());
    // In one iteration: a task releases twice (t1 is woken, then the value
    // is 1 with t1's done future still queued), then a newcomer asks.
    auto r = spawn(loop, releaseTimes(s.get(), 2));
    auto t2 = spawn(loop, holdUntil(s.get(), 2, gate.get(), &log), 2);
    REQUIRE(runOnce(loop));
    CHECK(s->value() == 1);
    CHECK(s->locked());
    CHECK(s->waiters().size() == 2);  // t1 (woken) and the newcomer t2
    REQUIRE(runOnce(loop));           // t1 takes its permit; value 1 > 0 -> wakes t2
    REQUIRE(runOnce(loop));
    CHECK(log.items == std::vector<std::string>{"got 0", "got 1", "got 2"});
    CHECK(s->value() == 0);
    gate->setResult(0);
    runAll(loop);
}

TEST_CASE("a newcomer queues behind a woken waiter instead of taking its permit") {
    EventLoop loop;
    useLoop(loop);
    Ref<Semaphore> s(new Semaphore(loop, 1));
    Log log;
    auto gate0 = makeFuture(loop);
    auto gate = makeFuture(loop);
    auto t0 = spawn(loop, holdUntil(s.get(), 0, gate0.get(), &log), 0);
    auto t1 = spawn(loop, holdUntil(s.get(), 1, gate.get(), &log), 1);
    REQUIRE(runOnce(loop));
    gate0->setResult(0);
    auto t2 = spawn(loop, holdUntil(s.get(), 2, gate.get(), &log), 2);  // its first step runs after t0's wakeup
    runAll(loop);
    CHECK(log.items == std::vector<std::string>{"got 0", "released 0", "got 1"});
    REQUIRE(s->waiters().size() == 1);
    CHECK(s->waiters()[0].label == 2);
    gate->setResult(0);
    runAll(loop);
    CHECK(log.items == std::vector<std::string>{"got 0", "released 0", "got 1", "released 1", "got 2", "released 2"});
}

TEST_CASE("only cancelled waiters do not lock a semaphore with a free permit") {
    EventLoop loop;
    useLoop(loop);
    Ref<Semaphore> s(new Semaphore(loop, 1));
    Log log;
    auto gate = makeFuture(loop);
    auto t0 = spawn(loop, holdUntil(s.get(), 0, gate.get(), &log), 0);
    auto t1 = spawn(loop, holdUntil(s.get(), 1, gate.get(), &log), 1);
    REQUIRE(runOnce(loop));
    t1->cancel();              // t1's waiter future is cancelled, t1 has not run yet
    CHECK(s->release() == -1); // the cancelled waiter is skipped
    CHECK(s->value() == 1);
    CHECK_FALSE(s->locked());
    auto t2 = spawn(loop, holdUntil(s.get(), 2, gate.get(), &log), 2);
    runOnce(loop);
    CHECK(log.items == std::vector<std::string>{"got 0", "1 cancelled", "got 2"});
    gate->setResult(0);
    runAll(loop);
}

TEST_CASE("a bounded semaphore refuses a release above its initial value with ValueError") {
    EventLoop loop;
    useLoop(loop);
    Ref<Semaphore> s(new Semaphore(loop, 2, Semaphore::Kind::Bounded));
    int cls = -1;
    try {
        s->release();
    } catch (const PyError& e) {
        cls = e.exc.cls;
    }
    CHECK(cls == kValueError);
    CHECK(s->value() == 2);

    Log log;
    auto gate = makeFuture(loop);
    auto t0 = spawn(loop, holdUntil(s.get(), 0, gate.get(), &log), 0);
    REQUIRE(runOnce(loop));
    CHECK(s->value() == 1);
    CHECK(s->release() == -1);  // within the bound (on t0's behalf)
    CHECK(s->value() == 2);
    CHECK_THROWS_AS(s->release(), PyError);
    CHECK(s->value() == 2);
    gate->setResult(0);
    runAll(loop);
    CHECK(t0->exception().has_value());  // t0's own release now goes above the bound
    CHECK(t0->exception()->cls == kValueError);
}

TEST_CASE("resizing a resizable semaphore up wakes waiters in order, one per new permit") {
    EventLoop loop;
    useLoop(loop);
    Ref<Semaphore> s(new Semaphore(loop, 1, Semaphore::Kind::Resizable));
    Log log;
    auto gate = makeFuture(loop);
    std::vector<Ref<Task>> ts;
    for (int i = 0; i < 5; ++i) ts.push_back(spawn(loop, holdUntil(s.get(), i, gate.get(), &log), i));
    REQUIRE(runOnce(loop));
    CHECK(s->waiters().size() == 4);
    std::vector<std::int32_t> woken;
    s->resize(3, &woken);
    CHECK(woken == std::vector<std::int32_t>{1, 2});
    CHECK(s->limit() == 3);
    CHECK(s->value() == 0);
    REQUIRE(runOnce(loop));
    CHECK(log.items == std::vector<std::string>{"got 0", "got 1", "got 2"});
    woken.clear();
    s->resize(3, &woken);  // same size: nothing happens
    CHECK(woken.empty());
    gate->setResult(0);
    runAll(loop);
    CHECK(s->value() == 3);
}

TEST_CASE("resizing down never pre-empts a holder, and the lowered limit holds until releases pay it back") {
    // Expected values: the spec's ResizableSemaphore (section 2) run by
    // CPython 3.11.7 with the same three holders and one newcomer.
    EventLoop loop;
    useLoop(loop);
    Ref<Semaphore> s(new Semaphore(loop, 3, Semaphore::Kind::Resizable));
    Log log;
    std::vector<Ref<Future>> gates;
    std::vector<Ref<Task>> ts;
    for (int i = 0; i < 3; ++i) {
        gates.push_back(makeFuture(loop));
        ts.push_back(spawn(loop, holdUntil(s.get(), i, gates.back().get(), &log), i));
    }
    REQUIRE(runOnce(loop));
    std::vector<std::int32_t> woken;
    s->resize(1, &woken);
    CHECK(woken.empty());
    CHECK(s->value() == -2);
    CHECK(s->limit() == 1);
    CHECK(s->locked());
    for (auto& t : ts) CHECK_FALSE(t->done());  // holders keep their permits

    auto gate3 = makeFuture(loop);
    auto t3 = spawn(loop, holdUntil(s.get(), 3, gate3.get(), &log), 3);
    REQUIRE(runOnce(loop));
    CHECK(s->waiters().size() == 1);
    // The spec's ResizableSemaphore._wake_up_next wakes nobody while
    // _value <= 0: the releases pay the debt back first. (The same steps in
    // CPython 3.11.7 with the spec's class log the same and leave the same values.)
    gates[0]->setResult(0);
    runAll(loop);
    CHECK(log.items == std::vector<std::string>{"got 0", "got 1", "got 2", "released 0"});
    CHECK(s->value() == -1);
    gates[1]->setResult(0);
    runAll(loop);
    CHECK(log.items == std::vector<std::string>{"got 0", "got 1", "got 2", "released 0", "released 1"});
    CHECK(s->value() == 0);
    gates[2]->setResult(0);
    runAll(loop);
    CHECK(log.items ==
          std::vector<std::string>{"got 0", "got 1", "got 2", "released 0", "released 1", "released 2", "got 3"});
    CHECK(s->value() == 0);
    gate3->setResult(0);
    runAll(loop);
    CHECK(s->value() == 1);
    CHECK_FALSE(s->locked());
}

TEST_CASE("a resizable semaphore with value 0 after a resize up-and-down is locked") {
    EventLoop loop;
    useLoop(loop);
    Ref<Semaphore> s(new Semaphore(loop, 2, Semaphore::Kind::Resizable));
    CHECK_FALSE(s->locked());
    s->resize(0);
    CHECK(s->value() == 0);
    CHECK(s->locked());
    s->resize(2);
    CHECK(s->value() == 2);
    CHECK_FALSE(s->locked());
}

TEST_CASE("holders are the labels that took a permit and did not release it, in the order they took it") {
    EventLoop loop;
    useLoop(loop);
    Ref<Semaphore> s(new Semaphore(loop, 2));
    Log log;
    auto gate0 = makeFuture(loop);
    auto gate = makeFuture(loop);
    auto t0 = spawn(loop, holdUntilLabelled(s.get(), 0, gate0.get(), &log), 0);
    auto t1 = spawn(loop, holdUntilLabelled(s.get(), 1, gate.get(), &log), 1);
    auto t2 = spawn(loop, holdUntilLabelled(s.get(), 2, gate.get(), &log), 2);
    REQUIRE(runOnce(loop));
    CHECK(s->holders() == std::vector<std::int32_t>{0, 1});
    gate0->setResult(0);
    REQUIRE(runOnce(loop));  // t0 releases and wakes t2
    CHECK(s->holders() == std::vector<std::int32_t>{1});  // t2 holds once it runs
    REQUIRE(runOnce(loop));
    CHECK(s->holders() == std::vector<std::int32_t>{1, 2});
    gate->setResult(0);
    runAll(loop);
    CHECK(s->holders().empty());
    CHECK(s->value() == 2);
}

TEST_CASE("a woken waiter that is cancelled never becomes a holder") {
    EventLoop loop;
    useLoop(loop);
    Ref<Semaphore> s(new Semaphore(loop, 1));
    Log log;
    auto gate0 = makeFuture(loop);
    auto gate = makeFuture(loop);
    auto t0 = spawn(loop, holdUntilLabelled(s.get(), 0, gate0.get(), &log), 0);
    auto t1 = spawn(loop, holdUntilLabelled(s.get(), 1, gate.get(), &log), 1);
    auto t2 = spawn(loop, holdUntilLabelled(s.get(), 2, gate.get(), &log), 2);
    REQUIRE(runOnce(loop));
    gate0->setResult(0);
    REQUIRE(runOnce(loop));
    t1->cancel();
    runOnce(loop);
    runOnce(loop);
    CHECK(s->holders() == std::vector<std::int32_t>{2});
    gate->setResult(0);
    runAll(loop);
    CHECK(s->holders().empty());
}
