// The main window on the screens classrooms have (the offscreen screens of
// tests/ui/data/screens.json): it fits, every dock is reachable, no text is
// cut off, in English and Chinese, and it does not grow while a run plays.
#include <QDockWidget>
#include <cmath>
#include <QGuiApplication>
#include <QScreen>
#include <QSettings>
#include <QTest>
#include <catch2/catch.hpp>

#include "i18n/language.h"
#include "layout_report.h"
#include "live/live_runner.h"
#include "live/session.h"
#include "main_window.h"
#include "timeline/viewport.h"
#include "fixtures.h"

using namespace cs;
using namespace cs::ui;

namespace {
QScreen* screenNamed(const char* name) {
    for (QScreen* s : QGuiApplication::screens())
        if (s->name() == QLatin1String(name)) return s;
    return nullptr;
}

struct EnglishAfter {
    ~EnglishAfter() { Language::install(QStringLiteral("en")); }
};

QString joined(const QStringList& l) { return l.join(QLatin1Char('\n')); }

// Layouts settle as they would before the next frame is painted.
void settle(MainWindow& w) {
    w.statusText();
    for (int i = 0; i < 3; ++i) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
    }
}

void playToEnd(MainWindow& w) {
    w.runner()->setSpeed(100);
    w.runner()->play();
    while (!w.session()->finished()) {
        w.runner()->tick(0.1);
        QCoreApplication::processEvents();  // layouts settle as a real frame would
    }
    w.refreshPanels();
    settle(w);
}
}  // namespace

TEST_CASE("on a 1280x720 or 1366x768 screen the window fills it, every dock is a tab on a side column, no text is "
          "cut off and nothing grows while a run plays") {
    EnglishAfter guard;
    for (const char* name : {"laptop-1280x720", "laptop-1366x768"}) {
        for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
            CAPTURE(name, lang.toStdString());
            QScreen* screen = screenNamed(name);
            REQUIRE(screen);  // the test platform's screens (ui_test_main.cpp)
            Language::install(lang);
            MainWindow w;
            w.fitToScreen(screen);
            w.show();
            REQUIRE(QTest::qWaitForWindowExposed(&w));
            const QRect avail = screen->availableGeometry();
            CHECK(w.compactLayout());
            CHECK(w.frameGeometry() == avail);
            // Nothing under the timeline: the lanes keep the height.
            for (QDockWidget* d : w.findChildren<QDockWidget*>()) {
                CAPTURE(d->objectName().toStdString());
                CHECK(w.dockWidgetArea(d) != Qt::BottomDockWidgetArea);
                CHECK_FALSE(w.tabifiedDockWidgets(d).isEmpty());
            }
            CHECK(w.minimumSizeHint().width() <= avail.width());
            CHECK(w.minimumSizeHint().height() <= avail.height());
            w.loadScenario(test::bundled(MainWindow::defaultScenarioName().toStdString()));
            settle(w);
            INFO(joined(LayoutReport::problems(w, avail)).toStdString());
            CHECK(LayoutReport::problems(w, avail).isEmpty());

            // A whole run: its labels fill with numbers, the window stays put.
            playToEnd(w);
            INFO(joined(LayoutReport::problems(w, avail)).toStdString());
            CHECK(LayoutReport::problems(w, avail).isEmpty());
            CHECK(w.frameGeometry() == avail);
            CHECK(w.minimumSizeHint().width() <= avail.width());
            CHECK(w.minimumSizeHint().height() <= avail.height());
            // Every side tab shown in turn: still nothing cut off.
            for (QDockWidget* d : w.findChildren<QDockWidget*>()) {
                d->raise();
                QCoreApplication::processEvents();
                w.refreshPanels();
                settle(w);
                CAPTURE(d->objectName().toStdString());
                INFO(joined(LayoutReport::problems(w, avail)).toStdString());
                CHECK(LayoutReport::problems(w, avail).isEmpty());
                // COROSCOPE_SHOT_DIR=DIR keeps each picture (for looking at them).
                if (const QString dir = qEnvironmentVariable("COROSCOPE_SHOT_DIR"); !dir.isEmpty())
                    w.grab().save(QStringLiteral("%1/%2-%3-%4.png").arg(dir, QLatin1String(name), lang, d->objectName()));
            }
            CHECK(w.frameGeometry() == avail);
        }
    }
}

