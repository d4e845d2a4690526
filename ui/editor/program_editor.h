#pragma once
// The program editor: the student's own Python 3.11 asyncio program, typed
// or pasted (or a copy of the generated one), run by the real CPython
// interpreter on the virtual clock (resources/python/coroscope_trace's
// runner, one process per run), and shown like any run: its trace goes to
// the window through the loader given here (the timeline, every panel, the
// code's line-follow), every kPollMs while it runs (what it streamed so far,
// a stopped run keeps it) and whole at the end; its warnings go to the
// Warnings panel through the trace (RunConfig::programWarnings). Signals to
// send at virtual times are saved in the program as comment lines (Run >
// Send a signal). What the runner says beside the events (print output,
// warnings, an exception or a SyntaxError with its line, a stop at a budget)
// is shown under the code; the line at fault is marked in the code.
//
// The interpreter is the python3 first on PATH, probed and named before the
// first run (PythonVersion: 3.11.7, Debian's 3.11.2, another 3.11 labelled
// untested, anything else refused). It runs with the user's rights, as
// `python3 program.py` would. The app never waits on it: the process runs
// beside the event loop, Stop ends its whole process group.
#include <QProcess>
#include <QTemporaryDir>
#include <QWidget>
#include <functional>

class QColor;
class QTimer;
class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace cs::ui {

class PythonHighlighter;

class ProgramEditor : public QWidget {
    Q_OBJECT
public:
    // Shows a run's trace file (the window's trace loader) under a title and
    // a description for the header, `running` while the program still
    // writes it; false and a message when it cannot.
    using Loader = std::function<bool(const QString& tracePath, const QString& title, const QString& description,
                                      QString* error, bool running)>;

    static constexpr int kPollMs = 300;

    explicit ProgramEditor(Loader loader, QWidget* parent = nullptr);
    ~ProgramEditor() override;

    void setProgram(const QString& text);
    QString program() const;
    // The file name the program goes by ("program.py" until opened or saved).
    QString fileName() const { return name_; }
    // A program with no file of its own (the generated code): named, run
    // from a copy in a folder of the app's.
    void setFileName(const QString& name) {
        name_ = name;
        path_.clear();
    }
    // The file the program was opened from or saved to last ("": none).
    QString filePath() const { return path_; }
    bool openFile(const QString& path, QString* error = nullptr);
    bool saveTo(const QString& path, QString* error = nullptr);

    bool isRunning() const { return process_.state() != QProcess::NotRunning; }
    // "Python 3.11.7 (/usr/bin/python3)" once probed, else "".
    QString interpreter() const { return interpreter_; }
    // The last run: the line at fault (1-based, 0: none), the one-line
    // problem ("" when it ran to its end), what it printed.
    int errorLine() const { return errorLine_; }
    QString problem() const { return problem_; }
    QString output() const;
    // Shows the program's line (1-based) a warning concerns: scrolled to,
    // highlighted (not as an error).
    void showLine(int line);
    // Presentation mode: the code at this many logical pixels (0: normal).
    void setPresentationFont(double px);

    // Signals saved with the program: "# coroscope: signal SIGINT at 2.5"
    // comment lines, which the runner reads and delivers at those virtual
    // times (runner.py: signal_comments). addSignal writes one at the top
    // (replacing one for the same signal and time); savedSignals() reads them.
    struct SignalAt {
        QString name;  // "SIGINT"
        double t = 0.0;
    };
    void addSignal(const QString& name, double t);
    QList<SignalAt> savedSignals() const;

public slots:
    void run();
    void stop();
    // Asks which signal to send at which virtual time (default `at`),
    // saves it with the program and runs it.
    void sendSignalDialog(double at = 1.0);

signals:
    // While a run goes on: what it streamed so far was shown (a partial run).
    void progressShown(qint64 bytes);
    // A run ended: shown (its trace loaded) or not.
    void finished(bool shown);
    // The user asked for the generated program back.
    void backRequested();

protected:
    void changeEvent(QEvent* e) override;

private:
    void onFinished();
    // While the program runs: what it has streamed so far, shown as a
    // partial run (whole lines only), at most every kPollMs or, for a big
    // trace, less often than its load takes (so showing never starves the app).
    void showSoFar();
    bool probe(QString* why);
    void showProblem(const QString& text, int line);
    void markLine(int line, const QColor& colour);
    void markLine(int line);
    void retranslate();
    // `status` and, when signals were sent, which and when.
    QString withSignalsNote(const QString& status) const;
    void openDialog();
    void saveDialog();

    Loader loader_;
    QPlainTextEdit* edit_;
    QPlainTextEdit* output_;
    PythonHighlighter* highlighter_;
    QToolButton* run_;
    QToolButton* stop_;
    QToolButton* open_;
    QToolButton* save_;
    QToolButton* signal_;
    QToolButton* back_;
    QLabel* status_;
    QProcess process_;
    QTimer* poll_;
    qint64 streamed_ = 0;  // bytes of trace.jsonl copied (whole lines) to live.jsonl
    qint64 shownBytes_ = 0;
    QTemporaryDir dir_;
    QString python_;       // the interpreter's path
    QString interpreter_;  // its description
    QString problem_;
    QString name_ = QStringLiteral("program.py");  // the file opened or saved last: the run's title
    QString path_;                                  // that file's absolute path ("": none)
    int errorLine_ = 0;
    bool stopping_ = false;
    double presentationPx_ = 0.0;
};

}  // namespace cs::ui
