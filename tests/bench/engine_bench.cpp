// Google Benchmark targets for the engine (built as bench_engine_bench when
// COROSCOPE_BENCH=ON; the top CMakeLists globs tests/bench/*.cpp).
//
//   build/bench_engine_bench --benchmark_counters_tabular=true
//
// items_per_second is callbacks, timers or tasks per second of wall time.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "combinators/gather.h"
#include "loop/event_loop.h"
#include "program/simulation.h"
#include "sync/semaphore.h"
#include "sync/sleep.h"
#include "task/task.h"
#include "trace/trace_sink.h"

using namespace cs::detail;

namespace {

std::int64_t gCalls = 0;
void count(RefCounted*, Future*) { ++gCalls; }

void runToEnd(EventLoop& loop) {
    while (loop.hasReady() || loop.hasTimers())
        loop.runOnce([] { return false; });
}

// N tasks of one io step of 1 s, under `limit` (Semaphore(k)) or none,
// collected with gather.
cs::Scenario ioScenario(std::int64_t n, cs::LimitKind kind, std::int64_t k) {
    cs::Scenario sc;
    sc.tasks.resize(static_cast<std::size_t>(n));
    sc.steps.resize(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) {
        auto& t = sc.tasks[static_cast<std::size_t>(i)];
        t.firstStep = static_cast<std::uint32_t>(i);
        t.stepCount = 1;
        sc.steps[static_cast<std::size_t>(i)] = cs::Step{1.0, cs::StepKind::Io, 0};
    }
    sc.limit.kind = kind;
    sc.limit.value = k;
    return sc;
}

// async with sem: await asyncio.sleep(1.0)
Co<std::int64_t> holdOneSecond(EventLoop* loop, Semaphore* s, std::int32_t id) {
    co_await s->acquire(id);
    co_await sleep(*loop, 1.0);
    s->release(id);  // with its label: the semaphore's holder list stays short
    co_return 0;
}

Co<std::int64_t> sleepOneSecond(EventLoop* loop) {
    co_await sleep(*loop, 1.0);
    co_return 0;
}

Co<std::int64_t> gatherAll(EventLoop* loop, std::int64_t n) {
    std::vector<Ref<Future>> children;
    children.reserve(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) children.emplace_back(new Task(*loop, sleepOneSecond(loop), -1));
    Ref<GatheringFuture> g = gather(*loop, std::move(children), false);
    co_await AwaitFuture{g.get()};
    co_return 0;
}

}  // namespace

// The bare loop: N call_soon callbacks run by one iteration.
static void BM_LoopCallSoon(benchmark::State& state) {
    const auto n = state.range(0);
    for (auto _ : state) {
        EventLoop loop;
        Future::setCurrentLoop(&loop);
        for (std::int64_t i = 0; i < n; ++i) loop.callSoon(&count, nullptr, nullptr);
        runToEnd(loop);
    }
    benchmark::DoNotOptimize(gCalls);
    state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_LoopCallSoon)->Arg(1 << 10)->Arg(1 << 16)->Arg(1 << 20);

// The bare loop: N timers (deadlines on a 1 ms grid, many ties) pushed, then
// popped in heap order over as many iterations as there are distinct deadlines.
static void BM_LoopTimers(benchmark::State& state) {
    const auto n = state.range(0);
    std::vector<double> whens(static_cast<std::size_t>(n));
    std::uint64_t x = 88172645463325252ull;
    for (auto& w : whens) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;  // xorshift: the same deadlines every run
        w = static_cast<double>(x % 1000) * 1e-3;
    }
    for (auto _ : state) {
        EventLoop loop;
        Future::setCurrentLoop(&loop);
        for (double w : whens) loop.callAt(w, &count, nullptr, nullptr);
        runToEnd(loop);
    }
    benchmark::DoNotOptimize(gCalls);
    state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_LoopTimers)->Arg(1 << 10)->Arg(1 << 16)->Arg(1 << 20);

