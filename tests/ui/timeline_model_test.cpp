// The TimelineModel (the Qt adapter over the run model) against the engine's
// own trace: per-task facts, counter tracks, hand-overs, states at an
// instant, incremental reading.
#include <QSignalSpy>
#include <catch2/catch.hpp>
#include <cmath>

#include "program/simulation.h"
#include "i18n/language.h"
#include "timeline/timeline_model.h"
#include "timeline/trace_recorder.h"
#include "trace/trace_store.h"
#include "fixtures.h"

using namespace cs;
using namespace cs::ui;

namespace {
struct Run {
    TraceRecorder rec;
    TimelineModel model;
    explicit Run(const Scenario& s) {
        model.setSource(&rec);
        rec.configure(RunConfig::forScenario(s));
        model.configure(s);
        Simulation sim(s, rec);
        sim.run();
        model.sync();
        model.setNow(sim.now());
    }
};

double firstTime(const TraceStore& st, EvKind k, int task) {
    for (std::size_t i = 0; i < st.size(); ++i)
        if (st.kindAt(i) == k && st.taskAt(i) == task) return st.timeAt(i);
    return std::nan("");
}
}  // namespace

TEST_CASE("per-task times are the trace's created/request/running/terminal times") {
    const Scenario s = test::semaphoreScenario(7, 2);
    Run r(s);
    const TraceStore& st = r.rec.store();
    REQUIRE(r.model.taskCount() == 7);
    for (int i = 0; i < 7; ++i) {
        CAPTURE(i);
        CHECK(r.model.created(i) == firstTime(st, EvKind::Created, i));
        CHECK(r.model.request(i) == firstTime(st, EvKind::Request, i));
        CHECK(r.model.running(i) == firstTime(st, EvKind::Running, i));
        CHECK(r.model.terminal(i) == firstTime(st, EvKind::Done, i));
        CHECK(r.model.terminalKind(i) == EvKind::Done);
        CHECK(r.model.stateAt(i, r.model.terminal(i)) == ui::TaskState::Done);
    }
    CHECK(r.model.ended());
    CHECK(r.model.outcome() == Outcome::Ok);
    CHECK(r.model.resultCount() == 7);
}

TEST_CASE("permits in use never exceed the semaphore and return to zero") {
    const Scenario s = test::semaphoreScenario(9, 3);
    Run r(s);
    const StepSeries& p = r.model.permitsInUse();
    CHECK(r.model.countsPermits());
    CHECK(p.maxValue() == 3);
    CHECK(p.last() == 0);
    CHECK(r.model.limit().valueAtTime(0.0) == 3);
    CHECK(r.model.waiting().valueAtTime(0.0) == 6);
    CHECK(r.model.waiting().last() == 0);
    // Every task that had to wait got its permit from a releasing task.
    for (std::size_t i = 3; i < 9; ++i) {
        CAPTURE(i);
        const auto from = r.model.wokenBy(i);
        REQUIRE(from >= 0);
        CHECK(r.model.terminal(static_cast<std::size_t>(from)) == r.model.running(i));
    }
    CHECK(r.model.releaseCount() == 6);
}

TEST_CASE("a blocking call freezes the others: states at an instant") {
    Run r(test::bundled("11-blocking-call-freezes-loop"));
    CHECK(r.model.cpuBlocks().size() == 1);
    CHECK(r.model.cpuTaskAt(1.0) == 1);
    CHECK(r.model.stateAt(1, 1.0) == ui::TaskState::Cpu);
    CHECK(r.model.stateAt(0, 1.0) == ui::TaskState::Frozen);
    CHECK(r.model.stateAt(2, 1.0) == ui::TaskState::NotStarted);
    CHECK(r.model.stateAt(2, 2.2) == ui::TaskState::Running);
    CHECK(r.model.waitedAt(0, 1.0) == 0.0);
    CHECK(r.model.ranAt(0, 1.0) == Approx(1.0));
}

