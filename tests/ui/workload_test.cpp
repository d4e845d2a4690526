#include <catch2/catch.hpp>

#include "live/workload.h"

using namespace cs;
using namespace cs::ui;

TEST_CASE("the same workload settings give the same tasks, another seed others") {
    WorkloadSpec w;
    w.count = 200;
    w.failureRate = 0.2;
    w.cpuShare = 0.1;
    w.threadShare = 0.1;
    w.arrivalRate = 20;
    Scenario a, b, c;
    applyWorkload(w, a);
    applyWorkload(w, b);
    CHECK(a == b);
    w.seed = 2;
    applyWorkload(w, c);
    CHECK_FALSE((a.tasks == c.tasks && a.steps == c.steps));
}

TEST_CASE("a workload has the requested shape") {
    WorkloadSpec w;
    w.count = 1000;
    w.dist = WorkloadSpec::Dist::Uniform;
    w.mean = 2.0;
    w.spread = 0.5;
    w.failureRate = 0.25;
    w.arrivalRate = 10.0;
    Scenario s;
    s.limit.kind = LimitKind::Semaphore;
    applyWorkload(w, s);
    REQUIRE(s.tasks.size() == 1000);
    CHECK(s.limit.kind == LimitKind::Semaphore);  // left alone
    int failing = 0;
    double lastArrive = 0.0;
    for (const TaskSpec& t : s.tasks) {
        CHECK(t.arrive >= lastArrive);
        lastArrive = t.arrive;
        const Step* st = s.stepsOf(t);
        REQUIRE(t.stepCount >= 1);
        if (st[t.stepCount - 1].kind == StepKind::Raise) {
            ++failing;
            CHECK(s.excNames[st[t.stepCount - 1].exc] == "ConnectionError");
        } else {
            CHECK(st[0].duration >= 1.0 - 1e-9);
            CHECK(st[0].duration <= 3.0 + 1e-9);
        }
    }
    CHECK(failing > 180);
    CHECK(failing < 320);
    // Poisson arrivals at 10/s: about 100 s for 1000 tasks.
    CHECK(lastArrive > 80.0);
    CHECK(lastArrive < 120.0);
}

TEST_CASE("constant durations are exact") {
    WorkloadSpec w;
    w.count = 5;
    w.dist = WorkloadSpec::Dist::Constant;
    w.mean = 0.75;
    Scenario s;
    applyWorkload(w, s);
    for (const Step& st : s.steps) CHECK(st.duration == 0.75);
}
