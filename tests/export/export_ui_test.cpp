// The app's files in and out, offscreen: pictures of the timeline (PNG not
// blank, SVG valid XML, as zoomed), traces opened read-only, the scenario
// saved with its live resizes, exports of what is shown, recent files and
// drag and drop.
#include <QBuffer>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSet>
#include <QTemporaryDir>
#include <QUrl>
#include <QXmlStreamReader>
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "export/device_stream.h"
#include "export/file_actions.h"
#include "export/trace_file.h"
#include "export/timeline_renderer.h"
#include "live/live_runner.h"
#include "live/session.h"
#include "lab/limit_lab_panel.h"
#include "main_window.h"
#include "panels/code_panel.h"
#include "panels/metrics_panel.h"
#include "program/simulation.h"
#include "scenario/loader.h"
#include "timeline/timeline_view.h"
#include "timeline/viewport.h"
#include "trace/jsonl_writer.h"
#include "trace/trace_store.h"

using namespace cs;
using namespace cs::ui;

namespace {

Scenario bundled(const char* name) {
    const LoadResult r = loadScenarioFile(std::string(COROSCOPE_SOURCE_DIR) + "/resources/scenarios/" + name);
    REQUIRE(r.ok());
    return *r.scenario;
}

// A window showing `name` run to its end, paused, fitted.
struct Shown {
    MainWindow w;
    explicit Shown(const char* name) {
        w.resize(1400, 900);
        w.show();
        w.loadScenario(bundled(name));
        w.runner()->pause();
        w.session()->advanceTo(1e9);
        w.goLive();
        w.viewport()->fit();
    }
};

QString slurp(const QString& path) {
    QFile f(path);
    REQUIRE(f.open(QIODevice::ReadOnly));
    return QString::fromUtf8(f.readAll());
}

QString writeRunAsJsonl(const QTemporaryDir& dir, const char* name, std::size_t* events = nullptr) {
    TraceStore store;
    Simulation sim(bundled(name), store);
    sim.run();
    if (events) *events = store.size();
    const QString path = dir.filePath(QStringLiteral("run.jsonl"));
    std::ofstream out(QFile::encodeName(path).toStdString(), std::ios::binary);
    JsonlWriter::writeAll(out, store);
    return path;
}

}  // namespace

TEST_CASE("export ui: the PNG of the timeline is not blank") {
    Shown s("01-semaphore-limits-ten-downloads.json");
    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("t.png"));
    QString err;
    REQUIRE(s.w.files()->exportPngFile(png, QSize(1200, 700), &err));
    QImage img(png);
    REQUIRE(!img.isNull());
    CHECK(img.size() == QSize(1200, 700));
    img = img.convertToFormat(QImage::Format_RGB32);
    // The most common colour is the background; lanes, tracks and text are not.
    QHash<QRgb, int> counts;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) ++counts[img.pixel(x, y)];
    int background = 0;
    for (int n : counts) background = std::max(background, n);
    const int total = img.width() * img.height();
    CHECK(total - background > total / 10);
    int distinct = 0;  // colours covering at least 200 pixels: bars, not anti-aliasing
    for (int n : counts)
        if (n >= 200) ++distinct;
    CHECK(distinct >= 6);
}

TEST_CASE("export ui: the SVG is valid XML, with the lanes' labels as text") {
    Shown s("01-semaphore-limits-ten-downloads.json");
    QTemporaryDir dir;
    const QString svg = dir.filePath(QStringLiteral("t.svg"));
    REQUIRE(s.w.files()->exportSvgFile(svg, QSize(1200, 700)));
    const QString text = slurp(svg);
    QXmlStreamReader xml(text);
    int elements = 0;
    QString root;
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement) {
            if (root.isEmpty()) root = xml.name().toString();
            ++elements;
        }
    }
    INFO(xml.errorString().toStdString());
    CHECK_FALSE(xml.hasError());
    CHECK(root == QStringLiteral("svg"));
    CHECK(elements > 100);
    CHECK(text.contains(QStringLiteral("task 9")));
    CHECK(text.contains(QStringLiteral("Semaphore(3) limits ten downloads")));  // the title
}