// The steady state of a limited run: k timers in the heap; each one that
// fires schedules the next at now + d (d uniform in [1.0, 1.6) from a fixed
// sequence), until 1M have fired. A pop and a push per timer on a heap of k.
EventLoop* gChurnLoop = nullptr;
std::uint64_t gChurnX = 0;
std::int64_t gChurnLeft = 0;
void churn(RefCounted*, Future*) {
    if (--gChurnLeft < 0) return;
    gChurnX ^= gChurnX << 13, gChurnX ^= gChurnX >> 7, gChurnX ^= gChurnX << 17;
    gChurnLoop->callLater(1.0 + static_cast<double>(gChurnX % 600000) * 1e-6, &churn, nullptr, nullptr);
}
static void BM_LoopTimerChurn(benchmark::State& state) {
    const auto k = state.range(0);
    constexpr std::int64_t kFired = 1 << 20;
    for (auto _ : state) {
        EventLoop loop;
        Future::setCurrentLoop(&loop);
        gChurnLoop = &loop;
        gChurnX = 88172645463325252ull;
        gChurnLeft = kFired;
        for (std::int64_t i = 0; i < k; ++i) churn(nullptr, nullptr);
        runToEnd(loop);
    }
    state.SetItemsProcessed(state.iterations() * kFired);
}
BENCHMARK(BM_LoopTimerChurn)->Arg(100)->Arg(10000)->Arg(1000000);

// Semaphore hand-off with the engine's objects: N tasks through Semaphore(k),
// each holding it for a 1 s sleep.
static void BM_SemaphoreHandoff(benchmark::State& state) {
    const auto n = state.range(0);
    const auto k = state.range(1);
    for (auto _ : state) {
        EventLoop loop;
        Future::setCurrentLoop(&loop);
        Ref<Semaphore> s(new Semaphore(loop, k));
        std::vector<Ref<Task>> tasks;
        tasks.reserve(static_cast<std::size_t>(n));
        for (std::int64_t i = 0; i < n; ++i)
            tasks.emplace_back(new Task(loop, holdOneSecond(&loop, s.get(), static_cast<std::int32_t>(i)),
                                        static_cast<std::int32_t>(i)));
        runToEnd(loop);
        benchmark::DoNotOptimize(loop.time());
    }
    state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_SemaphoreHandoff)->Args({1 << 10, 10})->Args({1 << 12, 10})->Args({1 << 14, 10})->Args({1 << 16, 10})->Args({1 << 16, 1000});

// The same through the whole program (Simulation, trace to a NullSink):
// N tasks, Semaphore(k), one io step each, gather.
static void BM_SimulationSemaphore(benchmark::State& state) {
    const cs::Scenario sc = ioScenario(state.range(0), cs::LimitKind::Semaphore, state.range(1));
    for (auto _ : state) {
        cs::NullSink sink;
        cs::Simulation sim(sc, sink);
        sim.run();
        benchmark::DoNotOptimize(sim.now());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SimulationSemaphore)->Args({1 << 10, 10})->Args({1 << 16, 10})->Args({1 << 16, 1000});

// gather of N tasks, each sleeping 1 s (the engine's objects, one task awaiting).
static void BM_Gather(benchmark::State& state) {
    const auto n = state.range(0);
    for (auto _ : state) {
        EventLoop loop;
        Future::setCurrentLoop(&loop);
        Ref<Task> main(new Task(loop, gatherAll(&loop, n), -1));
        runToEnd(loop);
        benchmark::DoNotOptimize(main->done());
    }
    state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_Gather)->Arg(1 << 10)->Arg(1 << 16)->Arg(1 << 18);

// The same through the whole program: N unlimited tasks, gather.
static void BM_SimulationGather(benchmark::State& state) {
    const cs::Scenario sc = ioScenario(state.range(0), cs::LimitKind::None, 0);
    for (auto _ : state) {
        cs::NullSink sink;
        cs::Simulation sim(sc, sink);
        sim.run();
        benchmark::DoNotOptimize(sim.now());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SimulationGather)->Arg(1 << 10)->Arg(1 << 16)->Arg(1 << 18);
