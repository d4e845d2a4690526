// An imported Python trace on the timeline: the stdlib tracer
// (resources/python, `python3 -m coroscope_trace`) runs a program with named
// tasks behind a Semaphore collected with as_completed, a bare to_thread
// task and wait_for (tests/ui/data/import_program.py); the app opens the
// trace as File > Open does. What is asserted holds whatever the real
// clock's timings were.
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QFile>
#include <QFileInfo>
#include <memory>
#include <utility>
#include <vector>
#include <QLabel>
#include <QPlainTextEdit>
#include <QToolButton>
#include <QStatusBar>
#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "export/csv_writer.h"
#include "export/file_actions.h"
#include "lab/limit_lab_panel.h"
#include "live/session.h"
#include "main_window.h"
#include "panels/code_panel.h"
#include "panels/controls_panel.h"
#include "panels/metrics_panel.h"
#include "panels/results_panel.h"
#include "fixtures.h"
#include "panels/task_story.h"
#include "panels/task_table_model.h"
#include "timeline/legend_bar.h"
#include "timeline/passes/caller_pass.h"
#include "timeline/passes/counter_tracks_pass.h"
#include "timeline/passes/lanes_pass.h"
#include "timeline/state_palette.h"
#include "timeline/time_format.h"
#include "timeline/time_pixel.h"
#include "timeline/timeline_model.h"
#include "timeline/timeline_layout.h"
#include "timeline/timeline_view.h"
#include "timeline/viewport.h"
#include <QHelpEvent>
#include <QTest>
#include <QToolTip>

using namespace cs;
using namespace cs::ui;

namespace {
// Traces the program with the stdlib tracer into dir; the trace's path.
QString traceProgram(const QTemporaryDir& dir) {
    const QString out = dir.filePath(QStringLiteral("import.jsonl"));
    QProcess py;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PYTHONPATH"), QStringLiteral(COROSCOPE_SOURCE_DIR "/resources/python"));
    py.setProcessEnvironment(env);
    py.start(QStringLiteral("python3"),
             {QStringLiteral("-m"), QStringLiteral("coroscope_trace"), QStringLiteral("-q"), QStringLiteral("-o"), out,
              QStringLiteral(COROSCOPE_SOURCE_DIR "/tests/ui/data/import_program.py")});
    REQUIRE(py.waitForFinished(60000));
    INFO(py.readAllStandardError().toStdString());
    REQUIRE(py.exitCode() == 0);
    return out;
}

// The tooltip the view shows at `at` ("" for none).
QString tooltipAt(TimelineView* view, QPoint at) {
    QToolTip::hideText();
    QHelpEvent e(QEvent::ToolTip, at, view->mapToGlobal(at));
    QCoreApplication::sendEvent(view, &e);
    return QToolTip::isVisible() ? QToolTip::text() : QString();
}

// The tooltip of lane `task` at time t, in a view whose run spans [0, span] s.
QString laneTipAt(TimelineView* view, std::size_t task, double t, double span) {
    const TimelineLayout& L = view->currentLayout();
    return tooltipAt(view, QPoint(L.timeArea.left() + static_cast<int>(L.timeWidth() * t / span),
                                  static_cast<int>(L.laneCenter(task))));
}

// Writes text to the file `name` in dir; its path.
QString writeTrace(const QTemporaryDir& dir, const char* name, const std::string& text) {
    const QString path = dir.filePath(QString::fromLatin1(name));
    QFile f(path);
    REQUIRE(f.open(QIODevice::WriteOnly));
    f.write(text.data(), static_cast<qint64>(text.size()));
    f.close();
    return path;
}

// The lane with this recorded name, or -1.
long long laneNamed(const TimelineModel& m, const QString& name) {
    for (std::size_t i = 0; i < m.taskCount(); ++i)
        if (m.taskName(i) == name) return static_cast<long long>(i);
    return -1;
}
// Opens text, written to the file `name` in dir, in w as File > Open does;
// the timeline's model.
const TimelineModel* openText(MainWindow& w, const QTemporaryDir& dir, const char* name, const std::string& text) {
    QString error;
    const bool opened = w.files()->openTrace(writeTrace(dir, name, text), &error);
    INFO(error.toStdString());
    REQUIRE(opened);
    return w.session()->model();
}

// The rectangle of a track of `kind` (empty if the layout has none).
QRect trackRect(const TimelineLayout& L, TrackKind kind) {
    QRect r;
    for (const auto& t : L.tracks)
        if (t.kind == kind) r = t.rect;
    return r;
}

// The whole run in `window` drawn by one pass, on the background, its cursor at the window's end.
template <typename Pass>
QImage paintedBy(Pass pass, const TimelineModel& m, const TimelineLayout& L, const StatePalette& pal,
                 TimeRange window, QSize size) {
    QImage out(size, QImage::Format_RGB32);
    out.fill(pal.background);
    QPainter p(&out);
    PaintContext ctx{.painter = p, .model = m, .layout = L, .palette = pal, .window = window,
                     .whole = window, .selection = {}, .cursor = window.end, .now = window.end};
    pass.paint(ctx);
    return out;
}

}  // namespace

TEST_CASE("a trace opened over a big run on show is checked first: a bad one leaves the run, a good one replaces it "
          "after the run is let go") {
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    MainWindow w;
    Session* s = w.session();
    const QString first = writeTrace(dir, "first.jsonl", R"({"t": 0.0, "ev": "created", "task": 0, "name": "a"}
{"t": 0.0, "ev": "created", "task": 1, "name": "b"}
{"t": 1.0, "ev": "done", "task": 0, "name": "a"}
{"t": 2.0, "ev": "done", "task": 1, "name": "b"}
{"t": 2.0, "ev": "end", "outcome": "ok"}
)");
    const QString bad = writeTrace(dir, "bad.jsonl", R"({"t": 0.0, "ev": "created", "task": 0}
{"t": 0.5, "ev": "done", "task": 0
{"t": 0.5, "ev": "end", "outcome": "ok"}
)");
    const QString second = writeTrace(dir, "second.jsonl", R"({"t": 0.0, "ev": "created", "task": 0}
{"t": 0.0, "ev": "created", "task": 1}
{"t": 0.0, "ev": "created", "task": 2}
{"t": 3.0, "ev": "done", "task": 0}
{"t": 3.0, "ev": "done", "task": 1}
{"t": 3.0, "ev": "done", "task": 2}
{"t": 3.0, "ev": "end", "outcome": "ok"}
)");
    // What each restart of the session shows: the run given up before the
    // file is read for real is an empty one, not a trace.
    std::vector<std::pair<bool, std::size_t>> restarts;
    QObject::connect(s, &Session::restarted, [&] { restarts.emplace_back(s->isTrace(), s->run().taskCount()); });
    QString error;
    REQUIRE(w.files()->openTrace(first, &error));
    CHECK(restarts == std::vector<std::pair<bool, std::size_t>>{{true, 2}});

    SECTION("a run on show smaller than the bound: the file is read once over it") {
        restarts.clear();
        REQUIRE(w.files()->openTrace(second, &error));
        CHECK(restarts == std::vector<std::pair<bool, std::size_t>>{{true, 3}});
    }
    SECTION("a run on show at the bound or over it") {
        w.files()->setCheckFirstBytes(0);
        restarts.clear();
        CHECK_FALSE(w.files()->openTrace(bad, &error));
        CHECK(error.contains(QStringLiteral("line 2")));
        // Nothing on show is lost.
        CHECK(restarts.empty());
        CHECK(s->isTrace());
        CHECK(w.files()->currentTracePath() == QFileInfo(first).absoluteFilePath());
        CHECK(s->run().taskCount() == 2);
        CHECK(s->events().size() == 5);
        // A good file: the run on show goes first, then the file is shown.
        REQUIRE(w.files()->openTrace(second, &error));
        CHECK(restarts == std::vector<std::pair<bool, std::size_t>>{{false, 0}, {true, 3}});
        CHECK(w.files()->currentTracePath() == QFileInfo(second).absoluteFilePath());
        CHECK(s->events().size() == 7);
        CHECK(s->run().metrics().ok == 3);
    }
}

TEST_CASE("an imported Python trace shows recorded names, thread slices, tasks running from creation and nested helpers") {
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString path = traceProgram(dir);
    MainWindow w;
    QString error;
    REQUIRE(w.files()->openTrace(path, &error));
    const TimelineModel& m = *w.session()->model();
    REQUIRE(m.ended());
    REQUIRE(m.taskCount() == 7);

    SECTION("lanes carry the names the program gave its tasks") {
        for (const char* name : {"fetch-0", "fetch-1", "fetch-2", "fetch-3", "blocking-io", "guard"}) {
            CAPTURE(name);
            const long long i = laneNamed(m, QString::fromLatin1(name));
            REQUIRE(i >= 0);
            CHECK(m.taskLabel(static_cast<std::size_t>(i)) == QString::fromLatin1(name));
        }
    }
    SECTION("the bare to_thread task is a thread slice from its creation, never arriving or waiting") {
        const auto io = static_cast<std::size_t>(laneNamed(m, QStringLiteral("blocking-io")));
        const auto steps = m.stepSegments(io);
        REQUIRE(steps.size() == 1);
        CHECK(steps[0].state == TaskState::Thread);
        CHECK(steps[0].end > steps[0].begin);
        bool arrivedOrWaited = false;
        m.forEachSegment(io, [&](const Segment& s) {
            arrivedOrWaited |= s.state == TaskState::Arriving || s.state == TaskState::Waiting;
        });
        CHECK_FALSE(arrivedOrWaited);
        CHECK(m.stateAt(io, (steps[0].begin + steps[0].end) / 2) == TaskState::Thread);
    }
    SECTION("a task that never asks for a permit runs from its creation") {
        const auto guard = static_cast<std::size_t>(laneNamed(m, QStringLiteral("guard")));
        CHECK(std::isnan(m.request(guard)));
        CHECK(m.stateAt(guard, m.created(guard)) == TaskState::Running);
        // A fetch that waited for the Semaphore(2) is waiting, not running, before its permit.
        const auto f3 = static_cast<std::size_t>(laneNamed(m, QStringLiteral("fetch-3")));
        REQUIRE(m.running(f3) > m.request(f3));
        CHECK(m.stateAt(f3, (m.request(f3) + m.running(f3)) / 2) == TaskState::Waiting);
    }
    SECTION("wait_for's inner task nests under the task that called it") {
        const auto guard = laneNamed(m, QStringLiteral("guard"));
        std::size_t nested = 0;
        for (std::size_t i = 0; i < m.taskCount(); ++i)
            if (m.parent(i) >= 0) {
                CHECK(m.parent(i) == guard);
                CHECK(m.stateAt(i, m.created(i)) == TaskState::Running);
                CHECK(m.run().finalState(i) == TaskState::Cancelled);  // the timeout cancelled it
                // Its job is guard's: the run counts it once, as guard's, and its story says so.
                CHECK(m.run().helperOf(static_cast<std::int32_t>(i)) == static_cast<std::int32_t>(guard));
                CHECK(taskStory(m, i, m.run().makespan()).contains(QStringLiteral("as wait_for's inner task")));
                ++nested;
            }
        CHECK(nested == 1);
        CHECK(m.run().helperCount() == 1);
        CHECK(m.run().tally().tasks() == m.taskCount() - 1);
    }
    SECTION("the header says what the trace shows: its limit, and that it is a recorded program") {
        const QString sub = w.subtitleText();
        CHECK(sub.contains(QStringLiteral("6 tasks + 1 inner task of wait_for")));
        CHECK(sub.contains(QStringLiteral("limit 2 (recorded)")));
        CHECK(sub.contains(QStringLiteral("recorded program")));
        CHECK_FALSE(sub.contains(QStringLiteral("gather")));
        CHECK_FALSE(sub.contains(QStringLiteral("no limit")));
        // The controls cannot run a recorded program another way: its limit
        // and collector are not offered as if they were the defaults.
        CHECK_FALSE(w.controls()->limitKindCombo()->isEnabled());
        CHECK_FALSE(w.controls()->collectorCombo()->isEnabled());
        // Nor do they name a kind the trace does not: no "none", no "gather".
        CHECK(w.controls()->limitKindCombo()->currentIndex() == -1);
        CHECK(w.controls()->collectorCombo()->currentIndex() == -1);
    }
    SECTION("the timeline's key lists what the trace shows: a thread slice, hand-overs, no blocking call") {
        const LegendBar* key = w.findChild<LegendBar*>();
        REQUIRE(key);
        const QStringList labels = key->labels();
        CHECK(labels.contains(QStringLiteral("in the thread pool")));
        CHECK(labels.contains(QStringLiteral("permit handed over")));  // fetch-3 waited for the Semaphore(2)
        INFO(labels.join(QStringLiteral(", ")).toStdString());
        CHECK_FALSE(labels.contains(QStringLiteral("blocking the loop (cpu)")));  // time.sleep ran in a thread
        CHECK_FALSE(labels.contains(QStringLiteral("queued (waiting for a worker)")));
        // Its tasks ask for the Semaphore (waiting) and the timeout cancels
        // one; none fails. "arriving" only if a lane shows it: a task that
        // asked after it was created (they ask in their first step).
        CHECK(labels.contains(QStringLiteral("waiting for a permit")));
        bool arriving = false;
        for (std::size_t i = 0; i < m.taskCount(); ++i) arriving = arriving || m.request(i) > m.created(i);
        // A recorded program's: a task that has not asked yet, whatever it
        // does meanwhile (it may wait for an Event): not "arriving".
        CHECK(labels.contains(QStringLiteral("running, no permit asked yet")) == arriving);
        CHECK_FALSE(labels.contains(QStringLiteral("arriving")));
        CHECK(labels.contains(QStringLiteral("cancelled")));
        CHECK_FALSE(labels.contains(QStringLiteral("failed")));
    }
    SECTION("what main() received is not in a recorded program's trace: no count of results is claimed") {
        CHECK_FALSE(m.run().callerRecorded());
        w.results()->refresh(m.endTime());  // as when its tab is shown
        bool said = false;
        for (const QLabel* l : w.results()->findChildren<QLabel*>())
            said |= l->text().contains(QStringLiteral("does not say what main() received"));
        CHECK(said);
    }
}

TEST_CASE("a trace's header counts its collector calls in words: one call, two calls") {
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const auto open = [&](const char* name, const std::string& text) {
        auto w = std::make_unique<MainWindow>();
        QString error;
        REQUIRE(w->files()->openTrace(writeTrace(dir, name, text), &error));
        return w;
    };
    const std::string tasks = R"({"t": 0.0, "ev": "created", "task": 0}
{"t": 0.0, "ev": "created", "task": 1}
{"t": 0.0, "ev": "request", "task": 0}
{"t": 0.0, "ev": "running", "task": 0}
{"t": 0.0, "ev": "request", "task": 1}
{"t": 0.0, "ev": "running", "task": 1}
{"t": 1.0, "ev": "done", "task": 0}
)";
    const auto two = open("two.jsonl", tasks + R"({"t": 1.0, "ev": "returned", "call": 0}
{"t": 1.0, "ev": "result", "task": 0, "ok": true}
{"t": 2.0, "ev": "done", "task": 1}
{"t": 2.0, "ev": "returned", "call": 1}
{"t": 2.0, "ev": "result", "task": 1, "ok": true}
{"t": 2.0, "ev": "end", "outcome": "ok"}
)");
    CHECK(two->subtitleText().contains(QStringLiteral("2 collector calls")));
    const auto one = open("one.jsonl", tasks + R"({"t": 2.0, "ev": "done", "task": 1}
{"t": 2.0, "ev": "returned", "call": 0}
{"t": 2.0, "ev": "result", "task": 0, "ok": true}
{"t": 2.0, "ev": "result", "task": 1, "ok": true}
{"t": 2.0, "ev": "end", "outcome": "ok"}
)");
    CHECK(one->subtitleText().contains(QStringLiteral("1 collector call")));
    CHECK_FALSE(one->subtitleText().contains(QStringLiteral("calls")));
    // An engine run's trace (no task named) cut before its first call
    // returned: main() had received nothing yet; not a recorded program.
    const auto none = open("none.jsonl", tasks);
    CHECK(none->subtitleText().contains(QStringLiteral("no collector call returned")));
    CHECK_FALSE(none->subtitleText().contains(QStringLiteral("recorded program")));
    CHECK(none->session()->model()->run().callerRecorded());
}

