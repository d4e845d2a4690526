#include <QChartView>
#include <QLabel>
#include <QLocale>
#include <QValueAxis>
#include <cmath>
#include <catch2/catch.hpp>

#include "fixtures.h"
#include "live/session.h"
#include "panels/metrics_panel.h"

using namespace cs;
using namespace cs::ui;

namespace {
// The panel's labels whose text contains `needle`.
QStringList labelsWith(const MetricsPanel& p, const QString& needle) {
    QStringList out;
    for (const QLabel* l : p.findChildren<QLabel*>())
        if (l->text().contains(needle)) out << l->text();
    return out;
}
}  // namespace

TEST_CASE("the Metrics panel's throughput divides by the elapsed time when the run is shorter than the window") {
    Session s;
    s.load(test::semaphoreScenario(25, 25, 0.5, 0.0));  // all 25 end at t = 0.5
    s.advanceTo(1e9);
    REQUIRE(s.model()->endTime() == Approx(0.5));
    MetricsPanel p(&s);
    p.refresh(0.5);
    // 25 done in 0.5 s: 50 /s, as Little's law's lambda says, not 25 / 1 s.
    CHECK(labelsWith(p, QStringLiteral(" /s")).contains(QStringLiteral("50.0 /s")));
    CHECK(labelsWith(p, QStringLiteral("λW = 50.00/s")).size() == 1);
}

TEST_CASE("the Metrics panel shows the run model's numbers at the inspected instant") {
    Session s;
    s.load(test::semaphoreScenario(8, 8, 1.0, 0.0));  // all eight finish at t = 1
    s.advanceTo(1e9);
    const RunModel& run = s.model()->run();
    CHECK(run.metricsAt(1.0, 0.5).windowThroughput == Approx(16.0));
    // Past the end of an ended run nothing more happens: the numbers are the
    // end's (the run's time does not run on after its end).
    CHECK(run.metricsAt(1.6, 0.5).t == 1.0);
    CHECK(run.metricsAt(1.6, 0.5).windowThroughput == Approx(16.0));
    CHECK(run.metricsAt(0.5, 0.5).inFlight == 8);
    MetricsPanel p(&s);
    p.refresh(0.5);
    CHECK(labelsWith(p, QStringLiteral("Done 0 · failed 0 · cancelled 0 of 8 tasks")).size() == 1);
    p.refresh(1.0);
    CHECK(labelsWith(p, QStringLiteral("Done 8 · failed 0 · cancelled 0 of 8 tasks")).size() == 1);
    // The run is 1 s long, so the window is 1 s: 8 done in (0, 1].
    CHECK(labelsWith(p, QStringLiteral(" /s")).contains(QStringLiteral("8.00 /s")));
}

TEST_CASE("Little's law holds in the Metrics panel once a run has emptied") {
    Session s;
    s.load(test::semaphoreScenario(30, 4, 0.5, 0.2));
    s.advanceTo(1e9);
    const RunMetrics m = s.model()->run().metricsAt(s.model()->endTime());
    CHECK(m.ok == 30);
    CHECK(m.little.L == Approx(m.little.lambdaW()).epsilon(1e-9));
    MetricsPanel p(&s);
    p.refresh(s.model()->endTime());
    CHECK(labelsWith(p, QStringLiteral("✓")).size() == 1);
}

TEST_CASE("the Metrics panel spells its task counts with the locale's group separator") {
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    Session s;
    s.load(test::semaphoreScenario(1200, 1200, 0.5, 0.0));  // all 1,200 end at t = 0.5
    s.advanceTo(1e9);
    MetricsPanel p(&s);
    p.refresh(0.5);
    CHECK(labelsWith(p, QStringLiteral("Done 1,200 · failed 0 · cancelled 0 of 1,200 tasks")).size() == 1);
    QLocale::setDefault(before);
}

TEST_CASE("the Metrics panel's time axis starts at a second while the run's length is unknown") {
    Session s;
    s.hideNextHorizon();  // as a lesson asking how long the run takes
    s.load(test::semaphoreScenario(8, 8, 3.0, 0.0));
    REQUIRE(std::isnan(s.horizon()));
    MetricsPanel p(&s);
    p.refresh(0.0);
    const auto views = p.findChildren<QChartView*>();
    REQUIRE(views.size() == 1);
    const auto axes = views.front()->chart()->axes(Qt::Horizontal);
    REQUIRE(axes.size() == 1);
    const auto* t = qobject_cast<const QValueAxis*>(axes.front());
    REQUIRE(t != nullptr);
    // Not 0 .. 1 ms at t = 0: labels that long would not fit the panel.
    CHECK(t->min() == 0.0);
    CHECK(t->max() == Approx(1.0));
    // It grows with the run, not beyond it: the 3-s run's end is not shown.
    s.advanceTo(2.0);
    p.refresh(2.0);
    CHECK(t->max() >= 2.0);
    CHECK(t->max() < 3.0);
}
