#include <catch2/catch.hpp>

#include <algorithm>

#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QScrollArea>
#include <QTest>
#include <QSlider>
#include <QSpinBox>

#include "live/live_runner.h"
#include "live/session.h"
#include "live/workload.h"
#include "model/workload_facts.h"
#include "main_window.h"
#include "panels/controls_panel.h"
#include "scenario/loader.h"

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

TEST_CASE("an adaptive limit's box is named for what it shows: the limit in force at the live time") {
    // Example 23 starts at initial 1 and the AIMD rule moves it: at the end the box
    // read 2 beside "Initial limit".
    Session session;
    LiveRunner runner(&session);
    ControlsPanel panel(&session, &runner);
    LoadResult r = parseScenario(R"({"format": "coroscope-scenario/1",
        "generate": {"count": 30, "seed": 1, "steps": [{"io": 0.5}]},
        "limit": {"kind": "adaptive", "initial": 1, "min": 1, "max": 16, "latency_target": 0.75}})");
    REQUIRE(r.ok());
    session.load(*r.scenario);
    session.advanceTo(1e9);
    REQUIRE(session.finished());
    REQUIRE(session.currentLimit() != 1);
    const auto spins = panel.findChildren<QSpinBox*>();
    const auto shown = std::find_if(spins.begin(), spins.end(), [&](const QSpinBox* s) {
        return s->isVisibleTo(&panel) && s->value() == session.currentLimit() && s->maximum() >= 16;
    });
    REQUIRE(shown != spins.end());
    const auto labels = panel.findChildren<QLabel*>();
    CHECK(std::none_of(labels.begin(), labels.end(), [&](const QLabel* l) {
        return l->isVisibleTo(&panel) && l->text().contains(QStringLiteral("Initial"));
    }));
    CHECK(std::any_of(labels.begin(), labels.end(), [&](const QLabel* l) {
        return l->isVisibleTo(&panel) && l->text() == QStringLiteral("Limit now");
    }));
}

TEST_CASE("the Workload panel describes the scenario on screen and says whether its fields made it") {
    Session session;
    LiveRunner runner(&session);
    ControlsPanel panel(&session, &runner);
    auto* line = panel.findChild<QLabel*>(QStringLiteral("workloadLine"));
    auto* hint = panel.findChild<QLabel*>(QStringLiteral("workloadHint"));
    REQUIRE(line != nullptr);
    REQUIRE(hint != nullptr);

    // A loaded scenario (three tasks, one raising, one arriving late): its
    // own facts, and not the generator's settings.
    LoadResult r = parseScenario(R"({"format": "coroscope-scenario/1", "tasks": [
        {"steps": [{"io": 0.5}]}, {"steps": [{"io": 0.25}, {"raise": "ValueError"}]},
        {"arrive": 2.0, "steps": [{"io": 0.5}]}]})");
    REQUIRE(r.ok());
    session.load(*r.scenario);
    CHECK(line->text().contains(QStringLiteral("3 tasks")));
    CHECK(line->text().contains(QStringLiteral("250 ms to 500 ms of work each")));
    CHECK(line->text().contains(QStringLiteral("arriving over 2")));
    CHECK(line->text().contains(QStringLiteral("1 raises")));
    CHECK(hint->text().startsWith(QStringLiteral("The settings below start from these tasks")));
    // The settings start from those facts (never a generator's 1.5 s under
    // "250 ms to 500 ms of work each"): uniform around 375 ms, ± a third,
    // one task in three failing, three tasks over 2 s: two gaps, 1 /s (the
    // generator's first task arrives at 0; 3 / 2 s overstated the rate).
    const auto spin = [&](const char* name) {
        auto* s = panel.findChild<QDoubleSpinBox*>(QString::fromLatin1(name));
        REQUIRE(s != nullptr);
        return s->value();
    };
    CHECK(spin("workloadMean") == Approx(0.375));
    CHECK(spin("workloadSpread") == Approx(0.33).margin(0.005));
    CHECK(spin("workloadFailures") == Approx(33.0));
    CHECK(spin("workloadArrivals") == Approx(1.0));

    // Editing a field generates a workload: the line follows, the hint says so.
    const auto tasks = panel.findChildren<QSpinBox*>();
    QSpinBox* count = nullptr;
    for (QSpinBox* s : tasks)
        if (s->value() == 3 && s->maximum() == 1000000) count = s;
    REQUIRE(count != nullptr);
    count->setValue(7);
    CHECK(session.scenario().tasks.size() == 7);
    CHECK(line->text().contains(QStringLiteral("7 tasks")));
    CHECK(hint->text().startsWith(QStringLiteral("Made by")));
    CHECK(spin("workloadMean") == Approx(0.375));  // (the fields that made it stay)
    {
        // Around 375 ms, ± a third (a failing task raises half-way through its own).
        const cs::WorkloadFacts f = cs::describeWorkload(session.scenario());
        CHECK(f.maxWork <= 0.5 + 1e-9);
        CHECK(f.minWork >= 0.125 - 1e-9);
    }
    // A count as the header spells it: with the locale's group separator.
    {
        const QLocale before;
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        count->setValue(1234);
        CHECK(line->text().contains(QStringLiteral("1,234 tasks")));
        QLocale::setDefault(before);
        count->setValue(7);
        CHECK(line->text().contains(QStringLiteral("7 tasks")));
    }
    // A restart (a limit change) keeps the generated tasks: still made by the fields.
    session.load(Scenario(session.scenario()));
    CHECK(hint->text().startsWith(QStringLiteral("Made by")));
}

