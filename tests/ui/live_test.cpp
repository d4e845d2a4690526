// The live run: resizing the limit, switching the collector, rewinding, and
// the runner's wall-clock mapping. Driven through the widgets a user touches;
// time advances through LiveRunner::tick, never by waiting on a clock (one
// test checks that the real coroutine frame loop keeps running).
#include <QComboBox>
#include <QDockWidget>
#include <QFontInfo>
#include <QLabel>
#include <QTextBlock>
#include <QTextDocument>
#include <QSpinBox>
#include <QTest>
#include <QTimer>
#include <catch2/catch.hpp>
#include <memory>
#include <sstream>

#include "export/trace_file.h"
#include "i18n/kind_texts.h"
#include "live/live_runner.h"
#include "live/session.h"
#include "main_window.h"
#include "model/kinds.h"
#include "panels/controls_panel.h"
#include "panels/loop_anatomy_panel.h"
#include "panels/warnings_model.h"
#include "panels/warnings_panel.h"
#include "panels/metrics_panel.h"
#include "panels/results_model.h"
#include "panels/results_panel.h"
#include "panels/task_table_model.h"
#include "panels/task_story.h"
#include "panels/tasks_panel.h"
#include "timeline/timeline_view.h"
#include "timeline/viewport.h"
#include "fixtures.h"

using namespace cs;
using namespace cs::ui;

namespace {
void playFor(MainWindow& w, double seconds) {
    w.runner()->play();
    for (double t = 0; t < seconds - 1e-9; t += 0.25) w.runner()->tick(0.25);
}

std::size_t countKind(const TraceRecorder& rec, EvKind k) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < rec.size(); ++i) n += rec.kindAt(i) == k;
    return n;
}
}  // namespace

TEST_CASE("resizing the limit while live changes the permit track and the trace") {
    MainWindow w;
    w.loadScenario(test::semaphoreScenario(12, 2, 1.0, 0.0));
    w.runner()->setSpeed(1.0);
    playFor(w, 1.5);
    Session* s = w.session();
    REQUIRE(s->liveTime() == Approx(1.5));
    REQUIRE(s->model()->permitsInUse().valueAtTime(1.5) == 2);
    REQUIRE(countKind(s->events(), EvKind::Limit) == 0);

    w.controls()->limitSpin()->setValue(5);
    w.controls()->flushLimitEdit();

    // The trace gained a limit event at the live time, the permit track
    // jumped, and the scenario recorded the resize so that the run replays.
    REQUIRE(countKind(s->events(), EvKind::Limit) == 1);
    for (std::size_t i = 0; i < s->events().size(); ++i) {
        if (s->events().kindAt(i) != EvKind::Limit) continue;
        CHECK(s->events().timeAt(i) == Approx(1.5));
        CHECK(s->events().at(i).arg == 5);
    }
    CHECK(s->model()->limit().valueAtTime(1.5) == 5);
    CHECK(s->model()->permitsInUse().valueAtTime(1.5) == 5);
    CHECK(s->model()->permitsInUse().valueAtTime(1.4) == 2);
    REQUIRE(s->scenario().limit.schedule.size() == 1);
    CHECK(s->scenario().limit.schedule[0].at == Approx(1.5));
    CHECK(s->scenario().limit.schedule[0].value == 5);
    CHECK(w.controls()->limitSlider()->value() == 5);

    // Playing on keeps the new limit; a restart replays it exactly.
    playFor(w, 1.0);
    CHECK(s->model()->permitsInUse().maxValue() == 5);
    const auto eventsBefore = s->events().size();
    const double end = s->model()->ended() ? s->model()->endTime() : -1;
    w.runner()->restart();
    while (!s->finished()) w.runner()->tick(0.25);
    CHECK(s->model()->limit().valueAtTime(1.5) == 5);
    CHECK(s->model()->permitsInUse().valueAtTime(1.5) == 5);
    if (end >= 0) CHECK(s->model()->endTime() == end);
    CHECK(s->events().size() >= eventsBefore);
}