TEST_CASE("export ui: pictures show the timeline as currently zoomed") {
    Shown s("01-semaphore-limits-ten-downloads.json");
    QTemporaryDir dir;
    const QString whole = dir.filePath(QStringLiteral("whole.svg"));
    const QString zoomed = dir.filePath(QStringLiteral("zoomed.svg"));
    REQUIRE(s.w.files()->exportSvgFile(whole, QSize(1200, 700)));
    s.w.viewport()->zoomTo({0.0, 0.5});
    REQUIRE(s.w.files()->exportSvgFile(zoomed, QSize(1200, 700)));
    // The ruler's labels follow the window: 4 s is on the whole run's axis only.
    CHECK(slurp(whole).contains(QStringLiteral("4.0 s")));
    CHECK_FALSE(slurp(zoomed).contains(QStringLiteral("4.0 s")));
    // The default size is the timeline's on screen, plus the legend.
    const QSize size = s.w.files()->timelineImageSize();
    CHECK(size.width() == s.w.timeline()->width());
    CHECK(size.height() > s.w.timeline()->height());
}

TEST_CASE("export ui: a trace opens read-only, whole, and replays on Play") {
    QTemporaryDir dir;
    std::size_t events = 0;
    const QString path = writeRunAsJsonl(dir, "01-semaphore-limits-ten-downloads.json", &events);
    MainWindow w;
    QString err;
    REQUIRE(w.openFile(path, &err));
    Session* s = w.session();
    CHECK(s->isTrace());
    CHECK_FALSE(w.runner()->isPlaying());
    CHECK(s->events().size() == events);
    CHECK(s->model()->ended());
    CHECK(s->model()->taskCount() == 10);
    CHECK(s->scenario().title == "run.jsonl");
    CHECK(w.files()->currentTracePath() == QFileInfo(path).absoluteFilePath());
    const double end = s->liveTime();
    CHECK(end == Approx(4.4));

    // Nothing runs: limit changes are ignored.
    s->setLimit(1);
    s->setLimitConfig(Limit{});
    CHECK(s->events().size() == events);
    CHECK(s->isTrace());

    // Restart goes back to 0 and reveals events as time advances.
    s->restart();
    CHECK(s->events().size() == 0);
    s->advanceTo(1.05);
    CHECK(s->events().size() > 0);
    CHECK(s->events().size() < events);
    CHECK_FALSE(s->finished());
    while (s->stepToNextEvent()) {}
    CHECK(s->events().size() == events);
    CHECK(s->finished());

    // Opening a scenario leaves trace mode.
    w.loadScenario(bundled("default-semaphore-20.json"));
    w.runner()->pause();
    CHECK_FALSE(s->isTrace());
    CHECK(w.files()->currentTracePath().isEmpty());
}

TEST_CASE("export ui: Save scenario keeps the live resizes and reopens identical") {
    MainWindow w;
    w.loadScenario(bundled("default-semaphore-20.json"));
    w.runner()->pause();
    w.session()->advanceTo(0.5);
    w.session()->setLimit(7);
    w.session()->advanceTo(1.0);
    w.session()->setLimit(2);
    REQUIRE(w.session()->scenario().limit.schedule.size() == 2);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("saved.json"));
    QString err;
    REQUIRE(w.files()->saveScenarioFile(path, &err));
    const LoadResult back = loadScenarioFile(QFile::encodeName(path).toStdString());
    REQUIRE(back.ok());
    CHECK(*back.scenario == w.session()->scenario());

    // A trace has no scenario to save.
    const QString trace = writeRunAsJsonl(dir, "01-semaphore-limits-ten-downloads.json");
    REQUIRE(w.openFile(trace));
    CHECK_FALSE(w.files()->saveScenarioFile(dir.filePath(QStringLiteral("no.json")), &err));
    CHECK_FALSE(err.isEmpty());
}

