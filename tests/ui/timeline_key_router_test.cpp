// The timeline's keys (W/S/A/D/F/./,) with the focus in any control of the
// main window, and text inputs that keep the keys they can type.
#include <QAbstractItemView>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QIntValidator>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTest>
#include <QTreeView>
#include <catch2/catch.hpp>

#include "lab/limit_lab_panel.h"
#include "lessons/lesson_browser.h"
#include "live/live_runner.h"
#include "live/session.h"
#include "main_window.h"
#include "panels/code_panel.h"
#include "panels/controls_panel.h"
#include "panels/tasks_panel.h"
#include "timeline/timeline_view.h"
#include "timeline/viewport.h"
#include "timeline_key_router.h"
#include "fixtures.h"

using namespace cs;
using namespace cs::ui;

namespace {

// A finished run, fitted, the cursor rewound to its start: every key has
// something to do.
void finishedRun(MainWindow& w) {
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    w.loadScenario(test::semaphoreScenario(8, 2, 1.0, 0.1));
    w.runner()->setSpeed(100);
    while (!w.session()->finished()) w.runner()->tick(0.25);
    w.rewindTo(0.0);
    w.viewport()->fit();
}

double span(const Viewport& v) { return v.window().end - v.window().begin; }

// Types each key into `target` and checks what it did to the timeline.
void checkKeysReachTimeline(MainWindow& w, QWidget* target) {
    Viewport& v = *w.viewport();
    // Focusing a table may select a task (then '.' walks its events only).
    w.timeline()->setSelectedTask(-1);
    v.fit();
    w.rewindTo(0.0);
    const double whole = span(v);

    QTest::keyClick(target, Qt::Key_W);
    const double zoomed = span(v);
    CHECK(zoomed < whole * 0.95);
    QTest::keyClick(target, Qt::Key_D);
    const double right = v.window().begin;
    CHECK(right > 0.0);
    QTest::keyClick(target, Qt::Key_A);
    CHECK(v.window().begin < right);
    QTest::keyClick(target, Qt::Key_S);
    CHECK(span(v) > zoomed);
    QTest::keyClick(target, Qt::Key_F);
    CHECK(v.isFitted());

    QTest::keyClick(target, Qt::Key_Period);
    const double first = v.cursor();
    CHECK(first > 0.0);
    QTest::keyClick(target, Qt::Key_Period);
    const double second = v.cursor();
    CHECK(second > first);
    QTest::keyClick(target, Qt::Key_Comma);
    CHECK(v.cursor() < second);
    CHECK(v.cursor() >= first);
}

template <class T>
T* child(QWidget* parent, const char* what) {
    T* c = parent->findChild<T*>();
    INFO(what);
    REQUIRE(c != nullptr);
    return c;
}

// A QDoubleSpinBox of the Controls panel that can hold 2.5.
QDoubleSpinBox* doubleSpin(MainWindow& w) {
    for (QDoubleSpinBox* d : w.controls()->findChildren<QDoubleSpinBox*>())
        if (d->maximum() >= 10 && d->decimals() >= 1 && d->minimum() <= 1) return d;
    FAIL("no QDoubleSpinBox in the Controls panel");
    return nullptr;
}

}  // namespace

TEST_CASE("W, S, A, D, F, '.' and ',' move the timeline with the focus in a spin box, combo box, tree, table, "
          "button or the code") {
    MainWindow w;
    finishedRun(w);

    QSpinBox* spin = w.controls()->limitSpin();
    const int limit = spin->value();
    QComboBox* combo = w.controls()->collectorCombo();
    const int collector = combo->currentIndex();
    QTreeView* tree = w.lessons()->tree();
    tree->setCurrentIndex(tree->model()->index(0, 0));
    const QModelIndex lesson = tree->currentIndex();
    auto* table = child<QTableView>(w.tasks(), "the tasks table");
    auto* button = child<QPushButton>(w.controls(), "a button of the Controls panel");
    auto* code = child<QPlainTextEdit>(w.code(), "the code view (read-only)");
    QDoubleSpinBox* dspin = doubleSpin(w);
    const double dvalue = dspin->value();

    const std::pair<const char*, QWidget*> controls[] = {
        {"spin box", spin}, {"double spin box", dspin}, {"combo box", combo}, {"lesson tree", tree},
        {"tasks table", table}, {"button", button}, {"code view", code}};
    for (const auto& [name, control] : controls) {
        CAPTURE(name);
        control->setFocus();
        checkKeysReachTimeline(w, control);
    }
    // ...and the controls did nothing with them: no keyboard search in the
    // combo box or the tree, no edit of the spin boxes.
    CHECK(spin->value() == limit);
    CHECK(dspin->value() == dvalue);
    CHECK(combo->currentIndex() == collector);
    CHECK(tree->currentIndex() == lesson);
}

