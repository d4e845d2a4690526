#include "panels/code_panel.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextLayout>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

#include "editor/code_edit.h"
#include "i18n/language.h"
#include "live/session.h"
#include "panels/code_line_locator.h"
#include "panels/python_highlighter.h"
#include "timeline/state_palette.h"
#include "timeline/timeline_view.h"
#include "timeline/viewport.h"

namespace cs::ui {

CodePanel::CodePanel(Session* session, QWidget* parent) : QWidget(parent), session_(session) {
    options_.language = Language::current().toStdString();
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(4, 4, 4, 4);
    v->setSpacing(4);
    auto* bar = new QHBoxLayout;
    copy_ = new QToolButton;
    save_ = new QToolButton;
    copy_->setIcon(QIcon::fromTheme(QStringLiteral("edit-copy")));
    save_->setIcon(QIcon::fromTheme(QStringLiteral("document-save-as")));
    for (QToolButton* b : {copy_, save_}) b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    where_ = new QLabel;
    where_->setWordWrap(true);
    where_->setObjectName(QStringLiteral("codeWhere"));
    editCopy_ = new QToolButton;
    editCopy_->setObjectName(QStringLiteral("codeEdit"));
    bar->addWidget(copy_);
    bar->addWidget(save_);
    bar->addWidget(editCopy_);
    bar->addStretch(1);
    v->addLayout(bar);
    edit_ = new CodeEdit;
    edit_->setReadOnly(true);
    edit_->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit_->setObjectName(QStringLiteral("codeText"));
    edit_->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    v->addWidget(edit_, 1);
    v->addWidget(where_);
    const bool dark = PythonHighlighter::darkPalette(palette());
    highlighter_ = new PythonHighlighter(edit_->document(), dark);
    applyFont();

    connect(copy_, &QToolButton::clicked, this, &CodePanel::copyToClipboard);
    connect(save_, &QToolButton::clicked, this, &CodePanel::saveDialog);
    connect(editCopy_, &QToolButton::clicked, this, [this] { emit editRequested(programText()); });
    connect(session_, &Session::restarted, this, &CodePanel::markDirty);
    connect(session_, &Session::limitChanged, this, &CodePanel::markDirty);
    // The task's line moves as the run goes on.
    connect(session_, &Session::advanced, this, [this] {
        if (task_ >= 0 && isVisible()) updateHighlight();
    });
    retranslate();
}

void CodePanel::attachTimeline(TimelineView* timeline, Viewport* viewport) {
    connect(timeline, &TimelineView::taskSelected, this, &CodePanel::setSelectedTask);
    connect(viewport, &Viewport::cursorChanged, this, [this, viewport] { setInspectedTime(viewport->cursor()); });
    task_ = timeline->selectedTask();
    time_ = viewport->cursor();
}

void CodePanel::markDirty() {
    dirty_ = true;
    if (isVisible()) ensureFresh();
}

void CodePanel::showEvent(QShowEvent* e) {
    QWidget::showEvent(e);
    ensureFresh();
}

void CodePanel::ensureFresh() {
    if (dirty_) regenerate();
}

// A program shown (and its lines located) is a scenario's or a trace's with
// its stub's task specs.
static_assert(CodePanel::kMaxShownTasks <= Session::kStubSpecsUpTo);

void CodePanel::regenerate() {
    dirty_ = false;
    if (const Session::RecordedProgram* recorded = session_->recordedProgram()) return showRecorded(*recorded);
    if (session_->isTrace()) return showRecorded(std::nullopt);
    recorded_ = false;
    copy_->setEnabled(true);
    save_->setEnabled(true);
    editCopy_->setEnabled(true);
    const Scenario& s = session_->scenario();
    shownTooLarge_ = session_->taskCount() > kMaxShownTasks;
    // A program of a million tasks is written only when it is saved.
    if (shownTooLarge_)
        program_.reset();
    else
        program_ = pythonProgramWithLines(s, options_);
    // Where the reader is: the first program line in view (the scroll bar
    // counts rows when lines wrap, and the new text wraps anew).
    const bool atTop = edit_->verticalScrollBar()->value() == 0;
    const int topBlock = edit_->cursorForPosition(QPoint(0, 0)).blockNumber();
    if (shownTooLarge_)
        showNote(tr("# The program for %L1 tasks is too long to show here.\n"
                    "# \"Save as .py\" writes it to a file.")
                     .arg(session_->taskCount()));
    else
        showCode(QString::fromStdString(program_->text));
    if (atTop)
        scrollPastHeader();
    else
        scrollToBlock(topBlock);
    highlighted_ = -1;  // force the selection to be redrawn
    updateHighlight();
}

// A traced Python program's trace: its own code (the file beside the trace,
// as it reads now), not a program generated from the trace's stand-in
// scenario, which is not the one that ran; no line is located in it. A
// trace that names no program (an engine run's, one written by hand): a
// note, not a program made from the stand-in, whose tasks have no steps
// ("pass" beside a timeline of tasks that ran for seconds).
void CodePanel::showRecorded(const std::optional<Session::RecordedProgram>& known) {
    recorded_ = true;
    shownTooLarge_ = false;
    program_.reset();
    if (!known) {
        recordedText_.clear();
        for (QToolButton* b : {copy_, save_, editCopy_}) b->setEnabled(false);
        showNote(
            tr("# This trace does not name the program that made it: it holds what its tasks did,\n"
               "# not their code. (A trace of a scenario's run: open the scenario to see its program.)"));
        edit_->verticalScrollBar()->setValue(0);
        highlighted_ = -1;
        updateHighlight();
        return;
    }
    const Session::RecordedProgram& recorded = *known;
    const bool found = !recorded.path.empty();
    recordedText_ = found ? QString::fromStdString(recorded.text) : QString();
    copy_->setEnabled(found);
    save_->setEnabled(found);
    editCopy_->setEnabled(found);
    if (found)
        showCode(recordedText_);
    else
        showNote(tr("# This trace was recorded from %1, which is not beside the trace file:\n"
                    "# the trace holds what its tasks did, not the program's code.\n"
                    "# Put the program next to the trace and open the trace again to see it here.")
                     .arg(QString::fromStdString(recorded.name)));
    edit_->verticalScrollBar()->setValue(0);
    highlighted_ = -1;
    updateHighlight();
}

void CodePanel::showCode(const QString& text) {
    note_ = false;
    applyWrap();
    edit_->setPlainText(text);
}

void CodePanel::showNote(const QString& text) {
    // Words to read, not code: wrapped to the panel (in a side column the
    // note's lines ran on past its edge, read only by scrolling sideways).
    note_ = true;
    applyWrap();
    edit_->setPlainText(text);
}

void CodePanel::applyWrap() {
    // Code keeps its lines, but on a projector, where the highlighted line
    // must show whole; a note always wraps.
    edit_->setLineWrapMode(presentationPx_ > 0 || note_ ? QPlainTextEdit::WidgetWidth : QPlainTextEdit::NoWrap);
}

QString CodePanel::programText() {
    ensureFresh();
    if (recorded_) return recordedText_;
    if (shownTooLarge_) return QString::fromStdString(pythonProgram(session_->scenarioWithSpecs(), options_));
    return program_ ? QString::fromStdString(program_->text) : QString();
}

void CodePanel::setKeepingAnswer(bool keep) {
    if (options_.withoutAnswers == keep) return;
    options_.withoutAnswers = keep;
    markDirty();
}

const CodeLines& CodePanel::lines() {
    ensureFresh();
    static const CodeLines none;
    return program_ ? program_->lines : none;
}

void CodePanel::setSelectedTask(long long task) {
    task_ = task;
    updateHighlight();
}

void CodePanel::setInspectedTime(double t) {
    time_ = t;
    if (task_ >= 0) updateHighlight();
}

QString CodePanel::highlightReason() const { return reason_; }

void CodePanel::updateHighlight() {
    ensureFresh();
    int line = 0;
    QString reason;
    if (program_ && task_ >= 0 && !shownTooLarge_) {
        const CodeLocation loc = CodeLineLocator::locate(program_->lines, session_->scenario(), *session_->model(),
                                                         static_cast<std::size_t>(task_), time_);
        line = loc.line;
        reason = loc.what;
        if (line > 0) reason = tr("Line %1: %2").arg(line).arg(reason);
    }
    if (task_ < 0) reason = tr("Select a task on the timeline to see the line it is at.");
    if (recorded_) {
        const Session::RecordedProgram* recorded = session_->recordedProgram();
        reason = recorded && !recorded->path.empty()
                     ? tr("The program this trace recorded: %1, as the file reads now.")
                           .arg(QString::fromStdString(recorded->path))
                     : QString();
    }
    reason_ = reason;
    where_->setText(reason);
    if (line == highlighted_) return;
    highlighted_ = line;
    QList<QTextEdit::ExtraSelection> sel;
    if (line > 0) {
        const QTextBlock block = edit_->document()->findBlockByNumber(line - 1);
        if (block.isValid()) {
            QTextEdit::ExtraSelection x;
            // The selected task's colour, as on its lane and in the lesson text.
            x.format.setBackground(StatePalette::fromPalette(palette()).taskHighlight);
            x.format.setProperty(QTextFormat::FullWidthSelection, true);
            // Every row of a line that wraps (presentation mode; Chinese
            // comments are longer): a full-width selection lights the row
            // its cursor is on, so one a row.
            const QTextLayout* layout = block.layout();
            const int rows = layout ? std::max(1, layout->lineCount()) : 1;
            for (int r = 0; r < rows; ++r) {
                x.cursor = QTextCursor(block);
                if (layout && r < layout->lineCount())
                    x.cursor.setPosition(block.position() + layout->lineAt(r).textStart());
                sel << x;
            }
            // Keep the line in view without jumping when it already is.
            QTextCursor cur(block);
            edit_->setTextCursor(cur);
            edit_->ensureCursorVisible();
        }
    }
    edit_->setExtraSelections(sel);
}

void CodePanel::copyToClipboard() { QApplication::clipboard()->setText(programText()); }

bool CodePanel::saveTo(const QString& path, QString* error) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (error) *error = f.errorString();
        return false;
    }
    const QByteArray bytes = programText().toUtf8();
    if (f.write(bytes) != bytes.size()) {
        if (error) *error = f.errorString();
        return false;
    }
    return true;
}