TEST_CASE("changing the permits after a run has ended plays a new run under the new limit") {
    MainWindow w;
    w.loadScenario(test::semaphoreScenario(6, 2, 1.0, 0.0));
    w.runner()->setSpeed(100);
    Session* s = w.session();
    while (!s->finished()) w.runner()->tick(0.25);
    REQUIRE(s->model()->ended());
    REQUIRE_FALSE(w.runner()->isPlaying());
    REQUIRE(w.statusText().startsWith(QLatin1String("Finished")));

    w.controls()->limitSpin()->setValue(3);
    w.controls()->flushLimitEdit();

    // A new run from t = 0 under Semaphore(3), playing, and every status says so.
    CHECK(s->scenario().limit.value == 3);
    CHECK(s->scenario().limit.schedule.empty());
    CHECK(w.runner()->isPlaying());
    CHECK(w.statusText() == QLatin1String("Playing"));
    w.runner()->tick(0.01);
    CHECK(s->liveTime() > 0.0);
    CHECK(s->model()->eventCount() > 0);
    w.refreshPanels();
    CHECK(w.metrics()->summaryText().startsWith(QLatin1String("Not finished yet")));
    while (!s->finished()) w.runner()->tick(0.25);
    CHECK(s->model()->permitsInUse().maxValue() == 3);
    CHECK(w.statusText().startsWith(QLatin1String("Finished")));
    CHECK(w.metrics()->summaryText().startsWith(QLatin1String("Finished")));

    // Paused in the middle, a change of the permits is a live resize: the
    // run stays where it is, paused.
    w.runner()->restart();
    w.runner()->tick(0.01);
    w.runner()->pause();
    const double t = s->liveTime();
    w.controls()->limitSpin()->setValue(4);
    w.controls()->flushLimitEdit();
    CHECK_FALSE(w.runner()->isPlaying());
    CHECK(s->liveTime() == t);
    CHECK(w.statusText() == QLatin1String("Paused"));
}

TEST_CASE("resizing at the loop's own time goes through Simulation::setLimit") {
    Session s;
    s.load(test::semaphoreScenario(8, 1, 1.0, 0.0));
    s.stepIteration();
    while (s.liveTime() < 1.0) s.stepIteration();  // live time == the loop's clock
    REQUIRE(s.simulation()->now() == s.liveTime());
    s.setLimit(3);
    CHECK(s.model()->limit().valueAtTime(s.liveTime()) == 3);
    CHECK(s.scenario().limit.schedule.size() == 1);
    CHECK(s.simulation()->scenario().limit.schedule == s.scenario().limit.schedule);
}

TEST_CASE("switching the collector restarts the same workload under the new collector") {
    MainWindow w;
    Scenario base = test::bundled("default-semaphore-20");
    w.loadScenario(base);
    playFor(w, 2.0);
    Session* s = w.session();
    const Scenario before = s->scenario();
    REQUIRE(s->liveTime() > 1.0);

    QComboBox* combo = w.controls()->collectorCombo();
    combo->setCurrentIndex(combo->findData(static_cast<int>(CollectKind::TaskGroup)));

    CHECK(s->scenario().collect.kind == CollectKind::TaskGroup);
    CHECK(s->scenario().tasks == before.tasks);
    CHECK(s->scenario().steps == before.steps);
    CHECK(s->scenario().excNames == before.excNames);
    CHECK(s->scenario().limit == before.limit);
    CHECK(s->liveTime() == 0.0);  // restarted
    CHECK(s->model()->taskCount() == before.tasks.size());

    // It runs: TaskGroup cancels the siblings of the failing task.
    while (!s->finished()) w.runner()->tick(0.25);
    CHECK(s->model()->ended());
    CHECK(countKind(s->events(), EvKind::Created) == before.tasks.size());
    CHECK(countKind(s->events(), EvKind::Cancelled) > 0);
}

