// The main window on the screens classrooms have (the offscreen screens of
// tests/ui/data/screens.json): it fits, every dock is reachable, no text is
// cut off, in English and Chinese, and it does not grow while a run plays.
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFontDatabase>
#include <QFontInfo>
#include <QPainter>
#include <QProxyStyle>
#include <QStyleFactory>
#include <QStyleOptionDockWidget>
#include <QAbstractTextDocumentLayout>
#include <QTextBlock>
#include <QTextBrowser>
#include <QGraphicsTextItem>
#include <QMap>
#include <QSignalSpy>
#include <QTabBar>
#include <QTableView>
#include <QtCharts/QChartView>
#include <cmath>
#include <QGuiApplication>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTest>
#include <catch2/catch.hpp>

#include "i18n/language.h"
#include "lab/limit_lab_panel.h"
#include "lab/sweep_chart.h"
#include <QLabel>
#include <QtCharts/QAbstractAxis>
#include <QtCharts/QLineSeries>
#include "layout_report.h"
#include "lessons/lesson.h"
#include "lessons/lesson_browser.h"
#include "lessons/lesson_player.h"
#include "live/live_runner.h"
#include "live/session.h"
#include "main_window.h"
#include "panels/code_panel.h"
#include "panels/markdown_code_font.h"
#include "panels/task_mention_highlighter.h"
#include "presentation_metrics.h"
#include "timeline/state_palette.h"
#include "timeline/time_format.h"
#include "timeline/timeline_view.h"
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

using test::EnglishAfter;

QString joined(const QStringList& l) { return l.join(QLatin1Char('\n')); }

// Layouts settle as they would before the next frame is painted (layout
// requests go before paints). Timers (the status bar's) may change texts
// while events are processed: the last step only lays out.
void settle(MainWindow& w) {
    for (int i = 0; i < 3; ++i) QCoreApplication::processEvents();
    w.statusText();
    for (int i = 0; i < 4; ++i) QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
}

// The window sized for `screen` and shown there.
void showOn(MainWindow& w, QScreen* screen) {
    w.fitToScreen(screen);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
}

// LayoutReport finds nothing wrong (and says what otherwise).
void checkFits(const MainWindow& w, QRect screen) {
    const QStringList problems = LayoutReport::problems(w, screen);
    INFO(joined(problems).toStdString());
    CHECK(problems.isEmpty());
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

// Each laptop screen of the test platform, in English and in Chinese:
// check(screen, its name, the language), that language installed.
template <typename Check>
void onLaptopScreens(Check check) {
    EnglishAfter guard;
    for (const char* name : {"laptop-1280x720", "laptop-1366x768"}) {
        for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
            CAPTURE(name, lang.toStdString());
            QScreen* screen = screenNamed(name);
            REQUIRE(screen);  // the test platform's screens (ui_test_main.cpp)
            Language::install(lang);
            check(screen, QLatin1String(name), lang);
        }
    }
}

// COROSCOPE_SHOT_DIR=DIR keeps each picture as DIR/SCREEN-LANG-WHAT.png (for looking at them).
void keepShot(MainWindow& w, QLatin1String screen, const QString& lang, const QString& what) {
    if (const QString dir = qEnvironmentVariable("COROSCOPE_SHOT_DIR"); !dir.isEmpty())
        w.grab().save(QStringLiteral("%1/%2-%3-%4.png").arg(dir, screen, lang, what));
}
}  // namespace

TEST_CASE("on a 1280x720 or 1366x768 screen the window fills it, every dock is a tab on a side column, no text is "
          "cut off and nothing grows while a run plays") {
    onLaptopScreens([](QScreen* screen, QLatin1String name, const QString& lang) {
        MainWindow w;
        showOn(w, screen);
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
        checkFits(w, avail);

        // A whole run: its labels fill with numbers, the window stays put.
        playToEnd(w);
        checkFits(w, avail);
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
            checkFits(w, avail);
            keepShot(w, name, lang, d->objectName());
        }
        CHECK(w.frameGeometry() == avail);
    });
}

