// The timeline widget offscreen: it draws lanes in the state colours, folds
// lanes into density rows when tasks outnumber pixel rows, and answers the
// Perfetto keys and mouse gestures.
#include <QSignalSpy>
#include <QTest>
#include <catch2/catch.hpp>
#include <sstream>

#include "export/trace_file.h"
#include "i18n/language.h"
#include "lessons/lesson_library.h"
#include "live/session.h"
#include "live/workload.h"
#include "main_window.h"
#include "timeline/passes/axis_pass.h"
#include "timeline/passes/caller_pass.h"
#include "timeline/passes/callout_pass.h"
#include "timeline/passes/density_pass.h"
#include "timeline/passes/overlay_pass.h"
#include "timeline/state_palette.h"
#include "timeline/timeline_view.h"
#include "timeline/viewport.h"
#include "fixtures.h"

using namespace cs;
using namespace cs::ui;

namespace {
struct Fixture {
    Session session;
    Viewport viewport;
    TimelineView view{session.model(), &viewport};
    explicit Fixture(const Scenario& s, QSize size = {1200, 700}) {
        session.load(s);
        session.advanceTo(1e9);
        viewport.setWhole({0.0, session.model()->endTime()});
        viewport.setCursor(session.liveTime());
        view.resize(size);
        view.show();
        REQUIRE(QTest::qWaitForWindowExposed(&view));
    }
    QImage image() { return view.grab().toImage().convertToFormat(QImage::Format_RGB32); }
};

int countColour(const QImage& img, QRect area, QColor c, int tol = 6) {
    int n = 0;
    for (int y = std::max(0, area.top()); y <= std::min(img.height() - 1, area.bottom()); ++y)
        for (int x = std::max(0, area.left()); x <= std::min(img.width() - 1, area.right()); ++x) {
            const QColor p = img.pixelColor(x, y);
            if (std::abs(p.red() - c.red()) <= tol && std::abs(p.green() - c.green()) <= tol &&
                std::abs(p.blue() - c.blue()) <= tol)
                ++n;
        }
    return n;
}
// `count` tasks behind Semaphore(limit), arriving at `perSecond`, of every
// kind: 10% fail, 1% block the loop, 5% use the thread pool.
Scenario mixedScenario(int count, int limit, double perSecond) {
    Scenario s = test::semaphoreScenario(count, limit, 0.2, 0.05);
    WorkloadSpec spec;
    spec.count = count;
    spec.mean = 0.4;
    spec.failureRate = 0.1;
    spec.arrivalRate = perSecond;
    spec.cpuShare = 0.01;
    spec.threadShare = 0.05;
    applyWorkload(spec, s);
    return s;
}
// A bundled lesson's scenario, in English.
Scenario lessonScenario(const char* id) {
    LessonLibrary lib;
    REQUIRE(lib.load(QStringLiteral(COROSCOPE_SOURCE_DIR "/resources/lessons")));
    const Lesson* lesson = lib.find(QString::fromLatin1(id));
    REQUIRE(lesson != nullptr);
    return lesson->scenarioFor(QStringLiteral("en"));
}
}  // namespace

TEST_CASE("lanes are drawn in the state colours, one lane per task") {
    Fixture f(test::bundled("default-semaphore-20"));
    const TimelineLayout& L = f.view.currentLayout();
    CHECK_FALSE(L.folded);
    CHECK(L.visibleLanes == 20);
    const QImage img = f.image();
    const StatePalette pal = StatePalette::fromPalette(f.view.palette());
    CHECK(countColour(img, L.lanes, pal.waiting) > 5000);
    CHECK(countColour(img, L.lanes, pal.running) > 5000);
    CHECK(countColour(img, L.lanes, pal.thread) > 200);  // tasks 7 and 13
    CHECK(countColour(img, L.lanes, pal.cpu) > 50);      // tasks 4 and 16
    CHECK(countColour(img, L.lanes, pal.frozen) > 50);   // the others while frozen
    // The permit track is filled (running colour, translucent on the track band).
    QColor fill = pal.running;
    const double a = 170.0 / 255.0;
    fill.setRgbF(static_cast<float>(pal.laneStripe.redF() * (1 - a) + pal.running.redF() * a),
                 static_cast<float>(pal.laneStripe.greenF() * (1 - a) + pal.running.greenF() * a),
                 static_cast<float>(pal.laneStripe.blueF() * (1 - a) + pal.running.blueF() * a));
    CHECK(countColour(img, L.tracks[0].rect, fill, 8) > 2000);
}

TEST_CASE("more tasks than pixel rows fold into density rows") {
    Scenario s = test::semaphoreScenario(5000, 50, 0.05, 0.01);
    Fixture f(s, {1000, 600});
    const TimelineLayout& L = f.view.currentLayout();
    REQUIRE(L.folded);
    CHECK(L.rows * L.tasksPerRow >= 5000);
    CHECK(L.rows <= static_cast<std::size_t>(L.lanes.height()));
    const QImage img = f.image();
    const QColor bg = StatePalette::fromPalette(f.view.palette()).background;
    int drawn = 0;
    for (int y = L.lanes.top(); y < L.lanes.top() + static_cast<int>(L.rows) * L.rowHeight; ++y)
        for (int x = L.timeArea.left(); x < L.timeArea.right(); x += 3) drawn += img.pixelColor(x, y) != bg;
    CHECK(drawn > 1000);
}

namespace {
// Pixels of text (darker than the gutter by far) in the gutter band around y.
int gutterInk(const QImage& img, const TimelineLayout& L, int y0, int y1) {
    int n = 0;
    for (int y = std::max(0, y0); y <= std::min(img.height() - 1, y1); ++y)
        for (int x = 8; x < L.gutter - 20; ++x) n += qGray(img.pixel(x, y)) < 150;
    return n;
}

double distance(QRgb a, QColor b) {
    return std::hypot(qRed(a) - b.red(), qGreen(a) - b.green(), qBlue(a) - b.blue());
}
}  // namespace

