// EventLoop: BaseEventLoop._run_once of CPython 3.11 on a virtual clock.
//
// Expected timer orders come from CPython itself: /tmp-free snippet below,
// run with python3 3.11.7. It drives asyncio's real SelectorEventLoop whose
// selector only advances a virtual clock (as tests/reference/coroscope_ref.py
// does), so heapq, TimerHandle.__lt__, the cancelled-timer rules and the
// clock resolution are CPython's own:
//
//   import asyncio, selectors, heapq
//   class Sel(selectors._BaseSelectorImpl):
//       def __init__(s, loop): super().__init__(); s.loop = loop
//       def select(s, timeout=None):
//           if timeout: s.loop._now += timeout
//           return []
//   class VL(asyncio.SelectorEventLoop):
//       def __init__(s): s._now = 0.0; super().__init__(Sel(s))
//       def time(s): return s._now
//   def run(whens, cancel=()):
//       loop = VL(); out = []
//       hs = [loop.call_at(w, out.append, i) for i, w in enumerate(whens)]
//       for i in cancel: hs[i].cancel()
//       while loop._scheduled or loop._ready: loop._run_once()
//       return out
//
// The same orders also come out of plain heapq with an item class that only
// defines __lt__ on `when` (heappush all, then heappop all).
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "support/sync_run.h"

using namespace cs::test;
using cs::detail::Handle;

namespace {

std::vector<int> runTimers(const std::vector<double>& whens, const std::vector<int>& cancel = {}) {
    EventLoop loop;
    useLoop(loop);
    std::vector<int> out;
    std::vector<Ref<Handle>> hs;
    for (std::size_t i = 0; i < whens.size(); ++i)
        hs.push_back(loop.callAt(whens[i], &Mark::call, new Mark(&out, static_cast<int>(i)), nullptr));
    for (int c : cancel) loop.cancel(hs[static_cast<std::size_t>(c)].get());
    runAll(loop);
    return out;
}

std::vector<int> range(int from, int to, int stride = 1) {
    std::vector<int> v;
    for (int i = from; i < to; i += stride) v.push_back(i);
    return v;
}

// A callback that schedules another callback with call_soon when it runs.
struct Chain final : Counted {
    EventLoop* loop;
    std::vector<int>* out;
    int id;
    Ref<Mark> next;  // scheduled with call_soon when this one runs (if set)
    Chain(EventLoop* l, std::vector<int>* o, int i, Mark* n) : loop(l), out(o), id(i), next(n) {}
    static void call(RefCounted* self, Future*) {
        auto* c = static_cast<Chain*>(self);
        c->out->push_back(c->id);
        if (c->next) c->loop->callSoon(&Mark::call, c->next.get(), nullptr);
    }
};

}  // namespace

TEST_CASE("equal deadlines pop in heapq's order, not first-in first-out") {
    // run([1.0]*5) -> [0, 2, 4, 1, 3]
    CHECK(runTimers({1.0, 1.0, 1.0, 1.0, 1.0}) == std::vector<int>{0, 2, 4, 1, 3});
    // run([1.0]*10) -> [0, 2, 6, 9, 8, 5, 7, 4, 1, 3]
    CHECK(runTimers(std::vector<double>(10, 1.0)) == std::vector<int>{0, 2, 6, 9, 8, 5, 7, 4, 1, 3});
}

TEST_CASE("mixed deadlines pop by time, ties broken by heap position") {
    // run([2,1,2,1,2,1,1,2]) -> [1, 5, 6, 3, 2, 7, 4, 0]
    CHECK(runTimers({2, 1, 2, 1, 2, 1, 1, 2}) == std::vector<int>{1, 5, 6, 3, 2, 7, 4, 0});
    // run([3,1,2,1,3,2,1,3,2,1,2,3]) -> [1, 6, 3, 9, 2, 5, 10, 8, 11, 0, 4, 7]
    CHECK(runTimers({3, 1, 2, 1, 3, 2, 1, 3, 2, 1, 2, 3}) ==
          std::vector<int>{1, 6, 3, 9, 2, 5, 10, 8, 11, 0, 4, 7});
}

