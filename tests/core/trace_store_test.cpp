#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <algorithm>
#include <vector>

#include "trace/trace_store.h"

using cs::EvKind;
using cs::TraceEvent;
using cs::TraceStore;

namespace {
// A deterministic event for index i: several events share each instant so
// that the binary searches meet runs of equal times.
TraceEvent eventFor(std::size_t i) {
    const auto kinds = static_cast<std::size_t>(EvKind::FailedExc) + 1;
    return TraceEvent{static_cast<double>(i / 3) * 0.25,
                      static_cast<std::int32_t>(i % 1000) - 1,
                      static_cast<EvKind>(i % kinds),
                      static_cast<std::int32_t>(i * 7919 % 100003) - 50000};
}
}  // namespace

TEST_CASE("a trace store gives back every event it was given, across chunk boundaries") {
    TraceStore store;
    cs::Symbols symbols;
    const std::size_t n = 2 * TraceStore::kChunkEvents + 3;
    for (std::size_t i = 0; i < n; ++i) store.append(eventFor(i), symbols);

    REQUIRE(store.size() == n);
    for (std::size_t i : {std::size_t{0}, TraceStore::kChunkEvents - 1, TraceStore::kChunkEvents,
                          TraceStore::kChunkEvents + 1, 2 * TraceStore::kChunkEvents - 1,
                          2 * TraceStore::kChunkEvents, n - 1}) {
        INFO("index " << i);
        CHECK(store.at(i) == eventFor(i));
        CHECK(store.timeAt(i) == eventFor(i).t);
        CHECK(store.taskAt(i) == eventFor(i).task);
        CHECK(store.kindAt(i) == eventFor(i).kind);
        CHECK(store.argAt(i) == eventFor(i).arg);
    }
    bool all = true;
    for (std::size_t i = 0; i < n; ++i) all = all && store.at(i) == eventFor(i);
    CHECK(all);
}

TEST_CASE("the task id range survives packing with the event kind") {
    TraceStore store;
    store.append(TraceEvent{0.0, -1, EvKind::FailedExc, -7});
    store.append(TraceEvent{0.0, TraceStore::kMaxTask, EvKind::Created, 0});
    store.append(TraceEvent{0.0, 9'999'999, EvKind::Cancelled, 0});  // the loader's task cap
    CHECK(store.at(0) == TraceEvent{0.0, -1, EvKind::FailedExc, -7});
    CHECK(store.at(1) == TraceEvent{0.0, TraceStore::kMaxTask, EvKind::Created, 0});
    CHECK(store.at(2).task == 9'999'999);
    CHECK(store.maxTask() == TraceStore::kMaxTask);
    CHECK_THROWS_AS(store.append(TraceEvent{0.0, TraceStore::kMaxTask + 1, EvKind::Done, 0}),
                    std::out_of_range);
    CHECK_THROWS_AS(store.append(TraceEvent{0.0, -2, EvKind::Done, 0}), std::out_of_range);
    CHECK(store.size() == 3);
}

TEST_CASE("firstIndexAtOrAfter finds the first event at or after a time by binary search") {
    TraceStore store;
    const std::size_t n = TraceStore::kChunkEvents + 100;
    for (std::size_t i = 0; i < n; ++i) store.append(eventFor(i));

    // Compare against a linear scan for times before, between, on and after events.
    auto linearAtOrAfter = [&](double t) {
        std::size_t i = 0;
        while (i < store.size() && store.timeAt(i) < t) ++i;
        return i;
    };
    auto linearAfter = [&](double t) {
        std::size_t i = 0;
        while (i < store.size() && store.timeAt(i) <= t) ++i;
        return i;
    };
    const double last = store.timeAt(n - 1);
    for (double t : {-1.0, 0.0, 0.1, 0.25, 100.0, 100.125, last / 2, last - 0.25, last, last + 1}) {
        INFO("t = " << t);
        CHECK(store.firstIndexAtOrAfter(t) == linearAtOrAfter(t));
        CHECK(store.firstIndexAfter(t) == linearAfter(t));
    }
    // Every event of an instant is found: the run of three at t = 0.25 starts at 3.
    CHECK(store.firstIndexAtOrAfter(0.25) == 3);
    CHECK(store.firstIndexAfter(0.25) == 6);
    CHECK(store.firstIndexAtOrAfter(last + 1) == store.size());
}

TEST_CASE("the end event's class symbol does not count as a task lane") {
    TraceStore store;
    store.append(TraceEvent{0.0, 1, EvKind::Created, 0});
    store.append(TraceEvent{1.0, 5, EvKind::End, static_cast<std::int32_t>(cs::Outcome::Raised)});
    CHECK(store.maxTask() == 1);
    CHECK(store.at(1).task == 5);
}

TEST_CASE("an empty trace store answers searches with 0") {
    TraceStore store;
    CHECK(store.empty());
    CHECK(store.firstIndexAtOrAfter(1.0) == 0);
    CHECK(store.firstIndexAfter(1.0) == 0);
    CHECK(store.maxTask() == -1);
}