TEST_CASE("a traced program with a semaphore per task claims no limit in its header") {
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    MainWindow w;
    QString error;
    REQUIRE(w.files()->openTrace(writeTrace(dir, "per-task.jsonl", R"({"t": 0.0, "ev": "limit", "value": 3}
{"t": 0.0, "ev": "created", "task": 0, "name": "a"}
{"t": 0.0, "ev": "semaphores", "value": 2}
{"t": 0.0, "ev": "created", "task": 1, "name": "b"}
{"t": 1.0, "ev": "done", "task": 0, "name": "a"}
{"t": 1.0, "ev": "done", "task": 1, "name": "b"}
{"t": 1.0, "ev": "end", "outcome": "ok"}
)"), &error));
    const QString sub = w.subtitleText();
    CHECK(sub.contains(QStringLiteral("2 semaphores and locks (recorded)")));
    CHECK_FALSE(sub.contains(QStringLiteral("limit 3")));
}

TEST_CASE("a traced program's measured permits are called permits in use, not tasks in flight") {
    // Two workers in flight the whole time, each task inside them holding
    // one of the semaphore's permits for a while: the first track counts
    // permits (the tracer's "permits" lines), so it is not "In flight".
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const std::string body = R"({"t": 0.0, "ev": "limit", "value": 1}
{"t": 0.0, "ev": "created", "task": 0, "name": "w0"}
{"t": 0.0, "ev": "created", "task": 1, "name": "w1"}
{"t": 0.0, "ev": "created", "task": 2, "parent": 0, "name": "fetch"}
{"t": 0.0, "ev": "request", "task": 2, "name": "fetch"}
{"t": 0.0, "ev": "running", "task": 2, "name": "fetch"}
{"t": 0.0, "ev": "permits", "value": 1}
{"t": 1.0, "ev": "release", "task": 2, "woke": -1, "name": "fetch"}
{"t": 1.0, "ev": "permits", "value": 0}
{"t": 1.0, "ev": "done", "task": 2, "name": "fetch"}
{"t": 2.0, "ev": "done", "task": 0, "name": "w0"}
{"t": 2.0, "ev": "done", "task": 1, "name": "w1"}
{"t": 2.0, "ev": "end", "outcome": "ok"}
)";
    MainWindow w;
    const TimelineModel* m = openText(w, dir, "measured.jsonl", body);
    CHECK(m->countsPermits());
    CHECK(m->permitsInUse().valueAtTime(0.5) == 1);
    CHECK(m->inFlight().valueAtTime(0.5) == 3);
    // Without permit lines the same track is the tasks in flight.
    std::string unmeasured;
    std::istringstream lines(body);
    for (std::string line; std::getline(lines, line);)
        if (line.find("\"permits\"") == std::string::npos) unmeasured += line + "\n";
    MainWindow w2;
    openText(w2, dir, "unmeasured.jsonl", unmeasured);
    CHECK_FALSE(w2.session()->model()->countsPermits());
    CHECK(w2.session()->model()->permitsInUse().valueAtTime(0.5) == 3);
}

TEST_CASE("a traced program's semaphores told apart get a band each, against its own size") {
    // A global Semaphore(4) made on line 11 and a per-host Semaphore(2) on
    // line 12 (the tracer's "primitive" and "held" lines): the Permits track
    // draws each apart; its tooltip says which one and how many of its own
    // permits are held. With a third primitive the file does not tell apart
    // (a "semaphores" count past the "primitive" lines), the sum alone.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const std::string head = R"({"t": 0.0, "ev": "limit", "value": 4}
{"t": 0.0, "ev": "primitive", "sem": 0, "kind": "Semaphore", "value": 4, "line": 11}
{"t": 0.0, "ev": "primitive", "sem": 1, "kind": "Semaphore", "value": 2, "line": 12}
{"t": 0.0, "ev": "semaphores", "value": 2}
)";
    const std::string body = R"({"t": 0.0, "ev": "created", "task": 0, "name": "a"}
{"t": 0.0, "ev": "request", "task": 0, "name": "a"}
{"t": 0.0, "ev": "running", "task": 0, "name": "a"}
{"t": 0.0, "ev": "permits", "value": 1}
{"t": 0.0, "ev": "held", "sem": 0, "value": 1}
{"t": 0.0, "ev": "permits", "value": 2}
{"t": 0.0, "ev": "held", "sem": 1, "value": 1}
{"t": 1.0, "ev": "release", "task": 0, "woke": -1, "name": "a"}
{"t": 1.0, "ev": "permits", "value": 1}
{"t": 1.0, "ev": "held", "sem": 1, "value": 0}
{"t": 1.5, "ev": "release", "task": 0, "woke": -1, "name": "a"}
{"t": 1.5, "ev": "permits", "value": 0}
{"t": 1.5, "ev": "held", "sem": 0, "value": 0}
{"t": 2.0, "ev": "done", "task": 0, "name": "a"}
{"t": 2.0, "ev": "end", "outcome": "ok"}
)";
    MainWindow w;
    w.resize(1280, 720);
    w.show();
    const TimelineModel* m = openText(w, dir, "two.jsonl", head + body);
    REQUIRE(m->permitBands() == 2);
    CHECK(m->primitiveTitle(0) == QStringLiteral("Semaphore(4), line 11"));
    CHECK(m->primitiveTitle(1) == QStringLiteral("Semaphore(2), line 12"));
    CHECK(m->run().primitiveHeld()[1].valueAtTime(0.5) == 1);
    CHECK(m->run().primitiveHeld()[1].valueAtTime(1.2) == 0);
    CHECK(m->run().primitiveHeld()[0].valueAtTime(1.2) == 1);
    CHECK(m->permitsInUse().valueAtTime(0.5) == 2);
    TimelineView* view = w.timeline();
    REQUIRE(QTest::qWaitForWindowExposed(view));
    const TimelineLayout& L = view->currentLayout();
    const QRect track = L.tracks[0].rect;
    CHECK(L.tracks[0].kind == TrackKind::Permits);
    CHECK(track.height() == 60);  // two bands of one text line and their bars
    const auto tipAt = [&](int y) {
        return tooltipAt(view, QPoint(L.timeArea.left() + L.timeWidth() / 8, y));  // t = 0.25 s
    };
    const QString second = tipAt(TimelineLayout::band(track, 2, 1).center().y());
    CHECK(second.contains(QStringLiteral("#2 Semaphore(2), line 12 holds 1 of 2 permits")));
    CHECK(tipAt(TimelineLayout::band(track, 2, 0).center().y()).contains(QStringLiteral("#1 Semaphore(4), line 11")));
    // A third one made, not told apart: the sum alone, in one area.
    std::string three = head;
    three.replace(three.find("\"value\": 2}\n", three.find("semaphores")), 12, "\"value\": 3}\n");
    MainWindow w3;
    openText(w3, dir, "three.jsonl", three + body);
    CHECK(w3.session()->model()->permitBands() == 0);
    CHECK(w3.session()->model()->permitsInUse().valueAtTime(0.5) == 2);
}

TEST_CASE("a Semaphore(0) used as a signal beside a Lock holds its permits against the size its signals opened") {
    // The tracer's "size" lines: main() signals a consumer on at 0.0 (1),
    // the consumer uses it up at 1.0 (0), two signals at 1.5. The band's
    // tooltip says 1 of 1 (it said 1 of 0: the size it was made with).
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const std::string text = R"({"t": 0.0, "ev": "limit", "value": 0}
{"t": 0.0, "ev": "primitive", "sem": 0, "kind": "Lock", "value": 1, "line": 5}
{"t": 0.0, "ev": "primitive", "sem": 1, "kind": "Semaphore", "value": 0, "line": 6}
{"t": 0.0, "ev": "semaphores", "value": 2}
{"t": 0.0, "ev": "created", "task": 0, "name": "a"}
{"t": 0.0, "ev": "request", "task": 0, "sem": 1, "name": "a"}
{"t": 0.0, "ev": "size", "sem": 1, "value": 1}
{"t": 0.0, "ev": "running", "task": 0, "name": "a"}
{"t": 0.0, "ev": "permits", "value": 1}
{"t": 0.0, "ev": "held", "sem": 1, "value": 1}
{"t": 1.0, "ev": "done", "task": 0, "name": "a"}
{"t": 1.0, "ev": "permits", "value": 0}
{"t": 1.0, "ev": "held", "sem": 1, "value": 0}
{"t": 1.0, "ev": "size", "sem": 1, "value": 0}
{"t": 1.5, "ev": "size", "sem": 1, "value": 1}
{"t": 1.5, "ev": "size", "sem": 1, "value": 2}
{"t": 2.0, "ev": "end", "outcome": "ok"}
)";
    MainWindow w;
    w.resize(1280, 720);
    w.show();
    const TimelineModel* m = openText(w, dir, "signal.jsonl", text);
    REQUIRE(m->permitBands() == 2);
    TimelineView* view = w.timeline();
    REQUIRE(QTest::qWaitForWindowExposed(view));
    const TimelineLayout& L = view->currentLayout();
    const QRect track = L.tracks[0].rect;
    REQUIRE(L.tracks[0].kind == TrackKind::Permits);
    const auto tipAt = [&](double x) {
        return tooltipAt(view, QPoint(L.timeArea.left() + static_cast<int>(L.timeWidth() * x),
                                      TimelineLayout::band(track, 2, 1).center().y()));
    };
    CHECK(tipAt(1.0 / 8).contains(QStringLiteral("#2 Semaphore(0), line 6 holds 1 of 1 permits")));  // t = 0.25 s
    CHECK(tipAt(5.0 / 8).contains(QStringLiteral("holds 0 of 0 permits")));                            // t = 1.25 s
    CHECK(tipAt(7.0 / 8).contains(QStringLiteral("holds 0 of 2 permits")));                            // t = 1.75 s
}