TEST_CASE("on a 1920x1080 screen the window takes most of it, centred, with Tasks, Warnings and the Limit lab "
          "under the timeline") {
    QScreen* screen = screenNamed("fullhd-1920x1080");
    REQUIRE(screen);
    MainWindow w;
    w.fitToScreen(screen);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    const QRect avail = screen->availableGeometry();
    CHECK_FALSE(w.compactLayout());
    CHECK(avail.contains(w.frameGeometry()));
    CHECK(w.width() >= MainWindow::kRoomySize.width());
    CHECK(w.height() >= MainWindow::kRoomySize.height());
    CHECK(std::abs(w.frameGeometry().center().x() - avail.center().x()) <= 1);
    for (const char* name : {"dock.tasks", "dock.warnings", "dock.lab"})
        CHECK(w.dockWidgetArea(w.findChild<QDockWidget*>(QLatin1String(name))) == Qt::BottomDockWidgetArea);
    w.loadScenario(test::bundled(MainWindow::defaultScenarioName().toStdString()));
    playToEnd(w);
    INFO(joined(LayoutReport::problems(w, avail)).toStdString());
    CHECK(LayoutReport::problems(w, avail).isEmpty());
}

TEST_CASE("on a HiDPI screen at 2x the window fits its logical 1280x720 like a laptop's") {
    QScreen* screen = screenNamed("hidpi-2560x1440-at-2");
    REQUIRE(screen);
    REQUIRE(screen->devicePixelRatio() == 2.0);
    MainWindow w;
    w.fitToScreen(screen);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    CHECK(w.screen() == screen);
    CHECK(w.compactLayout());
    CHECK(w.frameGeometry() == screen->availableGeometry());
    w.loadScenario(test::bundled(MainWindow::defaultScenarioName().toStdString()));
    playToEnd(w);
    INFO(joined(LayoutReport::problems(w, screen->availableGeometry())).toStdString());
    CHECK(LayoutReport::problems(w, screen->availableGeometry()).isEmpty());
}

TEST_CASE("a geometry saved on a bigger screen is clamped into the current one, and a dock layout saved for the "
          "other kind of screen is left alone") {
    QScreen* big = screenNamed("fullhd-1920x1080");
    QScreen* small = screenNamed("laptop-1366x768");
    REQUIRE(big);
    REQUIRE(small);
    const QRect avail = small->availableGeometry();
    QByteArray geometry, state;
    {
        // A window as big as a 1920×1080 monitor's, saved where the laptop's
        // screen now is; its docks laid out for the big screen.
        MainWindow w;
        w.fitToScreen(big);
        state = w.saveState();
        w.setScreen(small);
        w.setGeometry(QRect(avail.topLeft() + QPoint(40, 30), QSize(1800, 1000)));
        w.show();
        REQUIRE(QTest::qWaitForWindowExposed(&w));
        geometry = w.saveGeometry();
    }
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), geometry);
    s.setValue(QStringLiteral("window/state"), state);
    s.setValue(QStringLiteral("window/compact"), false);
    MainWindow w;
    w.fitToScreen(small);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    w.restoreSettings();
    QCoreApplication::processEvents();
    CAPTURE(w.frameGeometry(), avail);
    CHECK(avail.contains(w.frameGeometry()));
    // The big screen's layout (docks under the timeline) was not restored.
    CHECK(w.compactLayout());
    CHECK(w.dockWidgetArea(w.findChild<QDockWidget*>(QStringLiteral("dock.tasks"))) != Qt::BottomDockWidgetArea);
    // Closing saves the layout with the kind of screen it was made for.
    w.close();
    CHECK(s.value(QStringLiteral("window/compact")).toBool());
    for (const char* k : {"window/geometry", "window/state", "window/compact", "run/speed"}) s.remove(QLatin1String(k));
}

TEST_CASE("a run of unknown length is refit to its end when it ends, unless the user zoomed") {
    // Past 20,000 tasks the app does not pre-run the scenario: the axis grows
    // ahead of the run in powers of two, up to twice its length.
    MainWindow w;
    w.loadScenario(test::semaphoreScenario(20001, 4000, 0.7, 0.0));
    REQUIRE(std::isnan(w.session()->horizon()));
    w.runner()->setSpeed(100);
    while (!w.session()->finished()) w.runner()->tick(0.1);
    const double end = w.session()->model()->endTime();
    REQUIRE(end > 0.0);
    CHECK(w.viewport()->isFitted());
    CHECK(w.viewport()->window().begin == 0.0);
    CHECK(w.viewport()->window().end == Approx(end * 1.03));

    // Zoomed in during the run: the view stays where the user put it.
    w.runner()->restart();
    w.runner()->tick(0.01);
    w.viewport()->zoomTo({0.0, 0.5});
    while (!w.session()->finished()) w.runner()->tick(0.1);
    CHECK_FALSE(w.viewport()->isFitted());
    CHECK(w.viewport()->window().begin == 0.0);
    CHECK(w.viewport()->window().end == Approx(0.5));
    CHECK(w.viewport()->whole().end == Approx(end * 1.03));
}
