#pragma once
// The app's files in and out, behind the File menu: open a scenario or a
// trace (JSON lines, including a traced Python program's, shown read-only),
// recent files, drag and drop onto the window, save the session's scenario
// (live resizes included, as limit.schedule) and export what the timeline
// shows: Chrome/Perfetto JSON, CSV (tasks + metric series), PNG and SVG of
// the timeline as zoomed. The dialogs are thin; the *File functions do the
// work and are what tests call.
#include <QObject>
#include <QSize>
#include <QString>
#include <QStringList>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include "live/session.h"
#include "pyrun/runner_report.h"

class QMenu;

namespace cs::ui {

class MainWindow;

class FileActions : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxRecent = 10;

    explicit FileActions(MainWindow* window);

    // Menu entries (File menu): Open recent, Export.
    void addRecentMenu(QMenu* file);
    void addExportMenu(QMenu* file);

    // A trace rather than a scenario: *.jsonl / *.ndjson, or a first line
    // that is an event object (works on ":/" resources too).
    static bool isTraceFile(const QString& path);
    // The file of the Python program a trace recorded (its meta line's
    // "program", as its runner named it: relative to where it ran), looked
    // for beside the trace at `tracePath`: that path when absolute, else in
    // the trace's folder, else its file name there. "" when none is a file.
    static QString recordedProgramPath(const QString& program, const QString& tracePath);
    // The most of a recorded program's file the Code panel shows.
    static constexpr qint64 kMaxProgramBytes = qint64{1} << 20;

    // Opens a scenario or a trace (by content) and remembers it as recent.
    bool open(const QString& path, QString* error = nullptr);
    // Shows a trace read-only on the timeline (MainWindow::openFile comes
    // here for traces).
    bool openTrace(const QString& path, QString* error = nullptr);
    // The same for a run the app made itself (the program editor's): the
    // header says `title` and `description` instead of the file's name and
    // "recorded trace". `running`: the program is still writing it (the
    // header does not call it a partial run; the description says so).
    bool openTrace(const QString& path, const QString& title, const QString& description, QString* error,
                   bool running = false);
    // A run on show holding at least this many bytes (its events and run
    // model) is let go before a trace file is read over it, once the file
    // is known to be good (openTrace reads it twice then).
    static constexpr std::size_t kCheckFirstBytes = std::size_t{32} << 20;
    void setCheckFirstBytes(std::size_t bytes) { checkFirstBytes_ = bytes; }  // (tests)

    bool saveScenarioFile(const QString& path, QString* error = nullptr) const;
    // Save trace: a recorded trace on show is saved as its file's own bytes
    // (its names, meta line, warnings and stop words kept, which the events
    // alone do not hold); a scenario's run as its events (JsonlWriter).
    bool saveTraceFile(const QString& path, QString* error = nullptr) const;
    bool exportChromeFile(const QString& path, QString* error = nullptr) const;
    // Tasks to `path`, the metric series next to it (CsvWriter::metricsPathFor).
    bool exportCsvFile(const QString& path, QString* error = nullptr) const;
    // The timeline as currently zoomed, at its on-screen size unless given.
    bool exportPngFile(const QString& path, QSize size = {}, QString* error = nullptr) const;
    bool exportSvgFile(const QString& path, QSize size = {}, QString* error = nullptr) const;

    // The trace file on show ("" when the session runs a scenario).
    QString currentTracePath() const;
    // A window rebuilt for another language over the same document: takes
    // `other`'s trace (nothing is read again) and titles it in this one's.
    void adoptTrace(const FileActions& other);

    QSize timelineImageSize() const;

    QStringList recentFiles() const;
    void addRecent(const QString& path);
    void clearRecent();

public slots:
    void openDialog();
    void importPythonTraceDialog();
    void saveScenarioDialog();
    void exportChromeDialog();
    void exportCsvDialog();
    void exportPngDialog();
    void exportSvgDialog();

protected:
    // Drag and drop of files onto the main window.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    // What the Session keeps of a traced program (Session::RecordedProgram): none for a trace whose meta line
    // names no program.
    static std::optional<Session::RecordedProgram> recordedProgramOf(const std::string& program,
                                                                    const QString& tracePath);
    QString askSave(const QString& title, const QString& suggested, const QString& filter) const;
    void report(bool ok, const QString& error) const;
    void fillRecentMenu(QMenu* menu);

    // The header's title and description of the trace on show, in this
    // window's language.
    std::pair<QString, QString> traceTexts() const;

    MainWindow* window_;
    QString tracePath_;
    std::size_t checkFirstBytes_ = kCheckFirstBytes;
    struct Shown {
        QString name;         // the file's name or the run's title
        QString description;  // "" for the usual "recorded trace" text
        bool partial = false; // a finished read without an end line
        std::size_t cutLine = 0;  // partial: the last line, cut off in its middle and left out
        std::optional<cs::RunnerStop> stop;  // partial: the runner's "stopped" line
        bool realClock = false;              // timed by a real clock (the real-time tracer)
        QString python;                      // the Python that ran it, when the trace says
    } shown_;
};

}  // namespace cs::ui