TEST_CASE("the timer heap array is laid out exactly as heapq lays out loop._scheduled") {
    // [h._args[0] for h in loop._scheduled] after the twelve call_at of the case above
    EventLoop loop;
    useLoop(loop);
    std::vector<int> out;
    const std::vector<double> whens{3, 1, 2, 1, 3, 2, 1, 3, 2, 1, 2, 3};
    for (std::size_t i = 0; i < whens.size(); ++i)
        loop.callAt(whens[i], &Mark::call, new Mark(&out, static_cast<int>(i)), nullptr);
    std::vector<int> layout;
    for (const cs::detail::TimerSlot& e : loop.scheduled()) layout.push_back(static_cast<Mark*>(e.h->self.get())->id);
    CHECK(layout == std::vector<int>{1, 3, 6, 8, 9, 5, 2, 7, 0, 4, 10, 11});
    runAll(loop);
}

TEST_CASE("timers pushed while others are due keep heapq's order across iterations") {
    // loop = VL(); out = []
    // def cb(i):
    //     out.append(i)
    //     if i < 10: loop.call_at(2.0, cb, 10 + i)
    // for i in range(5): loop.call_at(1.0, cb, i)
    // for i in range(20, 23): loop.call_at(2.0, cb, i)
    // -> [0, 2, 1, 4, 3, 21, 22, 14, 11, 13, 12, 20, 10]
    struct Resched final : Counted {
        EventLoop* loop;
        std::vector<int>* out;
        int id;
        Resched(EventLoop* l, std::vector<int>* o, int i) : loop(l), out(o), id(i) {}
        static void call(RefCounted* self, Future*) {
            auto* r = static_cast<Resched*>(self);
            r->out->push_back(r->id);
            if (r->id < 10) r->loop->callAt(2.0, &Resched::call, new Resched(r->loop, r->out, 10 + r->id), nullptr);
        }
    };
    EventLoop loop;
    useLoop(loop);
    std::vector<int> out;
    for (int i = 0; i < 5; ++i) loop.callAt(1.0, &Resched::call, new Resched(&loop, &out, i), nullptr);
    for (int i = 20; i < 23; ++i) loop.callAt(2.0, &Resched::call, new Resched(&loop, &out, i), nullptr);
    runAll(loop);
    CHECK(out == std::vector<int>{0, 2, 1, 4, 3, 21, 22, 14, 11, 13, 12, 20, 10});
}

TEST_CASE("more than 100 timers with more than half cancelled are rebuilt with heapify") {
    // run([1.0]*120, cancel=[odd ids] + [0]): 61 of 120 cancelled -> heapify
    const std::vector<int> expected{62, 30, 14, 6,  2,  28, 116, 56, 112, 12, 108, 52, 104, 24, 100,
                                    48, 96, 4,  92, 44, 88, 20,  84, 40,  80, 8,   76, 36,  72, 16,
                                    68, 32, 60, 64, 58, 114, 26, 106, 50, 98, 10, 90, 42,  82, 18,
                                    74, 34, 118, 66, 54, 102, 22, 86, 38, 110, 70, 46, 94, 78};
    std::vector<int> cancel = range(1, 120, 2);
    cancel.push_back(0);
    CHECK(runTimers(std::vector<double>(120, 1.0), cancel) == expected);
}

TEST_CASE("exactly half cancelled is not more than half: cancelled timers are popped from the head") {
    // run([1.0]*120, cancel=[odd ids]): 60 of 120 -> head pops, no rebuild
    const std::vector<int> expected{0,   2,   6,   14,  30,  62,  118, 116, 114, 112, 110, 108, 106, 104, 102,
                                    100, 98,  96,  94,  92,  90,  88,  86,  84,  82,  80,  78,  76,  74,  72,
                                    70,  68,  66,  64,  60,  58,  56,  54,  52,  50,  48,  46,  44,  42,  40,
                                    38,  36,  34,  32,  28,  26,  24,  22,  20,  18,  16,  12,  10,  8,   4};
    CHECK(runTimers(std::vector<double>(120, 1.0), range(1, 120, 2)) == expected);
}

TEST_CASE("100 timers are not more than 100: no rebuild even with most of them cancelled") {
    // run([1.0]*100, cancel=[odd ids] + [0]): 51 of 100 cancelled but only 100 scheduled
    const std::vector<int> expected{2,  6,  14, 30, 62, 98, 96, 94, 92, 90, 88, 86, 84, 82, 80, 78, 76,
                                    74, 72, 70, 68, 66, 64, 60, 58, 56, 54, 52, 50, 48, 46, 44, 42, 40,
                                    38, 36, 34, 32, 28, 26, 24, 22, 20, 18, 16, 12, 10, 8,  4};
    std::vector<int> cancel = range(1, 100, 2);
    cancel.push_back(0);
    CHECK(runTimers(std::vector<double>(100, 1.0), cancel) == expected);
}

