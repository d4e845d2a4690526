#include <QChartView>
#include <QLabel>
#include <QLocale>
#include <QValueAxis>
#include <cmath>
#include <catch2/catch.hpp>

#include "fixtures.h"
#include "live/session.h"
#include "panels/metrics_panel.h"
#include "scenario/loader.h"
#include "timeline/passes/counter_tracks_pass.h"
#include "timeline/viewport.h"

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

// The timeline's whole range for a run, as the main window sets it once the
// run has ended (its length and a margin; the window only needs the span).
double runSpan(const Session& s) { return s.model()->ended() ? s.model()->endTime() * 1.02 : 1.0; }
}  // namespace

TEST_CASE("the Metrics panel's throughput divides by the elapsed time when the run is shorter than the window") {
    Session s;
    s.load(test::semaphoreScenario(25, 25, 0.5, 0.0));  // all 25 end at t = 0.5
    s.advanceTo(1e9);
    REQUIRE(s.model()->endTime() == Approx(0.5));
    Viewport view;
    view.setWhole({0.0, runSpan(s)});
    MetricsPanel p(&s, &view);
    p.refresh(0.5);
    // 25 done in 0.5 s: 50 /s, as Little's law's lambda says, not 25 / 1 s.
    CHECK(labelsWith(p, QStringLiteral(" /s")).contains(QStringLiteral("50.0 /s")));
    // (A word joiner after the slash: "50.00/" never ends a line, "s" the next.)
    CHECK(labelsWith(p, QStringLiteral("λW = 50.00/\u2060s")).size() == 1);
    const QStringList little = labelsWith(p, QStringLiteral("λW = "));
    REQUIRE(little.size() == 1);
    // W in one piece too ("500\u00a0ms"): no plain space between "× " and " =".
    const QString w = little[0].section(QStringLiteral("× "), 1).section(QStringLiteral(" = "), 0, 0);
    CHECK(w.contains(QChar(0x00A0)));
    CHECK_FALSE(w.contains(QLatin1Char(' ')));
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
    Viewport view;
    view.setWhole({0.0, runSpan(s)});
    MetricsPanel p(&s, &view);
    p.refresh(0.5);
    CHECK(labelsWith(p, QStringLiteral("Done 0 · failed 0 · cancelled 0 of 8 tasks")).size() == 1);
    p.refresh(1.0);
    CHECK(labelsWith(p, QStringLiteral("Done 8 · failed 0 · cancelled 0 of 8 tasks")).size() == 1);
    // The run is 1 s long, so the window is 1 s: 8 done in (0, 1].
    CHECK(labelsWith(p, QStringLiteral(" /s")).contains(QStringLiteral("8.00 /s")));
    // The latencies: a percentile's name, its value and unit never wrap apart.
    const QString nb(QChar(0x00A0));
    CHECK(labelsWith(p, QStringLiteral("p50") + nb + QStringLiteral("1.00") + nb + QStringLiteral("s")).size() == 1);
    CHECK(labelsWith(p, QStringLiteral("p99") + nb + QStringLiteral("1.00") + nb + QStringLiteral("s")).size() == 1);
}

TEST_CASE("Little's law holds in the Metrics panel once a run has emptied") {
    Session s;
    s.load(test::semaphoreScenario(30, 4, 0.5, 0.2));
    s.advanceTo(1e9);
    const RunMetrics m = s.model()->run().metricsAt(s.model()->endTime());
    CHECK(m.ok == 30);
    CHECK(m.little.L == Approx(m.little.lambdaW()).epsilon(1e-9));
    Viewport view;
    view.setWhole({0.0, runSpan(s)});
    MetricsPanel p(&s, &view);
    p.refresh(s.model()->endTime());
    CHECK(labelsWith(p, QStringLiteral("✓")).size() == 1);
}

TEST_CASE("the Metrics panel spells its task counts with the locale's group separator") {
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    Session s;
    s.load(test::semaphoreScenario(1200, 1200, 0.5, 0.0));  // all 1,200 end at t = 0.5
    s.advanceTo(1e9);
    Viewport view;
    view.setWhole({0.0, runSpan(s)});
    MetricsPanel p(&s, &view);
    p.refresh(0.5);
    CHECK(labelsWith(p, QStringLiteral("Done 1,200 · failed 0 · cancelled 0 of 1,200 tasks")).size() == 1);
    p.refresh(0.25);  // all 1,200 in flight
    CHECK(labelsWith(p, QStringLiteral("1,200")).contains(QStringLiteral("1,200")));
    QLocale::setDefault(before);
}