TEST_CASE("on a 1280x720 or 1366x768 screen a sweep with failures shows its three axes' labels whole, in English "
          "and Chinese") {
    onLaptopScreens([](QScreen* screen, QLatin1String name, const QString& lang) {
        MainWindow w;
        showOn(w, screen);
        w.findChild<QDockWidget*>(QStringLiteral("dock.lab"))->raise();
        LimitLabPanel* lab = w.limitLab();
        // Above the quota's 10/s requests fail: the errors axis joins the other two.
        REQUIRE(lab->openFile(QStringLiteral(":/experiments/quota-429.json")));
        lab->setParam(QStringLiteral("limit.max_per_second"));
        lab->setValues(QStringLiteral("4,8,12,16,20"));
        QSignalSpy finished(lab, &LimitLabPanel::sweepFinished);
        REQUIRE(lab->startSweep());
        REQUIRE(finished.wait(60000));
        REQUIRE(lab->sweepChart()->errorSeries()->isVisible());
        settle(w);
        checkFits(w, screen->availableGeometry());
        // Qt Charts shortens a label that has no room to "...".
        QStringList cut;
        for (QGraphicsItem* item : lab->chartView()->scene()->items())
            if (auto* text = dynamic_cast<QGraphicsTextItem*>(item); text && text->isVisible())
                if (const QString t = text->toPlainText(); t.contains(QLatin1String("...")) ||
                                                           t.contains(QChar(0x2026)))
                    cut << t;
        INFO(joined(cut).toStdString());
        CHECK(cut.isEmpty());
        // The three series are named: by their axes' titles, or (a side
        // column, no room for three titles) by the key over the chart.
        SweepChart* chart = lab->sweepChart();
        for (QLineSeries* series : {chart->throughputSeries(), chart->p95Series(), chart->errorSeries()}) {
            QAbstractAxis* axis = series->attachedAxes().constFirst()->orientation() == Qt::Vertical
                                      ? series->attachedAxes().constFirst()
                                      : series->attachedAxes().constLast();
            CAPTURE(axis->titleText().toStdString());
            const auto* key = lab->findChild<QLabel*>(QStringLiteral("lab.chartKey"));
            REQUIRE(key);
            CHECK((axis->isTitleVisible() || (key->isVisible() && key->text().contains(axis->titleText()))));
        }
        keepShot(w, name, lang, QStringLiteral("lab-sweep"));
    });
}

TEST_CASE("on a 1920x1080 screen the window takes most of it, centred, with Tasks, Warnings and the Limit lab "
          "under the timeline") {
    QScreen* screen = screenNamed("fullhd-1920x1080");
    REQUIRE(screen);
    MainWindow w;
    showOn(w, screen);
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
    checkFits(w, avail);
}

TEST_CASE("on a HiDPI screen at 2x the window fits its logical 1280x720 like a laptop's") {
    QScreen* screen = screenNamed("hidpi-2560x1440-at-2");
    REQUIRE(screen);
    REQUIRE(screen->devicePixelRatio() == 2.0);
    MainWindow w;
    showOn(w, screen);
    CHECK(w.screen() == screen);
    CHECK(w.compactLayout());
    CHECK(w.frameGeometry() == screen->availableGeometry());
    w.loadScenario(test::bundled(MainWindow::defaultScenarioName().toStdString()));
    playToEnd(w);
    checkFits(w, screen->availableGeometry());
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
    showOn(w, small);
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

namespace {
// The font's em height in device pixels on the widget's screen.
double devicePx(const QFont& f, const QWidget* w) {
    return QFontInfo(f).pixelSize() * w->screen()->devicePixelRatio();
}

// Every code fragment of a document at least as big as its body text.
bool codeAsBigAsBody(const QTextDocument& doc, int* codeFragments) {
    const double body = doc.defaultFont().pointSizeF();
    *codeFragments = 0;
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat f = it.fragment().charFormat();
            if (!f.fontFixedPitch() && f.fontStyleHint() != QFont::TypeWriter &&
                !f.fontFamilies().toStringList().contains(QFontDatabase::systemFont(QFontDatabase::FixedFont).family()))
                continue;
            ++*codeFragments;
            if (f.font().pointSizeF() + 1e-6 < body) return false;
        }
    return true;
}
}  // namespace

