#include <catch2/catch.hpp>

#include "live/session.h"
#include "panels/run_metrics.h"
#include "fixtures.h"

using namespace cs;
using namespace cs::ui;

TEST_CASE("percentile is nearest-rank") {
    std::vector<double> v{5, 1, 4, 2, 3};
    CHECK(percentile(v, 0.5) == 3);
    CHECK(percentile(v, 0.95) == 5);
    CHECK(percentile(v, 0.0) == 1);
    std::vector<double> none;
    CHECK(percentile(none, 0.5) == 0);
}

TEST_CASE("Little's law holds once a run has emptied") {
    Session s;
    s.load(test::semaphoreScenario(30, 4, 0.5, 0.2));
    s.advanceTo(1e9);
    const double end = s.model()->endTime();
    const ui::RunMetrics m = computeMetrics(*s.model(), end, 1.0);
    CHECK(m.done == 30);
    CHECK(m.inFlight == 0);
    CHECK(m.waiting == 0);
    CHECK(m.littleL == Approx(m.littleLambdaW).epsilon(1e-9));
    CHECK(m.lambda == Approx(30.0 / end));
    CHECK(m.p50 <= m.p95);
    CHECK(m.p95 <= m.p99);
}

TEST_CASE("throughput counts completions in the sliding window") {
    Session s;
    s.load(test::semaphoreScenario(8, 8, 1.0, 0.0));  // all eight finish at t = 1
    s.advanceTo(1e9);
    CHECK(computeMetrics(*s.model(), 1.0, 0.5).throughput == Approx(16.0));
    CHECK(computeMetrics(*s.model(), 1.6, 0.5).throughput == 0.0);
    CHECK(computeMetrics(*s.model(), 0.5, 0.5).inFlight == 8);
}
