#include "editor/program_editor.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QRegularExpression>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStandardPaths>
#include <QTextBlock>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <signal.h>
#include <sys/types.h>
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>

#include "editor/code_edit.h"
#include "editor/runner_words.h"
#include "i18n/language.h"
#include "panels/python_highlighter.h"
#include "panels/warning_detector.h"
#include "pyrun/python_version.h"
#include "pyrun/runner_command.h"
#include "pyrun/runner_report.h"

namespace cs::ui {

namespace {
QStringList toQt(const std::vector<std::string>& v) {
    QStringList out;
    for (const std::string& s : v) out << QString::fromStdString(s);
    return out;
}
}  // namespace

ProgramEditor::ProgramEditor(Loader loader, QWidget* parent) : QWidget(parent), loader_(std::move(loader)) {
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(4, 4, 4, 4);
    auto* bar = new QHBoxLayout;
    const auto button = [&](QToolButton*& b, const QString& objectName) {
        b = new QToolButton;
        b->setObjectName(objectName);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        bar->addWidget(b);
    };
    button(run_, QStringLiteral("editorRun"));
    button(stop_, QStringLiteral("editorStop"));
    button(open_, QStringLiteral("editorOpen"));
    button(save_, QStringLiteral("editorSave"));
    button(signal_, QStringLiteral("editorSignal"));
    bar->addStretch(1);
    button(back_, QStringLiteral("editorBack"));
    v->addLayout(bar);
    status_ = new QLabel;
    status_->setObjectName(QStringLiteral("editorStatus"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(status_);

    auto* split = new QSplitter(Qt::Vertical);
    edit_ = new CodeEdit;
    edit_->setObjectName(QStringLiteral("editorCode"));
    edit_->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit_->setTabStopDistance(4 * QFontMetricsF(QFontDatabase::systemFont(QFontDatabase::FixedFont)).horizontalAdvance(QLatin1Char(' ')));
    highlighter_ = new PythonHighlighter(edit_->document());
    output_ = new QPlainTextEdit;
    output_->setObjectName(QStringLiteral("editorOutput"));
    output_->setReadOnly(true);
    split->addWidget(edit_);
    split->addWidget(output_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    v->addWidget(split, 1);
    setPresentationFont(0.0);

    stop_->setEnabled(false);
    connect(run_, &QToolButton::clicked, this, &ProgramEditor::run);
    connect(stop_, &QToolButton::clicked, this, &ProgramEditor::stop);
    connect(open_, &QToolButton::clicked, this, &ProgramEditor::openDialog);
    connect(save_, &QToolButton::clicked, this, &ProgramEditor::saveDialog);
    connect(signal_, &QToolButton::clicked, this, [this] { sendSignalDialog(); });
    connect(back_, &QToolButton::clicked, this, &ProgramEditor::backRequested);
    auto* runKey = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    runKey->setContext(Qt::WidgetWithChildrenShortcut);
    connect(runKey, &QShortcut::activated, this, &ProgramEditor::run);
    connect(&process_, &QProcess::finished, this, &ProgramEditor::onFinished);
    poll_ = new QTimer(this);
    poll_->setSingleShot(true);
    connect(poll_, &QTimer::timeout, this, &ProgramEditor::showSoFar);
    connect(&process_, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart) return;
        showProblem(tr("Cannot start %1: %2").arg(python_, process_.errorString()), 0);
        run_->setEnabled(true);
        stop_->setEnabled(false);
        emit finished(false);
    });
    retranslate();
}

ProgramEditor::~ProgramEditor() {
    // Never leave a runner behind: its whole group, at once.
    if (isRunning()) {
        ::kill(-static_cast<pid_t>(process_.processId()), SIGKILL);
        process_.kill();
        process_.waitForFinished(2000);
    }
}

void ProgramEditor::retranslate() {
    run_->setText(tr("Run"));
    run_->setToolTip(tr("Run the program on the virtual clock (Ctrl+Enter)"));
    stop_->setText(tr("Stop"));
    open_->setText(tr("Open…"));
    save_->setText(tr("Save…"));
    signal_->setText(tr("Signal…"));
    signal_->setToolTip(tr("Send the program Ctrl-C (SIGINT), SIGTERM, … at a virtual time: saved with the "
                           "program as a '# coroscope: signal' comment line"));
    back_->setText(tr("Generated code"));
    back_->setToolTip(tr("Back to the program the scenario on screen denotes"));
    if (status_->text().isEmpty() || problem_.isEmpty())
        status_->setText(interpreter_.isEmpty()
                             ? tr("Your program runs in CPython 3.11 on the virtual clock, with your rights, as "
                                  "python3 would run it.")
                             : interpreter_);
}

void ProgramEditor::changeEvent(QEvent* e) {
    if (e->type() == QEvent::LanguageChange) retranslate();
    if (e->type() == QEvent::PaletteChange) highlighter_->setDark(PythonHighlighter::darkPalette(palette()));
    QWidget::changeEvent(e);
}

void ProgramEditor::setPresentationFont(double px) {
    presentationPx_ = px;
    // Wrapped on a projector, as the code panel's program: no line runs off the dock's edge.
    edit_->setLineWrapMode(px > 0 ? QPlainTextEdit::WidgetWidth : QPlainTextEdit::NoWrap);
    QFont f = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (px > 0) f.setPixelSize(static_cast<int>(px));
    edit_->setFont(f);
    output_->setFont(f);
}

void ProgramEditor::setProgram(const QString& text) {
    edit_->setPlainText(text);
    markLine(0);
}

QString ProgramEditor::program() const { return edit_->toPlainText(); }

QString ProgramEditor::output() const { return output_->toPlainText(); }

bool ProgramEditor::openFile(const QString& path, QString* error) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error) *error = tr("Cannot read %1: %2").arg(path, f.errorString());
        return false;
    }
    setProgram(QString::fromUtf8(f.readAll()));
    name_ = QFileInfo(path).fileName();
    path_ = QFileInfo(path).absoluteFilePath();
    return true;
}