namespace {
// The widget's part of the window (none for a tab not raised: the layout moves it out of the window).
QRect shownRect(const QWidget* w, const QWidget* window) {
    return w->isVisible() ? QRect(w->mapTo(window, QPoint()), w->size()).intersected(window->rect()) : QRect();
}
std::string str(QRect r) {
    return QStringLiteral("%1x%2+%3+%4").arg(r.width()).arg(r.height()).arg(r.x()).arg(r.y()).toStdString();
}
}  // namespace

TEST_CASE("presentation mode over a lesson: the Limit lab opened from the View menu has the side column's height "
          "(the code a tab too), its chart and table big enough to read after a sweep, and the code comes back under "
          "the lesson after it, on 1280x720, 1366x768 and 1920x1080, in English and "
          "Chinese") {
    EnglishAfter guard;
    for (const char* name : {"laptop-1280x720", "laptop-1366x768", "fullhd-1920x1080"}) {
        for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
            CAPTURE(name, lang.toStdString());
            QScreen* screen = screenNamed(name);
            REQUIRE(screen);
            Language::install(lang);
            MainWindow w;
            showOn(w, screen);
            settle(w);
            QMap<QString, bool> before;  // the docks shown outside presentation mode
            for (QDockWidget* d : w.findChildren<QDockWidget*>()) before[d->objectName()] = !d->isHidden();
            REQUIRE(w.openLesson(QStringLiteral("semaphore-async-with")));
            w.setPresentationMode(true);
            settle(w);
            QDockWidget* lesson = w.lessonsDock();
            QDockWidget* code = w.codeDock();
            QDockWidget* labDock = w.labDock();
            REQUIRE(lesson->isVisible());
            REQUIRE(code->isVisible());
            const QRect lessonAlone = shownRect(lesson, &w);
            const QRect codeAlone = shownRect(code, &w);

            labDock->toggleViewAction()->trigger();  // View > Limit lab
            settle(w);
            LimitLabPanel* lab = w.limitLab();
            REQUIRE(lab->openFile(QStringLiteral(":/experiments/capacity-8-service.json")));
            lab->setParam(QStringLiteral("limit.value"));
            lab->setValues(QStringLiteral("2,4,6,8,10,12"));
            QSignalSpy finished(lab, &LimitLabPanel::sweepFinished);
            REQUIRE(lab->startSweep());
            REQUIRE(finished.wait(60000));
            settle(w);
            keepShot(w, QLatin1String(name), lang, QStringLiteral("presentation-lab"));
            // The lab has the column, from the lesson's top to the code's
            // bottom (less the tabs under it on a big screen); the code is a tab.
            const int tabs = 40;
            const QRect labRect = shownRect(labDock, &w);
            CHECK(shownRect(code, &w).isEmpty());
            CHECK(w.tabifiedDockWidgets(labDock).contains(code));
            CHECK(labRect.top() <= lessonAlone.top());
            CHECK(labRect.bottom() >= codeAlone.bottom() - tabs);
            // What a class reads: the chart whole in the dock and tall, rows of the table.
            const QRect chart = shownRect(lab->chartView(), &w);
            const QRect table = shownRect(lab->tableView()->viewport(), &w);
            const int row = lab->tableView()->rowHeight(0);
            CAPTURE(str(labRect), str(chart), str(table), row);
            REQUIRE(row > 0);
            CHECK(labRect.contains(chart));
            CHECK(chart.height() >= w.height() / 4);
            CHECK(labRect.intersected(table).height() >= 2 * row);

            // A click on a tab shows its dock, as tall.
            for (QDockWidget* d : {lesson, code, labDock}) {
                CAPTURE(d->objectName().toStdString());
                QTabBar* bar = nullptr;
                int index = -1;
                for (QTabBar* b : w.findChildren<QTabBar*>())
                    for (int i = 0; b->isVisible() && i < b->count(); ++i)
                        if (b->tabText(i) == d->windowTitle()) bar = b, index = i;
                REQUIRE(bar);
                QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(index).center());
                settle(w);
                CHECK(shownRect(d, &w) == labRect);
            }
            // The lab closed: the lesson and the code as they were.
            labDock->toggleViewAction()->trigger();
            settle(w);
            CHECK(shownRect(lesson, &w).top() == lessonAlone.top());
            CHECK(std::abs(shownRect(lesson, &w).height() - lessonAlone.height()) <= 4);
            CHECK(std::abs(shownRect(code, &w).height() - codeAlone.height()) <= 4);
            CHECK(shownRect(code, &w).top() > shownRect(lesson, &w).bottom());
            // No tab bar of the dissolved group left on screen (Qt left one,
            // empty: a line down the lesson's right edge at 1280x720).
            for (QTabBar* b : w.findChildren<QTabBar*>()) {
                CAPTURE(str(shownRect(b, &w)), b->count());
                CHECK((shownRect(b, &w).isEmpty() || b->count() > 0));
            }

            // Out of presentation mode the docks are the user's again.
            labDock->toggleViewAction()->trigger();
            settle(w);
            REQUIRE(w.tabifiedDockWidgets(labDock).contains(code));
            w.setPresentationMode(false);
            settle(w);
            for (QDockWidget* d : w.findChildren<QDockWidget*>()) {
                CAPTURE(d->objectName().toStdString());
                CHECK(!d->isHidden() == before.value(d->objectName()));
            }
        }
    }
}