TEST_CASE("export ui: Chrome and CSV exports of a Python trace keep the task names") {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("py.jsonl"));
    {
        QFile f(path);
        REQUIRE(f.open(QIODevice::WriteOnly));
        f.write("{\"t\": 0.0, \"ev\": \"limit\", \"value\": 1}\n"
                "{\"t\": 0.001, \"ev\": \"created\", \"task\": 0, \"name\": \"download-0\"}\n"
                "{\"t\": 0.001, \"ev\": \"request\", \"task\": 0, \"name\": \"download-0\"}\n"
                "{\"t\": 0.001, \"ev\": \"running\", \"task\": 0, \"name\": \"download-0\"}\n"
                "{\"t\": 0.001, \"ev\": \"permits\", \"value\": 1}\n"
                "{\"t\": 0.002, \"ev\": \"created\", \"task\": 1, \"name\": \"download-1\"}\n"
                "{\"t\": 0.002, \"ev\": \"request\", \"task\": 1, \"name\": \"download-1\"}\n"
                "{\"t\": 0.05, \"ev\": \"release\", \"task\": 0, \"woke\": 1, \"name\": \"download-0\"}\n"
                "{\"t\": 0.05, \"ev\": \"permits\", \"value\": 0}\n"
                "{\"t\": 0.051, \"ev\": \"running\", \"task\": 1, \"name\": \"download-1\"}\n"
                "{\"t\": 0.051, \"ev\": \"permits\", \"value\": 1}\n"
                "{\"t\": 0.052, \"ev\": \"done\", \"task\": 0, \"name\": \"download-0\"}\n"
                "{\"t\": 0.1, \"ev\": \"release\", \"task\": 1, \"woke\": -1, \"name\": \"download-1\"}\n"
                "{\"t\": 0.1, \"ev\": \"permits\", \"value\": 0}\n"
                "{\"t\": 0.1, \"ev\": \"done\", \"task\": 1, \"name\": \"download-1\"}\n"
                "{\"t\": 0.101, \"ev\": \"end\", \"outcome\": \"ok\"}\n");
    }
    MainWindow w;
    REQUIRE(w.openFile(path));
    REQUIRE(w.session()->isTrace());
    const QString chrome = dir.filePath(QStringLiteral("py.json"));
    REQUIRE(w.files()->exportChromeFile(chrome));
    const auto doc = nlohmann::json::parse(slurp(chrome).toStdString());
    QSet<QString> threads;
    int flows = 0;
    for (const auto& e : doc["traceEvents"]) {
        if (e["ph"] == "M" && e["name"] == "thread_name")
            threads.insert(QString::fromStdString(e["args"]["name"].get<std::string>()));
        if (e["ph"] == "s") ++flows;
    }
    CHECK(threads.contains(QStringLiteral("task 1 · download-1")));
    CHECK(flows == 1);

    const QString csv = dir.filePath(QStringLiteral("py.csv"));
    REQUIRE(w.files()->exportCsvFile(csv));
    const QStringList rows = slurp(csv).trimmed().split(QLatin1Char('\n'));
    REQUIRE(rows.size() == 3);
    CHECK(rows[2].startsWith(QStringLiteral("1,done,0.002,0.002,0.051,0.1,")));
    const QStringList metrics = slurp(dir.filePath(QStringLiteral("py-metrics.csv"))).trimmed().split(QLatin1Char('\n'));
    CHECK(metrics.front() == QStringLiteral("t,in_flight,waiting,permits_in_use,completed"));
    CHECK(metrics.size() > 4);
}

namespace {

// A device that takes `room` bytes, then refuses every write.
class FullDevice final : public QIODevice {
public:
    explicit FullDevice(qint64 room) : room_(room) { open(QIODevice::WriteOnly); }
    QByteArray taken;
    int writes = 0;

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 n) override {
        ++writes;
        if (taken.size() + n > room_) {
            setErrorString(QStringLiteral("No space left on device"));
            return -1;
        }
        taken.append(data, n);
        return n;
    }

private:
    qint64 room_;
};

}  // namespace

