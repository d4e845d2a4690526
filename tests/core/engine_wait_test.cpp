// asyncio.wait (3.11.7): ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION,
// a timeout that returns with futures still pending (and leaves them
// running), and the empty set's ValueError.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "combinators/wait.h"
#include "support/work.h"

using namespace cs::test;
using cs::ReturnWhen;
using cs::detail::kValueError;
using cs::detail::PyError;
using cs::detail::wait;
using cs::detail::WaitResult;

namespace {

struct WaitOut {
    std::vector<int> done, pending;  // indexes into the children, in the order wait() gave them
    double at = -1;
    int exc = -1;
};

Co<std::int64_t> waitInto(EventLoop* loop, std::vector<Ref<Future>> fs, double timeout, ReturnWhen rw, WaitOut* out) {
    try {
        WaitResult r = co_await wait(*loop, fs, timeout, rw);
        for (auto& f : r.done) out->done.push_back(indexIn(fs, f.get()));
        for (auto& f : r.pending) out->pending.push_back(indexIn(fs, f.get()));
    } catch (const PyError& e) {
        out->exc = e.exc.cls;
    }
    out->at = loop->time();
    co_return 0;
}

struct Fixture {
    EventLoop loop;
    Log log;
    std::vector<Ref<Task>> tasks;
    WaitOut out;
    Ref<Task> waiter;

    // children: 0 sleeps 1 s, 1 sleeps 2 s then raises, 2 sleeps 3 s
    void start(double timeout, ReturnWhen rw, std::vector<WorkSpec> specs = {{1.0}, {2.0, true}, {3.0}}) {
        for (std::size_t i = 0; i < specs.size(); ++i)
            tasks.push_back(spawn(loop, work(&loop, static_cast<int>(i), specs[i], &log), static_cast<int>(i)));
        waiter = spawn(loop, waitInto(&loop, {tasks.begin(), tasks.end()}, timeout, rw, &out));
        runUntilDone(loop, *waiter);
    }
};

}  // namespace

TEST_CASE("wait ALL_COMPLETED returns when every future is done") {
    Fixture fx;
    fx.start(-1, ReturnWhen::AllCompleted);
    CHECK(fx.out.at == 3.0);
    CHECK(fx.out.done == std::vector<int>{0, 1, 2});
    CHECK(fx.out.pending.empty());
}

TEST_CASE("wait FIRST_COMPLETED returns at the first completion with the rest pending and still running") {
    Fixture fx;
    fx.start(-1, ReturnWhen::FirstCompleted);
    CHECK(fx.out.at == 1.0);
    CHECK(fx.out.done == std::vector<int>{0});
    CHECK(fx.out.pending == std::vector<int>{1, 2});
    runAll(fx.loop);
    CHECK(fx.log.count("fail 1@2") == 1);
    CHECK(fx.log.count("done 2@3") == 1);
}

TEST_CASE("wait FIRST_EXCEPTION returns at the first failure") {
    Fixture fx;
    fx.start(-1, ReturnWhen::FirstException);
    CHECK(fx.out.at == 2.0);
    CHECK(fx.out.done == std::vector<int>{0, 1});
    CHECK(fx.out.pending == std::vector<int>{2});
    runAll(fx.loop);
}

TEST_CASE("wait FIRST_EXCEPTION without any failure waits for all") {
    Fixture fx;
    fx.start(-1, ReturnWhen::FirstException, {{1.0}, {2.0}, {3.0}});
    CHECK(fx.out.at == 3.0);
    CHECK(fx.out.done == std::vector<int>{0, 1, 2});
}

TEST_CASE("wait FIRST_EXCEPTION does not count a cancelled future as an exception") {
    Fixture fx;
    for (int i = 0; i < 2; ++i)
        fx.tasks.push_back(spawn(fx.loop, work(&fx.loop, i, {static_cast<double>(i + 1)}, &fx.log), i));
    fx.waiter = spawn(fx.loop, waitInto(&fx.loop, {fx.tasks.begin(), fx.tasks.end()}, -1, ReturnWhen::FirstException,
                                        &fx.out));
    REQUIRE(runOnce(fx.loop));
    fx.tasks[0]->cancel();
    runUntilDone(fx.loop, *fx.waiter);
    CHECK(fx.out.at == 2.0);
    CHECK(fx.out.done == std::vector<int>{0, 1});
}

TEST_CASE("wait with a timeout returns with futures pending and leaves them running") {
    Fixture fx;
    fx.start(1.5, ReturnWhen::AllCompleted);
    CHECK(fx.out.at == 1.5);
    CHECK(fx.out.done == std::vector<int>{0});
    CHECK(fx.out.pending == std::vector<int>{1, 2});
    CHECK_FALSE(fx.tasks[1]->done());
    runAll(fx.loop);
    CHECK(fx.tasks[2]->succeeded());
    CHECK(fx.log.count("cancel 2@1.5") == 0);
}

TEST_CASE("wait that completes before its timeout cancels the timer") {
    Fixture fx;
    fx.start(10.0, ReturnWhen::AllCompleted);
    CHECK(fx.out.at == 3.0);
    runAll(fx.loop);
    CHECK(fx.loop.time() == 3.0);  // the 10 s timer never moved the clock
}

TEST_CASE("wait on an empty set raises ValueError") {
    EventLoop loop;
    WaitOut out;
    auto t = spawn(loop, waitInto(&loop, {}, -1, ReturnWhen::AllCompleted, &out));
    runUntilDone(loop, *t);
    CHECK(out.exc == kValueError);
}

TEST_CASE("wait on futures that are all done already returns after one suspension") {
    EventLoop loop;
    Log log;
    std::vector<Ref<Task>> tasks;
    for (int i = 0; i < 2; ++i) tasks.push_back(spawn(loop, work(&loop, i, {0.0}, &log), i));
    runAll(loop);
    REQUIRE(tasks[0]->done());
    WaitOut out;
    auto t = spawn(loop, waitInto(&loop, {tasks.begin(), tasks.end()}, -1, ReturnWhen::FirstCompleted, &out));
    runUntilDone(loop, *t);
    CHECK(out.done == std::vector<int>{0, 1});
    CHECK(out.pending.empty());
}