bool ProgramEditor::saveTo(const QString& path, QString* error) {
    QFile f(path);
    const QByteArray bytes = program().toUtf8();
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size() || !f.flush()) {
        if (error) *error = tr("Cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

void ProgramEditor::openDialog() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a Python program"), QString(),
                                                      tr("Python programs (*.py);;All files (*)"));
    if (path.isEmpty()) return;
    QString why;
    if (!openFile(path, &why)) showProblem(why, 0);
}

void ProgramEditor::saveDialog() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the program"), QStringLiteral("program.py"),
                                                      tr("Python programs (*.py)"));
    if (path.isEmpty()) return;
    QString why;
    if (!saveTo(path, &why)) {
        showProblem(why, 0);
        return;
    }
    name_ = QFileInfo(path).fileName();
    path_ = QFileInfo(path).absoluteFilePath();
}

namespace {
// The runner's comment form (coroscope_trace/runner.py: _SIGNAL_COMMENT).
const QString kSignalComment = QStringLiteral("# coroscope: signal ");

QString signalLine(const QString& name, double t) {
    return kSignalComment + name + QStringLiteral(" at ") + QString::number(t, 'g', 12);
}
}  // namespace

QList<ProgramEditor::SignalAt> ProgramEditor::savedSignals() const {
    static const QRegularExpression form(QStringLiteral("^\\s*# coroscope: signal\\s+(\\S+)\\s+at\\s+(\\S+)\\s*$"));
    QList<SignalAt> out;
    for (const QString& line : program().split(QLatin1Char('\n'))) {
        const QRegularExpressionMatch m = form.match(line);
        bool ok = false;
        const double t = m.hasMatch() ? m.captured(2).toDouble(&ok) : 0.0;
        if (ok) out.push_back({m.captured(1), t});
    }
    return out;
}

void ProgramEditor::addSignal(const QString& name, double t) {
    const QString line = signalLine(name, t);
    QStringList lines = program().split(QLatin1Char('\n'));
    if (lines.contains(line)) return;
    // At the top, after a #! line and an encoding comment if there are any.
    int at = 0;
    while (at < lines.size() && at < 2 &&
           (lines[at].startsWith(QStringLiteral("#!")) || lines[at].contains(QStringLiteral("coding")) ||
            lines[at].startsWith(kSignalComment)))
        ++at;
    while (at < lines.size() && lines[at].startsWith(kSignalComment)) ++at;
    lines.insert(at, line);
    // Kept as one undoable edit.
    QTextCursor c(edit_->document());
    c.select(QTextCursor::Document);
    c.insertText(lines.join(QLatin1Char('\n')));
}