TEST_CASE("a waiting lane of a program with two semaphores says which one it waits for") {
    // Task b takes the global Semaphore(4) (line 11) at once, then waits
    // for the per-host Semaphore(1) (line 12) that task a holds until 1.0;
    // task c waits for the global one (the tracer's requests name it).
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const std::string text = R"({"t": 0.0, "ev": "primitive", "sem": 0, "kind": "Semaphore", "value": 4, "line": 11}
{"t": 0.0, "ev": "primitive", "sem": 1, "kind": "Semaphore", "value": 1, "line": 12}
{"t": 0.0, "ev": "semaphores", "value": 2}
{"t": 0.0, "ev": "created", "task": 0, "name": "a"}
{"t": 0.0, "ev": "request", "task": 0, "sem": 0, "name": "a"}
{"t": 0.0, "ev": "running", "task": 0, "name": "a"}
{"t": 0.0, "ev": "created", "task": 1, "name": "b"}
{"t": 0.0, "ev": "request", "task": 1, "sem": 0, "name": "b"}
{"t": 0.0, "ev": "running", "task": 1, "name": "b"}
{"t": 0.0, "ev": "request", "task": 1, "sem": 1, "name": "b"}
{"t": 0.0, "ev": "created", "task": 2, "name": "c"}
{"t": 0.0, "ev": "request", "task": 2, "sem": 0, "name": "c"}
{"t": 1.0, "ev": "release", "task": 0, "woke": 1, "name": "a"}
{"t": 1.0, "ev": "release", "task": 0, "woke": 2, "name": "a"}
{"t": 1.0, "ev": "done", "task": 0, "name": "a"}
{"t": 1.0, "ev": "running", "task": 1, "name": "b"}
{"t": 1.0, "ev": "running", "task": 2, "name": "c"}
{"t": 2.0, "ev": "done", "task": 1, "name": "b"}
{"t": 2.0, "ev": "done", "task": 2, "name": "c"}
{"t": 2.0, "ev": "end", "outcome": "ok"}
)";
    MainWindow w;
    w.resize(1280, 720);
    w.show();
    const TimelineModel* m = openText(w, dir, "waits.jsonl", text);
    CHECK(m->primitiveLabel(1) == QStringLiteral("#2 Semaphore(1), line 12"));
    CHECK(m->primitiveLabel(7) == QStringLiteral("#8"));  // a number the file did not describe
    // The story: b waited a second time, for the host's semaphore.
    const QString b = taskStory(*m, 1, 1.5);
    INFO(b.toStdString());
    CHECK(b.contains(QStringLiteral("waited again for a permit of #2 Semaphore(1), line 12 from 0.000 s to 1.000 s, "
                                    "holding a permit of #1 Semaphore(4), line 11")));  // the global one it took
    CHECK(b.contains(QStringLiteral("got it 0.000 s →")));  // at once: no one handed it the global permit
    CHECK_FALSE(b.contains(QStringLiteral("released it")));
    CHECK(b.contains(QStringLiteral("Waited 0 s, ran 1.50 s (1.00 s of it waiting again for a permit).")));
    CHECK(m->wokenBy(1) == -1);
    const QString c = taskStory(*m, 2, 0.5);
    CHECK(c.contains(QStringLiteral("waiting for a permit")));
    CHECK(taskStory(*m, 2, 1.5).contains(QStringLiteral("got it 1.000 s when task 0 released it")));
    // Asked after its creation: its ask says for which.
    std::string late = text;
    const std::string ask = "{\"t\": 0.0, \"ev\": \"request\", \"task\": 2, \"sem\": 0, \"name\": \"c\"}\n";
    late.erase(late.find(ask), ask.size());
    late.insert(late.find("{\"t\": 1.0"), "{\"t\": 0.5" + ask.substr(9));
    MainWindow w2;
    openText(w2, dir, "late.jsonl", late);
    CHECK(taskStory(*w2.session()->model(), 2, 1.5)
              .contains(QStringLiteral("asked for a permit of #1 Semaphore(4), line 11 at 0.500 s")));
    // Asked after its creation, taken at once, then a wait for the other at
    // that same instant: its first ask names the one it took.
    std::string atOnce = text;
    const std::string bFirst = "{\"t\": 0.0, \"ev\": \"request\", \"task\": 1, \"sem\": 0, \"name\": \"b\"}\n"
                               "{\"t\": 0.0, \"ev\": \"running\", \"task\": 1, \"name\": \"b\"}\n"
                               "{\"t\": 0.0, \"ev\": \"request\", \"task\": 1, \"sem\": 1, \"name\": \"b\"}\n";
    REQUIRE(atOnce.find(bFirst) != std::string::npos);
    atOnce.erase(atOnce.find(bFirst), bFirst.size());
    std::string moved = bFirst;
    for (std::size_t k = 0; (k = moved.find("{\"t\": 0.0", k)) != std::string::npos; ++k)
        moved.replace(k, 9, "{\"t\": 0.5");
    atOnce.insert(atOnce.find("{\"t\": 1.0"), moved);
    MainWindow w3;
    const TimelineModel* m3 = openText(w3, dir, "at-once.jsonl", atOnce);
    const QString b3 = taskStory(*m3, 1, 1.5);
    CHECK(b3.contains(QStringLiteral("asked for a permit of #1 Semaphore(4), line 11 at 0.500 s → got it 0.500 s → "
                                     "waited again for a permit of #2 Semaphore(1), line 12 from 0.500 s to 1.000 s")));
    // The lane's tooltip.
    TimelineView* view = w.timeline();
    REQUIRE(QTest::qWaitForWindowExposed(view));
    const auto tipAt = [&](std::size_t task, double t) { return laneTipAt(view, task, t, 2.0); };
    const QString tipB = tipAt(1, 0.5);
    CHECK(tipB.contains(QStringLiteral("waiting for a permit of #2 Semaphore(1), line 12, "
                                       "holding a permit of #1 Semaphore(4), line 11")));
    CHECK(tipB.contains(QStringLiteral("waits for #2 Semaphore(1), line 12 since 0.000000 s")));
    CHECK(tipB.contains(QStringLiteral(" of it waiting again for a permit)")));  // (as long as it ran)
    CHECK(tipAt(2, 0.5).contains(QStringLiteral("waiting for a permit of #1 Semaphore(4), line 11")));
    CHECK_FALSE(tipAt(2, 0.5).contains(QStringLiteral("holding")));  // c holds nothing while it waits
    const QString later = tipAt(1, 1.5);
    CHECK(later.contains(QStringLiteral("waited for #2 Semaphore(1), line 12 from 0.000000 s to 1.000000 s")));
    CHECK_FALSE(later.contains(QStringLiteral("permit of")));
    CHECK_FALSE(later.contains(QStringLiteral("#1 Semaphore(4)")));  // taken at once: no wait to tell
}

TEST_CASE("the app counts a trace's events as its lines, whatever the reader keeps beside them") {
    // A release that names its semaphore and a swallowed cancel are each
    // one line, kept as a marker and an event: the status bar and the
    // metrics summary say 9 events, as the file has.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const std::string text = R"({"t": 0.0, "ev": "primitive", "sem": 0, "kind": "Semaphore", "value": 1, "line": 3}
{"t": 0.0, "ev": "primitive", "sem": 1, "kind": "Lock", "value": 1, "line": 4}
{"t": 0.0, "ev": "created", "task": 0, "name": "a"}
{"t": 0.0, "ev": "request", "task": 0, "sem": 0, "name": "a"}
{"t": 0.0, "ev": "running", "task": 0, "name": "a"}
{"t": 0.0, "ev": "created", "task": 1, "name": "b"}
{"t": 0.5, "ev": "acquire", "task": 0, "sem": 1, "name": "a"}
{"t": 1.0, "ev": "release", "task": 0, "woke": -1, "sem": 0, "name": "a"}
{"t": 1.0, "ev": "done", "task": 0, "name": "a"}
{"t": 2.0, "ev": "done", "task": 1, "note": "swallowed cancel", "name": "b"}
{"t": 2.0, "ev": "end", "outcome": "ok"}
)";
    MainWindow w;
    const TimelineModel* m = openText(w, dir, "count.jsonl", text);
    CHECK(m->lineCount() == 9);
    CHECK(m->eventCount() == 11);  // (the store's: two markers)
    CHECK(w.metrics()->summaryText().endsWith(QStringLiteral(", 9 events")));
    const auto shown = [&] {
        for (const QLabel* l : w.statusBar()->findChildren<QLabel*>())
            if (l->text() == QStringLiteral("9 events")) return true;
        return false;
    };
    CHECK(QTest::qWaitFor(shown, 2000));  // (the status bar is refreshed every 250 ms)
}

TEST_CASE("the story of a task that gave up its queued process pool job tells the job's wait, then its run") {
    // Task b gives up its job at 0.25 while it waits in the pool's queue
    // (thread_left); a process takes it at 1.0 (the tracer's inferred
    // thread_begin); it ends at 2.0, after b's own end.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const std::string text = R"({"t": 0.0, "ev": "created", "task": 0, "name": "a"}
{"t": 0.0, "ev": "thread_begin", "task": 0, "pool": "process"}
{"t": 0.0, "ev": "created", "task": 1, "name": "b"}
{"t": 0.0, "ev": "thread_queued", "task": 1, "pool": "process"}
{"t": 0.25, "ev": "thread_left", "task": 1, "pool": "process"}
{"t": 1.0, "ev": "thread_end", "task": 0, "pool": "process"}
{"t": 1.0, "ev": "thread_begin", "task": 1, "pool": "process"}
{"t": 1.0, "ev": "done", "task": 0, "name": "a"}
{"t": 1.5, "ev": "done", "task": 1, "name": "b"}
{"t": 2.0, "ev": "thread_end", "task": 1, "pool": "process"}
{"t": 2.0, "ev": "end", "outcome": "ok"}
)";
    MainWindow w;
    const TimelineModel* m = openText(w, dir, "left.jsonl", text);
    CHECK(m->stateAt(1, 1.2) == TaskState::Running);  // the lane goes on; the job is beside it
    CHECK(taskStory(*m, 1, 0.5).contains(
        QStringLiteral("stopped waiting for its job 0.250 s → its job still waits in the pool's queue")));
    CHECK(taskStory(*m, 1, 1.2).contains(
        QStringLiteral("its job waited on in the pool's queue until 1.000 s → its job still runs in the pool")));
    const QString whole = taskStory(*m, 1, 2.5);
    CHECK(whole.contains(QStringLiteral("created 0.000 s → its job waited for a free worker in the pool's "
                                        "queue 0.000 s–0.250 s → stopped waiting for its job 0.250 s → its job "
                                        "waited on in the pool's queue until 1.000 s → its job ran on in the pool "
                                        "until 2.000 s → done 1.500 s")));  // (it never asked for a permit: no "got it")
}

TEST_CASE("a task that waited through wait_for and gave up shows its wait and tells it never got a permit") {
    // What the runner writes for workers that take a Semaphore(1) with
    // `wait_for(sem.acquire(), timeout=1.5)` and hold it a second
    // (tests/python/test_runner.py): the workers' own lanes wait and hold;
    // wait_for's inner tasks are none. b gets a permit at 1.0, c gives up
    // at 1.5 (gave_up) and works on until 1.8; d is cancelled as it waits.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const std::string text = R"({"t": 0.0, "ev": "limit", "value": 1}
{"t": 0.0, "ev": "created", "task": 0, "name": "a"}
{"t": 0.0, "ev": "created", "task": 1, "name": "b"}
{"t": 0.0, "ev": "created", "task": 2, "name": "c"}
{"t": 0.0, "ev": "request", "task": 0, "name": "a"}
{"t": 0.0, "ev": "running", "task": 0, "name": "a"}
{"t": 0.0, "ev": "permits", "value": 1}
{"t": 0.0, "ev": "request", "task": 1, "name": "b"}
{"t": 0.0, "ev": "request", "task": 2, "name": "c"}
{"t": 0.0, "ev": "created", "task": 3, "name": "d"}
{"t": 0.0, "ev": "request", "task": 3, "name": "d"}
{"t": 1.0, "ev": "release", "task": 0, "woke": 1, "name": "a"}
{"t": 1.0, "ev": "permits", "value": 0}
{"t": 1.0, "ev": "running", "task": 1, "name": "b"}
{"t": 1.0, "ev": "permits", "value": 1}
{"t": 1.0, "ev": "done", "task": 0, "name": "a"}
{"t": 1.5, "ev": "gave_up", "task": 2, "name": "c"}
{"t": 1.5, "ev": "cancelled", "task": 3, "name": "d"}
{"t": 1.8, "ev": "done", "task": 2, "name": "c"}
{"t": 2.0, "ev": "release", "task": 1, "woke": -1, "name": "b"}
{"t": 2.0, "ev": "permits", "value": 0}
{"t": 2.0, "ev": "done", "task": 1, "name": "b"}
{"t": 2.0, "ev": "end", "outcome": "ok"}
)";
    MainWindow w;
    const TimelineModel* m = openText(w, dir, "wait-for.jsonl", text);
    CHECK(m->stateAt(1, 0.5) == TaskState::Waiting);
    CHECK(m->stateAt(1, 1.5) == TaskState::Running);
    CHECK(m->stateAt(2, 1.2) == TaskState::Waiting);  // c waits until it gives up
    CHECK(m->stateAt(2, 1.6) == TaskState::NoPermit);  // then works on, holding no permit
    CHECK(m->gaveUp(2));
    CHECK_FALSE(m->gaveUp(1));
    const QString b = taskStory(*m, 1, 2.5);
    INFO(b.toStdString());
    CHECK(b.contains(QStringLiteral("got it 1.000 s when task 0 released it → done 2.000 s.")));
    const QString c = taskStory(*m, 2, 2.5);
    INFO(c.toStdString());
    CHECK(c.contains(QStringLiteral("created 0.000 s → gave up waiting 1.500 s → done 1.800 s without ever "
                                    "getting a permit.")));
    CHECK(c.contains(QStringLiteral("Waited 1.50 s, ran 300 ms")));
    const QString early = taskStory(*m, 2, 1.6);
    CHECK_FALSE(early.contains(QStringLiteral("without ever")));  // not yet ended
    CHECK(early.contains(QStringLiteral("at 1.600 s: running without a permit.")));
    const QString d = taskStory(*m, 3, 2.5);
    INFO(d.toStdString());
    CHECK(d.contains(QStringLiteral("cancelled 1.500 s without ever getting a permit.")));
    // The lanes' tooltips say the same.
    w.resize(1280, 720);
    w.show();
    TimelineView* view = w.timeline();
    REQUIRE(QTest::qWaitForWindowExposed(view));
    const auto tipAt = [&](std::size_t task, double t) { return laneTipAt(view, task, t, 2.0); };
    const QString tipC = tipAt(2, 1.7);
    INFO(tipC.toStdString());
    CHECK(tipC.contains(QStringLiteral("gave up waiting and ran on 1.500000 s")));
    CHECK_FALSE(tipC.contains(QStringLiteral("got it")));
    CHECK(tipAt(1, 1.5).contains(QStringLiteral("got it and ran 1.000000 s")));
}