TEST_CASE("a timer cancelled after it left the heap does not count toward the rebuild") {
    // def cb(i):
    //     out.append(i)
    //     if i == 0:
    //         for j in range(1, 60): hs[j].cancel()      # already in loop._ready
    // for i in range(60): hs[i] = loop.call_at(1.0, cb, i)
    // loop._run_once()
    // for k in range(120): hs[100 + k] = loop.call_at(2.0, cb, 100 + k)
    // for k in range(1, 118, 2): hs[100 + k].cancel()    # 59 of 120: head pops
    // -> [0, 100, 102, 106, 114, 130, 162, 219, 218, ...]
    struct Canceller final : Counted {
        EventLoop* loop;
        std::vector<int>* out;
        std::vector<Ref<Handle>>* hs;
        int id;
        Canceller(EventLoop* l, std::vector<int>* o, std::vector<Ref<Handle>>* h, int i)
            : loop(l), out(o), hs(h), id(i) {}
        static void call(RefCounted* self, Future*) {
            auto* c = static_cast<Canceller*>(self);
            c->out->push_back(c->id);
            if (c->id == 0)
                for (int j = 1; j < 60; ++j) c->loop->cancel((*c->hs)[static_cast<std::size_t>(j)].get());
        }
    };
    EventLoop loop;
    useLoop(loop);
    std::vector<int> out;
    std::vector<Ref<Handle>> hs(220);
    for (int i = 0; i < 60; ++i)
        hs[static_cast<std::size_t>(i)] = loop.callAt(1.0, &Canceller::call, new Canceller(&loop, &out, &hs, i), nullptr);
    REQUIRE(runOnce(loop));
    CHECK(out == std::vector<int>{0});
    for (int k = 0; k < 120; ++k)
        hs[static_cast<std::size_t>(100 + k)] =
            loop.callAt(2.0, &Canceller::call, new Canceller(&loop, &out, &hs, 100 + k), nullptr);
    for (int k = 1; k < 118; k += 2) loop.cancel(hs[static_cast<std::size_t>(100 + k)].get());
    runAll(loop);
    const std::vector<int> expected{
        0,   100, 102, 106, 114, 130, 162, 219, 218, 216, 214, 212, 210, 208, 206, 204, 202, 200, 198, 196, 194,
        192, 190, 188, 186, 184, 182, 180, 178, 176, 174, 172, 170, 168, 166, 164, 160, 158, 156, 154, 152, 150,
        148, 146, 144, 142, 140, 138, 136, 134, 132, 128, 126, 124, 122, 120, 118, 116, 112, 110, 108, 104};
    CHECK(out == expected);
}

TEST_CASE("cancelled timers popped from the head are no longer counted as cancelled") {
    // hs = [loop.call_at(1.0, out.append, i) for i in range(10)]
    // loop.call_at(5.0, out.append, 10)
    // for h in hs: h.cancel()
    // loop._run_once()                         # pops the 10 from the head; count back to 0
    // hs = [loop.call_at(6.0, out.append, 100 + k) for k in range(120)]
    // for k in range(0, 112, 2): hs[k].cancel()  # 56 of 120: head pops, no rebuild
    // -> [10, 219, 218, 217, ...]
    EventLoop loop;
    useLoop(loop);
    std::vector<int> out;
    std::vector<Ref<Handle>> first;
    for (int i = 0; i < 10; ++i) first.push_back(loop.callAt(1.0, &Mark::call, new Mark(&out, i), nullptr));
    loop.callAt(5.0, &Mark::call, new Mark(&out, 10), nullptr);
    for (auto& h : first) loop.cancel(h.get());
    REQUIRE(runOnce(loop));
    CHECK(loop.time() == 5.0);
    CHECK(out == std::vector<int>{10});
    std::vector<Ref<Handle>> second;
    for (int k = 0; k < 120; ++k) second.push_back(loop.callAt(6.0, &Mark::call, new Mark(&out, 100 + k), nullptr));
    for (int k = 0; k < 112; k += 2) loop.cancel(second[static_cast<std::size_t>(k)].get());
    runAll(loop);
    const std::vector<int> expected{
        10,  219, 218, 217, 216, 215, 214, 213, 212, 211, 209, 207, 205, 203, 201, 199, 197, 195, 193, 191, 189, 187,
        185, 183, 181, 179, 177, 175, 173, 171, 169, 167, 165, 161, 163, 159, 157, 155, 153, 151, 149, 147, 145, 143,
        141, 139, 137, 135, 133, 129, 131, 127, 125, 123, 121, 119, 117, 113, 115, 111, 109, 105, 107, 101, 103};
    CHECK(out == expected);
}