TEST_CASE("presentation mode on a projector (1280x720, and 1920x1080 at 1x, 1.25x, 1.5x, as a second screen): the "
          "timeline, the lesson text and the code side by side, at sizes the back row reads") {
    QScreen* laptop = screenNamed("laptop-1366x768");
    REQUIRE(laptop);
    for (const char* name : {"laptop-1280x720", "fullhd-1920x1080", "projector-1920x1080-at-1.25",
                             "projector-1920x1080-at-1.5"}) {
        CAPTURE(name);
        QScreen* projector = screenNamed(name);
        REQUIRE(projector);
        const double dpr = projector->devicePixelRatio();
        // The teacher's window starts on the laptop and is moved to the projector.
        MainWindow w;
        showOn(w, laptop);
        REQUIRE(w.openLesson(QStringLiteral("blocking-call-freezes")));
        w.fitToScreen(projector);
        QCoreApplication::processEvents();
        REQUIRE(w.screen() == projector);
        w.setPresentationMode(true);
        settle(w);
        CHECK(w.frameGeometry() == projector->geometry());
        const PresentationMetrics& m = w.presentationSizes();
        CHECK(m.devicePixelRatio == dpr);

        // Side by side: the timeline left, the lesson text over the code right.
        QDockWidget* lesson = w.lessonsDock();
        QDockWidget* code = w.codeDock();
        REQUIRE(lesson->isVisible());
        REQUIRE(code->isVisible());
        const QRect tl(w.timeline()->mapTo(&w, QPoint()), w.timeline()->size());
        const QRect ls(lesson->mapTo(&w, QPoint()), lesson->size());
        const QRect cd(code->mapTo(&w, QPoint()), code->size());
        CHECK(tl.right() < ls.left());
        CHECK(tl.right() < cd.left());
        CHECK(ls.bottom() < cd.top());
        CHECK(tl.width() >= w.width() / 2);
        CHECK(ls.height() >= 200);
        CHECK(cd.height() >= 200);
        checkFits(w, projector->geometry());

        // Sizes on the wall, in device pixels: the minimums are for a
        // 1920×1080 wall; a 720p one gets them scaled by its height.
        const double wall = std::min(1.0, projector->geometry().height() * dpr / 1080.0);
        CAPTURE(wall);
        auto* body = lesson->findChild<QTextBrowser*>();
        REQUIRE(body);
        if (wall < 1.0) {
            CHECK(devicePx(w.timeline()->font(), &w) >= 16);
            CHECK(devicePx(body->font(), &w) >= 16);
            CHECK(devicePx(w.code()->codeFont(), &w) >= 14);
        } else {
            CHECK(devicePx(w.timeline()->font(), &w) >= PresentationMetrics::kMinTextPx);  // lane labels
            CHECK(devicePx(body->font(), &w) >= PresentationMetrics::kMinTextPx);
            CHECK(devicePx(w.code()->codeFont(), &w) >= PresentationMetrics::kMinCodePx);
            CHECK(w.timeline()->minimumArrowWidth() * dpr >= PresentationMetrics::kMinArrowPx - 1e-9);
            CHECK(w.timeline()->minimumMarkerDiameter() * dpr >= PresentationMetrics::kMinEndMarkerPx - 1e-9);
        }
        // `code` in the lesson text is as big as the words around it.
        int fragments = 0;
        CHECK(codeAsBigAsBody(*body->document(), &fragments));
        CHECK(fragments > 0);

        // Back: the docks, the font and the sizes as they were.
        w.setPresentationMode(false);
        settle(w);
        CHECK(w.timeline()->scale() == 1.0);
        CHECK(w.timeline()->minimumArrowWidth() == 0.0);
        CHECK(w.findChild<QDockWidget*>(QStringLiteral("dock.controls"))->toggleViewAction()->isChecked());
        CHECK(QApplication::font().pointSizeF() < m.textPx * 72.0 / projector->logicalDotsPerInchY());
    }
}