TEST_CASE("a task that gave back its permit and ran on is drawn and told running without one, and the key says so") {
    // What the runner writes for `async with sem: await sleep(1)` then
    // `await sleep(2)` outside the block, under Semaphore(1), two tasks: a
    // holds the permit 0-1 and runs on without it to 3; b gets it at 1,
    // gives it back at 2 and ends there.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const std::string text = R"({"t": 0.0, "ev": "limit", "value": 1}
{"t": 0.0, "ev": "created", "task": 0, "name": "a"}
{"t": 0.0, "ev": "request", "task": 0, "name": "a"}
{"t": 0.0, "ev": "running", "task": 0, "name": "a"}
{"t": 0.0, "ev": "permits", "value": 1}
{"t": 0.0, "ev": "created", "task": 1, "name": "b"}
{"t": 0.0, "ev": "request", "task": 1, "name": "b"}
{"t": 1.0, "ev": "release", "task": 0, "woke": 1, "name": "a"}
{"t": 1.0, "ev": "permits", "value": 0}
{"t": 1.0, "ev": "running", "task": 1, "name": "b"}
{"t": 1.0, "ev": "permits", "value": 1}
{"t": 2.0, "ev": "release", "task": 1, "woke": -1, "name": "b"}
{"t": 2.0, "ev": "permits", "value": 0}
{"t": 2.0, "ev": "done", "task": 1, "name": "b"}
{"t": 3.0, "ev": "done", "task": 0, "name": "a"}
{"t": 3.0, "ev": "end", "outcome": "ok"}
)";
    MainWindow w;
    const TimelineModel* m = openText(w, dir, "after-the-block.jsonl", text);
    CHECK(m->stateAt(0, 0.5) == TaskState::Running);
    CHECK(m->stateAt(0, 1.5) == TaskState::NoPermit);
    CHECK(m->stateAt(1, 1.5) == TaskState::Running);
    const QString a = taskStory(*m, 0, 3.0);
    INFO(a.toStdString());
    CHECK(a.contains(QStringLiteral("ran on without a permit 1.000 s–3.000 s → done 3.000 s")));
    CHECK_FALSE(taskStory(*m, 1, 3.0).contains(QStringLiteral("without a permit")));
    const LegendBar* legend = w.findChild<LegendBar*>();
    REQUIRE(legend);
    CHECK(legend->labels().contains(QStringLiteral("running without a permit")));
    // The same run with a ending where it gives its permit back: no such
    // stretch, no such key.
    std::string ends = text;
    const std::string late = R"({"t": 3.0, "ev": "done", "task": 0, "name": "a"})";
    ends.erase(ends.find(late), late.size() + 1);
    ends.insert(ends.find(R"({"t": 1.0, "ev": "running")"), R"({"t": 1.0, "ev": "done", "task": 0, "name": "a"})" "\n");
    MainWindow w2;
    const TimelineModel* m2 = openText(w2, dir, "in-the-block.jsonl", ends);
    CHECK(m2->stateAt(0, 1.5) == TaskState::Done);
    CHECK_FALSE(w2.findChild<LegendBar*>()->labels().contains(QStringLiteral("running without a permit")));
    CHECK(w2.findChild<LegendBar*>()->labels().contains(QStringLiteral("running")));
}

TEST_CASE("a task garbage-collected while pending ends where asyncio destroyed it: drawn, told and counted so") {
    // What the runner writes for a task whose reference main() dropped, collected at 0.1 (the lane ran to the
    // run's end before, in flight all along), beside one that runs to 0.5.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const std::string text = R"({"t": 0.0, "ev": "meta", "python": "3.11.7", "clock": "virtual"}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.0, "ev": "created", "task": 1, "name": "Task-3"}
{"t": 0.1, "ev": "warning", "kind": "task_destroyed_pending", "message": "Task was destroyed but it is pending!",)"
                             R"( "file": "gcp.py", "line": 2, "task": 0}
{"t": 0.5, "ev": "done", "task": 1, "name": "Task-3"}
{"t": 1.1, "ev": "end", "outcome": "ok"}
)";
    MainWindow w;
    const TimelineModel* m = openText(w, dir, "gcp.jsonl", text);
    CHECK(m->stateAt(0, 0.05) == TaskState::Running);
    CHECK(m->stateAt(0, 0.5) == TaskState::Destroyed);
    CHECK(m->terminal(0) == 0.1);
    CHECK(m->run().metrics().inFlight == 0);
    CHECK(m->run().inFlight().valueAtTime(0.2) == 1);
    const QString story = taskStory(*m, 0, 1.1);
    INFO(story.toStdString());
    CHECK(story.contains(QStringLiteral("at 1.100 s: destroyed while pending (garbage-collected).")));
    CHECK(story.contains(QStringLiteral("→ destroyed 0.100 s: asyncio garbage-collected it while it was still "
                                        "pending")));
    const LegendBar* legend = w.findChild<LegendBar*>();
    REQUIRE(legend);
    CHECK(legend->labels().contains(QStringLiteral("destroyed while pending (garbage-collected)")));
    TaskTableModel table(w.session()->model());
    table.setTime(1.1);
    CHECK(table.data(table.index(0, TaskTableModel::State)).toString() ==
          QStringLiteral("destroyed while pending (garbage-collected)"));
    CHECK(table.data(table.index(0, TaskTableModel::Outcome)).toString() ==
          QStringLiteral("destroyed (garbage-collected while pending)"));
    CHECK(table.data(table.index(1, TaskTableModel::Outcome)).toString() == QStringLiteral("ok"));
    // The Metrics panel at 0.05 and after 0.1: the destroyed task counted apart, in none of the three.
    MetricsPanel* metrics = w.findChild<MetricsPanel*>();
    REQUIRE(metrics);
    const auto says = [&](const QString& needle) {
        for (const QLabel* l : metrics->findChildren<QLabel*>())
            if (l->text().contains(needle)) return true;
        return false;
    };
    metrics->refresh(0.05);
    CHECK(says(QStringLiteral("Done 0 · failed 0 · cancelled 0 of 2 tasks")));
    CHECK_FALSE(says(QStringLiteral("destroyed")));
    metrics->refresh(1.1);
    CHECK(says(QStringLiteral("Done 1 · failed 0 · cancelled 0 of 2 tasks; destroyed while pending "
                              "(garbage-collected): 1")));
    // The lane's tooltip after its end names its state.
    w.resize(1280, 720);
    w.show();
    TimelineView* view = w.timeline();
    REQUIRE(QTest::qWaitForWindowExposed(view));
    const QString tip = laneTipAt(view, 0, 0.6, 1.1);
    INFO(tip.toStdString());
    CHECK(tip.contains(QStringLiteral("destroyed while pending (garbage-collected)")));
}

TEST_CASE("a producer task's put() waits are its own: told in its story, not drawn as main()'s") {
    // What the runner writes for gather(producer(q), consumer(q)) with
    // Queue(maxsize=1): the producer (task 0, a lane) waits to put item 2
    // from 0 to 1; main() puts nothing.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const std::string text = R"({"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.0, "ev": "enqueue", "task": 1}
{"t": 0.0, "ev": "worker", "task": 1, "worker": 0}
{"t": 0.0, "ev": "created", "task": 1, "parent": 0, "name": "item 0: 0"}
{"t": 0.0, "ev": "request", "task": 1, "name": "item 0: 0"}
{"t": 0.0, "ev": "running", "task": 1, "name": "item 0: 0"}
{"t": 0.0, "ev": "put_wait", "task": 2, "by": 0}
{"t": 1.0, "ev": "done", "task": 1, "name": "item 0: 0"}
{"t": 1.0, "ev": "enqueue", "task": 2}
{"t": 1.0, "ev": "done", "task": 0, "name": "Task-2"}
{"t": 1.0, "ev": "worker", "task": 2, "worker": 0}
{"t": 1.0, "ev": "created", "task": 2, "parent": 0, "name": "item 1: 1"}
{"t": 1.0, "ev": "request", "task": 2, "name": "item 1: 1"}
{"t": 1.0, "ev": "running", "task": 2, "name": "item 1: 1"}
{"t": 2.0, "ev": "done", "task": 2, "name": "item 1: 1"}
{"t": 2.0, "ev": "end", "outcome": "ok"}
)";
    MainWindow w;
    const TimelineModel* m = openText(w, dir, "producer-task.jsonl", text);
    REQUIRE(m->run().producerWaits().size() == 1);
    CHECK(m->run().producerWaits()[0].by == 0);
    const QString producer = taskStory(*m, 0, 2.0);
    INFO(producer.toStdString());
    CHECK(producer.contains(
        QStringLiteral("Its put() waited for room in the full queue: item 1: 1 0.000 s–1.000 s.")));
    const QString item = taskStory(*m, 2, 2.0);
    INFO(item.toStdString());
    CHECK(item.contains(QStringLiteral("its put() waited for room in the full queue 0.000 s–1.000 s")));
    CHECK_FALSE(taskStory(*m, 1, 2.0).contains(QStringLiteral("Its put()")));
    // Saved again, the line keeps its producer.
    const QString saved = dir.filePath(QStringLiteral("saved.jsonl"));
    QString error;
    REQUIRE(w.files()->saveTraceFile(saved, &error));
    QFile f(saved);
    REQUIRE(f.open(QIODevice::ReadOnly));
    CHECK(f.readAll().contains(R"({"t": 0.0, "ev": "put_wait", "task": 2, "by": 0})"));
}

TEST_CASE("a Queue worker that had a lane is counted apart and labelled a worker") {
    // What the runner writes for a worker that slept before its first get():
    // its lane (task 0) and its queue_worker line; one item, the one task.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const std::string text = R"({"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.0, "ev": "enqueue", "task": 1}
{"t": 0.1, "ev": "queue_worker", "task": 0}
{"t": 0.1, "ev": "worker", "task": 1, "worker": 0}
{"t": 0.1, "ev": "created", "task": 1, "name": "item 0: 0"}
{"t": 0.1, "ev": "request", "task": 1, "name": "item 0: 0"}
{"t": 0.1, "ev": "running", "task": 1, "name": "item 0: 0"}
{"t": 0.6, "ev": "done", "task": 1, "name": "item 0: 0"}
{"t": 0.6, "ev": "cancelled", "task": 0, "name": "Task-2"}
{"t": 0.6, "ev": "end", "outcome": "ok"}
)";
    MainWindow w;
    const TimelineModel* m = openText(w, dir, "worker-lane.jsonl", text);
    CHECK(w.subtitleText().contains(QStringLiteral("1 task + 1 queue worker")));
    CHECK(m->taskLabel(0) == QStringLiteral("Task-2 · worker"));
    CHECK(m->taskLabel(1) == QStringLiteral("item 0: 0"));
    const cs::RunMetrics r = m->run().metrics();
    CHECK(r.tasks == 1);
    CHECK(r.cancelled == 0);
    // The Metrics panel counts the same one task (it counted the lanes: "of 2 tasks").
    w.metrics()->refresh(m->run().endTime());
    QStringList said;
    for (const QLabel* l : w.metrics()->findChildren<QLabel*>()) said << l->text();
    CHECK(said.contains(QStringLiteral("Done 1 · failed 0 · cancelled 0 of 1 task")));
}

TEST_CASE("the key lists a wait in get() only when a worker's lane drew one") {
    // What the virtual runner writes for two workers that sleep(0) first
    // (lanes) and find main()'s items put at that instant: each get() waits
    // and is served where it began, as is their last one, cancelled at the
    // end. No lane draws a wait in get(); the key listed one.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const std::string atOnce = R"({"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 0.0, "ev": "created", "task": 1, "name": "Task-3"}
{"t": 0.0, "ev": "queue_worker", "task": 0}
{"t": 0.0, "ev": "get_wait", "task": 0}
{"t": 0.0, "ev": "queue_worker", "task": 1}
{"t": 0.0, "ev": "get_wait", "task": 1}
{"t": 0.0, "ev": "enqueue", "task": 2}
{"t": 0.0, "ev": "enqueue", "task": 3}
{"t": 0.0, "ev": "enqueue", "task": 4}
{"t": 0.0, "ev": "enqueue", "task": 5}
{"t": 0.0, "ev": "get_end", "task": 0}
{"t": 0.0, "ev": "worker", "task": 2, "worker": 0}
{"t": 0.0, "ev": "created", "task": 2, "name": "item 0: 0"}
{"t": 0.0, "ev": "request", "task": 2, "name": "item 0: 0"}
{"t": 0.0, "ev": "running", "task": 2, "name": "item 0: 0"}
{"t": 0.0, "ev": "get_end", "task": 1}
{"t": 0.0, "ev": "worker", "task": 3, "worker": 1}
{"t": 0.0, "ev": "created", "task": 3, "name": "item 1: 1"}
{"t": 0.0, "ev": "request", "task": 3, "name": "item 1: 1"}
{"t": 0.0, "ev": "running", "task": 3, "name": "item 1: 1"}
{"t": 0.5, "ev": "done", "task": 2, "name": "item 0: 0"}
{"t": 0.5, "ev": "worker", "task": 4, "worker": 0}
{"t": 0.5, "ev": "created", "task": 4, "name": "item 2: 2"}
{"t": 0.5, "ev": "request", "task": 4, "name": "item 2: 2"}
{"t": 0.5, "ev": "running", "task": 4, "name": "item 2: 2"}
{"t": 0.5, "ev": "done", "task": 3, "name": "item 1: 1"}
{"t": 0.5, "ev": "worker", "task": 5, "worker": 1}
{"t": 0.5, "ev": "created", "task": 5, "name": "item 3: 3"}
{"t": 0.5, "ev": "request", "task": 5, "name": "item 3: 3"}
{"t": 0.5, "ev": "running", "task": 5, "name": "item 3: 3"}
{"t": 1.0, "ev": "done", "task": 4, "name": "item 2: 2"}
{"t": 1.0, "ev": "get_wait", "task": 0}
{"t": 1.0, "ev": "done", "task": 5, "name": "item 3: 3"}
{"t": 1.0, "ev": "get_wait", "task": 1}
{"t": 1.0, "ev": "get_end", "task": 0}
{"t": 1.0, "ev": "get_end", "task": 1}
{"t": 1.0, "ev": "cancelled", "task": 0, "name": "Task-2"}
{"t": 1.0, "ev": "cancelled", "task": 1, "name": "Task-3"}
{"t": 1.0, "ev": "main_returned"}
{"t": 1.0, "ev": "end", "outcome": "ok"}
)";
    const QString getWait = QStringLiteral("waiting in get() for an item (idle)");
    MainWindow w;
    const LegendBar* legend = w.findChild<LegendBar*>();
    REQUIRE(legend);
    const TimelineModel* m = openText(w, dir, "served-at-once.jsonl", atOnce);
    for (std::size_t lane = 0; lane < m->taskCount(); ++lane)
        for (const Segment& sg : m->run().segments(lane)) CHECK(sg.state != TaskState::QueueGet);
    CHECK_FALSE(legend->labels().contains(getWait));
    CHECK(legend->labels().contains(QStringLiteral("running")));
    // The same workers idle 0.1 s in their first get() (main() puts after a
    // sleep(0.1)): drawn, and in the key.
    std::string idle;
    std::istringstream in(atOnce);
    for (std::string line; std::getline(in, line);) {
        const bool late = line.rfind(R"({"t": 0.0, "ev": "get_wait")", 0) != 0 &&
                          line.rfind(R"({"t": 0.0, "ev": "queue_worker")", 0) != 0 &&
                          line.rfind(R"({"t": 0.0, "ev": "created", "task": 0)", 0) != 0 &&
                          line.rfind(R"({"t": 0.0, "ev": "created", "task": 1,)", 0) != 0;
        if (late && line.rfind(R"({"t": 0.0,)", 0) == 0) line.replace(0, 10, R"({"t": 0.1,)");
        idle += line + '\n';
    }
    m = openText(w, dir, "idle.jsonl", idle);
    CHECK(m->run().stateAt(0, 0.05) == TaskState::QueueGet);
    CHECK(legend->labels().contains(getWait));
}