TEST_CASE("timers due within the clock resolution run in the same iteration") {
    EventLoop loop;
    useLoop(loop);
    std::vector<int> out;
    loop.callAt(1.0, &Mark::call, new Mark(&out, 0), nullptr);
    loop.callAt(1.0 + 5e-10, &Mark::call, new Mark(&out, 1), nullptr);     // < now + 1e-9: due
    loop.callAt(1.0 + 1e-9, &Mark::call, new Mark(&out, 2), nullptr);      // == end_time: not due (>= breaks)
    loop.callAt(1.0 + 2e-9, &Mark::call, new Mark(&out, 3), nullptr);
    REQUIRE(runOnce(loop));
    CHECK(loop.time() == 1.0);
    CHECK(out == std::vector<int>{0, 1});
    REQUIRE(runOnce(loop));
    CHECK(loop.time() == 1.0 + 1e-9);
    CHECK(out == std::vector<int>{0, 1, 2, 3});  // 1.0+2e-9 < (1.0+1e-9) + 1e-9
}

TEST_CASE("one select never waits longer than 86400 seconds") {
    // CPython caps select()'s timeout at MAXIMUM_SELECT_TIMEOUT (24 h), so a
    // timer 200000 s ahead takes three iterations: two idle ones that end at
    // 86400 and 172800, then the one that runs it. The engine runs the idle
    // ones inside one runOnce() (they can do nothing else) but counts them.
    EventLoop loop;
    useLoop(loop);
    std::vector<int> out;
    loop.callAt(200000.0, &Mark::call, new Mark(&out, 0), nullptr);
    REQUIRE(runOnce(loop));
    CHECK(loop.time() == 200000.0);
    CHECK(out == std::vector<int>{0});
    CHECK(loop.iterations() == 3);
}

TEST_CASE("a timer within a day runs in one iteration") {
    EventLoop loop;
    useLoop(loop);
    std::vector<int> out;
    loop.callAt(86400.0, &Mark::call, new Mark(&out, 0), nullptr);
    REQUIRE(runOnce(loop));
    CHECK(loop.time() == 86400.0);
    CHECK(out == std::vector<int>{0});
    CHECK(loop.iterations() == 1);
}

TEST_CASE("a timer that can never become due (past 2^24 s) is treated as a loop that would block forever") {
    // At 1e8 s, now + 1e-9 == now: CPython would spin on select(0) forever
    // with the timer never due. The engine calls onBlockForever instead.
    EventLoop loop;
    useLoop(loop);
    std::vector<int> out;
    loop.advance(1e8);
    loop.callAt(1e8, &Mark::call, new Mark(&out, 0), nullptr);
    CHECK_FALSE(runOnce(loop));  // the helper's onBlockForever aborts the iteration
    CHECK(out.empty());
    CHECK(loop.time() == 1e8);
}

TEST_CASE("a timer already in the past runs at once and the clock never goes back") {
    EventLoop loop;
    useLoop(loop);
    std::vector<int> out;
    loop.advance(5.0);  // a cpu step
    loop.callAt(1.0, &Mark::call, new Mark(&out, 0), nullptr);
    CHECK(loop.nextIterationTime() == 5.0);
    REQUIRE(runOnce(loop));
    CHECK(loop.time() == 5.0);
    CHECK(out == std::vector<int>{0});
}

TEST_CASE("the ready queue runs first-in first-out") {
    EventLoop loop;
    useLoop(loop);
    std::vector<int> out;
    for (int i = 0; i < 6; ++i) loop.callSoon(&Mark::call, new Mark(&out, i), nullptr);
    REQUIRE(runOnce(loop));
    CHECK(out == std::vector<int>{0, 1, 2, 3, 4, 5});
    CHECK_FALSE(loop.hasReady());
}