TEST_CASE("beyond 40 tasks lanes keep labels: every k-th lane, and the hovered one") {
    Scenario s = test::semaphoreScenario(80, 8, 0.5, 0.05);
    Fixture f(s, {1200, 700});
    const TimelineLayout& L = f.view.currentLayout();
    REQUIRE_FALSE(L.folded);
    REQUIRE(L.laneHeight < 11.0);  // too thin for a label on every lane
    const int text = f.view.fontMetrics().height();
    const std::size_t k = L.labelStride(text);
    REQUIRE(k > 1);
    QImage img = f.image();
    // Labelled lanes carry text; the band between two labels is empty.
    for (std::size_t i = k; i + k < 80; i += k) {
        CAPTURE(i);
        const int cy = static_cast<int>(L.laneCenter(i));
        CHECK(gutterInk(img, L, cy - 3, cy + 3) > 20);
    }
    const std::size_t between = 2 * k + k / 2;  // half-way between two labels
    const int cb = static_cast<int>(L.laneCenter(between));
    REQUIRE(gutterInk(img, L, cb - 1, cb + 1) == 0);
    // Hovering that lane labels it.
    QTest::mouseMove(&f.view, QPoint(L.timeArea.left() + 50, cb));
    img = f.image();
    CHECK(gutterInk(img, L, cb - 1, cb + 1) > 5);
}

TEST_CASE("between the labels of thin lanes, the lanes the text on screen names are labelled too") {
    Scenario s = test::semaphoreScenario(80, 8, 0.5, 0.05);
    Fixture f(s, {1200, 700});
    const TimelineLayout& L = f.view.currentLayout();
    const std::size_t k = L.labelStride(f.view.fontMetrics().height());
    REQUIRE(k > 2);
    const std::size_t between = 2 * k + k / 2;  // half-way between two labels: bare
    const int cb = static_cast<int>(L.laneCenter(between));
    REQUIRE(gutterInk(f.image(), L, cb - 1, cb + 1) == 0);
    // "task <between>" named in the description or the lesson: labelled.
    f.view.setNamedTasks({static_cast<long long>(between), 500});  // (500: no such lane)
    CHECK(gutterInk(f.image(), L, cb - 1, cb + 1) > 5);
    f.view.setNamedTasks({});
    CHECK(gutterInk(f.image(), L, cb - 1, cb + 1) == 0);
}

TEST_CASE("the window tells the timeline which tasks the description names") {
    MainWindow w;
    w.loadScenario(test::bundled("default-semaphore-20"));  // "Task 4 and task 16 call time.sleep; tasks 7 and 13 ..."
    const auto& named = w.timeline()->namedTasks();
    for (const long long t : {4LL, 7LL, 10LL, 13LL, 16LL})
        CHECK(std::find(named.begin(), named.end(), t) != named.end());
    w.loadScenario(test::semaphoreScenario(6, 2, 1.0, 0.0));  // no description
    CHECK(w.timeline()->namedTasks().empty());
}

TEST_CASE("density rows are labelled with the range of tasks they stand for, and the row under the mouse too") {
    Scenario s = test::semaphoreScenario(5000, 50, 0.05, 0.01);
    Fixture f(s, {1000, 600});
    const TimelineLayout& L = f.view.currentLayout();
    REQUIRE(L.folded);
    const int text = f.view.fontMetrics().height();
    const std::size_t every = L.labelStride(text);
    QImage img = f.image();
    const int groupPx = static_cast<int>(every) * L.rowHeight;
    CHECK(gutterInk(img, L, L.lanes.top(), L.lanes.top() + text) > 20);
    CHECK(gutterInk(img, L, L.lanes.top() + groupPx, L.lanes.top() + groupPx + text) > 20);
    // The row under the mouse: its own range, in the text colour (group
    // labels are dimmed) on a backing over them.
    const int y = L.lanes.top() + groupPx + groupPx / 2;
    auto strongInk = [&](const QImage& im) {
        int n = 0;
        for (int yy = y; yy < y + text; ++yy)
            for (int x = 8; x < L.gutter - 20; ++x) n += qGray(im.pixel(x, yy)) < 60;
        return n;
    };
    const int before = strongInk(img);
    QTest::mouseMove(&f.view, QPoint(L.timeArea.left() + 50, y));
    img = f.image();
    CHECK(strongInk(img) > before + 20);
}

TEST_CASE("density rows never take the thread pool's sky blue, in a light or a dark theme") {
    Scenario s = test::semaphoreScenario(5000, 50, 0.05, 0.01);
    Fixture f(s, {1000, 600});
    REQUIRE(f.view.currentLayout().folded);
    QPalette dark = f.view.palette();
    dark.setColor(QPalette::Base, QColor(30, 30, 32));
    dark.setColor(QPalette::Window, QColor(40, 40, 42));
    dark.setColor(QPalette::Text, QColor(230, 230, 230));
    for (const bool useDark : {false, true}) {
        CAPTURE(useDark);
        if (useDark) f.view.setPalette(dark);
        const StatePalette pal = StatePalette::fromPalette(f.view.palette());
        REQUIRE(pal.dark == useDark);
        const TimelineLayout& L = f.view.currentLayout();
        const QImage img = f.image();
        int busy = 0, nearThread = 0;
        for (int y = L.lanes.top(); y < L.lanes.top() + static_cast<int>(L.rows) * L.rowHeight; ++y)
            for (int x = L.timeArea.left(); x < L.timeArea.right(); ++x) {
                const QRgb px = img.pixel(x, y);
                if (distance(px, pal.background) < 20) continue;
                ++busy;
                nearThread += distance(px, pal.thread) < 60;
            }
        CHECK(busy > 5000);
        CHECK(nearThread == 0);
    }
}