TEST_CASE("rewinding to t shows what a fresh run stopped at t shows") {
    MainWindow w;
    const Scenario sc = test::bundled("default-semaphore-20");
    w.loadScenario(sc);
    w.runner()->setSpeed(100);
    while (!w.session()->finished()) w.runner()->tick(0.25);
    REQUIRE(w.session()->model()->ended());

    for (double t : {0.0, 0.35, 1.25, 2.0, 2.5, 3.3, 4.8, 6.05}) {
        CAPTURE(t);
        w.rewindTo(t);
        w.refreshPanels();
        CHECK_FALSE(w.isLive());
        CHECK(w.viewport()->cursor() == t);

        Session fresh;
        fresh.load(sc);
        fresh.advanceTo(t);
        TaskTableModel freshTable(fresh.model());
        freshTable.setTime(t);
        TaskTableModel* shown = w.tasks()->model();
        REQUIRE(shown->rowCount() == freshTable.rowCount());
        for (int r = 0; r < shown->rowCount(); ++r)
            for (int c = 0; c < TaskTableModel::ColumnCount; ++c) {
                CAPTURE(r, c);
                CHECK(shown->index(r, c).data().toString() == freshTable.index(r, c).data().toString());
            }
        ResultsModel freshResults(fresh.model());
        freshResults.setTime(t);
        CHECK(w.results()->model()->rowCount() == freshResults.rowCount());

        const LoopSnapshot a = w.loopAnatomy()->shown();
        const LoopSnapshot b = fresh.snapshot();
        CHECK(a.now == b.now);
        CHECK(a.iterations == b.iterations);
        CHECK(a.ready == b.ready);
        REQUIRE(a.timers.size() == b.timers.size());
        for (std::size_t k = 0; k < a.timers.size(); ++k) CHECK(a.timers[k].when == b.timers[k].when);
        REQUIRE(a.semaphores.size() == b.semaphores.size());
        for (std::size_t k = 0; k < a.semaphores.size(); ++k) {
            CHECK(a.semaphores[k].holders == b.semaphores[k].holders);
            CHECK(a.semaphores[k].waiters == b.semaphores[k].waiters);
        }
    }
    w.goLive();
    CHECK(w.isLive());
    CHECK(w.viewport()->cursor() == w.session()->liveTime());
}

TEST_CASE("the runner maps wall-clock seconds times speed onto virtual time") {
    Session s;
    LiveRunner r(&s);
    s.load(test::semaphoreScenario(6, 2, 1.0, 0.0));
    r.setSpeed(2.0);
    r.tick(0.1);  // paused: nothing happens
    CHECK(s.liveTime() == 0.0);
    r.play();
    r.tick(0.1);
    CHECK(s.liveTime() == Approx(0.2));
    r.tick(10.0);  // a stalled frame advances by at most 0.25 s of wall time
    CHECK(s.liveTime() == Approx(0.7));
    r.setSpeed(1000);
    CHECK(r.speed() == LiveRunner::kMaxSpeed);
    r.setSpeed(0.001);
    CHECK(r.speed() == LiveRunner::kMinSpeed);
    r.setSpeed(1.0);
    r.faster();
    CHECK(r.speed() == 2.0);
    r.slower();
    r.slower();
    CHECK(r.speed() == 0.5);
    r.setSpeed(100);
    while (r.isPlaying()) r.tick(0.25);
    CHECK(s.finished());
    CHECK(s.liveTime() == s.model()->endTime());
}

TEST_CASE("stepping runs one loop iteration or up to the next event, paused") {
    Session s;
    LiveRunner r(&s);
    s.load(test::semaphoreScenario(4, 1, 1.0, 0.0));
    r.play();
    const auto it = s.simulation()->iterations();
    r.stepIteration();
    CHECK_FALSE(r.isPlaying());
    CHECK(s.simulation()->iterations() == it + 1);
    const auto events = s.events().size();
    r.stepToNextEvent();
    CHECK(s.events().size() > events);
}

TEST_CASE("stepping a run that has ended steps it again from t = 0, paused") {
    // Lessons gather-first-exception and taskgroup-cancels-siblings ask to
    // step through one instant: after Restart their 0.5 s run had ended
    // before the first click, and Step did nothing.
    Session s;
    LiveRunner r(&s);
    s.load(test::semaphoreScenario(4, 1, 0.5, 0.0));
    s.advanceTo(1e9);
    REQUIRE(s.finished());
    const double end = s.liveTime();
    r.stepIteration();
    CHECK_FALSE(r.isPlaying());
    CHECK_FALSE(s.finished());
    CHECK(s.liveTime() < end);
    CHECK(s.simulation()->iterations() == 1);
    s.advanceTo(1e9);
    REQUIRE(s.finished());
    r.stepToNextEvent();
    CHECK_FALSE(r.isPlaying());
    CHECK_FALSE(s.finished());
    CHECK(s.liveTime() < end);
    CHECK(s.events().size() > 0);
}