TEST_CASE("the Metrics panel's time axis starts at a second while the run's length is unknown") {
    Session s;
    s.hideNextHorizon();  // as a lesson asking how long the run takes
    s.load(test::semaphoreScenario(8, 8, 3.0, 0.0));
    REQUIRE(std::isnan(s.horizon()));
    Viewport view;
    view.setWhole({0.0, runSpan(s)});
    MetricsPanel p(&s, &view);
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

TEST_CASE("the Metrics panel's recent throughput and the timeline's Done per second read the same") {
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    Session s;
    // 600 tasks, 40 at a time, 0.25 s each: a 3.75 s run; the window is 1 s.
    s.load(test::semaphoreScenario(600, 40, 0.25, 0.0));
    s.advanceTo(1e9);
    Viewport view;
    MetricsPanel p(&s, &view);
    // A long run's window follows the timeline's whole range: 40 s -> 2 s.
    for (const double span : {runSpan(s), 40.0}) {
        view.setWhole({0.0, span});
        for (const double t : {0.6, 1.3, 2.0, 3.75}) {
            p.refresh(t);
            const QString track = CounterTracksPass::doneRateText(*s.model(), view.whole(), t);
            INFO("span " << span << " t " << t << " track " << track.toStdString());
            CHECK(labelsWith(p, QStringLiteral(" /s")).contains(track));
        }
    }
    QLocale::setDefault(before);
}

TEST_CASE("the Metrics chart's axes label thousands as numbers, not in scientific notation") {
    Session s;
    s.load(test::semaphoreScenario(3000, 3000, 0.5, 0.0));  // 3,000 done at t = 0.5: 6,000 /s
    s.advanceTo(1e9);
    Viewport view;
    view.setWhole({0.0, runSpan(s)});
    MetricsPanel p(&s, &view);
    p.refresh(0.5);
    const auto views = p.findChildren<QChartView*>();
    REQUIRE(views.size() == 1);
    CHECK(views.front()->chart()->localizeNumbers());
    const auto axes = views.front()->chart()->axes(Qt::Vertical);
    REQUIRE(axes.size() == 2);
    bool thousands = false;
    for (const QAbstractAxis* a : axes) {
        const auto* v = qobject_cast<const QValueAxis*>(a);
        REQUIRE(v != nullptr);
        if (v->max() < 1000) continue;
        thousands = true;
        CHECK_FALSE(v->labelFormat().contains(QLatin1Char('g')));
        CHECK_FALSE(v->labelFormat().contains(QLatin1Char('e')));
    }
    CHECK(thousands);  // the rate axis reaches past 6,000
}

TEST_CASE("a recorded program whose tasks never asked for a permit has no latency, and the panel says why") {
    // Two tasks done, no `request` line: latency and Little's law count
    // tasks from their request (spec section 5); "no task finished yet"
    // would be false.
    Session s;
    test::showTrace(s, R"({"t": 0.0, "ev": "created", "task": 0, "name": "a"}
{"t": 0.0, "ev": "created", "task": 1, "name": "b"}
{"t": 1.0, "ev": "done", "task": 0, "name": "a"}
{"t": 2.0, "ev": "done", "task": 1, "name": "b"}
{"t": 2.0, "ev": "end", "outcome": "ok"}
)");
    Viewport view;
    view.setWhole({0.0, runSpan(s)});
    MetricsPanel p(&s, &view);
    p.refresh(2.0);
    CHECK(labelsWith(p, QStringLiteral("no task asked for a permit")).size() == 1);
    CHECK(labelsWith(p, QStringLiteral("needs tasks that ask for a permit")).size() == 1);
    CHECK(labelsWith(p, QStringLiteral("no task done yet")).isEmpty());
    // A scenario's run before any task is done: nothing done yet.
    Session fresh;
    fresh.load(test::semaphoreScenario(3, 1, 0.5, 0.0));
    MetricsPanel q(&fresh, &view);
    q.refresh(0.0);
    CHECK(labelsWith(q, QStringLiteral("no task done yet")).size() == 1);
    // Every task over and none done (a timeout cancelled the one task): no "yet".
    Session over;
    LoadResult r = parseScenario(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 1.0}], "timeout": 0.5}]})");
    REQUIRE(r.ok());
    over.load(*r.scenario);
    over.advanceTo(10.0);
    MetricsPanel o(&over, &view);
    o.refresh(0.5);
    CHECK(labelsWith(o, QStringLiteral("no task ended done")).size() == 1);
    CHECK(labelsWith(o, QStringLiteral("yet")).isEmpty());
    o.refresh(0.25);  // before its end: it may still be done
    CHECK(labelsWith(o, QStringLiteral("no task done yet")).size() == 1);
}