void CodePanel::saveDialog() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the Python program"),
                                                      QStringLiteral("coroscope_program.py"),
                                                      tr("Python files (*.py);;All files (*)"));
    if (path.isEmpty()) return;
    QString err;
    if (!saveTo(path, &err)) QMessageBox::warning(this, tr("Coroscope"), tr("Could not save %1: %2").arg(path, err));
}

void CodePanel::retranslate() {
    // The program's code stays as it is; its comments follow the language
    // (ProgramOptions::language, set in changeEvent), the tool texts too.
    copy_->setText(tr("Copy"));
    copy_->setToolTip(tr("Copy the whole program to the clipboard"));
    editCopy_->setText(tr("Edit"));
    editCopy_->setToolTip(tr("Edit a copy of this program and run it in CPython on the virtual clock"));
    save_->setText(tr("Save as .py…"));
    save_->setToolTip(tr("Save the program: python3 program.py runs it; --trace OUT records Coroscope's trace"));
    if (!dirty_)
        updateHighlight();
    else
        where_->setText(tr("Select a task on the timeline to see the line it is at."));
}

QFont CodePanel::codeFont() const { return edit_->font(); }

void CodePanel::setPresentationFont(double px) {
    if (px == presentationPx_) return;
    presentationPx_ = px;
    // Wrapped on a projector: the highlighted line must show whole.
    applyWrap();
    applyFont();
    scrollPastHeader();
}