TEST_CASE("a task's lane label is indented a level for each ancestor, up to a bound") {
    // TaskGroups three deep and past the bound: the grandchildren were
    // indented as their parents (one level for every child).
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    std::string text = R"({"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
)";
    for (int k = 1; k <= 6; ++k)
        text += R"({"t": 0.0, "ev": "created", "task": )" + std::to_string(k) + R"(, "parent": )" +
                std::to_string(k - 1) + R"(, "name": "Task-)" + std::to_string(k + 2) + "\"}\n";
    text += R"({"t": 0.1, "ev": "end", "outcome": "ok"}
)";
    MainWindow w;
    const TimelineModel* m = openText(w, dir, "nested.jsonl", text);
    std::vector<int> depths;
    for (std::size_t i = 0; i < m->taskCount(); ++i) depths.push_back(LanesPass::nesting(*m, i));
    CHECK(depths == std::vector<int>{0, 1, 2, 3, 4, 4, 4});
}

TEST_CASE("a pool's idle objects are no tasks and wait for nobody; its takers are borrowers") {
    // What the tracer writes for a Queue that main() fills with three
    // connections, one task borrowing one: at its return, the three puts
    // were a pool's (pool_object), two objects idle. Was: "3 tasks", two
    // lanes queued "waiting for a worker" to the end, Waiting 2.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const std::string text = R"({"t": 0.0, "ev": "enqueue", "task": 0}
{"t": 0.0, "ev": "enqueue", "task": 1}
{"t": 0.0, "ev": "enqueue", "task": 2}
{"t": 0.0, "ev": "worker", "task": 0, "worker": 0}
{"t": 0.0, "ev": "created", "task": 0, "name": "item 0: conn-0"}
{"t": 0.0, "ev": "request", "task": 0, "name": "item 0: conn-0"}
{"t": 0.0, "ev": "running", "task": 0, "name": "item 0: conn-0"}
{"t": 0.5, "ev": "done", "task": 0, "name": "item 0: conn-0"}
{"t": 0.5, "ev": "warning", "kind": "queue_pool", "message": "this Queue is used as a pool", "task": 0}
{"t": 0.5, "ev": "pool_object", "task": 0}
{"t": 0.5, "ev": "pool_object", "task": 1, "name": "conn-1"}
{"t": 0.5, "ev": "pool_object", "task": 2, "name": "conn-2"}
{"t": 0.5, "ev": "end", "outcome": "ok"}
)";
    MainWindow w;
    const TimelineModel* m = openText(w, dir, "pool.jsonl", text);
    CHECK(w.subtitleText().contains(QStringLiteral("1 task + 2 pool objects never borrowed")));
    CHECK(m->taskLabel(0) == QStringLiteral("item 0: conn-0"));
    CHECK(m->taskLabel(1) == QStringLiteral("conn-1 · never borrowed"));
    const cs::RunModel& run = m->run();
    CHECK(run.metrics().tasks == 1);
    CHECK(run.waiting().maxValue() == 0);
    CHECK(std::isnan(run.enqueuedAt(0)));  // (borrowed at once: no time queued)
    CHECK_FALSE(run.config().canHave.queuedJobs);
    CHECK(run.queuePool());
    // The Tasks table names the lanes as the timeline does (it said "conn-1", "not started").
    TaskTableModel table(w.session()->model());
    CHECK(table.data(table.index(1, TaskTableModel::Name)).toString() == QStringLiteral("conn-1 · never borrowed"));
    CHECK(table.data(table.index(0, TaskTableModel::Name)).toString() == QStringLiteral("item 0: conn-0"));
}

TEST_CASE("a pool borrowing whose task waited in get() for a free object is drawn and told waiting for one") {
    // What the tracer writes for two connections and three tasks (CPython
    // 3.11.7 on a real clock: the third asked at 0.001 s, got conn-0 at
    // 1.005 s): the third borrowing's created and request where its get()
    // began to wait, its worker and running at the take. Was: its lane
    // began at the take, no wait drawn; and a wait named for a permit.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const std::string text = R"({"t": 0.0, "ev": "enqueue", "task": 0}
{"t": 0.0, "ev": "enqueue", "task": 1}
{"t": 0.0, "ev": "worker", "task": 0, "worker": 0}
{"t": 0.0, "ev": "created", "task": 0, "name": "item 0: conn-0"}
{"t": 0.0, "ev": "request", "task": 0, "name": "item 0: conn-0"}
{"t": 0.0, "ev": "running", "task": 0, "name": "item 0: conn-0"}
{"t": 0.0, "ev": "worker", "task": 1, "worker": 1}
{"t": 0.0, "ev": "created", "task": 1, "name": "item 1: conn-1"}
{"t": 0.0, "ev": "request", "task": 1, "name": "item 1: conn-1"}
{"t": 0.0, "ev": "running", "task": 1, "name": "item 1: conn-1"}
{"t": 0.0, "ev": "created", "task": 5, "name": "item 2: conn-0"}
{"t": 0.0, "ev": "request", "task": 5, "name": "item 2: conn-0"}
{"t": 1.0, "ev": "done", "task": 0, "name": "item 0: conn-0"}
{"t": 1.0, "ev": "warning", "kind": "queue_pool", "message": "this Queue is used as a pool", "task": 0}
{"t": 1.0, "ev": "pool_object", "task": 0}
{"t": 1.0, "ev": "pool_object", "task": 1}
{"t": 1.0, "ev": "done", "task": 1, "name": "item 1: conn-1"}
{"t": 1.0, "ev": "worker", "task": 5, "worker": 2}
{"t": 1.0, "ev": "running", "task": 5, "name": "item 2: conn-0"}
{"t": 2.0, "ev": "done", "task": 5, "name": "item 2: conn-0"}
{"t": 2.0, "ev": "end", "outcome": "ok"}
)";
    MainWindow w;
    const TimelineModel* m = openText(w, dir, "pool-wait.jsonl", text);
    REQUIRE(m->taskCount() == 3);
    const cs::RunModel& run = m->run();
    CHECK(run.waiting().maxValue() == 1);
    CHECK(m->stateAt(2, 0.5) == TaskState::Waiting);
    CHECK(run.waitedForPoolObject(2));
    CHECK_FALSE(run.waitedForPoolObject(0));
    CHECK(run.canHave().poolObjectWaits);
    CHECK_FALSE(run.canHave().permitWaits);  // (no permit was waited for)
    const LegendBar* legend = w.findChild<LegendBar*>();
    REQUIRE(legend);
    CHECK(legend->labels().contains(QStringLiteral("waiting in get() for a free object of the pool")));
    CHECK_FALSE(legend->labels().contains(QStringLiteral("waiting for a permit")));
    TaskTableModel table(w.session()->model());
    table.setTime(0.5);
    CHECK(table.data(table.index(2, TaskTableModel::State)).toString() ==
          QStringLiteral("waiting in get() for a free object of the pool"));
    const QString story = taskStory(*m, 2, 2.0);
    CHECK(story.contains(QStringLiteral("waited in get() for a free object of the pool 0.000 s–1.000 s → taken by "
                                        "worker 2 1.000 s")));
    CHECK_FALSE(story.contains(QStringLiteral("permit")));
    CHECK(taskStory(*m, 2, 0.5).contains(QStringLiteral("at 0.500 s: waiting in get() for a free object of the pool")));
}

TEST_CASE("a Queue item whose put() was cancelled is no task: the header, its lane and the producer's story say so") {
    // The tracer's lines for a producer cancelled at 0.5 while its put() of
    // job 4 waited for room (the queue full): put_cancelled, then its end.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const std::string text = R"({"t": 0.0, "ev": "created", "task": 1, "name": "producer"}
{"t": 0.0, "ev": "enqueue", "task": 2}
{"t": 0.0, "ev": "worker", "task": 2, "worker": 0}
{"t": 0.0, "ev": "created", "task": 2, "parent": 1, "name": "item 0: 0"}
{"t": 0.0, "ev": "put_wait", "task": 4, "by": 1}
{"t": 0.5, "ev": "put_cancelled", "task": 4}
{"t": 0.5, "ev": "cancelled", "task": 1, "name": "producer"}
{"t": 1.0, "ev": "done", "task": 2, "name": "item 0: 0"}
{"t": 1.0, "ev": "end", "outcome": "ok"}
)";
    MainWindow w;
    const TimelineModel* m = openText(w, dir, "put-cancelled.jsonl", text);
    REQUIRE(m->taskCount() == 3);  // lanes of ids 1, 2, 4
    CHECK(w.subtitleText().startsWith(QStringLiteral("2 tasks ·")));
    CHECK(m->taskLabel(2) == QStringLiteral("task 4 · not put"));
    const QString producer = taskStory(*m, 0, 1.0);
    CHECK(producer.contains(
        QStringLiteral("Its put() waited for room in the full queue: task 4 · not put 0.000 s–0.500 s, cancelled.")));
    CHECK(taskStory(*m, 2, 1.0) == QStringLiteral("<b>task 4</b>: its put() waited for room in the full queue "
                                                  "0.000 s–0.500 s and was cancelled; it never entered the queue."));
    // Before its cancel (a replay at 0.25 s) it is the wait it was then.
    const QString before = taskStory(*m, 0, 0.25);
    CHECK(before.contains(QStringLiteral("from 0.000 s, still waiting")));
    CHECK_FALSE(before.contains(QStringLiteral("cancelled")));
}

TEST_CASE("a traced program's trace shows that program's own code, not one made up from its stand-in") {
    // The tracer's meta line names the program as it ran it ("prog.py",
    // relative to where it ran). The Code panel showed a program generated
    // from the trace's stand-in scenario ("TASKS = [{"steps": []}, ...]"),
    // which is not the program that ran.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QByteArray source =
        "import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n\nasyncio.run(main())\n";
    {
        QFile f(dir.filePath(QStringLiteral("prog.py")));
        REQUIRE(f.open(QIODevice::WriteOnly));
        f.write(source);
    }
    const auto trace = [](const char* program) {
        return std::string(R"({"t": 0.0, "ev": "meta", "python": "3.11.7", "clock": "virtual", "program": ")") +
               program + R"("}
{"t": 0.0, "ev": "created", "task": 0, "name": "Task-2"}
{"t": 1.0, "ev": "done", "task": 0, "name": "Task-2"}
{"t": 1.0, "ev": "end", "outcome": "ok"}
)";
    };
    const auto shown = [](MainWindow& w) {
        w.code()->regenerate();
        return w.code()->findChild<QPlainTextEdit*>(QStringLiteral("codeText"))->toPlainText();
    };
    const auto enabled = [](MainWindow& w, const char* button) {
        return w.code()->findChild<QToolButton*>(QString::fromLatin1(button))->isEnabled();
    };
    SECTION("beside the trace, named as it ran (or only its file name there): its text") {
        for (const char* named : {"prog.py", "work/prog.py"}) {
            INFO(named);
            MainWindow w;
            openText(w, dir, "run.jsonl", trace(named));
            CHECK(shown(w) == QString::fromUtf8(source));
            CHECK(w.code()->programText() == QString::fromUtf8(source));
            CHECK(w.code()->highlightReason().contains(QFileInfo(dir.filePath(QStringLiteral("prog.py")))
                                                           .absoluteFilePath()));
            CHECK(enabled(w, "codeEdit"));
        }
    }
    SECTION("not beside it: said so, nothing to copy, save or edit") {
        MainWindow w;
        openText(w, dir, "run.jsonl", trace("elsewhere.py"));
        CHECK(shown(w).startsWith(QStringLiteral("# This trace was recorded from elsewhere.py, which is not beside")));
        CHECK(w.code()->programText().isEmpty());
        CHECK_FALSE(enabled(w, "codeEdit"));
    }
    SECTION("a trace that names no program (an engine's): said so, no program made up from its stand-in") {
        // The stand-in has no limit and tasks without steps: its program
        // ("pass", no Semaphore) beside a timeline of a Semaphore(3)'s tasks
        // running for seconds was false, in presentation mode front and centre.
        MainWindow w;
        openText(w, dir, "engine.jsonl", R"({"t": 0.0, "ev": "created", "task": 0}
{"t": 1.0, "ev": "done", "task": 0}
{"t": 1.0, "ev": "end", "outcome": "ok"}
)");
        CHECK(shown(w).startsWith(QStringLiteral("# This trace does not name the program that made it")));
        CHECK_FALSE(shown(w).contains(QStringLiteral("async def")));
        CHECK(w.code()->programText().isEmpty());
        CHECK_FALSE(enabled(w, "codeEdit"));
    }
}

TEST_CASE("the Limit lab does not sweep a recorded run's stand-in, and says why") {
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    MainWindow w;
    QString error;
    REQUIRE(w.files()->openTrace(writeTrace(dir, "run.jsonl", R"({"t": 0.0, "ev": "created", "task": 0, "name": "a"}
{"t": 1.0, "ev": "done", "task": 0, "name": "a"}
{"t": 1.0, "ev": "end", "outcome": "ok"}
)"), &error));
    CHECK_FALSE(w.limitLab()->useScenarioOnScreen(&error));
    CHECK(error.startsWith(QStringLiteral("The run on screen is a recorded one")));
}

TEST_CASE("the Controls count a recorded run's tasks in words: one task, two tasks") {
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const auto workloadSays = [&](const char* name, const std::string& text) {
        MainWindow w;
        QString error;
        REQUIRE(w.files()->openTrace(writeTrace(dir, name, text), &error));
        QStringList said;
        for (const QLabel* l : w.controls()->findChildren<QLabel*>())
            if (l->text().startsWith(QStringLiteral("On screen:"))) said << l->text();
        REQUIRE(said.size() == 1);
        return said.front();
    };
    const std::string one = R"({"t": 0.0, "ev": "created", "task": 0, "name": "a"}
{"t": 1.0, "ev": "done", "task": 0, "name": "a"}
)";
    CHECK(workloadSays("one.jsonl", one) ==
          QStringLiteral("On screen: a recorded run of 1 task; the program decided what it did."));
    const std::string two = one + R"({"t": 1.0, "ev": "created", "task": 1, "name": "b"}
{"t": 2.0, "ev": "done", "task": 1, "name": "b"}
)";
    CHECK(workloadSays("two.jsonl", two) ==
          QStringLiteral("On screen: a recorded run of 2 tasks; the program decided what each did."));
    // No task (main() alone): was "a recorded run of 0 tasks; the program decided what each did", over settings
    // (a typical duration of 1.500 s) that are the generator's defaults, read as the run's.
    const std::string none = R"({"t": 0.0, "ev": "meta", "clock": "virtual"}
{"t": 1.0, "ev": "main_returned"}
{"t": 1.0, "ev": "end", "outcome": "ok"}
)";
    CHECK(workloadSays("none.jsonl", none) == QStringLiteral("On screen: a recorded run with no task (main() alone)."));
}