TEST_CASE("the coroutine frame loop advances the run while the Qt event loop keeps ticking") {
    Session s;
    auto r = std::make_unique<LiveRunner>(&s);
    s.load(test::semaphoreScenario(4, 2, 1.0, 0.0));
    r->setSpeed(10);
    bool timerFired = false;
    QTimer::singleShot(30, [&] { timerFired = true; });
    r->play();
    CHECK(QTest::qWaitFor([&] { return s.liveTime() > 0.3 && timerFired; }, 5000));
    // Pausing stops the loop at its next wake-up.
    r->pause();
    const double t = s.liveTime();
    QTest::qWait(60);
    CHECK(s.liveTime() == t);
    // Destroying the runner while its coroutine is suspended is safe.
    r->play();
    r.reset();
    QTest::qWait(60);
    CHECK(s.liveTime() >= t);
}

TEST_CASE("the task story names who handed the permit over and how long it waited") {
    Session s;
    s.load(test::semaphoreScenario(3, 1, 1.0, 0.0));
    s.advanceTo(1e9);
    const QString story = taskStory(*s.model(), 1, 1.5);
    CHECK(story.contains(QStringLiteral("task 0 released it")));
    CHECK(story.contains(QStringLiteral("Waited 1.00 s")));
    CHECK(story.contains(QStringLiteral("running")));
    CHECK(taskStory(*s.model(), 2, 3.0).contains(QStringLiteral("done")));
}

TEST_CASE("a Queue job's story: its put() waiting for room, queued, taken by a worker; no permit") {
    Session s;
    s.load(test::bundled("13-queue-workers"));  // Queue(maxsize=2), three workers
    s.advanceTo(1e9);
    // Job 5: its put() found the queue full at 0, went in at 0.5, and
    // worker 2 took it at 1.0 (example 13's trace, CPython's).
    const QString story = taskStory(*s.model(), 5, 2.5);
    INFO(story.toStdString());
    CHECK(story.contains(QStringLiteral("its put() waited for room in the full queue 0.000 s–0.500 s")));
    CHECK(story.contains(QStringLiteral("queued 0.500 s → taken by worker 2 1.000 s")));
    CHECK(story.contains(QStringLiteral("Queued 500 ms, ran 1.00 s")));
    CHECK_FALSE(story.contains(QStringLiteral("created")));
    CHECK_FALSE(story.contains(QStringLiteral("got it")));
    CHECK_FALSE(story.contains(QStringLiteral("permit")));
    // Before a worker takes it, it is queued, not "not started".
    const QString early = taskStory(*s.model(), 5, 0.75);
    INFO(early.toStdString());
    CHECK(early.contains(QStringLiteral("queued 0.500 s.")));
    CHECK_FALSE(early.contains(QStringLiteral("has not started")));
    CHECK(taskStory(*s.model(), 5, 0.25).contains(QStringLiteral("waits for room in the full queue from 0.000 s")));
}

TEST_CASE("the task story says when other tasks ended at the same virtual instant") {
    Session s;
    s.load(test::semaphoreScenario(5, 5, 1.0, 0.0));  // all five end at t = 1.0
    s.advanceTo(1e9);
    CHECK(taskStory(*s.model(), 2, 1.5).contains(
        QStringLiteral("4 other tasks ended at this same virtual instant; on a real clock they would be microseconds apart")));
    // Tasks that end at different instants: no such note.
    Session apart;
    apart.load(test::semaphoreScenario(2, 2, 1.0, 0.1));  // 1.0 and 1.1
    apart.advanceTo(1e9);
    CHECK_FALSE(taskStory(*apart.model(), 0, 2.0).contains(QStringLiteral("same virtual instant")));
}

TEST_CASE("the task story says when a task's pool job ran on after the task ended") {
    // wait_for cancels task 0 at 0.25; its thread sleeps on until 1.0.
    const LoadResult r = parseScenario(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"thread": 1.0}], "timeout": 0.25}, {"steps": [{"io": 2.0}]}],
        "collect": {"kind": "gather", "return_exceptions": true}})");
    REQUIRE(r.ok());
    Session s;
    s.load(*r.scenario);
    s.advanceTo(0.5);
    CHECK(taskStory(*s.model(), 0, 0.5).contains(QStringLiteral("cancelled 0.250 s → its job still runs in the pool")));
    s.advanceTo(1e9);
    CHECK(taskStory(*s.model(), 0, 0.5).contains(QStringLiteral("its job still runs in the pool")));
    CHECK(taskStory(*s.model(), 0, 1.5).contains(QStringLiteral("its job ran on in the pool until 1.000 s")));
    CHECK_FALSE(taskStory(*s.model(), 1, 2.5).contains(QStringLiteral("in the pool")));
}