namespace {
// A style that notes the font a dock's title is painted in.
class TitleFontProbe final : public QProxyStyle {
public:
    TitleFontProbe() : QProxyStyle(QStyleFactory::create(QApplication::style()->name())) {}
    void drawControl(ControlElement e, const QStyleOption* o, QPainter* p, const QWidget* w) const override {
        if (e == CE_DockWidgetTitle) {
            const auto* dock = qstyleoption_cast<const QStyleOptionDockWidget*>(o);
            if (dock && !dock->title.isEmpty()) {
                painterPx = QFontInfo(p->font()).pixelSize();
                metricsHeight = o->fontMetrics.height();
            }
        }
        QProxyStyle::drawControl(e, o, p, w);
    }
    mutable int painterPx = 0;
    mutable int metricsHeight = 0;
};
}  // namespace

TEST_CASE("a picture of the window shows one moment: the status bar's time is the timeline's after a refresh") {
    EnglishAfter guard;
    Language::install(QStringLiteral("en"));
    MainWindow w;
    w.show();
    w.loadScenario(test::bundled(MainWindow::defaultScenarioName().toStdString()));
    settle(w);
    w.runner()->play();
    // The status bar's own timer (250 ms) gets no chance between these ticks.
    // Still playing (a pause would update the status bar by itself).
    for (int i = 0; i < 7; ++i) w.runner()->tick(0.1);
    const double now = w.session()->liveTime();
    REQUIRE(now > 0.0);
    w.refreshPanels();  // what --screenshot and File > Save screenshot do before they grab
    const QString shown = formatTime(now, 1e-3);
    bool found = false;
    for (QLabel* l : w.statusBar()->findChildren<QLabel*>()) found = found || l->text().endsWith(shown);
    CHECK(found);
}

TEST_CASE("in presentation mode the docks' titles are as big as the enlarged text, and small again after it") {
    EnglishAfter guard;
    for (const char* name : {"laptop-1280x720", "fullhd-1920x1080"}) {
        for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
            CAPTURE(name, lang.toStdString());
            QScreen* screen = screenNamed(name);
            REQUIRE(screen);
            Language::install(lang);
            TitleFontProbe probe;  // outlives the window, whose docks use it
            MainWindow w;
            showOn(w, screen);
            REQUIRE(w.openLesson(QStringLiteral("blocking-call-freezes")));
            settle(w);
            const std::vector<QDockWidget*> docks{w.lessonsDock(), w.codeDock()};
            for (QDockWidget* d : docks) d->setStyle(&probe);
            // The title as painted: its font's pixel size and the metrics the style lays it out with.
            auto title = [&probe](QDockWidget* d) {
                probe.painterPx = probe.metricsHeight = 0;
                d->grab();
                return std::pair{probe.painterPx, probe.metricsHeight};
            };
            std::vector<std::pair<int, int>> before;
            for (QDockWidget* d : docks) before.push_back(title(d));

            w.setPresentationMode(true);
            settle(w);
            const int text = QFontInfo(QApplication::font()).pixelSize();
            for (std::size_t k = 0; k < docks.size(); ++k) {
                CAPTURE(docks[k]->objectName().toStdString());
                REQUIRE(docks[k]->isVisible());
                const auto [px, height] = title(docks[k]);
                CHECK(px > before[k].first);
                CHECK(px == text);  // as big as the lesson's and the code's text
                CHECK(height == QFontMetrics(QApplication::font()).height());
                // The bar holds it: as tall as the text line at least.
                CHECK(docks[k]->widget()->geometry().top() >= height);
            }

            w.setPresentationMode(false);
            settle(w);
            for (std::size_t k = 0; k < docks.size(); ++k) CHECK(title(docks[k]) == before[k]);
            for (QDockWidget* d : docks) d->setStyle(nullptr);
        }
    }
}

