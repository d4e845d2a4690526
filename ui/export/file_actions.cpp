#include "export/file_actions.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QSaveFile>
#include <QSettings>
#include <QUrl>
#include <fstream>
#include <sstream>

#include "export/chrome_trace_writer.h"
#include "export/device_stream.h"
#include "export/csv_writer.h"
#include "export/timeline_renderer.h"
#include "editor/runner_words.h"
#include "export/trace_file.h"
#include "i18n/language.h"
#include "live/live_runner.h"
#include "live/session.h"
#include "main_window.h"
#include "scenario/loader.h"
#include "timeline/time_format.h"
#include "timeline/timeline_view.h"
#include "timeline/viewport.h"
#include "trace/jsonl_writer.h"

namespace cs::ui {

namespace {

const QString kRecentKey = QStringLiteral("files/recent");
const QString kDirKey = QStringLiteral("files/lastDir");

QString lastDir() { return QSettings().value(kDirKey).toString(); }

void rememberDir(const QString& path) { QSettings().setValue(kDirKey, QFileInfo(path).absolutePath()); }

std::string local(const QString& path) { return QFile::encodeName(path).toStdString(); }

// Writes through a QSaveFile, as the text comes (DeviceStream): a failed
// export never leaves half a file where a good one was.
template <class Fn>
bool writeText(const QString& path, QString* error, Fn fill) {
    QSaveFile f(path);
    bool ok = f.open(QIODevice::WriteOnly);
    if (ok) {
        DeviceStream out(f);
        fill(out);
        ok = out.finish() && f.commit();
    }
    if (!ok) {
        if (error) *error = FileActions::tr("Could not write %1: %2").arg(path, f.errorString());
        f.cancelWriting();
        return false;
    }
    return true;
}

}  // namespace

FileActions::FileActions(MainWindow* window) : QObject(window), window_(window) {
    window_->setAcceptDrops(true);
    window_->installEventFilter(this);
}

bool FileActions::isTraceFile(const QString& path) {
    if (!path.startsWith(QLatin1Char(':'))) return TraceFile::looksLikeTrace(local(path));
    // A bundled resource: the same rules, on its name and first bytes.
    if (TraceFile::hasTraceSuffix(path.toStdString())) return true;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return false;
    const QByteArray head = f.read(static_cast<qint64>(TraceFile::kHeadBytes));
    return TraceFile::looksLikeTraceText(std::string_view(head.constData(), static_cast<std::size_t>(head.size())));
}

bool FileActions::open(const QString& path, QString* error) {
    const bool ok = window_->openFile(path, error);
    if (ok) {
        addRecent(path);
        rememberDir(path);
    }
    return ok;
}

bool FileActions::openTrace(const QString& path, QString* error) {
    return openTrace(path, QString(), QString(), error);
}

bool FileActions::openTrace(const QString& path, const QString& title, const QString& description_,
                            QString* error, bool running) {
    const auto refuse = [&](const TraceFile& file) {
        if (error) {
            const TraceReadError e = file.error().value_or(TraceReadError{0, "?"});
            *error = e.line == 0 ? tr("Cannot read %1").arg(path)
                                 : tr("%1 is not a valid trace:\n%2")
                                       .arg(QFileInfo(path).fileName(), QString::fromStdString(e.what()));
        }
        return false;
    };
    Session* const session = window_->session();
    if (!path.startsWith(QLatin1Char(':')) &&
        session->events().store().memoryBytes() + session->run().memoryBytes() >= checkFirstBytes_) {
        // A big run on show: the file is checked first, its events not kept
        // (every line parsed and checked, a model of 9 bytes a task), then
        // the run on show goes before the file is read for real, so that
        // the two are never held at once (a million-task trace opened over
        // another peaked at 558 MiB, one alone at 309). A bad file is
        // refused before anything on show is lost.
        TraceFile check;
        if (!check.loadModel(local(path), RunModel::Mode::MetricsOnly)) return refuse(check);
        window_->runner()->pause();
        session->load(Scenario{});
    }
    TraceFile trace;
    bool ok = false;
    if (path.startsWith(QLatin1Char(':'))) {
        // A bundled resource (small): read through Qt.
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            if (error) *error = tr("Cannot read %1: %2").arg(path, f.errorString());
            return false;
        }
        const QByteArray bytes = f.readAll();
        std::istringstream in(std::string(bytes.constData(), static_cast<std::size_t>(bytes.size())));
        ok = trace.read(in);
    } else {
        // The reader coroscope-cli export uses: in chunks, never the whole
        // file at once, the run model built on the way.
        ok = trace.load(local(path), true);
    }
    if (!ok) return refuse(trace);
    const QString name = title.isEmpty() ? QFileInfo(path).fileName() : title;
    shown_ = {name,          description_,     trace.partial() && !running, trace.cutLine(), trace.stop(),
              trace.realClock(), QString::fromStdString(trace.python())};
    // A trace of more than Session::kStubSpecsUpTo lanes stands without a
    // million empty task specs (24 MB): the session counts its lanes.
    Scenario stub = trace.stubScenario(name.toStdString(), Session::kStubSpecsUpTo);
    const auto [shownTitle, description] = traceTexts();
    stub.title = shownTitle.toStdString();
    stub.description = description.toStdString();
    tracePath_ = QFileInfo(path).absoluteFilePath();
    window_->runner()->pause();
    session->setRecordedProgram(recordedProgramOf(trace.program(), path));
    RunModel model = trace.takeModel(name.toStdString());
    session->loadTrace(std::move(trace.store()), std::move(stub), trace.runConfig(name.toStdString()),
                                  std::move(model));
    window_->timeline()->setSelectedTask(-1);
    window_->viewport()->clearSelection();
    return true;
}