TEST_CASE("W/S zoom, A/D pan, F fits, Backspace goes back") {
    Fixture f(test::bundled("default-semaphore-20"));
    const TimeRange whole = f.viewport.window();
    for (int i = 0; i < 3; ++i) QTest::keyClick(&f.view, Qt::Key_W);
    CHECK(f.viewport.window().span() == Approx(whole.span() * 0.8 * 0.8 * 0.8));
    const TimeRange zoomed = f.viewport.window();
    QTest::keyClick(&f.view, Qt::Key_D);
    CHECK(f.viewport.window().begin > zoomed.begin);
    QTest::keyClick(&f.view, Qt::Key_A);
    CHECK(f.viewport.window().begin == Approx(zoomed.begin));
    QTest::keyClick(&f.view, Qt::Key_S);
    QTest::keyClick(&f.view, Qt::Key_S);
    CHECK(f.viewport.window().span() > zoomed.span());
    QTest::keyClick(&f.view, Qt::Key_W);
    QTest::keyClick(&f.view, Qt::Key_F);
    CHECK(f.viewport.window() == f.viewport.whole());
    QTest::keyClick(&f.view, Qt::Key_Backspace);
    CHECK(f.viewport.window().span() < whole.span());
}

TEST_CASE("'.' and ',' move the cursor to the next and previous event") {
    Fixture f(test::bundled("default-semaphore-20"));
    QSignalSpy moved(&f.view, &TimelineView::cursorMovedByUser);
    f.viewport.setCursor(0.5);
    QTest::keyClick(&f.view, Qt::Key_Period);
    REQUIRE(moved.count() == 1);
    const double next = f.viewport.cursor();
    CHECK(next > 0.5);
    CHECK(f.session.events().firstIndexAfter(0.5) < f.session.events().size());
    CHECK(next == f.session.events().timeAt(f.session.events().firstIndexAfter(0.5)));
    QTest::keyClick(&f.view, Qt::Key_Comma);
    CHECK(f.viewport.cursor() < next);
    // With a task selected, its own events.
    f.view.setSelectedTask(5);
    f.viewport.setCursor(0.0);
    QTest::keyClick(&f.view, Qt::Key_Period);
    const double t = f.viewport.cursor();
    const auto* m = f.session.model();
    CHECK((t == m->created(5) || t == m->request(5) || t == m->running(5) || t == m->terminal(5)));
}

TEST_CASE("clicking a lane selects its task, dragging pans, Ctrl+wheel zooms") {
    Fixture f(test::bundled("default-semaphore-20"));
    QSignalSpy selected(&f.view, &TimelineView::taskSelected);
    const TimelineLayout& L = f.view.currentLayout();
    const QPoint onTask3(L.timeArea.left() + 50, static_cast<int>(L.laneCenter(3)));
    QTest::mouseClick(&f.view, Qt::LeftButton, {}, onTask3);
    CHECK(f.view.selectedTask() == 3);
    REQUIRE(selected.count() == 1);

    f.viewport.zoomTo({1.0, 3.0});
    const TimeRange before = f.viewport.window();
    const QPoint a(L.timeArea.center().x(), static_cast<int>(L.laneCenter(10)));
    QTest::mousePress(&f.view, Qt::LeftButton, {}, a);
    QMouseEvent move(QEvent::MouseMove, QPointF(a + QPoint(-200, 0)), f.view.mapToGlobal(QPointF(a + QPoint(-200, 0))),
                     Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&f.view, &move);
    QTest::mouseRelease(&f.view, Qt::LeftButton, {}, a + QPoint(-200, 0));
    CHECK(f.viewport.window().begin > before.begin);
    CHECK(f.viewport.window().span() == Approx(before.span()));
    CHECK(f.view.selectedTask() == 3);  // a drag is not a click

    const QPointF at(L.timeArea.center().x(), L.lanes.center().y());
    QWheelEvent wheel(at, f.view.mapToGlobal(at), {}, {0, 120}, Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase,
                      false);
    QApplication::sendEvent(&f.view, &wheel);
    CHECK(f.viewport.window().span() < before.span());
}

TEST_CASE("dragging on the ruler moves the cursor (rewind)") {
    Fixture f(test::bundled("default-semaphore-20"));
    QSignalSpy moved(&f.view, &TimelineView::cursorMovedByUser);
    const TimelineLayout& L = f.view.currentLayout();
    const int x = L.timeArea.left() + L.timeWidth() / 4;
    QTest::mouseClick(&f.view, Qt::LeftButton, {}, QPoint(x, L.ruler.center().y()));
    REQUIRE(moved.count() >= 1);
    const double expected = tp::xToTime(x - L.timeArea.left(), f.viewport.window(), L.timeWidth());
    CHECK(f.viewport.cursor() == Approx(expected));
}

TEST_CASE("frames painted while a run streams in equal frames painted afresh (per-zoom caches)") {
    // Density rows and counter tracks keep per-zoom state between frames and
    // only fold in appended events; a new view computes everything again.
    const Scenario s = mixedScenario(3000, 60, 3000);
    Session session;
    session.load(s);
    Viewport viewport;
    const double horizon = session.horizon();
    REQUIRE(horizon > 0);
    viewport.setWhole({0.0, horizon * 1.05});
    const QSize size(900, 500);
    TimelineView kept(session.model(), &viewport);
    kept.resize(size);
    auto frame = [&](TimelineView& v) {
        QImage img(size, QImage::Format_ARGB32_Premultiplied);
        QPainter p(&img);
        v.render(p, size);
        return img;
    };
    int compared = 0;
    for (int k = 1; k <= 24; ++k) {
        session.advanceTo(horizon * k / 20.0);
        viewport.setCursor(session.liveTime());
        if (k == 8) viewport.zoomTo({horizon * 0.2, horizon * 0.35});  // a zoom mid-run, then back
        if (k == 12) viewport.fit();
        if (k == 16) viewport.setWhole({0.0, horizon * 1.5});  // the axis grows
        TimelineView fresh(session.model(), &viewport);
        fresh.resize(size);
        const QImage a = frame(kept);
        const QImage b = frame(fresh);
        REQUIRE(TimelineLayout::compute(size, 1.0, session.model()->taskCount(), 0, 0).folded);
        CHECK(a == b);
        ++compared;
    }
    CHECK(compared == 24);
    CHECK(session.finished());
}

