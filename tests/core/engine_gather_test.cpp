// asyncio.gather (3.11.7): results in argument order, the first failure
// completes the outer future while the siblings keep running,
// return_exceptions, cancelling the outer cancels every child.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "combinators/gather.h"
#include "support/work.h"

using namespace cs::test;
using cs::detail::AwaitFuture;
using cs::detail::gather;
using cs::detail::GatheringFuture;
using cs::detail::kCancelledError;
using cs::detail::kValueError;
using cs::detail::PyError;

namespace {

struct Children {
    std::vector<Ref<Task>> tasks;
    std::vector<Ref<Future>> futures() const { return {tasks.begin(), tasks.end()}; }
};

Children spawnWork(EventLoop& loop, const std::vector<WorkSpec>& specs, Log* log) {
    Children c;
    for (std::size_t i = 0; i < specs.size(); ++i)
        c.tasks.push_back(spawn(loop, work(&loop, static_cast<int>(i), specs[i], log), static_cast<int>(i)));
    return c;
}

// await outer, logging how it ended
Co<std::int64_t> awaitOuter(EventLoop* loop, Future* outer, Log* log) {
    try {
        co_await AwaitFuture{outer};
    } catch (const PyError& e) {
        log->add(std::string(e.exc.cls == kCancelledError ? "outer CancelledError"
                             : e.exc.cls == kValueError ? "outer ValueError"
                                                         : "outer other") +
                 atTime(*loop));
        throw;
    }
    log->add("outer ok" + atTime(*loop));
    co_return 0;
}

}  // namespace

TEST_CASE("gather gives results in argument order whatever the completion order") {
    EventLoop loop;
    Log log;
    auto c = spawnWork(loop, {{3.0}, {1.0}, {2.0}}, &log);
    Ref<GatheringFuture> g = gather(loop, c.futures(), false);
    auto waiter = spawn(loop, awaitOuter(&loop, g.get(), &log));
    runAll(loop);
    CHECK(log.items == std::vector<std::string>{"start 0@0", "start 1@0", "start 2@0", "done 1@1", "done 2@2",
                                                "done 0@3", "outer ok@3"});
    CHECK(g->okList() == std::vector<bool>{true, true, true});
    CHECK(g->children()[0].get() == c.tasks[0].get());
    CHECK(g->children()[2].get() == c.tasks[2].get());
}

TEST_CASE("gather's first failure completes the outer future and the siblings keep running") {
    EventLoop loop;
    Log log;
    auto c = spawnWork(loop, {{3.0}, {1.0, true}, {2.0}}, &log);
    Ref<GatheringFuture> g = gather(loop, c.futures(), false);
    auto waiter = spawn(loop, awaitOuter(&loop, g.get(), &log));
    runAll(loop);
    CHECK(log.items == std::vector<std::string>{"start 0@0", "start 1@0", "start 2@0", "fail 1@1",
                                                "outer ValueError@1", "done 2@2", "done 0@3"});
    REQUIRE(g->exception().has_value());
    CHECK(g->exception()->cls == kValueError);
    CHECK(c.tasks[0]->succeeded());
    CHECK(c.tasks[2]->succeeded());
}

TEST_CASE("gather with return_exceptions waits for every child and marks the failed ones") {
    EventLoop loop;
    Log log;
    auto c = spawnWork(loop, {{3.0}, {1.0, true}, {2.0, true}}, &log);
    Ref<GatheringFuture> g = gather(loop, c.futures(), true);
    auto waiter = spawn(loop, awaitOuter(&loop, g.get(), &log));
    runAll(loop);
    CHECK(log.items.back() == "outer ok@3");
    CHECK(g->succeeded());
    CHECK(g->okList() == std::vector<bool>{true, false, false});
}

TEST_CASE("cancelling gather's outer future cancels every child and the outer ends with CancelledError") {
    EventLoop loop;
    Log log;
    auto c = spawnWork(loop, {{3.0}, {1.0}, {2.0}}, &log);
    Ref<GatheringFuture> g = gather(loop, c.futures(), false);
    auto waiter = spawn(loop, awaitOuter(&loop, g.get(), &log));
    REQUIRE(runOnce(loop));
    CHECK(g->cancel());
    runAll(loop);
    for (auto& t : c.tasks) CHECK(t->cancelled());
    CHECK(log.count("cancel 0@0") == 1);
    CHECK(log.count("cancel 1@0") == 1);
    CHECK(log.count("cancel 2@0") == 1);
    CHECK(log.items.back() == "outer CancelledError@0");
    // _GatheringFuture ends by set_exception(CancelledError), not in the cancelled state
    CHECK_FALSE(g->cancelled());
    REQUIRE(g->exception().has_value());
    CHECK(g->exception()->cls == kCancelledError);
    CHECK(waiter->cancelled());
    CHECK(loop.time() == 0.0);
}

TEST_CASE("cancelling gather with return_exceptions still propagates the cancellation") {
    // bpo-32684: outer._cancel_requested makes the outer raise CancelledError
    // once every child is done, even with return_exceptions=True.
    EventLoop loop;
    Log log;
    auto c = spawnWork(loop, {{3.0}, {1.0, false, true}}, &log);  // child 1 swallows the cancel
    Ref<GatheringFuture> g = gather(loop, c.futures(), true);
    auto waiter = spawn(loop, awaitOuter(&loop, g.get(), &log));
    REQUIRE(runOnce(loop));
    CHECK(g->cancel());
    runAll(loop);
    CHECK(c.tasks[0]->cancelled());
    CHECK(c.tasks[1]->succeeded());
    CHECK(log.items.back() == "outer CancelledError@0");
    REQUIRE(g->exception().has_value());
    CHECK(g->exception()->cls == kCancelledError);
}

TEST_CASE("cancelling a finished gather does nothing") {
    EventLoop loop;
    Log log;
    auto c = spawnWork(loop, {{1.0}}, &log);
    Ref<GatheringFuture> g = gather(loop, c.futures(), false);
    runAll(loop);
    CHECK(g->succeeded());
    CHECK_FALSE(g->cancel());
}

TEST_CASE("gather of nothing is already done") {
    EventLoop loop;
    useLoop(loop);
    Ref<GatheringFuture> g = gather(loop, {}, false);
    CHECK(g->succeeded());
    CHECK(g->okList().empty());
}