TEST_CASE("in presentation mode end markers and hand-over arrows are drawn at least at their minimum sizes") {
    QScreen* projector = screenNamed("fullhd-1920x1080");
    REQUIRE(projector);
    MainWindow w;
    showOn(w, projector);
    w.loadScenario(test::semaphoreScenario(30, 3, 1.0, 0.1));
    w.runner()->setSpeed(100);
    while (!w.session()->finished()) w.runner()->tick(0.1);
    w.setPresentationMode(true);
    settle(w);
    const QImage img = w.timeline()->grab().toImage().convertToFormat(QImage::Format_RGB32);
    const TimelineLayout& L = w.timeline()->currentLayout();
    const QColor done = StatePalette::fromPalette(w.timeline()->palette()).done;
    // The tallest run of done-green pixels in a column: a marker's diameter.
    int tallest = 0;
    for (int x = L.timeArea.left(); x < img.width(); ++x) {
        int run = 0;
        for (int y = L.lanes.top(); y < std::min(img.height(), L.lanes.bottom()); ++y) {
            const QColor p = img.pixelColor(x, y);
            const bool green = std::abs(p.red() - done.red()) < 40 && std::abs(p.green() - done.green()) < 40 &&
                               std::abs(p.blue() - done.blue()) < 40;
            run = green ? run + 1 : 0;
            tallest = std::max(tallest, run);
        }
    }
    CHECK(tallest >= PresentationMetrics::kMinEndMarkerPx - 1);  // anti-aliased rims
    // Hand-overs: every arrow's pen at least the minimum width.
    CHECK(w.timeline()->minimumArrowWidth() >= PresentationMetrics::kMinArrowPx);
}

TEST_CASE("a run's last marks keep their labels right of them on laptop screens, in English and Chinese, normal "
          "and in presentation mode ('wrote 5' at the end of lesson lock-fixes-counter went left, over the bar)") {
    onLaptopScreens([](QScreen* screen, QLatin1String name, const QString& lang) {
        MainWindow w;
        showOn(w, screen);
        REQUIRE(w.openLesson(QStringLiteral("lock-fixes-counter")));
        LessonPlayer* player = w.lessons()->player();
        REQUIRE(player->hasPrediction());
        player->answer(player->lesson()->predict->answer);
        playToEnd(w);
        const auto& marks = w.session()->model()->run().counterMarks();
        REQUIRE(!marks.empty());
        const RunModel::CounterMark last = marks.back();
        REQUIRE(last.write);
        REQUIRE(last.t == Approx(w.session()->model()->endTime()));  // written as the run ends
        for (const bool presentation : {false, true}) {
            CAPTURE(presentation);
            w.setPresentationMode(presentation);
            settle(w);
            keepShot(w, name, lang, presentation ? QStringLiteral("lock-end-presentation") : QStringLiteral("lock-end"));
            const TimelineView* view = w.timeline();
            const TimelineLayout& L = view->currentLayout();
            REQUIRE(!L.folded);
            REQUIRE(L.laneHeight >= 12);  // (labels are drawn)
            const QFontMetricsF fm(view->font());
            const QString text = QCoreApplication::translate("cs::ui::LanesPass", "wrote %1").arg(last.value);
            const double x = L.timeArea.left() + tp::timeToX(last.t, w.viewport()->window(), L.timeWidth());
            // The label starts right of its tick and ends inside the time
            // area (else it goes left, over the bar and 'read 4').
            const double tick = std::max(2.0, 2.0 * L.scale);
            const double right = x + tick + 3 + fm.horizontalAdvance(text) + 6;
            CAPTURE(x, right, L.timeArea.right(), w.viewport()->window().end);
            CHECK(right <= L.timeArea.right());
            // Not more room than a label's: the run still fills half of the
            // axis (the timeline may be narrow: docks widened by an earlier
            // session, restored from the settings, leave it 175 px).
            CHECK(x - L.timeArea.left() >= 0.5 * L.timeWidth());
        }
    });
}