TEST_CASE("callout bubbles sit in a strip of their own above the lanes and never cover a bar") {
    Fixture f(test::bundled("default-semaphore-20"), {1200, 800});
    auto notes = std::make_shared<TimelineNotes>();
    notes->notes.push_back({1.0, QStringLiteral("Task 4 calls time.sleep: the loop stops, every other task is frozen "
                                                "until it returns. Watch the yellow."),
                            TimelineNote::Kind::Callout});
    f.view.addPass(std::make_unique<CalloutPass>(notes));
    f.view.resize(1200, 801);  // a new layout, with the strip the pass asks for
    QCoreApplication::processEvents();
    const QRgb fill = qRgb(255, 247, 214);
    auto bubblePixels = [&](const QImage& img, const QRect& r) {
        int n = 0;
        for (int y = std::max(0, r.top()); y <= std::min(img.height() - 1, r.bottom()); ++y)
            for (int x = std::max(0, r.left()); x <= std::min(img.width() - 1, r.right()); ++x)
                n += img.pixel(x, y) == fill;
        return n;
    };
    f.viewport.setCursor(2.0);  // past the callout: its bubble shows
    QImage img = f.image();
    const TimelineLayout& L = f.view.currentLayout();
    REQUIRE(L.notes.height() > 0);
    CHECK(L.notes.bottom() < L.lanes.top());
    const int callout = bubblePixels(img, L.notes);
    CHECK(callout > 2000);
    CHECK(bubblePixels(img, L.lanes) == 0);
    for (const auto& t : L.tracks) CHECK(bubblePixels(img, t.rect) == 0);
    // With the verdict too: two bubbles side by side, neither over the other.
    notes->notes.push_back({1.5, QStringLiteral("You predicted 2.0 s, and it is 2.0 s."), TimelineNote::Kind::Right});
    f.view.resize(1200, 800);
    QCoreApplication::processEvents();
    const TimelineLayout& L2 = f.view.currentLayout();
    img = f.image();
    const int both = bubblePixels(img, L2.notes);
    CHECK(bubblePixels(img, L2.lanes) == 0);
    notes->notes.erase(notes->notes.begin());  // the verdict alone
    f.view.resize(1200, 801);
    QCoreApplication::processEvents();
    img = f.image();
    const int verdict = bubblePixels(img, f.view.currentLayout().notes);
    CHECK(verdict > 500);
    CHECK(both >= callout + verdict - 50);  // no overlap: the areas add up
}

TEST_CASE("a lane is yellow (frozen) exactly where the run model says frozen, not while its task sleeps") {
    const Scenario s = test::bundled("11-blocking-call-freezes-loop");
    Fixture f(s);
    const TimelineLayout& L = f.view.currentLayout();
    const TimelineModel& m = *f.session.model();
    const QImage img = f.image();
    const StatePalette pal = StatePalette::fromPalette(f.view.palette());
    auto x = [&](double t) {
        return L.timeArea.left() + static_cast<int>(std::lround(tp::timeToX(t, f.viewport.window(), L.timeWidth())));
    };
    std::size_t frozenSegments = 0;
    for (std::size_t i = 0; i < m.taskCount(); ++i) {
        const int top = static_cast<int>(L.laneTop(i)) + 2, bottom = static_cast<int>(L.laneTop(i) + L.laneHeight) - 3;
        m.forEachSegment(i, [&](const Segment& sg) {
            const int x0 = x(sg.begin) + 2, x1 = x(sg.end) - 2;
            if (x1 <= x0) return;
            const QRect inside(x0, top, x1 - x0, bottom - top);
            CAPTURE(i, sg.begin, sg.end, static_cast<int>(sg.state));
            if (sg.state == TaskState::Frozen) {
                ++frozenSegments;
                CHECK(countColour(img, inside, pal.frozen) > inside.width() * inside.height() / 2);
            } else {
                CHECK(countColour(img, inside, pal.frozen) == 0);
            }
        });
    }
    CHECK(frozenSegments > 0);
}

TEST_CASE("the caller's lane groups results by collector call: gather, as_completed, wait and TaskGroup differ") {
    // The same workload under four collectors.
    auto groups = [](CollectKind kind, ReturnWhen when = ReturnWhen::AllCompleted) {
        Scenario s = test::semaphoreScenario(8, 3);
        s.collect.kind = kind;
        s.collect.returnWhen = when;
        Session session;
        session.load(s);
        session.advanceTo(1e9);
        const RunModel& run = session.model()->run();
        return CallerPass::callGroups(run, 0.0, run.makespan());
    };
    const auto gather = groups(CollectKind::Gather);
    REQUIRE(gather.size() == 1);
    CHECK(gather[0].count == 8);
    const auto asCompleted = groups(CollectKind::AsCompleted);
    CHECK(asCompleted.size() == 8);
    for (const auto& g : asCompleted) CHECK(g.count == 1);
    const auto first = groups(CollectKind::Wait, ReturnWhen::FirstCompleted);
    REQUIRE(first.size() == 1);
    CHECK(first[0].count < 8);
    const auto group = groups(CollectKind::TaskGroup);
    std::size_t results = 0;
    for (const auto& g : group) results += g.count;
    CHECK(results == 8);
}

