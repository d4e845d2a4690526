// asyncio.as_completed (3.11): futures come out in completion order; with a
// timeout, the waits left when it fires raise TimeoutError.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "combinators/wait.h"
#include "support/work.h"

using namespace cs::test;
using cs::detail::AsCompleted;
using cs::detail::kTimeoutError;
using cs::detail::PyError;

namespace {

// for f in as_completed(fs, timeout): await f (logging which one and when)
Co<std::int64_t> consume(EventLoop* loop, std::vector<Ref<Future>> fs, double timeout, Log* log) {
    Ref<AsCompleted> ac(new AsCompleted(*loop, fs, timeout));
    for (std::size_t k = 0; k < ac->count(); ++k) {
        try {
            Ref<Future> f = co_await ac->next();
            log->add("next " + std::to_string(indexIn(fs, f.get())) + (f->succeeded() ? " ok" : " not ok") +
                     atTime(*loop));
        } catch (const PyError& e) {
            log->add(std::string(e.exc.cls == kTimeoutError ? "TimeoutError" : "other") + atTime(*loop));
            throw;
        }
    }
    co_return 0;
}

}  // namespace

TEST_CASE("as_completed yields futures in completion order") {
    EventLoop loop;
    Log work_, log;
    std::vector<Ref<Future>> fs;
    const double ds[] = {3.0, 1.0, 2.0, 1.0};
    for (int i = 0; i < 4; ++i) fs.push_back(spawn(loop, work(&loop, i, {ds[i], i == 2}, &work_), i));
    auto t = spawn(loop, consume(&loop, fs, -1, &log));
    runAll(loop);
    // tasks 1 and 3 finish in the same iteration, in the order their timers popped
    CHECK(log.items == std::vector<std::string>{"next 1 ok@1", "next 3 ok@1", "next 2 not ok@2", "next 0 ok@3"});
    CHECK(t->succeeded());
}

TEST_CASE("as_completed with a timeout raises TimeoutError for what is still pending") {
    EventLoop loop;
    Log work_, log;
    std::vector<Ref<Future>> fs;
    const double ds[] = {1.0, 5.0, 6.0};
    for (int i = 0; i < 3; ++i) fs.push_back(spawn(loop, work(&loop, i, {ds[i]}, &work_), i));
    auto t = spawn(loop, consume(&loop, fs, 2.0, &log));
    runUntilDone(loop, *t);
    CHECK(log.items == std::vector<std::string>{"next 0 ok@1", "TimeoutError@2"});
    REQUIRE(t->exception().has_value());
    CHECK(t->exception()->cls == kTimeoutError);
    CHECK_FALSE(fs[1]->done());  // as_completed does not cancel anything
    runAll(loop);
    CHECK(fs[1]->succeeded());
}

TEST_CASE("as_completed's timeout is cancelled once everything completed") {
    EventLoop loop;
    Log work_, log;
    std::vector<Ref<Future>> fs;
    for (int i = 0; i < 2; ++i) fs.push_back(spawn(loop, work(&loop, i, {1.0 + i}, &work_), i));
    auto t = spawn(loop, consume(&loop, fs, 100.0, &log));
    runAll(loop);
    CHECK(log.items == std::vector<std::string>{"next 0 ok@1", "next 1 ok@2"});
    CHECK(loop.time() == 2.0);
}