TEST_CASE("callbacks scheduled during an iteration wait for the next one") {
    EventLoop loop;
    useLoop(loop);
    std::vector<int> out;
    loop.callSoon(&Chain::call, new Chain(&loop, &out, 0, new Mark(&out, 10)), nullptr);
    loop.callSoon(&Mark::call, new Mark(&out, 1), nullptr);
    loop.callSoon(&Chain::call, new Chain(&loop, &out, 2, new Mark(&out, 12)), nullptr);
    REQUIRE(runOnce(loop));
    CHECK(out == std::vector<int>{0, 1, 2});
    CHECK(loop.ready().size() == 2);
    REQUIRE(runOnce(loop));
    CHECK(out == std::vector<int>{0, 1, 2, 10, 12});
    CHECK(loop.iterations() == 2);
}

TEST_CASE("due timers join the ready queue behind the callbacks already there") {
    EventLoop loop;
    useLoop(loop);
    std::vector<int> out;
    loop.callAt(0.0, &Mark::call, new Mark(&out, 100), nullptr);
    loop.callSoon(&Mark::call, new Mark(&out, 0), nullptr);
    loop.callSoon(&Chain::call, new Chain(&loop, &out, 1, new Mark(&out, 2)), nullptr);
    REQUIRE(runOnce(loop));
    CHECK(out == std::vector<int>{0, 1, 100});  // the timer was due at 0.0 < 0.0 + 1e-9
    REQUIRE(runOnce(loop));
    CHECK(out == std::vector<int>{0, 1, 100, 2});
}

TEST_CASE("with callbacks ready the iteration does not move the clock to the next timer") {
    EventLoop loop;
    useLoop(loop);
    std::vector<int> out;
    loop.callAt(3.0, &Mark::call, new Mark(&out, 1), nullptr);
    loop.callSoon(&Mark::call, new Mark(&out, 0), nullptr);
    CHECK(loop.nextIterationTime() == 0.0);
    REQUIRE(runOnce(loop));
    CHECK(loop.time() == 0.0);
    CHECK(loop.nextIterationTime() == 3.0);
    REQUIRE(runOnce(loop));
    CHECK(loop.time() == 3.0);
    CHECK(out == std::vector<int>{0, 1});
}

TEST_CASE("a due timer cancelled by an earlier callback of the same iteration does not run") {
    struct Cancel final : Counted {
        EventLoop* loop;
        Ref<Handle> victim;
        static void call(RefCounted* self, Future*) {
            auto* c = static_cast<Cancel*>(self);
            c->loop->cancel(c->victim.get());
        }
    };
    EventLoop loop;
    useLoop(loop);
    std::vector<int> out;
    auto* c = new Cancel;
    c->loop = &loop;
    loop.callAt(1.0, &Cancel::call, c, nullptr);
    c->victim = loop.callAt(1.0, &Mark::call, new Mark(&out, 1), nullptr);
    REQUIRE(runOnce(loop));
    CHECK(out.empty());
    CHECK(loop.time() == 1.0);
}

TEST_CASE("cancelling a timer drops its callback's references at once") {
    const int base = Counted::live;
    {
        EventLoop loop;
        useLoop(loop);
        std::vector<int> out;
        Ref<Handle> h = loop.callLater(10.0, &Mark::call, new Mark(&out, 0), nullptr);
        CHECK(Counted::live == base + 1);
        loop.cancel(h.get());
        CHECK(Counted::live == base);  // Handle.cancel(): _callback = _args = None
        CHECK(h->cancelled);
        CHECK(loop.nextIterationTime() == std::numeric_limits<double>::infinity());
        runAll(loop);
        CHECK(out.empty());
        CHECK_FALSE(loop.hasTimers());
    }
    CHECK(Counted::live == base);
}

TEST_CASE("the loop releases every callback it ran or still holds") {
    const int base = Counted::live;
    {
        EventLoop loop;
        useLoop(loop);
        std::vector<int> out;
        for (int i = 0; i < 5; ++i) loop.callSoon(&Mark::call, new Mark(&out, i), nullptr);
        for (int i = 0; i < 5; ++i) loop.callLater(i, &Mark::call, new Mark(&out, 10 + i), nullptr);
        CHECK(Counted::live == base + 10);
        REQUIRE(runOnce(loop));  // the five call_soon and the timer at 0.0
        CHECK(Counted::live == base + 4);
        // the loop is destroyed with four timers pending
    }
    CHECK(Counted::live == base);
}
