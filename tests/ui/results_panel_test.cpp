// The Results dock's notes: ties the virtual clock made among results that
// come in completion order (as_completed), and none where the order is not
// the tasks' ends (gather).
#include <QApplication>
#include <QLabel>
#include <QListView>
#include <QStyle>
#include <catch2/catch.hpp>

#include "live/session.h"
#include "panels/results_model.h"
#include "panels/results_panel.h"
#include "scenario/loader.h"
#include "timeline/time_format.h"

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

TEST_CASE("a result row too long for a narrow list keeps its task and time: what came back is shortened") {
    Session s;
    s.load(parsed(R"({"format": "coroscope-scenario/1", "collect": {"kind": "gather", "return_exceptions": true},
        "tasks": [{"steps": [{"io": 1.25}]}, {"steps": [{"io": 2.5}, {"raise": "UpstreamConnectionRefusedError"}]},
                  {"steps": [{"io": 0.5}]}]})"));
    s.advanceTo(1e9);
    ResultsPanel p(&s);
    p.refresh(1e9);
    QListView* list = p.list();
    auto* delegate = dynamic_cast<ResultRowDelegate*>(list->itemDelegate());
    REQUIRE(delegate);
    int shortened = 0;
    for (const int width : {230, 260, 300, 340, 600}) {
        p.resize(width, 400);
        p.show();
        QApplication::processEvents();
        for (int r = 0; r < list->model()->rowCount(); ++r) {
            const QModelIndex i = list->model()->index(r, 0);
            QStyleOptionViewItem o;
            o.initFrom(list);
            o.widget = list;
            o.rect = list->visualRect(i);
            const int icon = list->style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, list);
            o.decorationSize = QSize(icon, icon);
            const QString full = i.data().toString();
            const QString shown = delegate->shownText(o, i);
            CAPTURE(width, full.toStdString(), shown.toStdString());
            // The row's end, "at 2.500 s", and its start, up to the task, whole.
            const QString time = formatTime(s.model()->resultTime(static_cast<std::size_t>(r)), 1e-3);
            CHECK(full.endsWith(time));
            const QString head = full.left(full.indexOf(i.data(ResultsModel::WhatRole).toString()));
            if (shown != full) {
                ++shortened;
                CHECK(shown.endsWith(time));
                CHECK(shown.startsWith(head));
                CHECK(shown.contains(QString::fromUtf8("…")));
            }
            // What the view paints of it (eliding what is still too long):
            // the time at least.
            const int margin = list->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, list) + 1;
            QStyleOptionViewItem styled = o;
            styled.features |= QStyleOptionViewItem::HasDecoration | QStyleOptionViewItem::HasDisplay;
            styled.text = shown;
            const int room =
                list->style()->subElementRect(QStyle::SE_ItemViewItemText, &styled, list).width() - 2 * margin;
            const QFontMetrics fm(o.font);
            const QString painted = fm.horizontalAdvance(shown) <= room
                                        ? shown
                                        : fm.elidedText(shown, list->textElideMode(), room);
            CAPTURE(painted.toStdString());
            CHECK(painted.endsWith(time));
            if (width >= 300) CHECK(painted == shown);  // room enough for the task and time whole
        }
    }
    CHECK(shortened > 0);
}
