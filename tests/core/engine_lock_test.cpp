// asyncio.Lock (3.11.7): immediate acquire when free, FIFO waiters, fairness
// toward a woken waiter, a cancelled woken waiter wakes the next one,
// release of an unlocked lock is a RuntimeError.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/sync_run.h"
#include "sync/lock.h"

using namespace cs::test;
using cs::detail::AwaitFuture;
using cs::detail::kRuntimeError;
using cs::detail::Lock;
using cs::detail::PyError;

namespace {

// async with lock: await gate
Co<std::int64_t> lockedUntil(Lock* l, int id, Future* gate, Log* log) {
    try {
        co_await l->acquire();
    } catch (const PyError& e) {
        log->add(std::to_string(id) + (e.exc.isCancelled() ? " cancelled" : " error"));
        throw;
    }
    log->add("got " + std::to_string(id));
    try {
        co_await AwaitFuture{gate};
    } catch (...) {
        l->release();
        throw;
    }
    l->release();
    log->add("released " + std::to_string(id));
    co_return 0;
}

}  // namespace

TEST_CASE("a free lock is taken without suspending; later askers wait first-in first-out") {
    EventLoop loop;
    useLoop(loop);
    Ref<Lock> l(new Lock(loop));
    Log log;
    auto gate = makeFuture(loop);
    std::vector<Ref<Task>> ts;
    for (int i = 0; i < 4; ++i) ts.push_back(spawn(loop, lockedUntil(l.get(), i, gate.get(), &log)));
    REQUIRE(runOnce(loop));
    CHECK(l->locked());
    CHECK(l->waiting() == 3);
    CHECK(log.items == std::vector<std::string>{"got 0"});
    gate->setResult(0);
    runAll(loop);
    CHECK(log.items == std::vector<std::string>{"got 0", "released 0", "got 1", "released 1", "got 2", "released 2",
                                                "got 3", "released 3"});
    CHECK_FALSE(l->locked());
    CHECK(l->waiting() == 0);
}

TEST_CASE("releasing an unlocked lock raises RuntimeError") {
    EventLoop loop;
    useLoop(loop);
    Ref<Lock> l(new Lock(loop));
    int cls = -1;
    try {
        l->release();
    } catch (const PyError& e) {
        cls = e.exc.cls;
    }
    CHECK(cls == kRuntimeError);
}

TEST_CASE("a newcomer does not take a lock whose first waiter was woken but has not run") {
    EventLoop loop;
    useLoop(loop);
    Ref<Lock> l(new Lock(loop));
    Log log;
    auto gate0 = makeFuture(loop);
    auto gate = makeFuture(loop);
    auto t0 = spawn(loop, lockedUntil(l.get(), 0, gate0.get(), &log));
    auto t1 = spawn(loop, lockedUntil(l.get(), 1, gate.get(), &log));
    REQUIRE(runOnce(loop));
    gate0->setResult(0);
    auto t2 = spawn(loop, lockedUntil(l.get(), 2, gate.get(), &log));  // steps right after t0 releases
    REQUIRE(runOnce(loop));
    CHECK_FALSE(l->locked());     // released, t1 woken but not yet running
    CHECK(l->waiting() == 2);     // t2 queued: all(w.cancelled() for w in waiters) is false
    runAll(loop);
    CHECK(log.items == std::vector<std::string>{"got 0", "released 0", "got 1"});
    gate->setResult(0);
    runAll(loop);
    CHECK(log.items == std::vector<std::string>{"got 0", "released 0", "got 1", "released 1", "got 2", "released 2"});
}

TEST_CASE("a woken lock waiter that is cancelled wakes the next waiter") {
    EventLoop loop;
    useLoop(loop);
    Ref<Lock> l(new Lock(loop));
    Log log;
    auto gate0 = makeFuture(loop);
    auto gate = makeFuture(loop);
    auto t0 = spawn(loop, lockedUntil(l.get(), 0, gate0.get(), &log));
    auto t1 = spawn(loop, lockedUntil(l.get(), 1, gate.get(), &log));
    auto t2 = spawn(loop, lockedUntil(l.get(), 2, gate.get(), &log));
    REQUIRE(runOnce(loop));
    gate0->setResult(0);
    REQUIRE(runOnce(loop));  // t0 releases: t1's future gets its result
    CHECK(t1->cancel());     // too late to cancel the future: _must_cancel
    runAll(loop);
    CHECK(t1->cancelled());
    CHECK(log.items == std::vector<std::string>{"got 0", "released 0", "1 cancelled", "got 2"});
    gate->setResult(0);
    runAll(loop);
    CHECK_FALSE(l->locked());
}

TEST_CASE("a lock waiter cancelled while waiting leaves the queue and takes nothing") {
    EventLoop loop;
    useLoop(loop);
    Ref<Lock> l(new Lock(loop));
    Log log;
    auto gate = makeFuture(loop);
    auto t0 = spawn(loop, lockedUntil(l.get(), 0, gate.get(), &log));
    auto t1 = spawn(loop, lockedUntil(l.get(), 1, gate.get(), &log));
    REQUIRE(runOnce(loop));
    t1->cancel();
    REQUIRE(runOnce(loop));
    CHECK(l->waiting() == 0);
    CHECK(l->locked());
    gate->setResult(0);
    runAll(loop);
    CHECK(log.items == std::vector<std::string>{"got 0", "1 cancelled", "released 0"});
    CHECK_FALSE(l->locked());
}