TEST_CASE("a shared counter: its track shows the value falling behind the increments, lanes show reads and writes") {
    Fixture f(lessonScenario("lost-update"), {1280, 720});
    const TimelineLayout& L = f.view.currentLayout();
    QRect counter;
    for (const auto& t : L.tracks)
        if (t.kind == TrackKind::Counter) counter = t.rect;
    REQUIRE(counter.height() > 0);
    const RunModel& run = f.session.model()->run();
    // Five writes, but every task wrote 1 (the model, which the track draws).
    CHECK(run.counterWrites().last() == 5);
    CHECK(run.counterValue().last() == 1);
    const QImage img = f.image();
    const StatePalette pal = StatePalette::fromPalette(f.view.palette());
    QRect plot = counter;
    plot.setLeft(L.timeArea.left());
    CHECK(countColour(img, plot, pal.failed, 8) > 100);  // the value's solid line
    // A tick on each task's lane where it read and where it wrote.
    for (std::size_t i = 0; i < 5; ++i) {
        const int top = static_cast<int>(L.laneTop(i));
        const QRect lane(L.timeArea.left(), top, L.timeWidth(), static_cast<int>(L.laneHeight));
        CAPTURE(i);
        CHECK(countColour(img, lane, pal.text, 40) > 10);
    }
    // The counter track when the run had none: absent.
    Fixture plain(test::bundled("default-semaphore-20"));
    for (const auto& t : plain.view.currentLayout().tracks)
        if (t.kind == TrackKind::Counter) CHECK(t.rect.height() == 0);
}

TEST_CASE("jobs waiting in a Queue are drawn in the waiting colour, not as arriving") {
    Fixture f(lessonScenario("queue-workers"), {1280, 720});
    const StatePalette pal = StatePalette::fromPalette(f.view.palette());
    CHECK(pal.forState(TaskState::Queued) == pal.waiting);
    CHECK(pal.forState(TaskState::Queued) != pal.forState(TaskState::Arriving));
    // No permits in a Queue's run: what is orange on the lanes is the queue.
    const TimelineLayout& L = f.view.currentLayout();
    CHECK(countColour(f.image(), L.lanes, pal.waiting) > 100);
}

TEST_CASE("density rows show the run model's segments: a frozen task waits and does not run") {
    // 3000 tasks run from 0; task 0 blocks the loop (cpu) from 0.1 to 0.8 s;
    // the others' timers come due at 0.2 s, so they are frozen (ready, held
    // back) until the loop is free again, then end at 1.0 s.
    std::ostringstream text;
    const int n = 3000;
    auto line = [&](double t, const char* ev, int task) {
        text << R"({"t": )" << t << R"(, "ev": ")" << ev << R"(", "task": )" << task << "}\n";
    };
    for (const char* ev : {"created", "request", "running"})
        for (int i = 0; i < n; ++i) line(0.0, ev, i);
    line(0.1, "cpu_begin", 0);
    for (int i = 1; i < n; ++i) line(0.2, "ready", i);
    line(0.8, "cpu_end", 0);
    for (int i = 1; i < n; ++i) line(0.8, "resumed", i);
    for (int i = 0; i < n; ++i) line(1.0, "done", i);
    text << R"({"t": 1.0, "ev": "end", "outcome": "ok"})" << '\n';
    Session session;
    test::showTrace(session, text.str(), "frozen");
    REQUIRE(session.model()->run().stateAt(7, 0.5) == TaskState::Frozen);
    REQUIRE(session.model()->run().stateAt(7, 0.9) == TaskState::Running);
    Viewport viewport;
    viewport.setWhole({0.0, 1.0});
    TimelineView view(session.model(), &viewport);
    view.resize(1000, 600);
    view.show();
    REQUIRE(QTest::qWaitForWindowExposed(&view));
    const TimelineLayout& L = view.currentLayout();
    REQUIRE(L.folded);
    const QImage img = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
    const StatePalette pal = StatePalette::fromPalette(view.palette());
    REQUIRE(pal.waiting.red() > pal.waiting.blue());  // the hues this test tells apart
    REQUIRE(pal.running.blue() > pal.running.red());
    // Rows of tasks 1.. at 0.5 s take the waiting hue; at 0.9 s, running.
    int waitingHue = 0, runningHue = 0;
    const int xFrozen = L.timeArea.left() + L.timeWidth() / 2;
    const int xRunning = L.timeArea.left() + L.timeWidth() * 9 / 10;
    for (std::size_t r = 1; r < L.rows; ++r) {
        const int y = L.lanes.top() + static_cast<int>(r) * L.rowHeight;
        const QRgb frozen = img.pixel(xFrozen, y), running = img.pixel(xRunning, y);
        waitingHue += qRed(frozen) > qBlue(frozen);
        runningHue += qBlue(running) > qRed(running);
    }
    CHECK(waitingHue == static_cast<int>(L.rows) - 1);
    CHECK(runningHue == static_cast<int>(L.rows) - 1);
}

TEST_CASE("density rows built on two threads equal those built on one") {
    const Scenario s = mixedScenario(60000, 400, 20000);
    Session session;
    session.load(s);
    session.advanceTo(1e9);
    const TimelineModel& m = *session.model();
    const QSize size(900, 500);
    const TimelineLayout L = TimelineLayout::compute(size, 1.0, m.taskCount(), 0, 0);
    REQUIRE(L.folded);
    const StatePalette palette = StatePalette::fromPalette(QPalette());
    auto frame = [&](std::size_t threadedFrom, TimeRange window) {
        QImage img(size, QImage::Format_RGB32);
        img.fill(Qt::white);
        QPainter p(&img);
        DensityPass pass;
        pass.setThreadedFrom(threadedFrom);
        PaintContext ctx{.painter = p, .model = m, .layout = L, .palette = palette, .window = window,
                         .whole = {0.0, m.endTime()}, .selection = {}, .cursor = m.endTime(), .now = m.endTime()};
        pass.paint(ctx);
        return img;
    };
    for (const TimeRange w : {TimeRange{0.0, m.endTime()}, TimeRange{m.endTime() * 0.3, m.endTime() * 0.4}}) {
        CAPTURE(w.begin, w.end);
        const QImage two = frame(1, w), one = frame(~std::size_t{0}, w);
        CHECK(two == one);
        CHECK(two != frame(~std::size_t{0}, {w.end, w.end + 1.0}));  // (the frames show something)
    }
}