TEST_CASE("the Metrics panel says a recorded run without tasks has no latency, not 'none done yet'") {
    // main() handed its work to the thread pool and made no task.
    Session s;
    test::showTrace(s, R"({"t": 0.0, "ev": "main_thread_begin", "job": 0}
{"t": 0.2, "ev": "main_thread_end", "job": 0}
{"t": 0.2, "ev": "end", "outcome": "ok"}
)");
    Viewport view;
    view.setWhole({0.0, runSpan(s)});
    MetricsPanel p(&s, &view);
    p.refresh(0.2);
    CHECK(labelsWith(p, QStringLiteral("Done 0 · failed 0 · cancelled 0 of 0 tasks")).size() == 1);
    CHECK(labelsWith(p, QStringLiteral("Latency")) ==
          QStringList{QStringLiteral("Latency (request → end): none, the run has no task (main() did it all)")});
}

TEST_CASE("the Metrics panel says how long a Queue's jobs waited in the queue, which their latency leaves out") {
    // Queue(maxsize=1) and one worker; three jobs of 1 s put at once by
    // main(): job 0 taken at once, job 1 waits in the queue from 0 to 1, job
    // 2 (put once there is room, at 1) waits from 1 to 2.
    Session s;
    LoadResult r = parseScenario(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}],
        "limit": {"kind": "queue", "workers": 1, "maxsize": 1}})");
    REQUIRE(r.ok());
    s.load(*r.scenario);
    s.advanceTo(10.0);
    const RunModel::QueueWaits q = s.model()->run().queueWaitsAt(3.0);
    REQUIRE(q.taken == 3);
    CHECK(q.longest == 1.0);
    Viewport view;
    view.setWhole({0.0, runSpan(s)});
    MetricsPanel p(&s, &view);
    p.refresh(3.0);
    const QString nb(QChar(0x00A0));
    const QString head = QStringLiteral("Time in the queue (put → a worker takes it): p50") + nb;
    CHECK(labelsWith(p, QStringLiteral("Time in the queue")) ==
          QStringList{head + QStringLiteral("1.00") + nb + QStringLiteral("s · longest 1.00") + nb + QStringLiteral("s")});
    // A job's latency runs from when a worker takes it (job 2: put at 1,
    // taken at 2, done at 3: 1 s), and the line says so: "request → end"
    // read as from the put (2 s).
    const QString latency = QStringLiteral("Latency (a worker takes it → end): p50") + nb + QStringLiteral("1.00");
    CHECK(labelsWith(p, latency).size() == 1);
    CHECK(labelsWith(p, QStringLiteral("Latency (request")).isEmpty());
    p.refresh(0.5);  // job 1 in the queue, not taken yet: its wait is not over
    CHECK(labelsWith(p, QStringLiteral("Latency")) ==
          QStringList{QStringLiteral("Latency (a worker takes it → end): no job done yet")});
    CHECK(labelsWith(p, QStringLiteral("Time in the queue")) ==
          QStringList{head + QStringLiteral("0") + nb + QStringLiteral("s · longest 0") + nb +
                      QStringLiteral("s; 1 job still in the queue")});
    // A run without a queue has no such line on show.
    Session plain;
    plain.load(test::semaphoreScenario(3, 1, 0.5, 0.0));
    plain.advanceTo(10.0);
    MetricsPanel o(&plain, &view);
    o.refresh(1.0);
    for (const QLabel* l : o.findChildren<QLabel*>())
        if (l->text().contains(QStringLiteral("Time in the queue"))) CHECK_FALSE(l->isVisibleTo(&o));
}

TEST_CASE("Little's law in the Metrics panel: L and λW that agree read as one number") {
    // One task in the system for 0.01 s of a 0.4 s run: L = 0.01 / 0.4 is
    // 0.024999999999999998, λW = (1 / 0.4) × 0.01 is 0.025: "0.02 … = 0.03
    // ✓ agrees" showed two numbers under "agrees".
    Session s;
    test::showTrace(s, R"({"t": 0.0, "ev": "created", "task": 0, "name": "a"}
{"t": 0.0, "ev": "request", "task": 0, "name": "a"}
{"t": 0.0, "ev": "running", "task": 0, "name": "a"}
{"t": 0.01, "ev": "done", "task": 0, "name": "a"}
{"t": 0.4, "ev": "end", "outcome": "ok"}
)");
    const RunMetrics m = s.model()->run().metricsAt(0.4);
    REQUIRE(m.little.L != m.little.lambdaW());  // (the case: equal but for the last bits)
    Viewport view;
    view.setWhole({0.0, runSpan(s)});
    MetricsPanel p(&s, &view);
    p.refresh(0.4);
    const QStringList little = labelsWith(p, QStringLiteral("Little's law"));
    REQUIRE(little.size() == 1);
    const QString L = little[0].section(QStringLiteral("L = "), 1).section(QLatin1Char(' '), 0, 0);
    CHECK(little[0].contains(QStringLiteral("= ") + L + QStringLiteral(" ✓ agrees")));
}