QString ProgramEditor::withSignalsNote(const QString& status) const {
    QStringList sent;
    for (const SignalAt& s : savedSignals()) sent << tr("%1 at %2 s").arg(s.name).arg(s.t);
    return sent.isEmpty() ? status
                          : Language::sentences(status, tr("Signals sent: %1.").arg(sent.join(QStringLiteral(", "))));
}

void ProgramEditor::sendSignalDialog(double at) {
    QDialog d(this);
    d.setWindowTitle(tr("Send a signal"));
    auto* form = new QFormLayout(&d);
    auto* which = new QComboBox;
    which->addItem(tr("Ctrl-C (SIGINT)"), QStringLiteral("SIGINT"));
    which->addItem(tr("SIGTERM (a service manager's stop)"), QStringLiteral("SIGTERM"));
    which->addItem(QStringLiteral("SIGHUP"), QStringLiteral("SIGHUP"));
    which->addItem(QStringLiteral("SIGUSR1"), QStringLiteral("SIGUSR1"));
    which->addItem(QStringLiteral("SIGUSR2"), QStringLiteral("SIGUSR2"));
    auto* when = new QDoubleSpinBox;
    when->setDecimals(3);
    when->setRange(0.0, 1e9);
    when->setSuffix(tr(" s"));
    when->setValue(at >= 0 ? at : 0.0);
    form->addRow(tr("Signal:"), which);
    form->addRow(tr("At virtual time:"), when);
    auto* note = new QLabel(tr("Saved with the program as a comment line the runner reads; delete the line to "
                               "stop sending it. The program's handlers (loop.add_signal_handler, signal.signal) "
                               "get it at that time; without one, SIGINT raises KeyboardInterrupt and SIGTERM ends "
                               "the program."));
    note->setWordWrap(true);
    form->addRow(note);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Send and run"));
    connect(buttons, &QDialogButtonBox::accepted, &d, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &d, &QDialog::reject);
    form->addRow(buttons);
    if (d.exec() != QDialog::Accepted) return;
    addSignal(which->currentData().toString(), when->value());
    run();
}

bool ProgramEditor::probe(QString* why) {
    if (!interpreter_.isEmpty()) return true;
    python_ = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python_.isEmpty()) {
        *why = tr("No python3 on PATH: programs run in CPython 3.11.");
        return false;
    }
    QProcess p;
    p.start(python_, toQt(RunnerCommand::probeArguments()));
    std::string version, executable;
    if (!p.waitForFinished(10000) || p.exitCode() != 0 ||
        !RunnerCommand::parseProbe(p.readAllStandardOutput().toStdString(), version, executable)) {
        *why = tr("%1 is not a working Python interpreter.").arg(python_);
        return false;
    }
    if (const std::string no = PythonVersion::refusal(version, executable); !no.empty()) {
        *why = QString::fromStdString(no);
        return false;
    }
    interpreter_ = QString::fromStdString(PythonVersion::describe(version, executable));
    return true;
}