TEST_CASE("the Controls' workload settings start from what a recorded run's tasks did, not the generator's last "
          "values") {
    // Four tasks created over 1 s; each runs 0.2 to 0.4 s once it has its
    // permit; one fails.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    MainWindow w;
    openText(w, dir, "did.jsonl", R"({"t": 0.0, "ev": "limit", "value": 2}
{"t": 0.0, "ev": "created", "task": 0, "name": "a"}
{"t": 0.0, "ev": "request", "task": 0, "name": "a"}
{"t": 0.0, "ev": "running", "task": 0, "name": "a"}
{"t": 0.0, "ev": "created", "task": 1, "name": "b"}
{"t": 0.0, "ev": "request", "task": 1, "name": "b"}
{"t": 0.0, "ev": "running", "task": 1, "name": "b"}
{"t": 0.2, "ev": "done", "task": 0, "name": "a"}
{"t": 0.4, "ev": "failed", "task": 1, "name": "b"}
{"t": 0.5, "ev": "created", "task": 2, "name": "c"}
{"t": 0.5, "ev": "request", "task": 2, "name": "c"}
{"t": 0.5, "ev": "running", "task": 2, "name": "c"}
{"t": 0.8, "ev": "done", "task": 2, "name": "c"}
{"t": 1.0, "ev": "created", "task": 3, "name": "d"}
{"t": 1.0, "ev": "request", "task": 3, "name": "d"}
{"t": 1.0, "ev": "running", "task": 3, "name": "d"}
{"t": 1.3, "ev": "done", "task": 3, "name": "d"}
{"t": 1.3, "ev": "end", "outcome": "ok"}
)");
    const auto value = [&](const char* name) {
        const auto* spin = w.controls()->findChild<QDoubleSpinBox*>(QLatin1String(name));
        REQUIRE(spin != nullptr);
        return spin->value();
    };
    CHECK(value("workloadMean") == Approx(0.3));      // between 0.2 and 0.4 s of work
    CHECK(value("workloadSpread") == Approx(1.0 / 3.0).margin(0.01));  // +-0.1 s of 0.3 s
    CHECK(value("workloadFailures") == Approx(25.0));  // one of four
    // Four created over 1 s: three gaps, 3 /s, at which the generator (its
    // first task at 0) makes four tasks over 1 s again.
    CHECK(value("workloadArrivals") == Approx(3.0));
}

TEST_CASE("main()'s own pool jobs are a band on main()'s row while they run, hollow while they only wait") {
    // main() hands three jobs to a pool of two at 0 s (job 2 waits for a
    // worker until job 0 ends at 1 s; the last ends at 3 s), then a fourth
    // that waits in the queue from 3.2 s until it is dropped at 3.6 s; its
    // one task runs from 3.8 s to 4 s.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    MainWindow w;
    const TimelineModel* m = openText(w, dir, "main-jobs.jsonl", R"({"t": 0.0, "ev": "main_thread_begin", "job": 0}
{"t": 0.0, "ev": "main_thread_begin", "job": 1}
{"t": 0.0, "ev": "main_thread_queued", "job": 2}
{"t": 1.0, "ev": "main_thread_end", "job": 0}
{"t": 1.0, "ev": "main_thread_begin", "job": 2}
{"t": 2.0, "ev": "main_thread_end", "job": 1}
{"t": 3.0, "ev": "main_thread_end", "job": 2}
{"t": 3.2, "ev": "main_thread_queued", "job": 3}
{"t": 3.6, "ev": "main_thread_end", "job": 3}
{"t": 3.8, "ev": "created", "task": 0, "name": "t"}
{"t": 4.0, "ev": "done", "task": 0, "name": "t"}
{"t": 4.0, "ev": "end", "outcome": "ok"}
)");
    REQUIRE(m->run().mainJobs().size() == 4);
    // No task in flight, but the loop awaits main()'s jobs in the pool (as
    // it would a task's): "awaiting", not "idle", while any runs or waits.
    CHECK(m->run().inFlight().valueAtTime(0.5) == 0);
    using Loop = CounterTracksPass::LoopState;
    CHECK(CounterTracksPass::loopStateAt(*m, 0.5) == Loop::Awaiting);
    CHECK(CounterTracksPass::loopStateAt(*m, 2.5) == Loop::Awaiting);
    CHECK(CounterTracksPass::loopStateAt(*m, 3.1) == Loop::Idle);      // nothing out
    CHECK(CounterTracksPass::loopStateAt(*m, 3.4) == Loop::Awaiting);  // a job waiting in the queue
    CHECK(CounterTracksPass::loopStateAt(*m, 3.7) == Loop::Idle);
    CHECK(CounterTracksPass::loopStateAt(*m, 3.9) == Loop::Awaiting);  // the task
    const LegendBar* key = w.findChild<LegendBar*>();
    REQUIRE(key);
    CHECK(key->labels().contains(QStringLiteral("in the thread pool")));

    const QSize size(1200, 500);
    const TimelineLayout L = TimelineLayout::compute(size, 1.0, m->taskCount(), 0, 0);
    const QRect caller = trackRect(L, TrackKind::Caller);
    REQUIRE(caller.height() > 0);
    const StatePalette pal = StatePalette::fromPalette(QPalette());
    const TimeRange window{0.0, 4.0};
    const QImage img = paintedBy(CallerPass{}, *m, L, pal, window, size);
    const auto xOf = [&](double t) {
        return static_cast<int>(L.timeArea.left() + tp::timeToX(t, window, L.timeWidth()));
    };
    // The pixels of a colour on main()'s row between two times.
    const auto count = [&](double t0, double t1, QColor c) {
        int n = 0;
        for (int y = caller.top(); y <= caller.bottom(); ++y)
            for (int x = xOf(t0) + 2; x < xOf(t1) - 2; ++x) {
                const QColor q = img.pixelColor(x, y);
                n += std::abs(q.red() - c.red()) <= 6 && std::abs(q.green() - c.green()) <= 6 &&
                     std::abs(q.blue() - c.blue()) <= 6;
            }
        return n;
    };
    const int band = (xOf(1.0) - xOf(0.0) - 4) * 4;  // a band of a second, at least 4 px high
    CHECK(count(0.0, 1.0, pal.thread) > band);       // two run ("2 in the thread pool" over it)
    CHECK(count(1.0, 2.0, pal.thread) > band);       // two: job 2 took job 0's worker
    CHECK(count(2.0, 3.0, pal.thread) > band);       // one
    CHECK(count(3.0, 3.2, pal.thread) == 0);         // none: main() awaits nothing in a pool
    CHECK(count(3.65, 4.0, pal.thread) == 0);
    // Waiting in the queue only: hollow, a thread-coloured outline around its
    // light fill (the pool's colour over the background).
    QColor fill = pal.background;
    const double a = pal.poolWaitFill.alphaF();
    fill.setRgbF(pal.thread.redF() * a + fill.redF() * (1 - a), pal.thread.greenF() * a + fill.greenF() * (1 - a),
                 pal.thread.blueF() * a + fill.blueF() * (1 - a));
    const int outline = count(3.2, 3.6, pal.thread);
    CHECK(outline > 0);
    CHECK(count(3.2, 3.6, fill) > 2 * outline);
    CHECK(count(2.0, 3.0, fill) == 0);  // a running band is solid
    // Where the words fit, they count the jobs that run.
    QImage words = img.copy(QRect(xOf(0.0), caller.top(), xOf(1.0) - xOf(0.0), caller.height()));
    int dark = 0;
    for (int y = 0; y < words.height(); ++y)
        for (int x = 0; x < words.width(); ++x) dark += qGray(words.pixel(x, y)) < 60;
    CHECK(dark > 20);

    // The Event loop track draws the same: its "awaiting" fill (the running
    // colour, faint) while main()'s jobs are out, none while nothing is.
    const QRect loopRow = trackRect(L, TrackKind::Loop);
    REQUIRE(loopRow.height() > 0);
    const QImage loopImg = paintedBy(CounterTracksPass{}, *m, L, pal, window, size);
    const auto filled = [&](double t0, double t1) {
        int n = 0;
        const int y = loopRow.center().y();
        for (int x = xOf(t0) + 2; x < xOf(t1) - 2; ++x) n += loopImg.pixelColor(x, y) != pal.background;
        return n;
    };
    CHECK(filled(0.0, 3.0) >= xOf(3.0) - xOf(0.0) - 4);
    CHECK(filled(3.2, 3.6) >= xOf(3.6) - xOf(3.2) - 4);
    CHECK(filled(3.0, 3.2) == 0);

    // Hovering the band says what it counts.
    w.show();
    TimelineView* view = w.timeline();
    REQUIRE(QTest::qWaitForWindowExposed(view));
    const TimelineLayout& shown = view->currentLayout();
    QRect row;
    for (const auto& t : shown.tracks)
        if (t.kind == TrackKind::Caller) row = t.rect;
    REQUIRE(row.height() > 0);
    const auto tipAt = [&](double t) {
        const double x = tp::timeToX(t, w.viewport()->window(), shown.timeWidth());
        return tooltipAt(view, QPoint(shown.timeArea.left() + static_cast<int>(x), row.center().y()));
    };
    CHECK(tipAt(0.5).contains(QStringLiteral("main()'s own jobs in the pool: 2 running, 1 waiting for a free worker")));
    CHECK(tipAt(3.4).contains(QStringLiteral("0 running, 1 waiting")));
    CHECK_FALSE(tipAt(3.9).contains(QStringLiteral("own jobs")));
    // Job 3, dropped from the queue (its end with no begin: CPython 3.11.7 never ran the function of a job
    // whose await wait_for() cancelled while every worker was busy), is told so; job 2, which waited and ran,
    // is not.
    CHECK(tipAt(3.4).contains(QStringLiteral("a job of main()'s waited in the pool's queue 3.200 s–3.600 s and "
                                             "never ran")));
    CHECK_FALSE(tipAt(0.5).contains(QStringLiteral("never ran")));
    CHECK_FALSE(tipAt(3.9).contains(QStringLiteral("never ran")));
}

TEST_CASE("the Event loop track reads awaiting while any task is alive: asleep before it asks, waiting, in flight") {
    // Task 0 sleeps until it asks at 0.5 s and runs to 1.0 s; task 1 waits
    // for the permit from 0.6 s and runs from 1.0 s to 1.2 s; nothing from
    // 1.2 s until task 2, created at 1.5 s, ends at 2.0 s.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    MainWindow w;
    const TimelineModel* m = openText(w, dir, "alive.jsonl", R"({"t": 0.0, "ev": "created", "task": 0}
{"t": 0.0, "ev": "created", "task": 1}
{"t": 0.5, "ev": "request", "task": 0}
{"t": 0.5, "ev": "running", "task": 0}
{"t": 0.6, "ev": "request", "task": 1}
{"t": 1.0, "ev": "done", "task": 0}
{"t": 1.0, "ev": "running", "task": 1}
{"t": 1.2, "ev": "done", "task": 1}
{"t": 1.5, "ev": "created", "task": 2}
{"t": 2.0, "ev": "done", "task": 2}
{"t": 2.0, "ev": "end", "outcome": "ok"}
)");
    CHECK(m->run().inFlight().valueAtTime(0.25) == 0);  // arriving: not in flight, yet asleep
    using Loop = CounterTracksPass::LoopState;
    for (const double t : {0.0, 0.25, 0.55, 0.8, 1.1, 1.6})
        CHECK(CounterTracksPass::loopStateAt(*m, t) == Loop::Awaiting);
    for (const double t : {1.3, 1.45, 2.0}) CHECK(CounterTracksPass::loopStateAt(*m, t) == Loop::Idle);

    // Drawn the same: filled while a task is alive, not between.
    const QSize size(1200, 400);
    const TimelineLayout L = TimelineLayout::compute(size, 1.0, m->taskCount(), 0, 0);
    const QRect loopRow = trackRect(L, TrackKind::Loop);
    REQUIRE(loopRow.height() > 0);
    const StatePalette pal = StatePalette::fromPalette(QPalette());
    const TimeRange window{0.0, 2.0};
    const QImage img = paintedBy(CounterTracksPass{}, *m, L, pal, window, size);
    const auto xOf = [&](double t) {
        return static_cast<int>(L.timeArea.left() + tp::timeToX(t, window, L.timeWidth()));
    };
    const auto filled = [&](double t0, double t1) {
        int n = 0;
        for (int x = xOf(t0) + 2; x < xOf(t1) - 2; ++x) n += img.pixelColor(x, loopRow.center().y()) != pal.background;
        return n;
    };
    CHECK(filled(0.0, 1.2) >= xOf(1.2) - xOf(0.0) - 4);
    CHECK(filled(1.2, 1.5) == 0);
    CHECK(filled(1.5, 2.0) >= xOf(2.0) - xOf(1.5) - 4);
}

