// `coroscope --lesson N` is lesson N in teaching order (resources/lessons/
// index.json), never the bundled example numbered N; examples open with
// --example (MainWindow::openLesson / openExample).
#include <algorithm>

#include <catch2/catch.hpp>

#include "lessons/lesson_browser.h"
#include "lessons/lesson_library.h"
#include "lessons/lesson_player.h"
#include "live/session.h"
#include "export/timeline_renderer.h"
#include "live/workload.h"
#include "main_window.h"
#include "timeline/legend_bar.h"
#include "timeline/timeline_view.h"
#include "fixtures.h"

using namespace cs;
using namespace cs::ui;

namespace {
std::string title(const MainWindow& w) { return w.session()->scenario().title; }
}  // namespace

TEST_CASE("coroscope --lesson N opens the Nth lesson of index.json, also where an example has that number") {
    MainWindow w;
    const QStringList ids = w.lessons()->library().ids();
    REQUIRE(ids.size() >= 13);
    REQUIRE(MainWindow::bundledScenarios().contains(QStringLiteral("13-queue-workers")));
    QString err;
    for (const int n : {1, 3, 11, 13, static_cast<int>(ids.size())}) {
        CAPTURE(n);
        REQUIRE(w.openLesson(QString::number(n), &err));
        CHECK(w.lessons()->player()->lessonId() == ids.at(n - 1));
    }
    // 13 is the thirteenth lesson, not 13-queue-workers.
    REQUIRE(w.openLesson(QStringLiteral("13"), &err));
    CHECK(w.lessons()->player()->lessonId() == ids.at(12));
    CHECK(title(w) != test::bundled("13-queue-workers").title);
}

TEST_CASE("coroscope --lesson takes a lesson id or a unique prefix, and says which numbers exist") {
    MainWindow w;
    const QStringList ids = w.lessons()->library().ids();
    QString err;
    REQUIRE(w.openLesson(ids.at(4), &err));
    CHECK(w.lessons()->player()->lessonId() == ids.at(4));
    REQUIRE(w.openLesson(QStringLiteral("taskgroup-cancel"), &err));
    CHECK(w.lessons()->player()->lessonId() == QStringLiteral("taskgroup-cancels-siblings"));

    const QString past = QString::number(ids.size() + 1);
    CHECK_FALSE(w.openLesson(past, &err));
    CHECK(err.contains(past));
    CHECK(err.contains(QString::number(ids.size())));
    CHECK_FALSE(w.openLesson(QStringLiteral("0"), &err));
    CHECK_FALSE(w.openLesson(QStringLiteral("no-such-lesson"), &err));
    CHECK(err.contains(QStringLiteral("no-such-lesson")));
}

TEST_CASE("coroscope --example opens a bundled example by name, number or prefix") {
    MainWindow w;
    QString err;
    REQUIRE(w.openExample(QStringLiteral("13"), &err));
    CHECK(title(w) == test::bundled("13-queue-workers").title);
    REQUIRE(w.openExample(QStringLiteral("1"), &err));
    CHECK(title(w) == test::bundled("01-semaphore-limits-ten-downloads").title);
    REQUIRE(w.openExample(QStringLiteral("22-live-resize"), &err));
    CHECK(title(w) == test::bundled("22-live-resize").title);
    REQUIRE(w.openExample(QStringLiteral("default"), &err));
    CHECK(title(w) == test::bundled("default-semaphore-20").title);
    // An example's full name under --lesson still opens it (older command lines).
    REQUIRE(w.openLesson(QStringLiteral("24-rate-limit"), &err));
    CHECK(title(w) == test::bundled("24-rate-limit").title);

    CHECK_FALSE(w.openExample(QStringLiteral("99"), &err));
    CHECK(err.contains(QStringLiteral("22-live-resize")));  // the list of examples
}