void ProgramEditor::run() {
    if (isRunning()) return;
    QString why;
    if (!dir_.isValid()) {
        showProblem(tr("Cannot make a temporary folder for the run."), 0);
        return;
    }
    if (!probe(&why)) {
        showProblem(why, 0);
        return;
    }
    // The copy keeps the program's file name, so that tracebacks, warnings
    // and the error line name it as the user does ("oops.py:6").
    const QString base = QFileInfo(name_).fileName();
    const QString programPath =
        dir_.filePath(base.endsWith(QStringLiteral(".py")) && base.size() > 3 ? base : QStringLiteral("program.py"));
    const QString tracePath = dir_.filePath(QStringLiteral("trace.jsonl"));
    if (!saveTo(programPath, &why)) {
        showProblem(why, 0);
        return;
    }
    QFile::remove(tracePath);
    const std::string parent = RunnerCommand::packageParent(QCoreApplication::applicationDirPath().toStdString(),
                                                            COROSCOPE_PYTHON_SOURCE_DIR);
    if (parent.empty()) {
        showProblem(tr("The runner (coroscope_trace) is not installed beside the app."), 0);
        return;
    }
    RunnerRequest request;
    request.program = programPath.toStdString();
    request.traceOut = tracePath.toStdString();
    // A program opened from (or saved to) a file runs as that file, from
    // its folder, as `python3 prog.py` there would: its __file__, sys.path[0]
    // and the files beside it are its own; the code is the editor's (edits
    // need not be saved first), from the copy.
    const QFileInfo own(path_);
    const bool asOwn = !path_.isEmpty() && own.isFile();
    if (asOwn) {
        request.program = own.absoluteFilePath().toStdString();
        request.source = programPath.toStdString();
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PYTHONPATH"),
               QString::fromStdString(RunnerCommand::pythonPath(parent, std::getenv("PYTHONPATH"))));
    process_.setProcessEnvironment(env);
    process_.setWorkingDirectory(asOwn ? own.absolutePath() : dir_.path());
    process_.setProgram(python_);
    process_.setArguments(toQt(RunnerCommand::arguments(request)));
    problem_.clear();
    errorLine_ = 0;
    markLine(0);
    output_->clear();
    stopping_ = false;
    status_->setText(withSignalsNote(tr("Running in %1…").arg(interpreter_)));
    run_->setEnabled(false);
    stop_->setEnabled(true);
    QFile::remove(dir_.filePath(QStringLiteral("live.jsonl")));
    streamed_ = shownBytes_ = 0;
    process_.start();
    poll_->start(kPollMs);
}

void ProgramEditor::stop() {
    if (!isRunning() || stopping_) return;
    stopping_ = true;
    // The runner leads its own process group: ask it to stop (it records
    // where), then end the group if it does not.
    const auto pid = static_cast<pid_t>(process_.processId());
    if (::kill(-pid, SIGTERM) != 0) process_.terminate();
    QTimer::singleShot(2000, this, [this, pid] {
        if (!isRunning()) return;
        ::kill(-pid, SIGKILL);
        process_.kill();
    });
}

void ProgramEditor::showSoFar() {
    if (!isRunning() || stopping_) return;
    // Whole lines only: the runner writes batches of lines, a read may fall inside one.
    QFile trace(dir_.filePath(QStringLiteral("trace.jsonl")));
    if (trace.open(QIODevice::ReadOnly) && trace.size() > streamed_ && trace.seek(streamed_)) {
        const QByteArray more = trace.read(trace.size() - streamed_);
        const qsizetype whole = more.lastIndexOf('\n') + 1;
        QFile live(dir_.filePath(QStringLiteral("live.jsonl")));
        if (whole > 0 && live.open(QIODevice::WriteOnly | QIODevice::Append) &&
            live.write(more.constData(), whole) == whole)
            streamed_ += whole;
    }
    int next = kPollMs;
    if (streamed_ > shownBytes_ && loader_) {
        QElapsedTimer took;
        took.start();
        QString why;
        if (loader_(dir_.filePath(QStringLiteral("live.jsonl")), tr("%1 (running)").arg(name_),
                    tr("Your program is running on the virtual clock: this is what it did so far; the whole run "
                       "is shown when it ends."),
                    &why, true)) {
            shownBytes_ = streamed_;
            emit progressShown(streamed_);
        }
        next = std::max<int>(kPollMs, static_cast<int>(4 * took.elapsed()));
    }
    poll_->start(next);
}