TEST_CASE("a traced program's queue items: the workers track names the item a worker runs as its lane does") {
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    MainWindow w;
    w.resize(1280, 720);
    w.show();
    // Two items of a program's asyncio.Queue (the tracer's lanes 2 and 3; its
    // workers, ids 0 and 1, have none), taken by workers 0 and 1.
    const TimelineModel* m = openText(w, dir, "queue.jsonl", R"({"t": 0.0, "ev": "enqueue", "task": 2}
{"t": 0.0, "ev": "enqueue", "task": 3}
{"t": 0.0, "ev": "worker", "task": 2, "worker": 0}
{"t": 0.0, "ev": "created", "task": 2, "name": "item 0: https://a.example/"}
{"t": 0.0, "ev": "request", "task": 2, "name": "item 0: https://a.example/"}
{"t": 0.0, "ev": "running", "task": 2, "name": "item 0: https://a.example/"}
{"t": 0.5, "ev": "worker", "task": 3, "worker": 1}
{"t": 0.5, "ev": "created", "task": 3, "name": "item 1: https://b.example/"}
{"t": 0.5, "ev": "request", "task": 3, "name": "item 1: https://b.example/"}
{"t": 0.5, "ev": "running", "task": 3, "name": "item 1: https://b.example/"}
{"t": 1.0, "ev": "done", "task": 2, "name": "item 0: https://a.example/"}
{"t": 2.0, "ev": "done", "task": 3, "name": "item 1: https://b.example/"}
{"t": 2.0, "ev": "end", "outcome": "ok"}
)");
    REQUIRE(m->taskCount() == 2);
    REQUIRE(m->run().workerCount() == 2);
    TimelineView* view = w.timeline();
    REQUIRE(QTest::qWaitForWindowExposed(view));
    const TimelineLayout& L = view->currentLayout();
    const QRect track = trackRect(L, TrackKind::Workers);
    REQUIRE(track.height() > 0);
    // Worker 1's row (the second of two) at t = 1.5 s of a run 2 s long.
    const QPoint at(L.timeArea.left() + static_cast<int>(L.timeWidth() * 1.5 / 2.0),
                    track.top() + track.height() * 3 / 4);
    const QString tip = tooltipAt(view, at);
    INFO(tip.toStdString());
    CHECK(tip.contains(QStringLiteral("worker 1 runs item 1: https://b.example/")));
}

TEST_CASE("a recorded program's task runs its own code before it asks for a permit: drawn and named as running, "
          "not 'arriving'") {
    // /tmp/pre.py of the defect: each task downloads (task 0 until 1.0,
    // task 1 until 1.5), then takes a free Lock around a counter for no
    // time (ran 0 s); task 2 never asks. Before their request they run, as
    // task 2 does: the picture must not erase that concurrency.
    QTemporaryDir dir;
    MainWindow w;
    w.resize(1200, 700);
    w.show();
    const TimelineModel* mp = openText(w, dir, "unasked.jsonl", R"({"t": 0.0, "ev": "created", "task": 0, "name": "d0"}
{"t": 0.0, "ev": "created", "task": 1, "name": "d1"}
{"t": 0.0, "ev": "created", "task": 2, "name": "plain"}
{"t": 0.0, "ev": "running", "task": 2, "name": "plain"}
{"t": 1.0, "ev": "request", "task": 0, "name": "d0"}
{"t": 1.0, "ev": "running", "task": 0, "name": "d0"}
{"t": 1.0, "ev": "permits", "value": 1}
{"t": 1.0, "ev": "release", "task": 0, "woke": -1, "name": "d0"}
{"t": 1.0, "ev": "permits", "value": 0}
{"t": 1.0, "ev": "done", "task": 0, "name": "d0"}
{"t": 1.5, "ev": "request", "task": 1, "name": "d1"}
{"t": 1.5, "ev": "running", "task": 1, "name": "d1"}
{"t": 1.5, "ev": "permits", "value": 1}
{"t": 1.5, "ev": "release", "task": 1, "woke": -1, "name": "d1"}
{"t": 1.5, "ev": "permits", "value": 0}
{"t": 1.5, "ev": "done", "task": 1, "name": "d1"}
{"t": 2.0, "ev": "done", "task": 2, "name": "plain"}
{"t": 2.0, "ev": "end", "outcome": "ok"}
)");
    const TimelineModel& m = *mp;
    // The model's fact is unchanged (created, not asked yet), and so are the
    // spec's numbers (ran counts from the permit); the run says what it means.
    REQUIRE(m.stateAt(0, 0.5) == TaskState::Arriving);
    REQUIRE(m.run().canHave().arrivingUnasked);
    CHECK(m.ranAt(0, 2.0) == 0.0);
    CHECK(m.run().beforeAskAt(0, 2.0) == 1.0);
    CHECK(StatePalette::drawnAs(TaskState::Arriving, true) == TaskState::NoPermit);
    CHECK(StatePalette::drawnAs(TaskState::Arriving, false) == TaskState::Arriving);

    // The key: a thinner running bar, "running, no permit asked yet".
    const LegendBar* key = w.findChild<LegendBar*>();
    REQUIRE(key);
    INFO(key->labels().join(QStringLiteral(", ")).toStdString());
    CHECK(key->labels().contains(QStringLiteral("running, no permit asked yet")));
    CHECK_FALSE(key->labels().contains(QStringLiteral("arriving")));
    CHECK_FALSE(key->labels().contains(QStringLiteral("not asking for a permit yet")));

    // The lanes: at 0.5 s task 0's lane has the running colour, in a bar
    // thinner than the full one task 2 (never asks) has; no grey line.
    const QSize size(1200, 400);
    const TimelineLayout L = TimelineLayout::compute(size, 1.0, m.taskCount(), 0, 0);
    const StatePalette pal = StatePalette::fromPalette(QPalette());
    const TimeRange window{0.0, 2.0};
    const QImage img = paintedBy(LanesPass{}, m, L, pal, window, size);
    const int x = static_cast<int>(L.timeArea.left() + tp::timeToX(0.5, window, L.timeWidth()));
    const auto rows = [&](std::size_t lane, QColor c) {
        int n = 0;
        for (int y = static_cast<int>(L.laneTop(lane)); y < static_cast<int>(L.laneTop(lane) + L.laneHeight); ++y)
            n += img.pixelColor(x, y).rgb() == c.rgb();
        return n;
    };
    CHECK(rows(0, pal.running) >= 2);
    CHECK(rows(0, pal.running) < rows(2, pal.running));
    CHECK(rows(0, pal.arriving) == 0);
    CHECK(rows(1, pal.running) == rows(0, pal.running));

    // Its tooltip, story and Tasks row name it so, and say how long it ran
    // before it asked ("Ran" counts from the permit: 0 here).
    TimelineView* view = w.timeline();
    REQUIRE(QTest::qWaitForWindowExposed(view));
    const QString tip = laneTipAt(view, 0, 0.5, 2.0);
    INFO(tip.toStdString());
    CHECK(tip.contains(QStringLiteral("running, no permit asked yet")));
    CHECK(tip.contains(QStringLiteral(" so far, no permit asked yet")));
    const QString done = laneTipAt(view, 1, 1.8, 2.0);
    INFO(done.toStdString());
    CHECK(done.contains(QStringLiteral("ran %1 before it asked for a permit, then waited %2 and ran %2")
                            .arg(formatDuration(1.5), formatDuration(0.0))));
    CHECK(taskStory(m, 0, 0.5).contains(QStringLiteral("running, no permit asked yet")));
    CHECK(taskStory(m, 0, 0.5).contains(
        QStringLiteral("Ran %1 so far, no permit asked yet").arg(formatDuration(0.5))));
    CHECK(taskStory(m, 0, 2.0).contains(QStringLiteral("Ran %1 before it asked for a permit, then waited %2 and ran %2")
                                            .arg(formatDuration(1.0), formatDuration(0.0))));
    CHECK_FALSE(taskStory(m, 2, 2.0).contains(QStringLiteral("before it asked")));  // it never asks
    TaskTableModel table(const_cast<TimelineModel*>(mp));
    table.setTime(0.5);
    CHECK(table.data(table.index(0, TaskTableModel::State)).toString() ==
          QStringLiteral("running, no permit asked yet"));
    CHECK(table.data(table.index(0, TaskTableModel::State), Qt::DecorationRole).value<QColor>() == pal.running);
    table.setTime(2.0);
    CHECK(table.data(table.index(0, TaskTableModel::Ran), Qt::ToolTipRole).toString() ==
          QStringLiteral("Ran %1 before it asked for a permit (Ran counts from the permit)").arg(formatDuration(1.0)));
    CHECK(table.data(table.index(2, TaskTableModel::Ran), Qt::ToolTipRole).isNull());

    // A scenario's run: its tasks arrive (their `arrive` delays), a thin grey line.
    Session sc;
    LoadResult r = parseScenario(R"({"format": "coroscope-scenario/1",
        "tasks": [{"arrive": 1.0, "steps": [{"io": 0.5}]}], "limit": {"kind": "semaphore", "value": 1}})");
    REQUIRE(r.ok());
    sc.load(*r.scenario);
    sc.advanceTo(10.0);
    REQUIRE_FALSE(sc.model()->run().canHave().arrivingUnasked);
    LegendBar scKey;
    scKey.setStates(sc.model()->run().canHave());
    CHECK(scKey.labels().contains(QStringLiteral("arriving")));
    CHECK_FALSE(scKey.labels().contains(QStringLiteral("running, no permit asked yet")));
    CHECK(StatePalette::stateName(TaskState::Arriving) == QStringLiteral("arriving"));
    INFO(taskStory(*sc.model(), 0, 0.5).toStdString());
    CHECK(taskStory(*sc.model(), 0, 0.5).contains(QStringLiteral("arriving")));
    CHECK_FALSE(taskStory(*sc.model(), 0, 2.0).contains(QStringLiteral("before it asked")));
    const TimelineLayout sl = TimelineLayout::compute(size, 1.0, 1, 0, 0);
    const QImage simg = paintedBy(LanesPass{}, *sc.model(), sl, pal, TimeRange{0.0, 1.5}, size);
    const int sx = static_cast<int>(sl.timeArea.left() + tp::timeToX(0.5, TimeRange{0.0, 1.5}, sl.timeWidth()));
    int grey = 0, blue = 0;
    for (int y = static_cast<int>(sl.laneTop(0)); y < static_cast<int>(sl.laneTop(0) + sl.laneHeight); ++y) {
        grey += simg.pixelColor(sx, y).rgb() == pal.arriving.rgb();
        blue += simg.pixelColor(sx, y).rgb() == pal.running.rgb();
    }
    CHECK(grey >= 2);
    CHECK(blue == 0);
}

TEST_CASE("a recorded program that both asks late and runs on after its permit has one key for the thinner bar") {
    RunConfig::CanHave can;
    can.arrivals = can.arrivingUnasked = can.runsWithoutPermit = true;
    LegendBar key;
    key.setStates(can);
    CHECK(key.labels().contains(QStringLiteral("running without a permit (before asking for one, or after)")));
    CHECK_FALSE(key.labels().contains(QStringLiteral("running without a permit")));
    CHECK_FALSE(key.labels().contains(QStringLiteral("running, no permit asked yet")));
    can.arrivingUnasked = false;  // a scenario's (never runs without a permit, but the key keeps them apart)
    key.setStates(can);
    CHECK(key.labels().contains(QStringLiteral("arriving")));
    CHECK(key.labels().contains(QStringLiteral("running without a permit")));
}

TEST_CASE("the Tasks table says what of Ran was a wait for another permit (Waited is the first wait only)") {
    // Task 1 takes semaphore #0 at once, then waits for #1 (task 0 holds it)
    // from 0.0 to 1.0: its Waited is 0 and its Ran 2 s, one of them waiting.
    QTemporaryDir dir;
    MainWindow w;
    w.resize(1200, 700);
    w.show();
    const TimelineModel* mp = openText(w, dir, "again.jsonl",
                                       R"({"t": 0.0, "ev": "primitive", "sem": 0, "kind": "Semaphore", "value": 2}
{"t": 0.0, "ev": "primitive", "sem": 1, "kind": "Semaphore", "value": 1}
{"t": 0.0, "ev": "created", "task": 0, "name": "a"}
{"t": 0.0, "ev": "request", "task": 0, "sem": 1, "name": "a"}
{"t": 0.0, "ev": "running", "task": 0, "name": "a"}
{"t": 0.0, "ev": "created", "task": 1, "name": "b"}
{"t": 0.0, "ev": "request", "task": 1, "sem": 0, "name": "b"}
{"t": 0.0, "ev": "running", "task": 1, "name": "b"}
{"t": 0.0, "ev": "request", "task": 1, "sem": 1, "name": "b"}
{"t": 1.0, "ev": "release", "task": 0, "woke": 1, "name": "a"}
{"t": 1.0, "ev": "done", "task": 0, "name": "a"}
{"t": 1.0, "ev": "running", "task": 1, "name": "b"}
{"t": 2.0, "ev": "done", "task": 1, "name": "b"}
{"t": 2.0, "ev": "end", "outcome": "ok"}
)");
    REQUIRE(mp);
    REQUIRE(mp->run().waitedAgainAt(1, 2.0) == 1.0);
    TaskTableModel table(const_cast<TimelineModel*>(mp));
    table.setTime(2.0);
    const QString again = QStringLiteral("Of Ran, %1 waiting for a permit again (Waited is its first wait only)")
                              .arg(formatDuration(1.0));
    CHECK(table.data(table.index(1, TaskTableModel::Ran), Qt::ToolTipRole).toString() == again);
    CHECK(table.data(table.index(1, TaskTableModel::Waited), Qt::ToolTipRole).toString() == again);
    CHECK(table.data(table.index(1, TaskTableModel::State), Qt::ToolTipRole).isNull());
    CHECK(table.data(table.index(0, TaskTableModel::Ran), Qt::ToolTipRole).isNull());  // its one wait: none
    table.setTime(0.5);  // waiting again so far: half a second of it
    CHECK(table.data(table.index(1, TaskTableModel::Ran), Qt::ToolTipRole).toString() ==
          QStringLiteral("Of Ran, %1 waiting for a permit again (Waited is its first wait only)")
              .arg(formatDuration(0.5)));
}