TEST_CASE("presentation mode enlarges the timeline, hides the panels and restores them") {
    MainWindow w;
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    w.loadScenario(test::semaphoreScenario(6, 2));
    w.runner()->pause();
    QDockWidget* tasksDock = nullptr;
    for (auto* d : w.findChildren<QDockWidget*>())
        if (d->objectName() == QLatin1String("dock.tasks")) tasksDock = d;
    REQUIRE(tasksDock);
    REQUIRE(tasksDock->isVisible());
    w.setPresentationMode(true);
    CHECK(w.timeline()->scale() > 1.0);
    CHECK_FALSE(tasksDock->isVisible());
    w.setPresentationMode(false);
    CHECK(w.timeline()->scale() == 1.0);
    CHECK(tasksDock->isVisible());
}

TEST_CASE("a scenario's own description is shown only while its limit kind and collector are on screen") {
    Session session;
    session.load(test::bundled("default-semaphore-20"));
    const std::string authored = session.scenario().description;
    REQUIRE(authored.find("gather") != std::string::npos);
    Collect tg = session.scenario().collect;
    tg.kind = CollectKind::TaskGroup;
    session.setCollect(tg);
    // "gather(return_exceptions=True) keeps the others going" is not true of a TaskGroup.
    CHECK(session.scenario().description.empty());
    for (const auto& [lang, text] : session.scenario().i18n) CHECK(text.description.empty());
    Collect back = tg;
    back.kind = test::bundled("default-semaphore-20").collect.kind;
    session.setCollect(back);
    CHECK(session.scenario().description == authored);
    Limit none = session.scenario().limit;
    none.kind = LimitKind::None;
    session.setLimitConfig(none);
    CHECK(session.scenario().description.empty());
}

namespace {
// How many code fragments a label's rich text has, checking that every
// fragment, the code ones (fixed pitch) too, is laid out at the size of a big
// default font (presentation mode's), as the label lays it out.
int codeSpansAtTextSize(const QLabel& label) {
    QTextDocument doc;
    QFont big = label.font();
    big.setPointSizeF(22.0);
    doc.setDefaultFont(big);
    doc.setHtml(label.text());
    int code = 0;
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next())
        for (auto it = b.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat f = it.fragment().charFormat();
            // (the family Qt's Markdown reader names for code; fixed pitch
            // where the platform resolves it)
            code += f.fontFamilies().toStringList().contains(QStringLiteral("monospace")) ||
                    QFontInfo(f.font()).fixedPitch();
            CHECK(f.font().pointSizeF() == Approx(22.0));
        }
    return code;
}
}  // namespace

TEST_CASE("the scenario's description sizes its code spans as its text, in any font (presentation mode's)") {
    MainWindow w;
    w.loadScenario(test::bundled("default-semaphore-20"));
    auto* label = w.findChild<QLabel*>(QStringLiteral("scenarioDescription"));
    REQUIRE(label != nullptr);
    REQUIRE(label->text().contains(QStringLiteral("asyncio.Semaphore(3)")));
    CHECK(codeSpansAtTextSize(*label) >= 2);  // asyncio.Semaphore(3), time.sleep, gather(...)
}

TEST_CASE("a lesson's question sizes its code as its text (in presentation mode it was a third smaller)") {
    MainWindow w;
    REQUIRE(w.openLesson(QStringLiteral("taskgroup-cancels-siblings")));
    auto* label = w.findChild<QLabel*>(QStringLiteral("lessonQuestion"));
    REQUIRE(label != nullptr);
    REQUIRE(label->text().contains(QStringLiteral("async with asyncio.TaskGroup()")));
    CHECK(codeSpansAtTextSize(*label) == 1);
}