TEST_CASE("the selected task is highlighted on its lane, its line of code and its mentions in the lesson text, and a "
          "click on a mention selects it") {
    MainWindow w;
    w.resize(1600, 1000);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    REQUIRE(w.openLesson(QStringLiteral("blocking-call-freezes")));
    // Answered and played to the reveal: the revealed text names the tasks
    // ("Task 0's sleep...", "Tasks 2 and 3...", "Task 2's 0.5 s sleep...").
    LessonPlayer* player = w.lessons()->player();
    REQUIRE(player->hasPrediction());
    player->answer(0);
    for (int k = 0; k < 400 && player->stage() != LessonPlayer::Stage::Revealed; ++k) w.runner()->tick(0.05);
    REQUIRE(player->stage() == LessonPlayer::Stage::Revealed);
    w.setPresentationMode(true);
    settle(w);
    TaskMentionHighlighter* mentions = w.taskMentions();
    CHECK(mentions->highlighted() == 0);
    w.timeline()->setSelectedTask(0);
    QCoreApplication::processEvents();
    CHECK(mentions->task() == 0);
    CHECK(mentions->highlighted() >= 2);  // "Task 0's await asyncio.sleep(1.0)..." and more
    CHECK(w.code()->highlightedLine() > 0);
    // Task 2 is named with task 3 ("Tasks 2 and 3"): selecting 3 lights that up too.
    w.timeline()->setSelectedTask(3);
    QCoreApplication::processEvents();
    CHECK(mentions->highlighted() >= 1);

    // A click on "Task 2's" in the lesson text selects task 2.
    auto* body = w.lessonsDock()->findChild<QTextBrowser*>();
    REQUIRE(body);
    const QString text = body->toPlainText();
    const int at = text.indexOf(QStringLiteral("Task 2"));
    REQUIRE(at >= 0);
    QTextCursor c(body->document());
    c.setPosition(at + 1);
    body->ensureCursorVisible();
    body->setTextCursor(c);
    body->ensureCursorVisible();
    const QPoint pos = body->cursorRect(c).center();
    QTest::mouseClick(body->viewport(), Qt::LeftButton, {}, pos);
    CHECK(w.timeline()->selectedTask() == 2);
    CHECK(mentions->task() == 2);
}

TEST_CASE("a lesson's code line too long for the view goes on under its own indentation, not at the left edge") {
    MainWindow w;
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    REQUIRE(w.openLesson(QStringLiteral("wait-for-timeout")));
    QDockWidget* dock = w.lessonsDock();
    dock->setFloating(true);
    auto* body = dock->findChild<QTextBrowser*>();
    REQUIRE(body);
    for (const int px : {13, 22}) {  // a laptop's font, a projector's
        CAPTURE(px);
        QFont font = body->font();
        font.setPixelSize(px);
        body->setFont(font);
        dock->resize(360, 700);
        QCoreApplication::processEvents();  // (the code follows the font on a queued call)
        QCoreApplication::processEvents();
        const QTextDocument* doc = body->document();
        // (The lesson view lets a call chain break after a dot or a bracket, not inside a number.)
        const QTextBlock line = doc->findBlock(doc->toPlainText().indexOf(QStringLiteral("# needs 3.0 s")));
        REQUIRE(line.isValid());
        (void)doc->documentLayout()->blockBoundingRect(line);  // laid out at the view's width
        REQUIRE(line.layout()->lineCount() >= 2);  // too long for the pane
        const double space = QFontMetricsF(line.begin().fragment().charFormat().font()).horizontalAdvance(QLatin1Char(' '));
        // Its first row at the block's left (its own 4 spaces in it), the rest 4 + 4 spaces in.
        REQUIRE(line.text().startsWith(QStringLiteral("    a")));
        CHECK(line.layout()->lineAt(0).x() == Approx(0.0).margin(0.5));
        for (int i = 1; i < line.layout()->lineCount(); ++i)
            CHECK(line.layout()->lineAt(i).x() == Approx(8 * space).margin(1.0));
        // A line of prose keeps no indent.
        const QTextBlock prose = doc->begin();
        if (prose.layout()->lineCount() >= 2) CHECK(prose.layout()->lineAt(1).x() == Approx(0.0).margin(0.5));
    }
}