QString FileActions::recordedProgramPath(const QString& program, const QString& tracePath) {
    if (program.isEmpty() || tracePath.startsWith(QLatin1Char(':'))) return {};
    const QDir beside = QFileInfo(tracePath).absoluteDir();
    const QFileInfo named(program);
    for (const QString& candidate : {named.isAbsolute() ? program : beside.filePath(program),
                                     beside.filePath(named.fileName())}) {
        const QFileInfo f(candidate);
        if (f.isFile() && f.isReadable()) return f.absoluteFilePath();
    }
    return {};
}

std::optional<Session::RecordedProgram> FileActions::recordedProgramOf(const std::string& program,
                                                                        const QString& tracePath) {
    if (program.empty()) return std::nullopt;  // (an engine's trace: no program of its own)
    Session::RecordedProgram recorded{program, {}, {}};
    const QString path = recordedProgramPath(QString::fromStdString(program), tracePath);
    QFile f(path);
    if (!path.isEmpty() && f.size() <= kMaxProgramBytes && f.open(QIODevice::ReadOnly)) {
        recorded.path = path.toStdString();
        recorded.text = QString::fromUtf8(f.readAll()).toStdString();
    }
    return recorded;
}

QString FileActions::currentTracePath() const {
    return window_->session()->isTrace() ? tracePath_ : QString();
}