TEST_CASE("the ruler leaves out a time label that the cursor's flag would cut in two") {
    Session session;
    session.load(test::semaphoreScenario(6, 3));
    session.advanceTo(1e9);
    const TimelineModel& m = *session.model();
    const QSize size(1200, 500);
    const TimelineLayout L = TimelineLayout::compute(size, 1.0, m.taskCount(), 0, 0);
    const StatePalette palette = StatePalette::fromPalette(QPalette());
    const TimeRange window{0.0, 1.0};  // labels every 0.1 s, about 100 px apart
    auto ruler = [&](double cursor, QRectF* flag) {
        QImage img(size, QImage::Format_RGB32);
        img.fill(Qt::white);
        QPainter p(&img);
        PaintContext ctx{.painter = p, .model = m, .layout = L, .palette = palette, .window = window,
                         .whole = window, .selection = {}, .cursor = cursor, .now = cursor};
        ctx.live = true;
        AxisPass().paint(ctx);
        if (flag) *flag = OverlayPass::cursorFlagRect(ctx);
        return img;
    };
    // Ink of the label rows (above the tick marks) in columns [x0, x1).
    auto ink = [&](const QImage& img, int x0, int x1) {
        int n = 0;
        for (int y = L.ruler.top(); y < L.ruler.bottom() - 8; ++y)
            for (int x = x0; x < x1; ++x)
                if (qGray(img.pixel(x, y)) < 128) ++n;
        return n;
    };
    // The cursor placed so that its flag covers the first 10 px of the
    // "0.1 s" label: the rest of it would stick out on the right.
    const auto xOf = [&](double t) { return L.timeArea.left() + tp::timeToX(t, window, L.timeWidth()); };
    const double label = std::floor(xOf(0.1)) + 4;
    QRectF flag;
    ruler(0.05, &flag);
    REQUIRE_FALSE(flag.isEmpty());
    const double xc = label + 10 - flag.width() / 2;
    const double cursor = tp::xToTime(xc - L.timeArea.left(), window, L.timeWidth());
    const QImage cut = ruler(cursor, &flag);
    REQUIRE(flag.left() < label);
    REQUIRE(flag.right() == Approx(label + 10).margin(2.0));
    const int past0 = static_cast<int>(std::ceil(flag.right())) + 1, past1 = static_cast<int>(label) + 40;
    const QImage clear = ruler(0.95, nullptr);  // the flag far right: the label is drawn
    REQUIRE(ink(clear, past0, past1) > 0);
    CHECK(ink(cut, past0, past1) == 0);  // no half label beside the flag
    const QImage atStart = ruler(0.0, nullptr), atEnd = clear;
    // Labels clear of the flag are all there.
    const int far = static_cast<int>(L.timeArea.left() + tp::timeToX(0.5, window, L.timeWidth()));
    CHECK(ink(atStart, far, far + 60) == ink(atEnd, far, far + 60));
    // Nor is one left that would end right at the flag's edge ("2.0 snow 2.500 s" on a projector): the
    // flag swept from the label's end rightwards, a label drawn keeps 4 blank pixels from it (it kept 2).
    int inkEnd = static_cast<int>(label);
    for (int x = inkEnd; x < static_cast<int>(label) + 80; ++x)
        if (ink(clear, x, x + 1) > 0) inkEnd = x;
    for (int gap = 0; gap < 12; ++gap) {
        const double t = tp::xToTime(inkEnd + 1 + gap + flag.width() / 2 - L.timeArea.left(), window, L.timeWidth());
        QRectF at;
        const QImage img = ruler(t, &at);
        CAPTURE(gap, at.left(), inkEnd);
        if (ink(img, static_cast<int>(label), inkEnd + 1) > 0) CHECK(at.left() - inkEnd >= 5);
    }
}

TEST_CASE("a time label under the cursor's flag moves left of its tick where there is room, not out") {
    // At the end of a run the flag ("now 1.000 s") sits at the time area's
    // right edge over the last label but one ("0.9 s"): it was left out.
    Session session;
    session.load(test::semaphoreScenario(6, 3));
    session.advanceTo(1e9);
    const TimelineModel& m = *session.model();
    const QSize size(1200, 500);
    const TimelineLayout L = TimelineLayout::compute(size, 1.0, m.taskCount(), 0, 0);
    const StatePalette palette = StatePalette::fromPalette(QPalette());
    const TimeRange window{0.0, 1.0};  // labels every 0.1 s, about 100 px apart
    auto ruler = [&](double cursor, QRectF* flag) {
        QImage img(size, QImage::Format_RGB32);
        img.fill(Qt::white);
        QPainter p(&img);
        PaintContext ctx{.painter = p, .model = m, .layout = L, .palette = palette, .window = window,
                         .whole = window, .selection = {}, .cursor = cursor, .now = cursor};
        ctx.live = true;
        AxisPass().paint(ctx);
        if (flag) *flag = OverlayPass::cursorFlagRect(ctx);
        return img;
    };
    auto ink = [&](const QImage& img, int x0, int x1) {
        int n = 0;
        for (int y = L.ruler.top(); y < L.ruler.bottom() - 8; ++y)
            for (int x = x0; x < x1; ++x)
                if (qGray(img.pixel(x, y)) < 128) ++n;
        return n;
    };
    const int tick = static_cast<int>(std::floor(L.timeArea.left() + tp::timeToX(0.9, window, L.timeWidth())));
    QRectF flag;
    const QImage atEnd = ruler(1.0, &flag), atStart = ruler(0.0, nullptr);
    REQUIRE(flag.left() < tick + 30);  // the flag is over where "0.9 s" is written
    const int right = ink(atStart, tick + 2, tick + 60);  // "0.9 s" right of its tick
    REQUIRE(right > 0);
    CHECK(ink(atStart, tick - 60, tick - 2) == 0);  // nothing left of it there
    CHECK(ink(atEnd, tick + 2, static_cast<int>(flag.left())) == 0);  // no half label beside the flag
    CHECK(ink(atEnd, tick - 60, tick - 2) == Approx(right).epsilon(0.15));  // the whole label, left of its tick
}