TEST_CASE("export ui: an export goes to its file in pieces as it is written, and stops at the first failed write") {
    // Text of several pieces: many small writes and one larger than a piece.
    std::string expected;
    const std::string big(DeviceBuf::kPiece + 12345, 'x');
    {
        QBuffer device;
        REQUIRE(device.open(QIODevice::WriteOnly));
        DeviceStream out(device);
        for (int i = 0; i < 200000; ++i) {
            out << i << ',';
            expected += std::to_string(i) + ',';
        }
        out << big << '\n';
        expected += big + '\n';
        // Written as it came: all but the last, unfilled piece already.
        CHECK(static_cast<std::size_t>(device.data().size()) + DeviceBuf::kPiece >= expected.size());
        CHECK(out.finish());
        CHECK(device.data().toStdString() == expected);
    }
    {
        FullDevice device(static_cast<qint64>(DeviceBuf::kPiece));
        DeviceStream out(device);
        out << big << big << big;
        const int writes = device.writes;
        out << big;
        CHECK_FALSE(out.finish());
        // Nothing more is written once a write failed.
        CHECK(device.writes == writes);
        CHECK(device.taken.size() == static_cast<qsizetype>(DeviceBuf::kPiece));
        CHECK(device.errorString() == QStringLiteral("No space left on device"));
    }
    // A file that cannot be written: the export says so; a good one is whole.
    QTemporaryDir dir;
    MainWindow w;
    REQUIRE(w.openFile(writeRunAsJsonl(dir, "01-semaphore-limits-ten-downloads.json")));
    QString error;
    CHECK_FALSE(w.files()->exportCsvFile(dir.filePath(QStringLiteral("no-such-dir/t.csv")), &error));
    CHECK(error.startsWith(QStringLiteral("Could not write")));
    const QString csv = dir.filePath(QStringLiteral("t.csv"));
    REQUIRE(w.files()->exportCsvFile(csv, &error));
    CHECK(slurp(csv).trimmed().split(QLatin1Char('\n')).size() == 11);
}

TEST_CASE("export ui: dropped files open and go to the recent files") {
    MainWindow w;
    w.files()->clearRecent();
    CHECK(w.files()->recentFiles().isEmpty());
    QTemporaryDir dir;
    const QString trace = writeRunAsJsonl(dir, "01-semaphore-limits-ten-downloads.json");

    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(trace)});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&w, &enter);
    CHECK(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&w, &drop);
    CHECK(drop.isAccepted());
    CHECK(w.session()->isTrace());
    REQUIRE(w.files()->recentFiles().size() == 1);
    CHECK(w.files()->recentFiles().front() == QFileInfo(trace).absoluteFilePath());

    // A scenario saved and reopened goes first; the list has no duplicates.
    const QString scen = dir.filePath(QStringLiteral("s.json"));
    {
        QFile f(scen);
        REQUIRE(f.open(QIODevice::WriteOnly));
        f.write(toJson(bundled("default-semaphore-20.json")).c_str());
    }
    REQUIRE(w.files()->open(scen));
    CHECK_FALSE(w.session()->isTrace());
    REQUIRE(w.files()->open(trace));
    CHECK(w.files()->recentFiles() ==
          QStringList({QFileInfo(trace).absoluteFilePath(), QFileInfo(scen).absoluteFilePath()}));
    w.runner()->pause();
    w.files()->clearRecent();

    // Text that is not a file is not taken.
    QMimeData words;
    words.setText(QStringLiteral("hello"));
    QDragEnterEvent other(QPoint(10, 10), Qt::CopyAction, &words, Qt::LeftButton, Qt::NoModifier);
    other.setAccepted(false);
    QCoreApplication::sendEvent(&w, &other);
    CHECK_FALSE(other.isAccepted());
}

TEST_CASE("export ui: a bad trace is refused with the line that is wrong") {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.jsonl"));
    {
        QFile f(path);
        REQUIRE(f.open(QIODevice::WriteOnly));
        f.write("{\"t\": 0.0, \"ev\": \"created\", \"task\": 0}\n{\"t\": \"soon\", \"ev\": \"done\", \"task\": 0}\n");
    }
    MainWindow w;
    w.runner()->pause();
    QString err;
    CHECK_FALSE(w.openFile(path, &err));
    CHECK(err.contains(QStringLiteral("line 2")));
}

TEST_CASE("export ui: a trace without an end line opens as a partial run, said in the header") {
    // No end line; or a last line cut off in its middle (left out, named).
    for (const auto& [file, said] : std::vector<std::pair<std::string, QString>>{
             {"partial-run.jsonl", QStringLiteral("Partial run")},
             {"killed-mid-line.jsonl", QStringLiteral("The file ends in the middle of line 8")}}) {
        CAPTURE(file);
        const QString path = QStringLiteral(COROSCOPE_SOURCE_DIR "/tests/data/traces/good/") + QString::fromStdString(file);
        MainWindow w;
        QString err;
        REQUIRE(w.openFile(path, &err));
        const Session* s = w.session();
        CHECK(s->isTrace());
        CHECK(s->scenario().title == file + " (partial run)");
        CHECK(QString::fromStdString(s->scenario().description).contains(said));
        CHECK(w.windowTitle().contains(QStringLiteral("(partial run)")));
        CHECK(s->model()->taskCount() == 2);
        CHECK_FALSE(s->model()->ended());
    }
}