TEST_CASE("each limit kind as the controls and the header show it: the collector only where the limit uses one") {
    MainWindow w;
    w.loadScenario(test::semaphoreScenario(6, 2, 1.0, 0.0));
    QComboBox* kinds = w.controls()->limitKindCombo();
    REQUIRE(kinds->count() == static_cast<int>(kLimitKindCount));
    QLabel* hint = nullptr;
    for (QLabel* l : w.controls()->findChildren<QLabel*>())
        if (l->text().startsWith(QStringLiteral("Changes live"))) hint = l;
    REQUIRE(hint);
    for (int i = 0; i < kinds->count(); ++i) {
        const auto k = static_cast<LimitKind>(kinds->itemData(i).toInt());
        const LimitKindInfo& info = limitKindInfo(k);
        CAPTURE(info.name);
        CHECK(kinds->itemText(i) == limitKindLabel(k));
        kinds->setCurrentIndex(i);
        QCoreApplication::processEvents();
        REQUIRE(w.session()->scenario().limit.kind == k);
        const QString sub = w.subtitleText();
        CHECK(sub.contains(limitText(w.session()->scenario().limit)));
        // Queue, manual, chunks and scheduler pace the tasks in their own main().
        CHECK(sub.contains(QStringLiteral("gather()")) == !info.ownsCollect);
        CHECK(w.controls()->collectorCombo()->isEnabled() == !info.ownsCollect);
        // Only a semaphore resizes while the run plays; the others restart it.
        CHECK(hint->isVisibleTo(w.controls()) == info.takesSchedule);
    }
}

TEST_CASE("an opened trace is shown whole at once, and Play replays it from the start event by event") {
    std::istringstream in(R"({"t": 0.0, "ev": "created", "task": 0}
{"t": 0.0, "ev": "created", "task": 1}
{"t": 0.0, "ev": "request", "task": 0}
{"t": 0.0, "ev": "running", "task": 0}
{"t": 0.0, "ev": "request", "task": 1}
{"t": 1.0, "ev": "release", "task": 0, "woke": 1}
{"t": 1.0, "ev": "done", "task": 0}
{"t": 1.0, "ev": "running", "task": 1}
{"t": 2.5, "ev": "failed_exc", "task": 1, "exc": "ValueError"}
{"t": 2.5, "ev": "failed", "task": 1}
{"t": 2.5, "ev": "end", "outcome": "ok"}
)");
    TraceFile trace;
    REQUIRE(trace.read(in));
    std::vector<TraceEvent> copy;
    for (std::size_t i = 0; i < trace.store().size(); ++i) copy.push_back(trace.store().at(i));
    Session s;
    s.loadTrace(std::move(trace.store()), trace.stubScenario("t"), trace.runConfig("t"));
    auto sameAsFile = [&] {
        if (s.events().size() != copy.size()) return false;
        for (std::size_t i = 0; i < copy.size(); ++i)
            if (!(s.events().at(i) == copy[i])) return false;
        return true;
    };
    CHECK(sameAsFile());
    CHECK(s.finished());
    CHECK(s.run().finalState(1) == TaskState::Failed);
    CHECK(s.events().symbol(s.events().at(8).arg) == "ValueError");
    const RunMetrics whole = s.run().metrics();
    const TraceStore* const shared = &s.events().store();
    // Play: from the start, what is due up to the live time.
    s.restart();
    CHECK(s.events().size() == 0);
    CHECK(!s.finished());
    // Stepping: the next instant that has events.
    CHECK(s.stepIteration());
    CHECK(s.events().size() == 5);
    CHECK(s.liveTime() == 0.0);
    s.advanceTo(1.0);
    CHECK(s.events().size() == 8);
    CHECK(s.run().stateAt(1, 1.0) == TaskState::Running);
    // The events still to come are not shown: searches end at the shown ones.
    CHECK(s.events().firstIndexAtOrAfter(2.0) == 8);
    CHECK(s.events().firstIndexAfter(1.0) == 8);
    CHECK(s.events().firstIndexAtOrAfter(1.0) == 5);
    // The replay reads the trace's own store: the events are not copied.
    CHECK(&s.events().store() == shared);
    s.advanceTo(10.0);
    CHECK(sameAsFile());
    CHECK(s.finished());
    CHECK(&s.events().store() == shared);
    CHECK(s.run().finalState(1) == TaskState::Failed);
    const RunMetrics replayed = s.run().metrics();
    CHECK(replayed.t == whole.t);
    CHECK(replayed.ok == whole.ok);
    CHECK(replayed.failed == whole.failed);
    CHECK(replayed.meanInFlight == whole.meanInFlight);
    CHECK(replayed.peakWaiting == whole.peakWaiting);
    // And again from the start.
    s.restart();
    CHECK(s.events().size() == 0);
    s.advanceTo(10.0);
    CHECK(sameAsFile());
}

