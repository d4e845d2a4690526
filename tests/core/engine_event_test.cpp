// asyncio.Event (3.11.7): wait() returns at once when set, set() wakes every
// waiter (in the order they waited), clear() makes later waiters block again.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/sync_run.h"
#include "sync/event.h"

using namespace cs::test;
using cs::detail::Event;
using cs::detail::PyError;

namespace {

Co<std::int64_t> waitEvent(Event* e, int id, Log* log) {
    try {
        co_await e->wait();
    } catch (const PyError& err) {
        log->add(std::to_string(id) + (err.exc.isCancelled() ? " cancelled" : " error"));
        throw;
    }
    log->add("woke " + std::to_string(id));
    co_return 0;
}

}  // namespace

TEST_CASE("set wakes every waiter in the order they waited") {
    EventLoop loop;
    useLoop(loop);
    Ref<Event> e(new Event(loop));
    Log log;
    std::vector<Ref<Task>> ts;
    for (int i = 0; i < 3; ++i) ts.push_back(spawn(loop, waitEvent(e.get(), i, &log)));
    REQUIRE(runOnce(loop));
    CHECK(log.items.empty());
    CHECK_FALSE(e->isSet());
    e->set();
    CHECK(e->isSet());
    REQUIRE(runOnce(loop));
    CHECK(log.items == std::vector<std::string>{"woke 0", "woke 1", "woke 2"});
}

TEST_CASE("waiting on a set event does not suspend; after clear it blocks again") {
    EventLoop loop;
    useLoop(loop);
    Ref<Event> e(new Event(loop));
    Log log;
    e->set();
    auto t0 = spawn(loop, waitEvent(e.get(), 0, &log));
    REQUIRE(runOnce(loop));
    CHECK(t0->done());
    e->clear();
    CHECK_FALSE(e->isSet());
    auto t1 = spawn(loop, waitEvent(e.get(), 1, &log));
    REQUIRE(runOnce(loop));
    CHECK_FALSE(t1->done());
    e->set();
    runAll(loop);
    CHECK(log.items == std::vector<std::string>{"woke 0", "woke 1"});
}

TEST_CASE("a cancelled event waiter leaves and the others still wake") {
    EventLoop loop;
    useLoop(loop);
    Ref<Event> e(new Event(loop));
    Log log;
    auto t0 = spawn(loop, waitEvent(e.get(), 0, &log));
    auto t1 = spawn(loop, waitEvent(e.get(), 1, &log));
    REQUIRE(runOnce(loop));
    t0->cancel();
    REQUIRE(runOnce(loop));
    e->set();
    runAll(loop);
    CHECK(log.items == std::vector<std::string>{"0 cancelled", "woke 1"});
    CHECK(t0->cancelled());
    CHECK(t1->succeeded());
}