void CodePanel::scrollPastHeader() {
    if (presentationPx_ <= 0 || edit_->verticalScrollBar()->value() != 0) return;
    for (QTextBlock b = edit_->document()->begin(); b.isValid(); b = b.next()) {
        const QString line = b.text().trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) continue;
        scrollToBlock(b.blockNumber());
        return;
    }
}

void CodePanel::scrollToBlock(int number) {
    const QTextBlock b = edit_->document()->findBlockByNumber(number);
    if (!b.isValid()) return;
    // That block at the top: the view's end first, then back to it.
    QTextCursor end(edit_->document());
    end.movePosition(QTextCursor::End);
    edit_->setTextCursor(end);
    edit_->ensureCursorVisible();
    edit_->setTextCursor(QTextCursor(b));
    edit_->ensureCursorVisible();
}

void CodePanel::applyFont() {
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (presentationPx_ > 0)
        mono.setPixelSize(static_cast<int>(std::ceil(presentationPx_)));
    else
        mono.setPointSizeF(QApplication::font().pointSizeF() * 0.95);
    edit_->setFont(mono);
}

void CodePanel::changeEvent(QEvent* e) {
    if (e->type() == QEvent::LanguageChange) {
        // The comments of the program shown, Copy, Save and Edit: in the new
        // language (the app rebuilds its window on a switch; this keeps a
        // panel that lives on right too).
        const std::string language = Language::current().toStdString();
        if (options_.language != language) {
            options_.language = language;
            markDirty();
        }
        retranslate();
    } else if (e->type() == QEvent::FontChange) {
        applyFont();  // presentation mode grows the application font
    } else if (e->type() == QEvent::PaletteChange) {
        highlighter_->setDark(PythonHighlighter::darkPalette(palette()));
    }
    QWidget::changeEvent(e);
}

}  // namespace cs::ui
