#pragma once
// Helpers for engine unit tests: drive an EventLoop by hand, make tasks from
// Co coroutines, record what callbacks and coroutines saw, count object
// lifetimes. Header-only; everything lives in cs::test.
//
//   EventLoop loop;
//   Log log;
//   auto t = spawn(loop, someCoroutine(&log));
//   runUntilDone(loop, *t);
//   CHECK(log.items == std::vector<std::string>{...});
//
// Assertions belong outside coroutines: coroutines record into a Log, the
// test checks the Log after the run (Catch's REQUIRE throws a C++ exception,
// which the engine treats as a bug and rethrows out of Task::step).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "loop/event_loop.h"
#include "task/co.h"
#include "task/future.h"
#include "task/task.h"

namespace cs::test {

using detail::Co;
using detail::EventLoop;
using detail::Future;
using detail::Ref;
using detail::RefCounted;
using detail::Task;

// What happened, in order.
struct Log {
    std::vector<std::string> items;
    void add(std::string s) { items.push_back(std::move(s)); }
    std::size_t count(const std::string& s) const {
        std::size_t n = 0;
        for (const auto& x : items)
            if (x == s) ++n;
        return n;
    }
    // Index of the first occurrence (items.size() if absent).
    std::size_t indexOf(const std::string& s) const {
        for (std::size_t i = 0; i < items.size(); ++i)
            if (items[i] == s) return i;
        return items.size();
    }
};

// Counts live instances: proves the loop drops the references it holds.
struct Counted : RefCounted {
    static inline int live = 0;
    Counted() { ++live; }
    ~Counted() override { --live; }
};

// A callback target: appends `id` to `out` when called (as a call_soon,
// call_at or done callback).
struct Mark final : Counted {
    std::vector<int>* out = nullptr;
    int id = 0;
    Mark(std::vector<int>* o, int i) : out(o), id(i) {}
    static void call(RefCounted* self, Future*) {
        auto* m = static_cast<Mark*>(self);
        m->out->push_back(m->id);
    }
};

// The Future/Task machinery finds the loop through a thread-local pointer
// (Program sets it before each step); tests set it the same way.
inline void useLoop(EventLoop& loop) { Future::setCurrentLoop(&loop); }

// One _run_once. Returns false if the iteration found nothing ready and no
// timer (where asyncio would block forever); nothing runs then.
inline bool runOnce(EventLoop& loop) {
    useLoop(loop);
    bool blocked = false;
    loop.runOnce([&] {
        blocked = true;
        return false;
    });
    return !blocked;
}

// Iterations until nothing is ready and no timer is scheduled (or `maxIter`).
// Returns the number of iterations run.
inline std::size_t runAll(EventLoop& loop, std::size_t maxIter = 1'000'000) {
    std::size_t n = 0;
    while ((loop.hasReady() || loop.hasTimers()) && n < maxIter) {
        if (!runOnce(loop)) break;
        ++n;
    }
    return n;
}

// Iterations until `f` is done (or the loop runs dry / `maxIter`).
inline std::size_t runUntilDone(EventLoop& loop, const Future& f, std::size_t maxIter = 1'000'000) {
    std::size_t n = 0;
    while (!f.done() && n < maxIter) {
        if (!runOnce(loop)) break;
        ++n;
    }
    return n;
}

// asyncio.create_task(coro): the first step is scheduled with call_soon.
inline Ref<Task> spawn(EventLoop& loop, Co<std::int64_t> co, std::int32_t label = -1) {
    useLoop(loop);
    return Ref<Task>(new Task(loop, std::move(co), label));
}

// loop.create_future()
inline Ref<Future> makeFuture(EventLoop& loop) {
    useLoop(loop);
    return Ref<Future>(new Future(loop));
}

// The factory wait_for() uses to wrap its coroutine in a task.
using TaskFactory = std::function<Ref<Task>(Co<std::int64_t>, std::int32_t)>;
inline TaskFactory taskFactory(EventLoop& loop) {
    return [&loop](Co<std::int64_t> co, std::int32_t label) { return Ref<Task>(new Task(loop, std::move(co), label)); };
}

}  // namespace cs::test