std::pair<QString, QString> FileActions::traceTexts() const {
    QString title = shown_.name;
    QString description = shown_.description.isEmpty()
                              ? tr("Recorded trace, shown read-only: nothing is simulated. Play replays it from the start.")
                              : shown_.description;
    if (shown_.realClock)
        description = Language::sentences(
            description, shown_.python.isEmpty()
                             ? tr("Its times come from a real clock: another run of the program gives other times.")
                             : tr("Its times come from a real clock (Python %1 ran it in real time): another run of "
                                  "the program gives other times.")
                                   .arg(shown_.python));
    if (shown_.partial) {
        // Said in the header: the run shown stops where the trace stops.
        title = tr("%1 (partial run)").arg(shown_.name);
        if (shown_.stop && shown_.stop->message.empty())  // (a trace saved again keeps only the stop's time)
            description = Language::sentences(
                description, tr("Partial run: the runner stopped the program at %1, so the trace has no end line: "
                                "it shows the run up to that moment.")
                                 .arg(formatTime(shown_.stop->t)));
        else if (shown_.stop)
            description = Language::sentences(
                description, tr("Partial run: the runner stopped the program at %1 (%2), so the trace has no end "
                                "line: it shows the run up to that moment.")
                                 .arg(formatTime(shown_.stop->t),
                                      RunnerWords::stopText(shown_.stop->reason, shown_.stop->message)));
        else
            description = Language::sentences(description, tr("Partial run: the trace has no end line (the program "
                                                               "was stopped, or the stream cut off), so it shows the "
                                                               "run up to its last event."));
        if (shown_.cutLine > 0)
            description = Language::sentences(description, tr("The file ends in the middle of line %1 (its writer was "
                                                               "stopped while writing it): that line is left out.")
                                                                .arg(shown_.cutLine));
    }
    return {title, description};
}

void FileActions::adoptTrace(const FileActions& other) {
    tracePath_ = other.tracePath_;
    shown_ = other.shown_;
    if (!window_->session()->isTrace()) return;
    // The texts this window's language gives them (a description the
    // program editor wrote stays as it was written).
    const auto [title, description] = traceTexts();
    window_->session()->setTexts(title.toStdString(), description.toStdString());
}

bool FileActions::saveTraceFile(const QString& path, QString* error) const {
    const QString source = currentTracePath();
    if (source.isEmpty()) {
        return writeText(path, error, [&](std::ostream& out) {
            // (The run's limit and collector first, as coroscope-cli run --trace writes them.)
            const Scenario& s = window_->session()->scenario();
            out << limiterLine(limiterOf(s)) << '\n';
            JsonlWriter::writeAll(out, window_->session()->events().store());
        });
    }
    if (QFileInfo(path).absoluteFilePath() == source) return true;  // it is that file already
    QFile in(source);
    QSaveFile out(path);
    if (!in.open(QIODevice::ReadOnly)) {
        if (error) *error = tr("Cannot read %1: %2").arg(source, in.errorString());
        return false;
    }
    if (!out.open(QIODevice::WriteOnly)) {
        if (error) *error = tr("Could not write %1: %2").arg(path, out.errorString());
        return false;
    }
    // In blocks: a million-task trace is 343 MB.
    QByteArray block;
    while (!(block = in.read(std::int64_t{1} << 20)).isEmpty())
        if (out.write(block) != block.size()) break;
    if (in.error() != QFileDevice::NoError || !out.commit()) {
        if (error) *error = tr("Could not write %1: %2").arg(path, out.errorString());
        return false;
    }
    return true;
}

bool FileActions::saveScenarioFile(const QString& path, QString* error) const {
    const Session* s = window_->session();
    if (s->isTrace()) {
        if (error) *error = tr("A recorded trace has no scenario to save: use Export or Save trace instead.");
        return false;
    }
    // The session's scenario carries the live resizes (limit.schedule), so
    // the saved file replays this session exactly.
    return writeText(path, error, [&](std::ostream& out) { out << toJson(s->scenario()) << '\n'; });
}

// The exports read the session's run model: the facts of the events so far
// (a scenario's counting rules, or a trace's task names and measured permits).
bool FileActions::exportChromeFile(const QString& path, QString* error) const {
    const RunModel& run = window_->session()->run();
    return writeText(path, error, [&](std::ostream& out) { ChromeTraceWriter::write(out, run); });
}

bool FileActions::exportCsvFile(const QString& path, QString* error) const {
    const RunModel& run = window_->session()->run();
    const QString metrics = QFile::decodeName(CsvWriter::metricsPathFor(local(path)).c_str());
    return writeText(path, error, [&](std::ostream& out) { CsvWriter::writeTasks(out, run); }) &&
           writeText(metrics, error, [&](std::ostream& out) { CsvWriter::writeMetrics(out, run); });
}

