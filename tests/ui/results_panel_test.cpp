// The Results dock's notes: ties the virtual clock made among results that
// come in completion order (as_completed), and none where the order is not
// the tasks' ends (gather).
#include <QLabel>
#include <catch2/catch.hpp>

#include "live/session.h"
#include "panels/results_panel.h"
#include "scenario/loader.h"

using namespace cs;
using namespace cs::ui;

namespace {
Scenario parsed(const char* json) {
    const LoadResult r = parseScenario(json);
    REQUIRE(r.ok());
    return *r.scenario;
}

// The panel's text below its list, once the run has reached t; `session`
// (when given) receives the run, for the expectations.
QString notesAt(const char* json, double t, Session* session = nullptr) {
    Session own;
    Session& s = session ? *session : own;
    s.load(parsed(json));
    s.advanceTo(1e9);
    ResultsPanel p(&s);
    p.refresh(t);
    QString all;
    for (const QLabel* l : p.findChildren<QLabel*>()) all += l->text() + QLatin1Char('\n');
    return all;
}

constexpr const char* kEqualSleeps = R"({"format": "coroscope-scenario/1", "collect": {"kind": "as_completed"},
    "tasks": [{"steps": [{"io": 0.5}]}, {"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}]})";
}  // namespace

TEST_CASE("as_completed results from tasks that ended at one virtual instant are said to be the loop's order") {
    // Task 0 ends at 0.5 s, tasks 1..3 at 1.0 s, in the timer heap's order:
    // results 2 to 4, two of them tied with the one before.
    Session s;
    const QString notes = notesAt(kEqualSleeps, 2.0, &s);
    CHECK(notes.contains(QLatin1String("2 results come from tasks that ended at the same virtual instant")));
    const QString first = QStringLiteral("the first: results 2 and 3, tasks %1 and %2")
                              .arg(s.model()->resultTask(1))
                              .arg(s.model()->resultTask(2));
    CHECK(notes.contains(first));
    CHECK(notes.contains(QLatin1String("On a real clock")));
    // Before the tied results arrive: nothing to say.
    CHECK_FALSE(notesAt(kEqualSleeps, 0.75).contains(QLatin1String("virtual instant")));
}

TEST_CASE("gather's results are in input order: no note about ties") {
    const char* gather = R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.0}]}]})";
    CHECK_FALSE(notesAt(gather, 2.0).contains(QLatin1String("virtual instant")));
}

TEST_CASE("wait(FIRST_COMPLETED) returning tasks that ended at one virtual instant together says so") {
    // Tasks 0 and 2 end at 1.0 s: the one wait() call returns both.
    const char* firstCompleted = R"({"format": "coroscope-scenario/1",
        "collect": {"kind": "wait", "return_when": "FIRST_COMPLETED"},
        "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 2.0}]}, {"steps": [{"io": 1.0}]}]})";
    const QString notes = notesAt(firstCompleted, 3.0);
    CHECK(notes.contains(QLatin1String("Call 1 returned tasks 0 and 2 together")));
    CHECK(notes.contains(QLatin1String("could then return only the first of them")));
    // The same tasks collected by wait(ALL_COMPLETED): together by design, no note.
    const char* all = R"({"format": "coroscope-scenario/1", "collect": {"kind": "wait"},
        "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 2.0}]}, {"steps": [{"io": 1.0}]}]})";
    CHECK_FALSE(notesAt(all, 3.0).contains(QLatin1String("virtual instant")));
}

TEST_CASE("wait() returning with tasks still pending does not say it collected everything") {
    // wait(timeout=1.5): tasks 0 and 1 are done by then, 2 and 3 still
    // pending (asyncio.run() cancels them at exit). The footer said
    // "Collected everything at 1.500 s", then named the two pending ones.
    const char* timedOut = R"({"format": "coroscope-scenario/1",
        "collect": {"kind": "wait", "timeout": 1.5},
        "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 1.2}]}, {"steps": [{"io": 2.0}]},
                  {"steps": [{"io": 3.0}]}]})";
    const QString notes = notesAt(timedOut, 5.0);
    INFO(notes.toStdString());
    CHECK_FALSE(notes.contains(QLatin1String("Collected everything")));
    CHECK(notes.contains(QLatin1String("The collector returned at 1.500 s, before every task had ended.")));
    CHECK(notes.contains(QLatin1String("Still pending when wait() returned: 2, 3")));
    // wait() for all of them: it did collect everything.
    const char* all = R"({"format": "coroscope-scenario/1", "collect": {"kind": "wait"},
        "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 2.0}]}]})";
    CHECK(notesAt(all, 3.0).contains(QLatin1String("Collected everything at 2.000 s.")));
}