TEST_CASE("a trace store spends at most 16 bytes per event plus a pointer per chunk") {
    STATIC_REQUIRE(TraceStore::kBytesPerEvent <= 16);
    TraceStore store;
    const std::size_t n = 4 * TraceStore::kChunkEvents;
    for (std::size_t i = 0; i < n; ++i) store.append(eventFor(i));
    const std::size_t chunks = n / TraceStore::kChunkEvents;
    // The chunk index is a small vector of pointers; allow it its doubling slack.
    const std::size_t indexAllowance = 2 * chunks * sizeof(void*) + 8 * sizeof(void*);
    CHECK(store.memoryBytes() <= n * 16 + indexAllowance);
    CHECK(store.memoryBytes() >= n * TraceStore::kBytesPerEvent);

    // A partly filled chunk costs a whole chunk, never more.
    store.append(eventFor(n));
    CHECK(store.memoryBytes() <= (n + TraceStore::kChunkEvents) * 16 + indexAllowance);
}

TEST_CASE("a trace store copies the exception names its events refer to") {
    TraceStore store;
    cs::Symbols symbols;
    const auto ve = symbols.intern("ValueError");
    store.append(TraceEvent{0.5, -1, EvKind::Raise, ve}, symbols);
    const auto te = symbols.intern("TimeoutError");
    store.append(TraceEvent{0.6, 2, EvKind::FailedExc, te}, symbols);
    REQUIRE(store.symbols().size() == 2);
    CHECK(store.symbols().name(store.at(0).arg) == "ValueError");
    CHECK(store.symbols().name(store.at(1).arg) == "TimeoutError");
}

TEST_CASE("resetting a trace store forgets events and symbols") {
    TraceStore store;
    cs::Symbols symbols;
    symbols.intern("ValueError");
    for (std::size_t i = 0; i < TraceStore::kChunkEvents + 5; ++i) store.append(eventFor(i), symbols);
    store.reset();
    CHECK(store.size() == 0);
    CHECK(store.symbols().size() == 0);
    CHECK(store.maxTask() == -1);
    CHECK(store.memoryBytes() <= TraceStore::kChunkEvents * 16 + 8 * sizeof(void*));
    store.append(eventFor(1), symbols);
    CHECK(store.at(0) == eventFor(1));
    CHECK(store.symbols().size() == 1);
}

TEST_CASE("a batch with a task id out of range keeps the events before it, then throws") {
    TraceStore store;
    cs::Symbols symbols;
    const std::vector<TraceEvent> batch{{0.0, 0, EvKind::Created, 0},
                                        {0.5, 3, EvKind::Request, 0},
                                        {1.0, TraceStore::kMaxTask + 1, EvKind::Done, 0},
                                        {1.5, 1, EvKind::Done, 0}};
    CHECK_THROWS_AS(store.appendBatch(batch.data(), batch.size(), symbols), std::out_of_range);
    REQUIRE(store.size() == 2);
    CHECK(store.at(0) == batch[0]);
    CHECK(store.at(1) == batch[1]);
    CHECK(store.maxTask() == 3);
}

TEST_CASE("a batch across chunk boundaries is stored like events appended one by one") {
    TraceStore one, batched;
    cs::Symbols symbols;
    std::vector<TraceEvent> events;
    for (std::size_t i = 0; i < TraceStore::kChunkEvents + 700; ++i) events.push_back(eventFor(i));
    for (const TraceEvent& e : events) one.append(e);
    for (std::size_t i = 0; i < events.size(); i += 300)
        batched.appendBatch(events.data() + i, std::min<std::size_t>(300, events.size() - i), symbols);
    REQUIRE(batched.size() == one.size());
    bool same = true;
    for (std::size_t i = 0; i < one.size(); ++i) same = same && batched.at(i) == one.at(i);
    CHECK(same);
    CHECK(batched.maxTask() == one.maxTask());
}

TEST_CASE("a chunk whose events all have their own instant keeps a time per event, still within 16 bytes") {
    TraceStore store;
    const std::size_t n = 3 * TraceStore::kChunkEvents + 11;
    // Every event at its own time: past kMaxDistinct a chunk switches to one
    // time per event; the values read back are the ones appended.
    auto ev = [](std::size_t i) {
        return TraceEvent{static_cast<double>(i) * 1e-3 + 0.125, static_cast<std::int32_t>(i % 77),
                          EvKind::Running, static_cast<std::int32_t>(i)};
    };
    for (std::size_t i = 0; i < n; ++i) store.append(ev(i));
    bool same = true;
    for (std::size_t i = 0; i < n; ++i) same = same && store.at(i) == ev(i) && store.timeAt(i) == ev(i).t;
    CHECK(same);
    const std::size_t chunks = (n + TraceStore::kChunkEvents - 1) / TraceStore::kChunkEvents;
    CHECK(store.memoryBytes() <= chunks * TraceStore::kChunkEvents * TraceStore::kMaxBytesPerEvent + 1024);
    CHECK(store.firstIndexAtOrAfter(ev(5000).t) == 5000);

    // The same events in batches (the switch happens inside a batch).
    TraceStore batched;
    cs::Symbols symbols;
    std::vector<TraceEvent> all;
    for (std::size_t i = 0; i < n; ++i) all.push_back(ev(i));
    for (std::size_t i = 0; i < n; i += 1000)
        batched.appendBatch(all.data() + i, std::min<std::size_t>(1000, n - i), symbols);
    bool sameBatched = batched.size() == n;
    for (std::size_t i = 0; sameBatched && i < n; ++i) sameBatched = batched.at(i) == ev(i);
    CHECK(sameBatched);
    CHECK(batched.memoryBytes() == store.memoryBytes());
    CHECK(store.firstIndexAfter(ev(n - 1).t) == n);

    // A reset store goes back to shared times and still reads back exactly.
    store.reset();
    for (std::size_t i = 0; i < 100; ++i) store.append(eventFor(i));
    bool again = true;
    for (std::size_t i = 0; i < 100; ++i) again = again && store.at(i) == eventFor(i);
    CHECK(again);
}