TEST_CASE("a time label the time area's right edge would cut moves left of its tick, never half shown") {
    // At the end of the TaskGroup lesson (1280x720, Chinese) the ruler's
    // last label, "0.6 s", was cut by the right edge to "0.".
    Session session;
    session.load(test::semaphoreScenario(6, 3));
    session.advanceTo(1e9);
    const TimelineModel& m = *session.model();
    const QSize size(1200, 500);
    const TimelineLayout L = TimelineLayout::compute(size, 1.0, m.taskCount(), 0, 0);
    const StatePalette palette = StatePalette::fromPalette(QPalette());
    auto ruler = [&](TimeRange window) {
        QImage img(size, QImage::Format_RGB32);
        img.fill(Qt::white);
        QPainter p(&img);
        PaintContext ctx{.painter = p, .model = m, .layout = L, .palette = palette, .window = window,
                         .whole = window, .selection = {}, .cursor = 0.0, .now = 0.0};
        ctx.live = true;
        AxisPass().paint(ctx);
        return img;
    };
    auto ink = [&](const QImage& img, int x0, int x1) {
        int n = 0;
        for (int y = L.ruler.top(); y < L.ruler.bottom() - 8; ++y)
            for (int x = std::max(x0, 0); x < std::min(x1, img.width()); ++x)
                if (qGray(img.pixel(x, y)) < 128) ++n;
        return n;
    };
    // Labels every 0.1 s; the one at 1.0 s has 10 px left before the edge.
    const TimeRange tight{0.0, 1.0 + 10.0 / L.timeWidth()};
    const int tick = static_cast<int>(std::floor(L.timeArea.left() + tp::timeToX(1.0, tight, L.timeWidth())));
    REQUIRE(L.timeArea.right() - tick < 14);
    // The same label whole, right of its tick, where the window leaves room.
    const TimeRange roomy{0.0, 1.2};
    const int roomyTick = static_cast<int>(std::floor(L.timeArea.left() + tp::timeToX(1.0, roomy, L.timeWidth())));
    const int whole = ink(ruler(roomy), roomyTick + 2, roomyTick + 60);
    REQUIRE(whole > 0);
    const QImage img = ruler(tight);
    CHECK(ink(img, tick + 2, L.timeArea.right() + 2) == 0);  // no "1." at the edge
    CHECK(ink(img, tick - 50, tick - 2) == Approx(whole).epsilon(0.15));  // the whole label, left of its tick
}

TEST_CASE("the exception main() raised is named left of its cross when the run ends there") {
    // TaskGroup's ExceptionGroup ends the run: its cross is at the time
    // area's right edge, and its name went off it ("E" was all there was).
    Fixture f(test::bundled("06-taskgroup-cancels-siblings"), {900, 500});
    const RunModel& run = f.session.model()->run();
    REQUIRE(run.raiseTime() == run.endTime());
    REQUIRE(run.raisedName() == "ExceptionGroup");
    const TimelineLayout& L = f.view.currentLayout();
    QRect caller;
    for (const auto& t : L.tracks)
        if (t.kind == TrackKind::Caller) caller = t.rect;
    REQUIRE(caller.height() > 0);
    const QImage img = f.image();
    const StatePalette pal = StatePalette::fromPalette(f.view.palette());
    // Left of the cross (its radius and a gap off the edge): the name's letters.
    const QRect beside(L.timeArea.right() - 220, caller.top(), 220 - 16, caller.height());
    CHECK(countColour(img, beside, pal.failed, 60) > 30);
}

TEST_CASE("what wait() left pending is named left of its marker when the call's count took the room right of it") {
    // At the end of lesson wait-timeout-pending (1920x1080, presentation
    // mode) "×2" fitted right of the caller's marker and "2 pending" went on
    // after it, cut by the time area's edge: "×2 2 pend".
    Fixture f(lessonScenario("wait-timeout-pending"), {1200, 500});
    const RunModel& run = f.session.model()->run();
    REQUIRE(run.pendingTasks().size() == 2);
    const double ct = run.collectedTime();
    REQUIRE(ct == Approx(1.5));
    const TimelineLayout& L0 = f.view.currentLayout();
    // Room right of the marker for "2 pending" alone, not for "×2" and
    // "2 pending" after it.
    const QFontMetrics fm(f.view.font());
    const int w = fm.horizontalAdvance(QStringLiteral("2 pending"));
    const double pxPerS = L0.timeWidth() / ct;
    const double room = w + 24.0;
    f.viewport.setWhole({0.0, ct + room / pxPerS});
    f.viewport.setWindow({0.0, ct + room / pxPerS});
    f.viewport.setCursor(ct);
    const QImage img = f.image();
    const TimelineLayout& L = f.view.currentLayout();
    QRect caller;
    for (const auto& t : L.tracks)
        if (t.kind == TrackKind::Caller) caller = t.rect;
    REQUIRE(caller.height() > 0);
    const int x = static_cast<int>(L.timeArea.left() + tp::timeToX(ct, f.viewport.window(), L.timeWidth()));
    REQUIRE(L.timeArea.right() - x < w + 40);
    // Ink of text (dark grey or black) in a column range of the caller's track.
    auto ink = [&](int x0, int x1) {
        int n = 0;
        const int cy = caller.center().y();
        for (int y = caller.top(); y <= caller.bottom(); ++y)
            for (int c = std::max(x0, 0); c < std::min(x1, img.width()); ++c) {
                if (std::abs(y - cy) <= 2) continue;  // the caller's line
                const QColor p = img.pixelColor(c, y);
                if (p.red() < 150 && std::abs(p.red() - p.green()) < 12 && std::abs(p.green() - p.blue()) < 12) ++n;
            }
        return n;
    };
    CAPTURE(x, w, L.timeArea.right());
    CHECK(ink(x - 14 - w, x - 8) > 40);  // "2 pending", left of the marker
}