TEST_CASE("thread pool jobs become thread segments of their task") {
    Run r(test::bundled("12-to-thread-pool"));
    std::size_t threads = 0;
    for (std::size_t i = 0; i < r.model.taskCount(); ++i)
        for (const Segment& sg : r.model.stepSegments(i)) {
            CHECK(sg.state == ui::TaskState::Thread);
            CHECK(sg.end > sg.begin);
            CHECK(r.model.stateAt(i, sg.begin) == ui::TaskState::Thread);
            ++threads;
        }
    CHECK(threads == r.model.taskCount());
}

TEST_CASE("failures carry the exception name from failed_exc") {
    Scenario s = test::semaphoreScenario(3, 3);
    s.steps[1] = {0.0, StepKind::Raise, s.internExc("ValueError")};
    s.collect.returnExceptions = true;
    Run r(s);
    CHECK(r.model.terminalKind(1) == EvKind::Failed);
    CHECK(r.model.exceptionName(1) == QStringLiteral("ValueError"));
    CHECK(r.model.failedTimes().size() == 1);
    CHECK_FALSE(r.model.resultOk(1));
}

TEST_CASE("reading a run step by step gives what reading it at once gives") {
    const Scenario s = test::bundled("default-semaphore-20");
    Run whole(s);
    TraceRecorder rec;
    TimelineModel inc;
    inc.setSource(&rec);
    rec.configure(RunConfig::forScenario(s));
    inc.configure(s);
    QSignalSpy appended(&inc, &TimelineModel::appended);
    Simulation sim(s, rec);
    while (sim.step()) inc.sync();
    inc.sync();
    CHECK(appended.count() > 10);
    REQUIRE(inc.taskCount() == whole.model.taskCount());
    for (std::size_t i = 0; i < inc.taskCount(); ++i) {
        CAPTURE(i);
        CHECK(inc.running(i) == whole.model.running(i));
        CHECK(inc.terminal(i) == whole.model.terminal(i));
        CHECK(inc.wokenBy(i) == whole.model.wokenBy(i));
    }
    CHECK(inc.permitsInUse().size() == whole.model.permitsInUse().size());
    CHECK(inc.waiting().integral(100.0) == Approx(whole.model.waiting().integral(100.0)));
    CHECK(inc.cpuBlocks().size() == whole.model.cpuBlocks().size());
}

TEST_CASE("a replay from t = 0 (new generation) rebuilds the model") {
    Scenario s = test::semaphoreScenario(12, 2);
    TraceRecorder rec;
    TimelineModel m;
    m.setSource(&rec);
    rec.configure(RunConfig::forScenario(s));
    m.configure(s);
    Simulation sim(s, rec);
    sim.runUntil(1.5);
    m.sync();
    const auto before = m.eventCount();
    QSignalSpy rebuilt(&m, &TimelineModel::rebuilt);
    REQUIRE(sim.setLimit(5));
    m.sync();
    CHECK(rebuilt.count() == 1);
    CHECK(m.limit().valueAtTime(sim.now()) == 5);
    CHECK(m.eventCount() >= before);
}

TEST_CASE("a Barrier's band is named as its lock: its 1 permit is no count of the Barrier's parties") {
    const test::EnglishAfter english;
    // The tracer's "primitive" line for asyncio.Barrier(3) at line 16 is its Condition's Lock (value 1):
    // drawn as "Barrier, line 16" and "0 of 1", read as 0 of 1 party arrived.
    const PrimitiveInfo barrier{"Barrier", 1, 16, {}};
    CHECK(TimelineModel::primitiveTitle(barrier) == QStringLiteral("Barrier's lock, line 16"));
    CHECK(TimelineModel::primitiveTitle(PrimitiveInfo{"Condition", 1, 5, {}}) == QStringLiteral("Condition, line 5"));
    CHECK(TimelineModel::primitiveLabel({barrier}, 0) == QStringLiteral("#1 Barrier's lock, line 16"));
    REQUIRE(Language::install(QStringLiteral("zh_CN")) == QStringLiteral("zh_CN"));
    CHECK(TimelineModel::primitiveTitle(barrier).startsWith(QStringLiteral("Barrier 的锁")));
}
