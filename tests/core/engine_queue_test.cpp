// asyncio.Queue (3.11.7): FIFO items, maxsize makes put() block, get() on
// an empty queue blocks, join() waits for task_done() of every item.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/sync_run.h"
#include "sync/queue.h"
#include "sync/sleep.h"

using namespace cs::test;
using cs::detail::kValueError;
using cs::detail::PyError;
using cs::detail::Queue;
using cs::detail::sleep;

namespace {

std::string at(const EventLoop& loop) {
    std::string s("@");  // not "@" + ...: GCC 12 warns falsely (-Wrestrict) on that
    s += std::to_string(static_cast<int>(loop.time()));
    return s;
}

Co<std::int64_t> producer(EventLoop* loop, Queue* q, int n, Log* log) {
    for (int i = 0; i < n; ++i) {
        co_await q->put(i);
        log->add("put " + std::to_string(i) + at(*loop));
    }
    co_return 0;
}

// get one item every `every` seconds
Co<std::int64_t> slowConsumer(EventLoop* loop, Queue* q, int n, double every, Log* log) {
    for (int i = 0; i < n; ++i) {
        co_await sleep(*loop, every);
        const std::int64_t item = co_await q->get();
        log->add("get " + std::to_string(item) + at(*loop));
    }
    co_return 0;
}

// for each item: work `work` seconds, then task_done()
Co<std::int64_t> worker(EventLoop* loop, Queue* q, double work, Log* log) {
    for (;;) {
        const std::int64_t item = co_await q->get();
        co_await sleep(*loop, work);
        log->add("done " + std::to_string(item) + at(*loop));
        q->taskDone();
    }
}

Co<std::int64_t> joiner(EventLoop* loop, Queue* q, Log* log) {
    co_await q->join();
    log->add("joined" + at(*loop));
    co_return 0;
}

Co<std::int64_t> getOne(Queue* q, Log* log) {
    const std::int64_t item = co_await q->get();
    log->add("got " + std::to_string(item));
    co_return 0;
}

}  // namespace

TEST_CASE("put blocks while a bounded queue is full and resumes when an item is taken") {
    EventLoop loop;
    useLoop(loop);
    Ref<Queue> q(new Queue(loop, 2));
    Log log;
    auto p = spawn(loop, producer(&loop, q.get(), 5, &log));
    auto c = spawn(loop, slowConsumer(&loop, q.get(), 5, 1.0, &log));
    REQUIRE(runOnce(loop));
    CHECK(q->full());
    CHECK(q->qsize() == 2);
    runAll(loop);
    CHECK(log.items == std::vector<std::string>{"put 0@0", "put 1@0", "get 0@1", "put 2@1", "get 1@2", "put 3@2",
                                                "get 2@3", "put 4@3", "get 3@4", "get 4@5"});
    CHECK(q->empty());
}

TEST_CASE("an unbounded queue never blocks put and hands items out first-in first-out") {
    EventLoop loop;
    useLoop(loop);
    Ref<Queue> q(new Queue(loop, 0));
    Log log;
    auto g0 = spawn(loop, getOne(q.get(), &log));
    auto g1 = spawn(loop, getOne(q.get(), &log));
    REQUIRE(runOnce(loop));  // both getters wait on the empty queue
    auto p = spawn(loop, producer(&loop, q.get(), 100, &log));
    REQUIRE(runOnce(loop));
    CHECK(p->done());
    CHECK(q->qsize() == 100);  // the getters were woken but have not taken anything yet
    runAll(loop);
    CHECK(log.count("got 0") == 1);
    CHECK(log.count("got 1") == 1);
    CHECK(log.indexOf("got 0") < log.indexOf("got 1"));
    CHECK(q->qsize() == 98);
    CHECK(q->getNowait() == 2);
}

TEST_CASE("join waits until task_done was called for every item put") {
    EventLoop loop;
    useLoop(loop);
    Ref<Queue> q(new Queue(loop, 0));
    Log log;
    auto j0 = spawn(loop, joiner(&loop, q.get(), &log));  // nothing put yet: returns at once
    REQUIRE(runOnce(loop));
    CHECK(j0->done());
    auto w = spawn(loop, worker(&loop, q.get(), 1.0, &log));
    auto p = spawn(loop, producer(&loop, q.get(), 3, &log));
    auto j = spawn(loop, joiner(&loop, q.get(), &log));
    runUntilDone(loop, *j);
    CHECK(log.items == std::vector<std::string>{"joined@0", "put 0@0", "put 1@0", "put 2@0", "done 0@1", "done 1@2",
                                                "done 2@3", "joined@3"});
    w->cancel();
    runAll(loop);
    CHECK(w->cancelled());
}

TEST_CASE("task_done called more times than items were put raises ValueError") {
    EventLoop loop;
    useLoop(loop);
    Ref<Queue> q(new Queue(loop, 0));
    q->putNowait(1);
    CHECK(q->getNowait() == 1);
    q->taskDone();
    int cls = -1;
    try {
        q->taskDone();
    } catch (const PyError& e) {
        cls = e.exc.cls;
    }
    CHECK(cls == kValueError);
}