TEST_CASE("the Event loop track's title and its state fit the gutter side by side, whatever the font and language") {
    const test::EnglishAfter guard;
    for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
        Language::install(lang);
        Fixture f(test::bundled("default-semaphore-20"), {1000, 600});
        // A laptop's font, a larger desktop one, a projector's (without the
        // presentation scale, which widens the gutter by itself).
        for (const int px : {12, 15, 18, 22}) {
            CAPTURE(lang.toStdString(), px);
            QFont font = f.view.font();
            font.setPixelSize(px);
            f.view.setFont(font);
            const TimelineLayout& L = f.view.currentLayout();
            const QFontMetrics fm(font);
            const auto tr = [](const char* s) { return QCoreApplication::translate("cs::ui::CounterTracksPass", s); };
            const int title = fm.horizontalAdvance(tr("Event loop")) + fm.horizontalAdvance(QLatin1Char(' '));
            // The room CounterTracksPass gives the label: 8 px in, 6 px short of the time axis.
            for (const char* state : {"awaiting", "blocked", "idle"}) {
                CAPTURE(state);
                CHECK(title + fm.horizontalAdvance(tr(state)) <= L.gutter - 14);
            }
            CHECK(L.timeArea.left() == L.gutter);
            CHECK(L.timeWidth() > 600);  // the axis keeps most of the width
        }
    }
}

TEST_CASE("the throughput's 'max' label reads on a backing where the bars reach the track's top") {
    // Steady completions (u03: 3,000 tasks behind a Semaphore(50)): the bars
    // stand near their max all along, up into the label's row.
    Fixture f(test::semaphoreScenario(2000, 50, 0.05, 0.01));
    const double end = f.session.model()->endTime();
    f.viewport.setWindow({end * 0.25, end * 0.75});  // (past the first completions' ramp)
    QCoreApplication::processEvents();
    const TimelineLayout& L = f.view.currentLayout();
    QRect r;
    for (const auto& t : L.tracks)
        if (t.kind == TrackKind::Throughput) r = t.rect;
    REQUIRE(r.height() > 0);
    const QImage img = f.image();
    // Saturated (bar-coloured) pixels in the label's rows over [x, x + w).
    const int rows = f.view.fontMetrics().height();
    const auto bars = [&](int x, int w) {
        int n = 0;
        for (int y = r.top(); y < r.top() + rows; ++y)
            for (int c = x; c < x + w; ++c) {
                const QColor p = img.pixelColor(c, y);
                n += std::max({p.red(), p.green(), p.blue()}) - std::min({p.red(), p.green(), p.blue()}) > 60;
            }
        return n;
    };
    const int x0 = L.timeArea.left(), w = f.view.fontMetrics().horizontalAdvance(QStringLiteral("max 0.0 /s"));
    REQUIRE(bars(x0 + L.timeWidth() / 2, w) > w);  // the bars do reach the label's rows
    CHECK(bars(x0 + 2, w) == 0);                   // not under the label
}

TEST_CASE("a pool job running on after its task was cancelled stays visible beside the 'cancelled' label") {
    // Task 0's thread job runs from 0.5; the task is cancelled at 1.0 and the
    // job (a thread cannot be stopped) runs on to 1.3. The label's backing,
    // right of the end marker, hid that thin bar: the thread seemed to stop.
    Session session;
    test::showTrace(session, R"({"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.0, "ev": "running", "task": 0, "name": "Task-2"}
{"t": 0.5, "ev": "thread_begin", "task": 0, "name": "Task-2"}
{"t": 1.0, "ev": "thread_left", "task": 0, "name": "Task-2"}
{"t": 1.0, "ev": "cancelled", "task": 0, "name": "Task-2"}
{"t": 1.3, "ev": "thread_end", "task": 0, "name": "Task-2"}
{"t": 2.0, "ev": "end", "outcome": "ok"}
)");
    REQUIRE(session.model()->run().jobLeftRunning(0) != nullptr);
    Viewport viewport;
    viewport.setWhole({0.0, 2.0});
    viewport.setCursor(2.0);
    TimelineView view(session.model(), &viewport);
    view.resize(1000, 400);
    view.show();
    REQUIRE(QTest::qWaitForWindowExposed(&view));
    const TimelineLayout& L = view.currentLayout();
    const QImage img = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
    const StatePalette pal = StatePalette::fromPalette(view.palette());
    const auto xOf = [&](double t) { return L.timeArea.left() + static_cast<int>(t / 2.0 * L.timeWidth()); };
    // From past the end marker to the job's end, in the lane's row: the
    // thread's colour all along (the label sits after it).
    const QRect on(xOf(1.0) + 16, L.lanes.top(), xOf(1.3) - xOf(1.0) - 20, L.laneHeight);
    REQUIRE(on.width() > 40);
    REQUIRE(L.laneHeight >= 12);  // (a lane that tall has its end labelled)
    int columns = 0;  // columns of the span with the thread's colour in them
    for (int x = on.left(); x <= on.right(); ++x)
        columns += countColour(img, QRect(x, on.top(), 1, on.height()), pal.thread) > 0;
    CHECK(columns == on.width());
}
