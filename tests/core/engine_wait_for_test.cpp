// asyncio.wait_for (3.11.7): the coroutine runs in an inner task (its first
// step one iteration later than a task made at the same time), a timeout
// cancels the inner task, waits for it, then raises TimeoutError.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "combinators/wait.h"
#include "support/work.h"

using namespace cs::test;
using cs::detail::kCancelledError;
using cs::detail::kTimeoutError;
using cs::detail::kValueError;
using cs::detail::PyError;
using cs::detail::waitFor;

namespace {

struct Out {
    int exc = -1;  // class of what wait_for raised, -1: returned
    std::int64_t value = -1;
    double at = -1;
};

Co<std::int64_t> callWaitFor(EventLoop* loop, Co<std::int64_t> co, double timeout, const TaskFactory* make, Log* log,
                             Out* out) {
    try {
        out->value = co_await waitFor(*loop, std::move(co), 7, timeout, *make);
        log->add("wait_for returned" + atTime(*loop));
    } catch (const PyError& e) {
        out->exc = e.exc.cls;
        log->add(std::string(e.exc.cls == kTimeoutError     ? "TimeoutError"
                             : e.exc.cls == kCancelledError ? "CancelledError"
                                                            : "other") +
                 atTime(*loop));
        if (e.exc.isCancelled()) throw;
    }
    out->at = loop->time();
    co_return 0;
}

Co<std::int64_t> noteIteration(EventLoop* loop, std::string name, Log* log) {
    log->add(name + " first step in iteration " + std::to_string(loop->iterations()));
    co_return 0;
}

// Records every task wait_for makes.
struct Recorder {
    EventLoop* loop;
    std::vector<Ref<Task>> made;
    TaskFactory factory() {
        return [this](Co<std::int64_t> co, std::int32_t label) {
            Ref<Task> t(new Task(*loop, std::move(co), label));
            made.push_back(t);
            return t;
        };
    }
};

}  // namespace

TEST_CASE("wait_for runs its coroutine in an inner task that starts one iteration later") {
    EventLoop loop;
    Log log;
    Recorder rec{&loop, {}};
    const TaskFactory make = rec.factory();
    Out out;
    auto wrapped = spawn(loop, callWaitFor(&loop, noteIteration(&loop, "wrapped", &log), 5.0, &make, &log, &out));
    auto plain = spawn(loop, noteIteration(&loop, "plain", &log));
    runAll(loop);
    REQUIRE(rec.made.size() == 1);
    CHECK(rec.made[0]->label() == 7);
    CHECK(log.items == std::vector<std::string>{"plain first step in iteration 1", "wrapped first step in iteration 2",
                                                "wait_for returned@0"});
    CHECK(loop.time() == 0.0);  // the 5 s timeout timer was cancelled
}

TEST_CASE("wait_for returns the inner result when it finishes in time") {
    EventLoop loop;
    Log log;
    const TaskFactory make = taskFactory(loop);
    Out out;
    auto t = spawn(loop, callWaitFor(&loop, work(&loop, 3, {1.0}, &log), 2.0, &make, &log, &out));
    runAll(loop);
    CHECK(out.exc == -1);
    CHECK(out.at == 1.0);
    CHECK(loop.time() == 1.0);
}

TEST_CASE("wait_for passes the inner exception through") {
    EventLoop loop;
    Log log;
    const TaskFactory make = taskFactory(loop);
    Out out;
    auto t = spawn(loop, callWaitFor(&loop, work(&loop, 3, {1.0, true}, &log), 2.0, &make, &log, &out));
    runAll(loop);
    CHECK(out.exc == kValueError);
    CHECK(out.at == 1.0);
}

TEST_CASE("wait_for's timeout cancels the inner task, waits for it, then raises TimeoutError") {
    EventLoop loop;
    Log log;
    Recorder rec{&loop, {}};
    const TaskFactory make = rec.factory();
    Out out;
    auto t = spawn(loop, callWaitFor(&loop, work(&loop, 0, {10.0}, &log), 2.0, &make, &log, &out));
    runAll(loop);
    CHECK(out.exc == kTimeoutError);
    CHECK(out.at == 2.0);
    CHECK(log.items == std::vector<std::string>{"start 0@0", "cancel 0@2", "TimeoutError@2"});
    REQUIRE(rec.made.size() == 1);
    CHECK(rec.made[0]->cancelled());
    CHECK(loop.time() == 2.0);
}

TEST_CASE("wait_for returns normally when the inner task swallows the timeout's cancellation") {
    EventLoop loop;
    Log log;
    const TaskFactory make = taskFactory(loop);
    Out out;
    auto t = spawn(loop, callWaitFor(&loop, work(&loop, 0, {10.0, false, true}, &log), 2.0, &make, &log, &out));
    runAll(loop);
    CHECK(out.exc == -1);
    CHECK(out.value == 0);
    CHECK(log.items == std::vector<std::string>{"start 0@0", "swallow 0@2", "wait_for returned@2"});
}

TEST_CASE("wait_for with a zero timeout cancels the inner task before it ever runs") {
    EventLoop loop;
    Log log;
    Recorder rec{&loop, {}};
    const TaskFactory make = rec.factory();
    Out out;
    auto t = spawn(loop, callWaitFor(&loop, work(&loop, 0, {1.0}, &log), 0.0, &make, &log, &out));
    runAll(loop);
    CHECK(out.exc == kTimeoutError);
    CHECK(log.items == std::vector<std::string>{"TimeoutError@0"});
    REQUIRE(rec.made.size() == 1);
    CHECK(rec.made[0]->cancelled());
}

TEST_CASE("cancelling the task in wait_for cancels the inner task and waits for it") {
    EventLoop loop;
    Log log;
    Recorder rec{&loop, {}};
    const TaskFactory make = rec.factory();
    Out out;
    auto t = spawn(loop, callWaitFor(&loop, work(&loop, 0, {10.0}, &log), 5.0, &make, &log, &out));
    REQUIRE(runOnce(loop));
    REQUIRE(runOnce(loop));  // the inner task starts
    t->cancel();
    runAll(loop);
    CHECK(t->cancelled());
    CHECK(log.items == std::vector<std::string>{"start 0@0", "cancel 0@0", "CancelledError@0"});
    CHECK(rec.made[0]->cancelled());
    CHECK(loop.time() == 0.0);
}