TEST_CASE("the timeline's key lists the pool and blocking states and the hand-over only for a run that can have them") {
    MainWindow w;
    const LegendBar* legend = w.findChild<LegendBar*>();
    REQUIRE(legend);
    QString err;
    const auto keyAfter = [&](const char* example) {
        REQUIRE(w.openExample(QString::fromLatin1(example), &err));
        return legend->labels();
    };
    const QString pool = QStringLiteral("in the thread pool"), cpu = QStringLiteral("blocking the loop (cpu)"),
                  frozen = QStringLiteral("frozen by another task's cpu");
    // Semaphore downloads: no thread or cpu step, so no lane can be in either state.
    const QStringList plain = keyAfter("01-semaphore-limits-ten-downloads");
    CHECK(plain.contains(QStringLiteral("running")));
    CHECK(plain.contains(QStringLiteral("permit handed over")));  // a shared Semaphore(3)
    CHECK_FALSE(plain.contains(pool));
    CHECK_FALSE(plain.contains(cpu));
    CHECK_FALSE(plain.contains(frozen));
    // A blocking call: cpu steps block the loop, and freeze the others.
    const QStringList blocking = keyAfter("11-blocking-call-freezes-loop");
    CHECK(blocking.contains(cpu));
    CHECK(blocking.contains(frozen));
    CHECK_FALSE(blocking.contains(pool));
    const QStringList threads = keyAfter("12-to-thread-pool");
    CHECK(threads.contains(pool));
    CHECK_FALSE(threads.contains(cpu));
    // More tasks with thread steps than threads: a job can wait in the pool's
    // queue; with as many threads as such tasks, none can.
    const QString poolQueue = QStringLiteral("job waiting for a free worker in the pool");
    CHECK(threads.contains(poolQueue));
    // Nothing there can cancel a task while its job runs: no thin bar to explain.
    const QString leftRunning = QStringLiteral("job running on after its task stopped waiting");
    CHECK_FALSE(threads.contains(leftRunning));
    CHECK_FALSE(plain.contains(poolQueue));
    Scenario roomy = w.session()->scenario();
    roomy.maxWorkers = static_cast<std::int64_t>(roomy.tasks.size());
    w.loadScenario(roomy);
    CHECK(legend->labels().contains(pool));
    CHECK_FALSE(legend->labels().contains(poolQueue));
    // A process pool's jobs are in the process pool, not the thread pool.
    Scenario processes = roomy;
    for (Step& st : processes.steps)
        if (st.kind == StepKind::Thread) st.kind = StepKind::Process;
    w.loadScenario(processes);
    CHECK(legend->labels().contains(QStringLiteral("in the process pool")));
    CHECK_FALSE(legend->labels().contains(pool));
    // A timeout can cancel a task while its job runs on: the thin bar is in the key.
    Scenario timed = processes;
    timed.tasks.front().timeout = 0.1;
    w.loadScenario(timed);
    CHECK(legend->labels().contains(leftRunning));
    // Queue workers share no semaphore: no release hands a permit over; jobs
    // wait in the queue instead.
    const QStringList queue = keyAfter("13-queue-workers");
    CHECK_FALSE(queue.contains(QStringLiteral("permit handed over")));
    CHECK(queue.contains(QStringLiteral("queued (waiting for a worker)")));
    CHECK_FALSE(plain.contains(QStringLiteral("queued (waiting for a worker)")));
    // A picture saved of the timeline has the same key: fewer entries, fewer
    // rows on a narrow one. The same workload under the same limit, without
    // and with blocking calls (two entries more).
    Scenario s = w.session()->scenario();
    WorkloadSpec spec;
    spec.count = 10;
    applyWorkload(spec, s);
    w.loadScenario(s);
    const QStringList without = legend->labels();
    const int plainHeight = TimelineRenderer::legendHeight(*w.timeline(), 300, true);
    spec.cpuShare = 0.5;
    applyWorkload(spec, s);
    w.loadScenario(s);
    CHECK(legend->labels().size() == without.size() + 2);
    CHECK(TimelineRenderer::legendHeight(*w.timeline(), 300, true) > plainHeight);
}

TEST_CASE("a saved picture whose lanes fold into density rows has their key, one with lanes has not") {
    MainWindow w;
    Scenario s;
    WorkloadSpec spec;
    spec.count = 3000;
    applyWorkload(spec, s);
    w.loadScenario(s);
    const auto hasDensity = [&](QSize size) {
        LegendBar key;
        TimelineRenderer::prepareKey(key, *w.timeline(), size);
        const QStringList labels = key.labels();
        return std::any_of(labels.begin(), labels.end(),
                           [](const QString& l) { return l.startsWith(QStringLiteral("rows of many tasks")); });
    };
    // 3,000 lanes cannot stand in 600 pixels: density rows, and their key.
    CHECK(hasDensity(QSize(1000, 600)));
    REQUIRE(w.timeline()->foldsAt(QSize(1000, 600)));
    // Four tasks' lanes never fold.
    QString err;
    REQUIRE(w.openExample(QStringLiteral("07-as-completed-order"), &err));
    CHECK_FALSE(w.timeline()->foldsAt(QSize(1000, 600)));
    CHECK_FALSE(hasDensity(QSize(1000, 600)));
}