TEST_CASE("events of one instant share their time, which keeps a million-task run near 12 bytes an event") {
    TraceStore store;
    // Six events per task, in instants of two to three events (as a run
    // writes them: created+request, running, release+done, result).
    std::size_t n = 0;
    double t = 0.0;
    for (std::int32_t task = 0; n < 8 * TraceStore::kChunkEvents; ++task) {
        for (EvKind k : {EvKind::Created, EvKind::Request}) store.append(TraceEvent{t, task, k, 0});
        t += 0.001;
        store.append(TraceEvent{t, task, EvKind::Running, 0});
        store.append(TraceEvent{t, task - 1, EvKind::Release, task});
        store.append(TraceEvent{t, task - 1, EvKind::Done, 0});
        store.append(TraceEvent{t, task, EvKind::Result, 1});
        n += 6;
    }
    // A partly filled last chunk costs a whole chunk's event arrays.
    const std::size_t lastChunk = TraceStore::kChunkEvents * (TraceStore::kBytesPerEvent + 2) + 4096;
    CHECK(store.memoryBytes() <= store.size() * 12 + lastChunk);
    CHECK(store.timeAt(2) == 0.001);
    CHECK(store.timeAt(0) == 0.0);
}

TEST_CASE("minus zero and zero are different times to the store") {
    TraceStore store;
    store.append(TraceEvent{0.0, 0, EvKind::Created, 0});
    store.append(TraceEvent{-0.0, 0, EvKind::Request, 0});
    CHECK_FALSE(std::signbit(store.timeAt(0)));
    CHECK(std::signbit(store.timeAt(1)));
}

TEST_CASE("renumbering tasks rewrites lanes and the task arguments that name lanes") {
    TraceStore store;
    cs::Symbols symbols;
    store.append(TraceEvent{0.0, 0, EvKind::Created, 0});
    store.append(TraceEvent{0.0, 1, EvKind::Created, 0 + 1});  // parent: lane 0
    store.append(TraceEvent{0.0, 1, EvKind::Release, 0});      // woke lane 0
    store.append(TraceEvent{0.0, 0, EvKind::Release, -1});     // woke nobody
    store.append(TraceEvent{0.0, 0, EvKind::Wake, 1});         // by lane 1
    store.append(TraceEvent{0.0, 2, EvKind::Worker, 1});       // worker 1: not a lane
    store.append(TraceEvent{0.0, 7, EvKind::Counter, 2});      // expected 7: not a lane
    store.append(TraceEvent{0.0, -1, EvKind::Limit, 2});
    store.renumberTasks({2, 0, 1});
    CHECK(store.at(0) == TraceEvent{0.0, 2, EvKind::Created, 0});
    CHECK(store.at(1) == TraceEvent{0.0, 0, EvKind::Created, 2 + 1});
    CHECK(store.at(2) == TraceEvent{0.0, 0, EvKind::Release, 2});
    CHECK(store.at(3) == TraceEvent{0.0, 2, EvKind::Release, -1});
    CHECK(store.at(4) == TraceEvent{0.0, 2, EvKind::Wake, 0});
    CHECK(store.at(5) == TraceEvent{0.0, 1, EvKind::Worker, 1});
    CHECK(store.at(6) == TraceEvent{0.0, 7, EvKind::Counter, 2});
    CHECK(store.at(7) == TraceEvent{0.0, -1, EvKind::Limit, 2});
    CHECK(store.maxTask() == 2);
}

TEST_CASE("a store keeps a trace file's own task ids beside its lanes") {
    TraceStore store;
    CHECK(store.taskId(3) == 3);  // no ids: a lane is its id
    store.setTaskIds({5, 1'000'000'000'000});
    CHECK(store.taskId(0) == 5);
    CHECK(store.taskId(1) == 1'000'000'000'000);
    CHECK(store.taskId(-1) == -1);
    TraceStore moved(std::move(store));
    CHECK(moved.taskId(1) == 1'000'000'000'000);
    moved.reset();
    CHECK(moved.taskIds().empty());
}