TEST_CASE("the keys also work from a floating dock, but not from a window of its own") {
    MainWindow w;
    finishedRun(w);
    w.lessonsDock()->setFloating(true);
    w.lessonsDock()->show();
    checkKeysReachTimeline(w, w.lessons()->tree());

    QComboBox elsewhere;  // another top-level window: its keys stay its own
    elsewhere.addItems({QStringLiteral("alpha"), QStringLiteral("west")});
    const double before = span(*w.viewport());
    QTest::keyClick(&elsewhere, Qt::Key_W);
    CHECK(span(*w.viewport()) == before);
    CHECK(elsewhere.currentText() == QStringLiteral("west"));  // its keyboard search had the "w"
}

TEST_CASE("text inputs keep the letters and the decimal point typed into them") {
    MainWindow w;
    finishedRun(w);
    const TimeRange window = w.viewport()->window();
    const double cursor = w.viewport()->cursor();

    QLineEdit* search = w.lessons()->searchBox();
    search->setFocus();
    QTest::keyClicks(search, QStringLiteral("wasdf.,"));
    CHECK(search->text() == QStringLiteral("wasdf.,"));

    // The Limit lab's values field: "0.5..2+0.5" has its dots.
    auto* lab = child<LimitLabPanel>(&w, "the limit lab");
    QLineEdit* values = nullptr;
    for (QLineEdit* e : lab->findChildren<QLineEdit*>())
        if (!e->isReadOnly() && !qobject_cast<QAbstractSpinBox*>(e->parentWidget()) &&
            !qobject_cast<QComboBox*>(e->parentWidget()))
            values = e;
    REQUIRE(values != nullptr);
    values->clear();
    QTest::keyClicks(values, QStringLiteral("0.5..2+0.5"));
    CHECK(values->text() == QStringLiteral("0.5..2+0.5"));

    // A QDoubleSpinBox takes its decimal point.
    QDoubleSpinBox* dspin = doubleSpin(w);
    dspin->setFocus();
    dspin->selectAll();
    QTest::keyClicks(dspin, QStringLiteral("2.5"));
    CHECK(dspin->text().contains(QStringLiteral("2.5")));

    CHECK(w.viewport()->window().begin == window.begin);
    CHECK(w.viewport()->window().end == window.end);
    CHECK(w.viewport()->cursor() == cursor);
}

TEST_CASE("a widget takes a key as text only when it can type it") {
    const QKeyEvent w(QEvent::KeyPress, Qt::Key_W, Qt::NoModifier, QStringLiteral("w"));
    const QKeyEvent dot(QEvent::KeyPress, Qt::Key_Period, Qt::NoModifier, QStringLiteral("."));
    QLineEdit edit;
    CHECK(TimelineKeyRouter::takesAsText(&edit, w));
    edit.setReadOnly(true);
    CHECK_FALSE(TimelineKeyRouter::takesAsText(&edit, w));
    QLineEdit digits;
    QIntValidator v(0, 100);
    digits.setValidator(&v);
    CHECK_FALSE(TimelineKeyRouter::takesAsText(&digits, w));
    const QKeyEvent comma(QEvent::KeyPress, Qt::Key_Comma, Qt::NoModifier, QStringLiteral(","));
    QSpinBox spin;
    spin.setLocale(QLocale::c());
    spin.setRange(0, 100000);
    spin.setValue(1);
    CHECK_FALSE(TimelineKeyRouter::takesAsText(&spin, w));
    CHECK_FALSE(TimelineKeyRouter::takesAsText(&spin, dot));
    CHECK_FALSE(TimelineKeyRouter::takesAsText(&spin, comma));  // a thousands separator it does not show
    QDoubleSpinBox dspin;
    dspin.setLocale(QLocale::c());
    dspin.setValue(1.0);
    dspin.selectAll();
    CHECK(TimelineKeyRouter::takesAsText(&dspin, dot));
    QComboBox combo;
    CHECK_FALSE(TimelineKeyRouter::takesAsText(&combo, w));
    combo.setEditable(true);
    CHECK(TimelineKeyRouter::takesAsText(&combo, w));
    QPlainTextEdit text;
    CHECK(TimelineKeyRouter::takesAsText(&text, w));
    text.setReadOnly(true);
    CHECK_FALSE(TimelineKeyRouter::takesAsText(&text, w));

    CHECK(TimelineKeyRouter::isNavigationKey(w));
    CHECK_FALSE(TimelineKeyRouter::isNavigationKey(
        QKeyEvent(QEvent::KeyPress, Qt::Key_W, Qt::ControlModifier, QStringLiteral("w"))));
    CHECK_FALSE(TimelineKeyRouter::isNavigationKey(QKeyEvent(QEvent::KeyPress, Qt::Key_Q, Qt::NoModifier,
                                                             QStringLiteral("q"))));
}