QSize FileActions::timelineImageSize() const {
    TimelineView* view = window_->timeline();
    const int w = std::max(view->width(), 480);
    const int h = std::max(view->height(), 320);
    return {w, h + TimelineRenderer::legendHeight(*view, w, true)};
}

bool FileActions::exportPngFile(const QString& path, QSize size, QString* error) const {
    if (TimelineRenderer::savePng(*window_->timeline(), size.isValid() ? size : timelineImageSize(), path))
        return true;
    if (error) *error = tr("Could not write %1").arg(path);
    return false;
}

bool FileActions::exportSvgFile(const QString& path, QSize size, QString* error) const {
    const QString title = QString::fromStdString(window_->session()->scenario().title);
    if (TimelineRenderer::saveSvg(*window_->timeline(), size.isValid() ? size : timelineImageSize(), path, title))
        return true;
    if (error) *error = tr("Could not write %1").arg(path);
    return false;
}

// ---------------------------------------------------------------- recent files

QStringList FileActions::recentFiles() const { return QSettings().value(kRecentKey).toStringList(); }

void FileActions::addRecent(const QString& path) {
    if (path.startsWith(QLatin1Char(':'))) return;  // bundled examples have their own menu
    QStringList list = recentFiles();
    const QString abs = QFileInfo(path).absoluteFilePath();
    list.removeAll(abs);
    list.prepend(abs);
    while (list.size() > kMaxRecent) list.removeLast();
    QSettings().setValue(kRecentKey, list);
}

void FileActions::clearRecent() { QSettings().remove(kRecentKey); }

void FileActions::addRecentMenu(QMenu* file) {
    QMenu* recent = file->addMenu(tr("Open &recent"));
    // Built when shown: another window (or a test) may have changed the list.
    connect(recent, &QMenu::aboutToShow, this, [this, recent] { fillRecentMenu(recent); });
    fillRecentMenu(recent);
}

void FileActions::fillRecentMenu(QMenu* menu) {
    menu->clear();
    const QStringList list = recentFiles();
    for (int i = 0; i < list.size(); ++i) {
        const QString path = list[i];
        const QString label = QStringLiteral("&%1 %2").arg(i + 1 < 10 ? QString::number(i + 1) : QStringLiteral("0"),
                                                           QFileInfo(path).fileName());
        QAction* a = menu->addAction(label, this, [this, path] {
            QString err;
            if (!open(path, &err)) QMessageBox::warning(window_, tr("Coroscope"), err);
        });
        a->setToolTip(path);
        a->setStatusTip(path);
    }
    if (list.isEmpty()) menu->addAction(tr("(none yet)"))->setEnabled(false);
    menu->addSeparator();
    QAction* clear = menu->addAction(tr("&Clear list"), this, [this] { clearRecent(); });
    clear->setEnabled(!list.isEmpty());
}

void FileActions::addExportMenu(QMenu* file) {
    QMenu* ex = file->addMenu(tr("E&xport"));
    ex->addAction(tr("&Chrome trace / Perfetto JSON…"), this, &FileActions::exportChromeDialog);
    ex->addAction(tr("CS&V (tasks and metrics)…"), this, &FileActions::exportCsvDialog);
    ex->addSeparator();
    ex->addAction(tr("Timeline as &PNG…"), this, &FileActions::exportPngDialog);
    ex->addAction(tr("Timeline as &SVG…"), this, &FileActions::exportSvgDialog);
}

// ---------------------------------------------------------------- dialogs

void FileActions::report(bool ok, const QString& error) const {
    if (!ok && !error.isEmpty()) QMessageBox::warning(window_, tr("Coroscope"), error);
}

QString FileActions::askSave(const QString& title, const QString& suggested, const QString& filter) const {
    const QString dir = lastDir();
    const QString start = dir.isEmpty() ? suggested : dir + QLatin1Char('/') + suggested;
    const QString path = QFileDialog::getSaveFileName(window_, title, start, filter);
    if (!path.isEmpty()) rememberDir(path);
    return path;
}