TEST_CASE("the Workload panel's line: counts with the group separator, one duration when both ends read alike") {
    Session session;
    LiveRunner runner(&session);
    ControlsPanel panel(&session, &runner);
    auto* line = panel.findChild<QLabel*>(QStringLiteral("workloadLine"));
    REQUIRE(line != nullptr);
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    // 1,200 tasks that block first, 1.001 s to 1.0012 s of work: shown as 1.00 s.
    std::string tasks;
    for (int i = 0; i < 1200; ++i)
        tasks += std::string(i ? "," : "") + R"({"steps": [{"cpu": )" + (i % 2 ? "0.0012" : "0.001") +
                 R"(}, {"io": 1.0}]})";
    LoadResult r = parseScenario(R"({"format": "coroscope-scenario/1", "tasks": [)" + tasks + "]}");
    REQUIRE(r.ok());
    session.load(*r.scenario);
    const QString text = line->text();
    QLocale::setDefault(before);
    CHECK(text.contains(QStringLiteral("1,200 tasks")));
    CHECK(text.contains(QStringLiteral("1,200 block the loop")));
    CHECK(text.contains(QStringLiteral(" of work each")));
    CHECK_FALSE(text.contains(QStringLiteral(" to ")));
}

TEST_CASE("the Workload panel's line gets the height its text needs when it grows, in the Controls dock") {
    // The Controls dock at 1280x720: a workload's summary that grew to three
    // lines kept two lines' height (the form had laid it out for the short
    // one), its third cut in half.
    MainWindow w;
    w.resize(1280, 720);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    auto* line = w.findChild<QLabel*>(QStringLiteral("workloadLine"));
    REQUIRE(line != nullptr);
    std::string tasks;
    for (int i = 0; i < 200; ++i)
        tasks += std::string(i ? "," : "") + R"({"arrive": )" + std::to_string(i * 0.05) + R"(, "steps": [{"io": )" +
                 std::to_string(0.1 + (i % 7) * 0.2) + (i % 9 == 0 ? R"(}, {"cpu": 0.01}]})" : "}]}");
    LoadResult r = parseScenario(R"({"format": "coroscope-scenario/1", "tasks": [)" + tasks + "]}");
    REQUIRE(r.ok());
    w.loadScenario(*r.scenario);
    for (int k = 0; k < 5; ++k) QCoreApplication::processEvents();
    REQUIRE(line->isVisible());
    REQUIRE(line->heightForWidth(line->width()) > 2 * line->fontMetrics().height());  // (the case: 3 lines or more)
    CHECK(line->height() + 1 >= line->heightForWidth(line->width()));
}

TEST_CASE("the limit's box is as wide as its value needs, so the slider beside it keeps room, and never cut") {
    // The box beside the limit's slider was as wide as nine digits: at
    // 1280x720 the slider kept some 20 px (the xvfb screenshot test's layout
    // report checks sliders). Now it fits its value: it must grow with it.
    MainWindow w;
    w.resize(1280, 720);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    LoadResult r = parseScenario(R"({"format": "coroscope-scenario/1",
        "generate": {"count": 8, "seed": 1, "steps": [{"io": 0.5}]},
        "limit": {"kind": "queue", "workers": 3, "maxsize": 2}})");
    REQUIRE(r.ok());
    w.loadScenario(*r.scenario);
    for (int k = 0; k < 5; ++k) QCoreApplication::processEvents();
    QSpinBox* spin = w.controls()->limitSpin();
    REQUIRE(spin->isVisible());
    int small = 0;
    for (const int v : {3, 1234, 123456, spin->maximum()}) {
        spin->setValue(v);
        for (int k = 0; k < 3; ++k) QCoreApplication::processEvents();
        const QString text = spin->locale().toString(v);
        INFO(text.toStdString() << ": box " << spin->width());
        CHECK(spin->findChild<QLineEdit*>()->width() >= spin->fontMetrics().horizontalAdvance(text));
        if (v == 3) small = spin->width();
        if (v == spin->maximum()) CHECK(spin->width() > small);  // (it grew: it had not room for nine digits)
    }
}