TEST_CASE("export ui: a run the runner stopped is shown up to its stop, and the header says why") {
    // os._exit at 1.5 s, the last task event at 1.0 s: the other task ran on
    // until the stop, not until the last event.
    const QString path = QStringLiteral(COROSCOPE_SOURCE_DIR "/tests/data/traces/good/stopped-by-the-runner.jsonl");
    MainWindow w;
    QString err;
    REQUIRE(w.openFile(path, &err));
    const Session* s = w.session();
    CHECK(s->scenario().title == "stopped-by-the-runner.jsonl (partial run)");
    const QString description = QString::fromStdString(s->scenario().description);
    CHECK(description.contains(QStringLiteral("the runner stopped the program at 1.500 s")));
    CHECK(description.contains(QStringLiteral("os._exit(3) ended the process")));
    const TimelineModel* m = s->model();
    CHECK_FALSE(m->ended());
    CHECK(m->now() == 1.5);
    CHECK(m->run().makespan() == 1.5);
    CHECK(m->run().stateAt(1, 1.4) == cs::TaskState::Running);
    // Shown whole, it will never finish: said so, not "not finished yet".
    CHECK(w.metrics()->summaryText().startsWith(QStringLiteral("Partial run: the trace stops at 1.500 s")));

    // Its events written out (JsonlWriter: the stop's time, not its words)
    // and reopened: still stopped at 1.5 s, no empty "()".
    QTemporaryDir dir;
    const QString again = dir.filePath(QStringLiteral("again.jsonl"));
    {
        std::ofstream out(QFile::encodeName(again).toStdString(), std::ios::binary);
        JsonlWriter::writeAll(out, s->events().store());
    }
    MainWindow w2;
    REQUIRE(w2.openFile(again, &err));
    CHECK(w2.session()->model()->run().makespan() == 1.5);
    const QString said = QString::fromStdString(w2.session()->scenario().description);
    CHECK(said.contains(QStringLiteral("the runner stopped the program at 1.500 s, so")));
    CHECK_FALSE(said.contains(QStringLiteral("()")));
}

TEST_CASE("export ui: a trace timed by a real clock says so, not \"virtual time\"") {
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("real.jsonl"));
    {
        std::ofstream out(path.toStdString());
        out << R"({"t": 0.002, "ev": "meta", "python": "3.11.7", "clock": "real", "program": "p.py"})" "\n"
            << R"({"t": 0.004, "ev": "created", "task": 0, "name": "Task-2"})" "\n"
            << R"({"t": 0.310, "ev": "done", "task": 0, "name": "Task-2"})" "\n"
            << R"({"t": 0.312, "ev": "end", "outcome": "ok"})" "\n";
    }
    MainWindow w;
    QString err;
    REQUIRE(w.openFile(path, &err));
    CHECK(w.session()->run().config().realClock);
    CHECK(QString::fromStdString(w.session()->scenario().description)
              .contains(QStringLiteral("Its times come from a real clock (Python 3.11.7 ran it in real time)")));
    // A scenario afterwards is on the virtual clock again.
    w.loadScenario(bundled("default-semaphore-20.json"));
    CHECK_FALSE(w.session()->run().config().realClock);
}

TEST_CASE("export ui: Save trace keeps a recorded trace's own bytes, and writes a scenario's run as its events") {
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString source = dir.filePath(QStringLiteral("real.jsonl"));
    const std::string text = R"({"t": 0.002, "ev": "meta", "python": "3.11.7", "clock": "real", "program": "p.py"})" "\n"
                             R"({"t": 0.004, "ev": "created", "task": 0, "name": "download-0"})" "\n"
                             R"({"t": 0.310, "ev": "done", "task": 0, "name": "download-0"})" "\n"
                             R"({"t": 0.312, "ev": "end", "outcome": "ok"})" "\n";
    {
        std::ofstream out(source.toStdString(), std::ios::binary);
        out << text;
    }
    MainWindow w;
    QString err;
    REQUIRE(w.openFile(source, &err));
    const QString copy = dir.filePath(QStringLiteral("copy.jsonl"));
    REQUIRE(w.files()->saveTraceFile(copy, &err));
    std::ifstream in(copy.toStdString(), std::ios::binary);
    CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == text);  // names, meta: all kept
    MainWindow again;
    REQUIRE(again.openFile(copy, &err));
    CHECK(again.session()->run().config().realClock);
    CHECK(again.session()->model()->taskName(0) == QStringLiteral("download-0"));

    // A scenario's run: its events, read back as the same run.
    w.loadScenario(bundled("default-semaphore-20.json"));
    w.session()->advanceTo(1e9);
    const QString run = dir.filePath(QStringLiteral("run.jsonl"));
    REQUIRE(w.files()->saveTraceFile(run, &err));
    TraceFile back;
    REQUIRE(back.load(QFile::encodeName(run).toStdString()));
    CHECK(back.store().size() == w.session()->events().store().size());
    CHECK_FALSE(back.partial());
}