TEST_CASE("the Loop anatomy panel says a recorded run has no loop to look into, and shows a scenario's again") {
    Session s;
    LiveRunner runner(&s);
    LoopAnatomyPanel panel(&s, &runner);
    test::showTrace(s, R"({"t": 0.0, "ev": "created", "task": 0, "name": "a"}
{"t": 1.5, "ev": "done", "task": 0, "name": "a"}
{"t": 1.5, "ev": "end", "outcome": "ok"}
)");
    for (const bool live : {false, true}) {
        panel.refresh(1.0, live);
        // Not a stand-in's "loop time 0.000 s, the program has ended".
        CHECK(panel.headerText().startsWith(QStringLiteral("A recorded run")));
        CHECK(panel.shown().iterations == 0);
    }
    s.load(test::semaphoreScenario(4, 2));
    s.advanceTo(0.5);
    panel.refresh(0.5, true);
    CHECK(panel.headerText().startsWith(QStringLiteral("Live: iteration")));
}

TEST_CASE("a deadlocked run's status says it deadlocked and that a real run would hang, not that it finished") {
    MainWindow w;
    w.loadScenario(test::bundled("17-forgotten-release-deadlock"));
    w.runner()->setSpeed(100);
    Session* s = w.session();
    while (!s->finished()) w.runner()->tick(0.25);
    REQUIRE(s->model()->ended());
    REQUIRE(s->model()->outcome() == Outcome::Deadlock);
    CHECK(w.statusText().startsWith(QLatin1String("Deadlocked at ")));
    CHECK(w.statusText().contains(QLatin1String("a real run would hang here")));
    CHECK_FALSE(w.statusText().contains(QLatin1String("Finished")));
}

TEST_CASE("in presentation mode with the Warnings panel aside the status bar says how many warnings there are") {
    MainWindow w;
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    w.loadScenario(test::bundled("17-forgotten-release-deadlock"));
    w.runner()->setSpeed(100);
    Session* s = w.session();
    while (!s->finished()) w.runner()->tick(0.25);
    w.refreshPanels();
    const int n = w.warnings()->model()->rowCount();
    REQUIRE(n >= 2);  // the deadlock and the forgotten release
    CHECK_FALSE(w.statusText().contains(QLatin1String("warnings")));  // the panel is there to see
    w.setPresentationMode(true);
    CHECK(w.statusText().endsWith(QStringLiteral(" · %1 warnings (View ▸ Warnings)").arg(n)));
    w.setPresentationMode(false);
    CHECK_FALSE(w.statusText().contains(QLatin1String("warnings")));
}

TEST_CASE("the header names a collector's timeout and what main() does with the pending, and a rate's max_at_once") {
    // wait(tasks, timeout=1.5) read "wait(ALL_COMPLETED)"; a rate limit with
    // max_at_once=3 read "rate 2/s": both hid what decides the run.
    Collect wait;
    wait.kind = CollectKind::Wait;
    wait.timeout = 1.5;
    CHECK(collectText(wait) == QStringLiteral("wait(ALL_COMPLETED, timeout=1.5)"));
    wait.cancelOnReturn = true;
    CHECK(collectText(wait) == QStringLiteral("wait(ALL_COMPLETED, timeout=1.5), then the pending are cancelled"));
    Collect plain;
    plain.kind = CollectKind::Wait;
    CHECK(collectText(plain) == QStringLiteral("wait(ALL_COMPLETED)"));
    Collect ac;
    ac.kind = CollectKind::AsCompleted;
    ac.timeout = 2.0;
    CHECK(collectText(ac) == QStringLiteral("as_completed(timeout=2)"));
    Limit rate;
    rate.kind = LimitKind::Rate;
    rate.maxPerSecond = 2;
    CHECK(limitText(rate) == QStringLiteral("rate 2/s"));
    rate.maxAtOnce = 3;
    CHECK(limitText(rate) == QStringLiteral("rate 2/s, at most 3 at once"));
}
