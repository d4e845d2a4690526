// Future: state, result/exception, done callbacks (scheduled with call_soon in
// registration order, removable), as asyncio.Future (C implementation) in 3.11.
#include <catch2/catch.hpp>

#include <vector>

#include "support/sync_run.h"

using namespace cs::test;
using cs::detail::kCancelledError;
using cs::detail::kRuntimeError;
using cs::detail::kValueError;
using cs::detail::PyError;
using cs::detail::PyExc;

namespace {
int classOfThrown(const Future& f) {
    try {
        f.result();
    } catch (const PyError& e) {
        return e.exc.cls;
    }
    return -1;
}
}  // namespace

TEST_CASE("done callbacks run through call_soon, in registration order, on the next iteration") {
    EventLoop loop;
    auto f = makeFuture(loop);
    std::vector<int> out;
    for (int i = 0; i < 4; ++i) f->addDoneCallback(&Mark::call, new Mark(&out, i));
    CHECK_FALSE(loop.hasReady());
    f->setResult(7);
    CHECK(out.empty());                 // not called synchronously
    CHECK(loop.ready().size() == 4);    // one call_soon each
    REQUIRE(runOnce(loop));
    CHECK(out == std::vector<int>{0, 1, 2, 3});
}

TEST_CASE("a done callback added to a done future is scheduled at once") {
    EventLoop loop;
    auto f = makeFuture(loop);
    std::vector<int> out;
    f->setResult(0);
    REQUIRE(runAll(loop) == 0);
    f->addDoneCallback(&Mark::call, new Mark(&out, 5));
    CHECK(out.empty());
    CHECK(loop.ready().size() == 1);
    REQUIRE(runOnce(loop));
    CHECK(out == std::vector<int>{5});
}

TEST_CASE("remove_done_callback removes every registration of that callback and keeps the others in order") {
    EventLoop loop;
    auto f = makeFuture(loop);
    std::vector<int> out;
    Ref<Mark> a(new Mark(&out, 1)), b(new Mark(&out, 2)), c(new Mark(&out, 3));
    f->addDoneCallback(&Mark::call, a.get());
    f->addDoneCallback(&Mark::call, b.get());
    f->addDoneCallback(&Mark::call, a.get());
    f->addDoneCallback(&Mark::call, c.get());
    CHECK(f->removeDoneCallback(&Mark::call, a.get()) == 2);
    CHECK(f->removeDoneCallback(&Mark::call, a.get()) == 0);
    f->addDoneCallback(&Mark::call, a.get());  // after the removal: goes last
    f->setResult(0);
    runAll(loop);
    CHECK(out == std::vector<int>{2, 3, 1});
}

TEST_CASE("removing the first callback and adding new ones keeps registration order") {
    EventLoop loop;
    auto f = makeFuture(loop);
    std::vector<int> out;
    Ref<Mark> a(new Mark(&out, 1)), b(new Mark(&out, 2)), c(new Mark(&out, 3)), d(new Mark(&out, 4));
    f->addDoneCallback(&Mark::call, a.get());
    f->addDoneCallback(&Mark::call, b.get());
    CHECK(f->removeDoneCallback(&Mark::call, a.get()) == 1);
    f->addDoneCallback(&Mark::call, c.get());
    CHECK(f->removeDoneCallback(&Mark::call, b.get()) == 1);
    CHECK(f->removeDoneCallback(&Mark::call, c.get()) == 1);
    f->addDoneCallback(&Mark::call, d.get());
    f->addDoneCallback(&Mark::call, a.get());
    f->cancel();
    runAll(loop);
    CHECK(out == std::vector<int>{4, 1});
}

TEST_CASE("a removed callback is never called and its reference is dropped") {
    const int base = Counted::live;
    EventLoop loop;
    auto f = makeFuture(loop);
    std::vector<int> out;
    auto* m = new Mark(&out, 1);
    f->addDoneCallback(&Mark::call, m);
    CHECK(Counted::live == base + 1);
    CHECK(f->removeDoneCallback(&Mark::call, m) == 1);
    CHECK(Counted::live == base);
    f->setResult(0);
    runAll(loop);
    CHECK(out.empty());
}

TEST_CASE("a future is done once: result, exception and cancellation") {
    EventLoop loop;
    auto ok = makeFuture(loop);
    auto bad = makeFuture(loop);
    auto gone = makeFuture(loop);
    CHECK_FALSE(ok->done());
    CHECK(classOfThrown(*ok) == kRuntimeError);  // InvalidStateError: result is not set
    ok->setResult(1);
    bad->setException(PyExc{kValueError});
    CHECK(gone->cancel());
    CHECK_FALSE(gone->cancel());
    CHECK_FALSE(ok->cancel());

    CHECK(ok->done());
    CHECK(ok->succeeded());
    CHECK_FALSE(ok->exception().has_value());
    CHECK(classOfThrown(*ok) == -1);

    CHECK(bad->done());
    CHECK_FALSE(bad->succeeded());
    REQUIRE(bad->exception().has_value());
    CHECK(bad->exception()->cls == kValueError);
    CHECK(classOfThrown(*bad) == kValueError);

    CHECK(gone->cancelled());
    CHECK(classOfThrown(*gone) == kCancelledError);
    CHECK_THROWS_AS(gone->exception(), PyError);

    CHECK_THROWS_AS(ok->setResult(2), PyError);  // InvalidStateError
    CHECK_THROWS_AS(bad->setException(PyExc{kValueError}), PyError);
    CHECK_THROWS_AS(gone->setResult(0), PyError);
}

TEST_CASE("cancelling a future schedules its done callbacks like a result does") {
    EventLoop loop;
    auto f = makeFuture(loop);
    std::vector<int> out;
    f->addDoneCallback(&Mark::call, new Mark(&out, 1));
    f->addDoneCallback(&Mark::call, new Mark(&out, 2));
    REQUIRE(f->cancel());
    REQUIRE(runOnce(loop));
    CHECK(out == std::vector<int>{1, 2});
}