void ProgramEditor::onFinished() {
    poll_->stop();
    run_->setEnabled(true);
    stop_->setEnabled(false);
    const QString tracePath = dir_.filePath(QStringLiteral("trace.jsonl"));
    RunnerReport report;
    {
        std::ifstream in(tracePath.toStdString(), std::ios::binary);
        std::string line;
        while (std::getline(in, line)) report.addLine(line);
    }
    // (On a crash QProcess's exit code is the signal that killed it.)
    if (process_.exitStatus() == QProcess::CrashExit)
        report.processEnded(-1, process_.exitCode());
    else
        report.processEnded(process_.exitCode(), 0);
    QString out;
    for (const RunnerOutput& o : report.outputs()) out += QString::fromStdString(o.text);
    for (const RunnerWarning& w : report.warnings()) {
        const std::string where = w.place.text();
        const QString place = where.empty() ? QString() : QString::fromStdString(where) + QStringLiteral(": ");
        // What Python itself prints (its warnings, asyncio's logs) reads as
        // Python prints it; what only the runner says (a deadlock it ended,
        // a tie of the virtual clock, a call it refused, a Queue it draws
        // as a pool) is signed, not passed off as the program's output.
        const bool runnersOwn =
            w.kind == "deadlock" || w.kind == "thread_deadlock" || isClockTie(w.kind) || isPictureNote(w.kind) ||
            isVirtualClockNote(w.kind) || w.kind == "refused";
        // (Worded in the app's language, as the Warnings panel words them.)
        out += (runnersOwn ? tr("coroscope: %1%2\n") : tr("warning: %1%2\n")).arg(place, programNoteText(w));
    }
    output_->setPlainText(out);
    if (!report.hasMeta()) {
        // The runner refused before the program ran: its own first line.
        // (A traceback's own first line says nothing: its last one, the exception, does.)
        const QStringList err = QString::fromUtf8(process_.readAllStandardError()).split(QLatin1Char('\n'),
                                                                                          Qt::SkipEmptyParts);
        QString why = err.isEmpty() ? QString()
                      : err.first().startsWith(QStringLiteral("Traceback")) ? err.last().trimmed()
                                                                             : err.first();
        why.remove(QStringLiteral("coroscope_trace: error: "));
        if (why.isEmpty())
            why = stopping_ ? tr("Stopped before the program began.")
                            : tr("The runner ended with status %1.").arg(process_.exitCode());
        showProblem(why, 0);
        emit finished(false);
        return;
    }
    int line = 0;
    if (report.error()) line = static_cast<int>(report.error()->place.line);
    if (report.stopped()) line = static_cast<int>(report.stopped()->place.line);
    const QString problem = RunnerWords::problem(report);
    if (!problem.isEmpty()) showProblem(problem, line);
    else status_->setText(withSignalsNote(tr("Ran in %1.").arg(interpreter_)));
    // A program that does not compile never ran: nothing to show.
    if (report.error() && report.error()->exc == "SyntaxError") {
        emit finished(false);
        return;
    }
    QString why;
    const bool shown =
        loader_ && loader_(tracePath, name_,
                           report.cpus() > 0
                               // os.cpu_count() is the runner's (--cpus): a default thread pool's size follows it.
                               ? tr("Your program, run by %1 on the virtual clock with os.cpu_count() = %2 (the "
                                    "same trace on every run). Play replays it from the start; edit it and Run again.")
                                     .arg(interpreter_)
                                     .arg(report.cpus())
                               : tr("Your program, run by %1 on the virtual clock (the same trace on every run). "
                                    "Play replays it from the start; edit it and Run again.")
                                     .arg(interpreter_),
                           &why, false);
    if (!shown && !why.isEmpty() && problem.isEmpty()) showProblem(why, 0);
    emit finished(shown);
}

void ProgramEditor::showProblem(const QString& text, int line) {
    problem_ = text;
    errorLine_ = line;
    status_->setText(text);
    QPalette p = status_->palette();
    p.setColor(QPalette::WindowText, QColor(0xD5, 0x5E, 0x00));  // the palette's "failed" vermillion
    status_->setPalette(p);
    markLine(line);
}

void ProgramEditor::showLine(int line) {
    QColor c = palette().color(QPalette::Highlight);
    c.setAlpha(70);
    markLine(line, c);
}

void ProgramEditor::markLine(int line) { markLine(line, QColor(0xD5, 0x5E, 0x00, 60)); }

void ProgramEditor::markLine(int line, const QColor& colour) {
    if (line <= 0) {
        edit_->setExtraSelections({});
        if (problem_.isEmpty()) status_->setPalette(QPalette());
        return;
    }
    const QTextBlock block = edit_->document()->findBlockByNumber(line - 1);
    if (!block.isValid()) return;
    QTextEdit::ExtraSelection sel;
    sel.format.setBackground(colour);
    sel.format.setProperty(QTextFormat::FullWidthSelection, true);
    sel.cursor = QTextCursor(block);
    edit_->setExtraSelections({sel});
    QTextCursor c(block);
    edit_->setTextCursor(c);
    edit_->centerCursor();
}

}  // namespace cs::ui