TEST_CASE("export ui: a trace with sparse task ids shows the file's ids on its lanes") {
    const QString path = QStringLiteral(COROSCOPE_SOURCE_DIR "/tests/data/traces/good/sparse-task-ids.jsonl");
    MainWindow w;
    QString err;
    REQUIRE(w.openFile(path, &err));
    const TimelineModel* m = w.session()->model();
    REQUIRE(m->taskCount() == 3);  // one lane per id the file names, not 2^31 of them
    CHECK(m->taskId(0) == 5);
    CHECK(m->taskId(1) == 16777216);
    CHECK(m->taskId(2) == 2147483648);
    // A scenario afterwards shows lanes as its task ids again.
    w.loadScenario(bundled("default-semaphore-20.json"));
    w.runner()->pause();
    w.session()->advanceTo(1.0);
    CHECK(w.session()->model()->taskId(3) == 3);
}

TEST_CASE("export ui: a hostile trace is refused with its line, nothing loaded") {
    const QString path = QStringLiteral(COROSCOPE_SOURCE_DIR "/tests/data/traces/bad/time-goes-backwards.jsonl");
    MainWindow w;
    w.runner()->pause();
    QString err;
    CHECK_FALSE(w.openFile(path, &err));
    CHECK(err.contains(QStringLiteral("line 3: \"t\" goes back in time")));
    CHECK_FALSE(w.session()->isTrace());
}

TEST_CASE("export ui: a trace of more lanes than a stub keeps specs for shows the count and program of one with them, and is no lab source") {
    // One lane more than Session::kStubSpecsUpTo: tasks with no steps.
    const std::size_t n = Session::kStubSpecsUpTo + 1;
    Scenario wide;
    wide.title = "wide";
    wide.tasks.resize(n);
    TraceStore store;
    Simulation sim(wide, store);
    sim.run();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("wide.jsonl"));
    {
        std::ofstream out(QFile::encodeName(path).toStdString(), std::ios::binary);
        JsonlWriter::writeAll(out, store);
    }
    // The stand-in with its empty specs, as TraceFile makes it by default.
    TraceFile file;
    REQUIRE(file.load(QFile::encodeName(path).toStdString()));
    const Scenario withSpecs = file.stubScenario("wide");
    REQUIRE(withSpecs.tasks.size() == n);

    MainWindow w;
    QString error;
    REQUIRE(w.files()->openTrace(path, &error));
    const Session& s = *w.session();
    // No spec held (a million would be 24 MB), every lane counted.
    CHECK(s.scenario().tasks.empty());
    CHECK(s.taskCount() == n);
    CHECK(w.subtitleText().startsWith(QStringLiteral("%L1 tasks").arg(n)));
    // Those that need the specs get them: equal to the stub's own.
    const Scenario full = s.scenarioWithSpecs();
    CHECK(full.tasks == withSpecs.tasks);
    CHECK(full.steps.empty());
    CHECK(full.title == s.scenario().title);
    // The code panel: the trace names no program, and none is made up
    // from the stand-in (it was: "too long to show", saved whole).
    w.code()->regenerate();
    const QString shown = w.code()->findChild<QPlainTextEdit*>()->toPlainText();
    CHECK(shown.startsWith(QStringLiteral("# This trace does not name the program that made it")));
    CHECK(w.code()->programText().isEmpty());
    // The Limit lab does not sweep the stand-in: its empty tasks are not
    // the recorded run's workload.
    CHECK_FALSE(w.limitLab()->useScenarioOnScreen(&error));
    CHECK(error.startsWith(QStringLiteral("The run on screen is a recorded one")));
}