void FileActions::openDialog() {
    const QString path = QFileDialog::getOpenFileName(
        window_, tr("Open scenario or trace"), lastDir(),
        tr("Scenarios, traces and programs (*.json *.jsonl *.ndjson *.py);;Scenarios (*.json);;Traces (*.jsonl *.ndjson);;"
           "Python programs (*.py);;All files (*)"));
    if (path.isEmpty()) return;
    QString err;
    report(open(path, &err), err);
}

void FileActions::importPythonTraceDialog() {
    const QString path = QFileDialog::getOpenFileName(
        window_, tr("Import Python trace (python3 -m coroscope_trace)"), lastDir(),
        tr("Traces (*.jsonl *.ndjson);;All files (*)"));
    if (path.isEmpty()) return;
    QString err;
    if (!window_->openFile(path, &err)) return report(false, err);
    if (!window_->session()->isTrace()) {
        // A scenario was picked after all: it opened as one, say so.
        QMessageBox::information(window_, tr("Coroscope"), tr("%1 is a scenario: it was opened to run.")
                                                             .arg(QFileInfo(path).fileName()));
    }
    addRecent(path);
    rememberDir(path);
}

void FileActions::saveScenarioDialog() {
    QString err;
    if (window_->session()->isTrace()) return report(false, tr("A recorded trace has no scenario to save."));
    const QString path = askSave(tr("Save scenario"), QStringLiteral("scenario.json"), tr("Scenarios (*.json)"));
    if (path.isEmpty()) return;
    const bool ok = saveScenarioFile(path, &err);
    if (ok) addRecent(path);
    report(ok, err);
}

void FileActions::exportChromeDialog() {
    const QString path = askSave(tr("Export Chrome trace / Perfetto JSON"), QStringLiteral("coroscope-trace.json"),
                                 tr("Chrome trace JSON (*.json)"));
    if (path.isEmpty()) return;
    QString err;
    report(exportChromeFile(path, &err), err);
}

void FileActions::exportCsvDialog() {
    const QString path = askSave(tr("Export CSV (the metrics go next to it, as NAME-metrics.csv)"),
                                 QStringLiteral("coroscope-tasks.csv"), tr("CSV (*.csv)"));
    if (path.isEmpty()) return;
    QString err;
    report(exportCsvFile(path, &err), err);
}

void FileActions::exportPngDialog() {
    const QString path = askSave(tr("Export timeline as PNG"), QStringLiteral("coroscope-timeline.png"),
                                 tr("PNG images (*.png)"));
    if (path.isEmpty()) return;
    QString err;
    report(exportPngFile(path, {}, &err), err);
}

void FileActions::exportSvgDialog() {
    const QString path = askSave(tr("Export timeline as SVG"), QStringLiteral("coroscope-timeline.svg"),
                                 tr("SVG images (*.svg)"));
    if (path.isEmpty()) return;
    QString err;
    report(exportSvgFile(path, {}, &err), err);
}

// ---------------------------------------------------------------- drag and drop

bool FileActions::eventFilter(QObject* watched, QEvent* event) {
    if (watched != window_) return QObject::eventFilter(watched, event);
    auto localFile = [](const QMimeData* mime) {
        if (!mime || !mime->hasUrls()) return QString();
        for (const QUrl& url : mime->urls())
            if (url.isLocalFile()) return url.toLocalFile();
        return QString();
    };
    switch (event->type()) {
        case QEvent::DragEnter:
        case QEvent::DragMove: {
            auto* e = static_cast<QDropEvent*>(event);
            if (localFile(e->mimeData()).isEmpty()) return false;
            e->acceptProposedAction();
            return true;
        }
        case QEvent::Drop: {
            auto* e = static_cast<QDropEvent*>(event);
            const QString path = localFile(e->mimeData());
            if (path.isEmpty()) return false;
            e->acceptProposedAction();
            window_->activateWindow();
            QString err;
            report(open(path, &err), err);
            return true;
        }
        default: return QObject::eventFilter(watched, event);
    }
}

}  // namespace cs::ui