TEST_CASE("a rate limit's task that holds its permit and waits for its start slot is named, keyed and told so") {
    // max_at_once 2, max_per_second 2 (slots 0.5 s apart): task 1 takes the
    // second permit at 0 and starts at its slot, 0.5; task 2 gets task 1's
    // permit at 0.7 and starts at 1.0 (CPython 3.11.7 runs of the program
    // `coroscope-cli python` prints: its sem.acquire() returns at 0.70 s).
    // They were drawn orange, "waiting for a permit", until they started,
    // and the track said "In flight" 1 while both permits were taken.
    const LoadResult r = parseScenario(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 0.2}]}, {"steps": [{"io": 1.0}]},
                  {"steps": [{"io": 1.0}]}],
        "limit": {"kind": "rate", "max_at_once": 2, "max_per_second": 2}})");
    REQUIRE(r.ok());
    MainWindow w;
    w.loadScenario(*r.scenario);
    w.session()->advanceTo(1e9);
    const TimelineModel* m = w.session()->model();
    const QString holding = QStringLiteral("holding a permit, waiting for its start slot");
    CHECK(m->stateAt(1, 0.25) == TaskState::SlotWait);
    CHECK(m->stateAt(2, 0.5) == TaskState::Waiting);
    CHECK(StatePalette::stateName(m->stateAt(1, 0.25), m->run().canHave()) == holding);
    const LegendBar* legend = w.findChild<LegendBar*>();
    REQUIRE(legend);
    CHECK(legend->labels().contains(holding));
    CHECK(legend->labels().contains(QStringLiteral("waiting for a permit")));  // tasks 2 and 3 did
    // The first track counts permits: both taken from t = 0.
    CHECK(m->countsPermits());
    CHECK(m->run().permitsInUse().valueAtTime(0.25) == 2);
    // The Tasks table, the story and the lane's tooltip.
    TaskTableModel table(w.session()->model());
    table.setTime(0.25);
    CHECK(table.data(table.index(1, TaskTableModel::State)).toString() == holding);
    table.setTime(5.0);
    const QString waited = table.data(table.index(2, TaskTableModel::Waited), Qt::ToolTipRole).toString();
    INFO(waited.toStdString());
    CHECK(waited.contains(QStringLiteral("waiting for its start slot, holding its permit")));
    const QString story = taskStory(*m, 2, 5.0);
    INFO(story.toStdString());
    CHECK(story.contains(QStringLiteral("when task 1 released it → waited for its start slot holding it, started")));
    CHECK(story.contains(QStringLiteral("of it for its start slot, holding its permit")));
    const QString during = taskStory(*m, 2, 0.8);
    INFO(during.toStdString());
    CHECK(during.contains(QStringLiteral(": holding a permit, waiting for its start slot.")));
    CHECK(during.contains(QStringLiteral("waits for its start slot holding it")));
    TimelineView* view = w.timeline();
    view->resize(1200, 700);
    view->show();
    QCoreApplication::processEvents();
    const QString tip = laneTipAt(view, 1, 0.25, m->run().makespan());
    INFO(tip.toStdString());
    CHECK(tip.contains(holding));
    CHECK(tip.contains(QStringLiteral("got it, waited for its start slot")));
    CHECK(tip.contains(QStringLiteral("for its start slot, holding its permit), ran")));
}

TEST_CASE("a rate limit's run saved as a trace opens with the run's first track: Permits in use, its limit") {
    // Only a scenario knows max_at_once: its run's trace opened as a file
    // (File > Open) drew "In flight" with no limit line, and counted a task
    // that held its permit for its start slot from its running only. The
    // file now begins with the run's "limiter" line (Save Trace, as
    // coroscope-cli run --trace): opened, it shows the run's tracks.
    const LoadResult r = parseScenario(R"({"format": "coroscope-scenario/1",
        "tasks": [{"steps": [{"io": 1.0}]}, {"steps": [{"io": 0.2}]}, {"steps": [{"io": 1.0}]},
                  {"steps": [{"io": 1.0}]}],
        "limit": {"kind": "rate", "max_at_once": 2, "max_per_second": 2}})");
    REQUIRE(r.ok());
    MainWindow w;
    w.loadScenario(*r.scenario);
    w.session()->advanceTo(1e9);
    const TimelineModel* run = w.session()->model();
    REQUIRE(run->countsPermits());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("rate.jsonl"));
    QString error;
    REQUIRE(w.files()->saveTraceFile(path, &error));
    QFile saved(path);
    REQUIRE(saved.open(QIODevice::ReadOnly));
    CHECK(saved.readLine().trimmed() ==
          QByteArray(R"({"t": 0.0, "ev": "limiter", "limit": {"kind": "rate", "max_at_once": 2, )"
                     R"("max_per_second": 2.0}, "collect": {"kind": "gather"}})"));

    MainWindow opened;
    REQUIRE(opened.files()->openTrace(path, &error));
    const TimelineModel* file = opened.session()->model();
    REQUIRE(opened.session()->isTrace());
    CHECK(file->countsPermits());  // the track's title: "Permits in use", not "In flight"
    const StepSeries& permits = file->run().permitsInUse();
    const StepSeries& want = run->run().permitsInUse();
    for (const double t : {0.0, 0.25, 0.5, 0.7, 0.8, 1.0, 1.2, 1.5, 2.0, 2.5, 3.0})
        CHECK(permits.valueAtTime(t) == want.valueAtTime(t));
    CHECK(permits.valueAtTime(0.25) == 2);  // task 1 holds its permit for its slot
    CHECK(file->run().limit().last() == 2);  // the limit line, as the run's
    CHECK(file->run().limit().last() == run->run().limit().last());
    CHECK(file->stateAt(1, 0.25) == TaskState::SlotWait);
    const QString holding = QStringLiteral("holding a permit, waiting for its start slot");
    CHECK(StatePalette::stateName(file->stateAt(1, 0.25), file->run().canHave()) == holding);
    const LegendBar* legend = opened.findChild<LegendBar*>();
    REQUIRE(legend);
    CHECK(legend->labels().contains(holding));
}

TEST_CASE("a semaphore's or an adaptive limit's run saved as a trace opens as the run: first track, limit, header") {
    // Only a scenario knew its limit and collector: its run's trace opened as
    // a file drew "In flight" with no limit line where the run shows its
    // semaphore's permits in use against its size, and the header said
    // "limit 3 (recorded) · 1 collector call" for "Semaphore(3) · gather()".
    // The file now begins with the run's "limiter" line: opened, it shows
    // the run's first track, limit line, CSV and header.
    const char* const scenarios[] = {
        // Spec example 01's limit: ten downloads behind Semaphore(3).
        R"({"format": "coroscope-scenario/1", "generate": {"count": 10, "seed": 2,
            "steps": [{"io": {"dist": "uniform", "min": 0.3, "max": 1.2}}]},
            "limit": {"kind": "semaphore", "value": 3}, "collect": {"kind": "gather"}})",
        // Spec example 23's: an AIMD limit that grows and halves against a service of 3.
        R"({"format": "coroscope-scenario/1", "generate": {"count": 16, "seed": 4, "steps": [{"call": 0.5}]},
            "service": {"capacity": 3}, "limit": {"kind": "adaptive", "initial": 1, "min": 1, "max": 16,
            "latency_target": 0.75}, "collect": {"kind": "gather", "return_exceptions": true}})",
        // A semaphore resized as it runs, collected by wait().
        R"({"format": "coroscope-scenario/1", "generate": {"count": 8, "seed": 6,
            "steps": [{"io": {"dist": "uniform", "min": 0.2, "max": 0.9}}]},
            "limit": {"kind": "semaphore", "value": 1, "schedule": [{"at": 0.5, "value": 3}]},
            "collect": {"kind": "wait", "return_when": "ALL_COMPLETED", "timeout": 10}})"};
    const char* const headers[] = {"Semaphore(3) · gather()", "adaptive 1..16 · gather(return_exceptions=True)",
                                   "Semaphore(1) · wait(ALL_COMPLETED, timeout=10)"};
    for (std::size_t k = 0; k < std::size(scenarios); ++k) {
        INFO(scenarios[k]);
        const LoadResult r = parseScenario(scenarios[k]);
        REQUIRE(r.ok());
        MainWindow w;
        w.loadScenario(*r.scenario);
        w.session()->advanceTo(1e9);
        const TimelineModel* run = w.session()->model();
        REQUIRE(run->countsPermits());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.jsonl"));
        QString error;
        REQUIRE(w.files()->saveTraceFile(path, &error));

        MainWindow opened;
        REQUIRE(opened.files()->openTrace(path, &error));
        REQUIRE(opened.session()->isTrace());
        const TimelineModel* file = opened.session()->model();
        CHECK(file->countsPermits());  // "Permits in use", not "In flight"
        const auto points = [](const StepSeries& v) {
            std::vector<std::pair<double, std::int64_t>> out;
            for (std::size_t i = 0; i < v.size(); ++i) out.emplace_back(v.timeAt(i), v.valueAt(i));
            return out;
        };
        CHECK(points(file->run().permitsInUse()) == points(run->run().permitsInUse()));
        CHECK(points(file->run().limit()) == points(run->run().limit()));  // the limit line, resizes and all
        CHECK(file->run().limit().size() > 0);
        CHECK(file->run().limit().valueAtTime(0.0) == run->run().limit().valueAtTime(0.0));
        std::ostringstream fileCsv, runCsv;
        CsvWriter::writeTasks(fileCsv, file->run());
        CsvWriter::writeMetrics(fileCsv, file->run());
        CsvWriter::writeTasks(runCsv, run->run());
        CsvWriter::writeMetrics(runCsv, run->run());
        CHECK(fileCsv.str() == runCsv.str());
        // The header names the limit and collector as the run's does.
        const QString want = QString::fromUtf8(headers[k]);
        CHECK(w.subtitleText().contains(want));
        CHECK(opened.subtitleText().contains(want));
        CHECK_FALSE(opened.subtitleText().contains(QStringLiteral("(recorded)")));
        CHECK_FALSE(opened.subtitleText().contains(QStringLiteral("collector call")));
        // The Controls show the kinds the trace names, greyed (it cannot run
        // another way), not "the program's own".
        for (const char* name : {"limitKind", "collectKind"}) {
            const auto* ran = w.findChild<QComboBox*>(QString::fromLatin1(name));
            const auto* told = opened.findChild<QComboBox*>(QString::fromLatin1(name));
            REQUIRE(ran != nullptr);
            REQUIRE(told != nullptr);
            CHECK(told->currentIndex() >= 0);
            CHECK(told->currentText() == ran->currentText());
            CHECK_FALSE(told->isEnabled());
        }
        // And the collector's options as the run's (return_exceptions=True, wait()'s timeout).
        const auto optionsShown = [](const MainWindow& win) {
            QStringList shown;
            for (const QGroupBox* box : win.findChildren<QGroupBox*>()) {
                if (box->title() != QStringLiteral("How the caller collects results")) continue;
                for (const QCheckBox* c : box->findChildren<QCheckBox*>())
                    if (c->isVisibleTo(box)) shown << c->text() + QString::number(c->isChecked());
                for (const QDoubleSpinBox* d : box->findChildren<QDoubleSpinBox*>())
                    if (d->isVisibleTo(box)) shown << QString::number(d->value());
            }
            return shown;
        };
        INFO(optionsShown(w).join(QLatin1Char(' ')).toStdString());
        CHECK(optionsShown(opened) == optionsShown(w));
        if (k == 1) CHECK_FALSE(optionsShown(w).isEmpty());  // (example 23's return_exceptions=True)
    }
}

namespace {
// Spec example 12: five one-second thread jobs on a pool of 2.
const char* const kThreadPoolOfTwo = R"({"format": "coroscope-scenario/1", "executor": {"max_workers": 2},
    "tasks": [{"steps": [{"thread": 1.0}]}, {"steps": [{"thread": 1.0}]}, {"steps": [{"thread": 1.0}]},
              {"steps": [{"thread": 1.0}]}, {"steps": [{"thread": 1.0}]}]})";

// The run on show in `ran`, saved as a trace (File > Save trace) and opened in `opened`.
void saveAndOpen(MainWindow& ran, MainWindow& opened) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.jsonl"));
    QString error;
    REQUIRE(ran.files()->saveTraceFile(path, &error));
    REQUIRE(opened.files()->openTrace(path, &error));
    REQUIRE(opened.session()->isTrace());
}
}  // namespace

TEST_CASE("a thread-pool run saved as a trace opens with the run's pool in its header and its workload's settings") {
    // The run's header said "thread pool of 2", its file's nothing; the
    // file's Workload box said uniform durations of 2.000 s, spread 0.50
    // (each task's time from its start to its end: three of them waited for
    // a free worker), where the run's says constant 1.000 s.
    const LoadResult r = parseScenario(kThreadPoolOfTwo);
    REQUIRE(r.ok());
    MainWindow w;
    w.loadScenario(*r.scenario);
    w.session()->advanceTo(1e9);
    MainWindow opened;
    saveAndOpen(w, opened);
    CHECK(w.subtitleText().contains(QStringLiteral("thread pool of 2")));
    CHECK(opened.subtitleText().contains(QStringLiteral("thread pool of 2")));
    const auto settings = [](const MainWindow& win) {
        QStringList shown;
        for (const QGroupBox* box : win.findChildren<QGroupBox*>()) {
            if (box->title() != QStringLiteral("Workload")) continue;
            for (const QComboBox* c : box->findChildren<QComboBox*>()) shown << c->currentText();
            for (const QDoubleSpinBox* d : box->findChildren<QDoubleSpinBox*>()) shown << d->text();
        }
        return shown;
    };
    const QStringList ran = settings(w), told = settings(opened);
    INFO(ran.join(QStringLiteral(", ")).toStdString() + " | " + told.join(QStringLiteral(", ")).toStdString());
    CHECK(ran.size() >= 4);
    CHECK(told == ran);
    CHECK(ran.contains(QStringLiteral("1.000 s")));
}

TEST_CASE("a run played to its end and its trace opened show the Metrics chart on the same axes") {
    // The value axes kept a range while the data fitted it, and each fit
    // started from the tick count the last one left: example 12 played
    // ended with latency ticks 0, 2, 4, its file with 0, 1, 2, 3, 4.
    const LoadResult r = parseScenario(kThreadPoolOfTwo);
    REQUIRE(r.ok());
    MainWindow w;
    w.loadScenario(*r.scenario);
    // Played as a class sees it: the chart refreshed at many instants on the way.
    for (double t = 0.05; t < 3.5; t += 0.05) {
        w.session()->advanceTo(t);
        w.metrics()->refresh(t);
    }
    w.session()->advanceTo(1e9);
    REQUIRE(w.session()->finished());
    const double end = w.session()->run().makespan();
    w.metrics()->refresh(end);
    MainWindow opened;
    saveAndOpen(w, opened);
    opened.metrics()->refresh(end);
    const QStringList ran = w.metrics()->axesText(), told = opened.metrics()->axesText();
    INFO(ran.join(QStringLiteral(" ")).toStdString() + " | " + told.join(QStringLiteral(" ")).toStdString());
    CHECK(told == ran);
}
