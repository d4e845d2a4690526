#pragma once
// The Code panel: the runnable Python 3.11 program the current scenario and
// settings denote (codegen/python_program.h), syntax-highlighted, with Copy
// and Save as .py. It follows the session: a new limit, collector or
// workload regenerates it. Its comments follow the interface language
// (ProgramOptions::language; Copy, Save and Edit take them too). Selecting
// a task on the timeline highlights the line that task is at, at the
// inspected instant (CodeLineLocator). A traced Python program's trace
// shows that program's own code instead (read from its file beside the
// trace: Session::recordedProgram), no line located.
#include <QWidget>
#include <optional>

#include "codegen/python_program.h"
#include "live/session.h"

class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace cs::ui {

class PythonHighlighter;
class Session;
class TimelineView;
class Viewport;

class CodePanel : public QWidget {
    Q_OBJECT
public:
    // Programs of more tasks than this are not shown (Save still writes them).
    static constexpr std::size_t kMaxShownTasks = 20000;

    explicit CodePanel(Session* session, QWidget* parent = nullptr);

    // Follow a timeline's selected task and a viewport's cursor.
    void attachTimeline(TimelineView* timeline, Viewport* viewport);

    // Regenerate now (otherwise done lazily when the panel is shown).
    void regenerate();
    QString programText();
    const CodeLines& lines();
    void setSelectedTask(long long task);
    void setInspectedTime(double t);
    // The highlighted line (1-based, 0 = none) and what it means.
    int highlightedLine() const { return highlighted_; }
    QString highlightReason() const;
    bool saveTo(const QString& path, QString* error = nullptr);
    // Presentation mode: the code at this many logical pixels, long lines
    // wrapped (0: the application font's size, no wrapping).
    void setPresentationFont(double px);
    QFont codeFont() const;
    void copyToClipboard();
    // While a lesson's question waits for its answer: the comments that tell
    // what comes of a line are left out (ProgramOptions::withoutAnswers).
    void setKeepingAnswer(bool keep);
    bool keepingAnswer() const { return options_.withoutAnswers; }

signals:
    // Edit a copy of the program shown (the program editor takes it).
    void editRequested(const QString& program);

protected:
    void showEvent(QShowEvent* e) override;
    void changeEvent(QEvent* e) override;

private:
    void markDirty();
    void ensureFresh();
    void showRecorded(const std::optional<Session::RecordedProgram>& known);
    void updateHighlight();
    void retranslate();
    void saveDialog();
    void applyFont();
    // The program's code (lines kept, but on a projector), or a note in its
    // place (wrapped to the panel).
    void showCode(const QString& text);
    void showNote(const QString& text);
    void applyWrap();
    // Presentation mode: the program's header comment (how to run it) off
    // the top, its first line of code first; only from the top (a class
    // scrolled elsewhere stays there).
    void scrollPastHeader();
    void scrollToBlock(int number);  // that program line (0-based) at the top of the view

    Session* session_;
    QPlainTextEdit* edit_;
    PythonHighlighter* highlighter_;
    QToolButton* copy_;
    QToolButton* save_;
    QToolButton* editCopy_;
    QLabel* where_;
    std::optional<PythonProgram> program_;
    ProgramOptions options_;
    bool dirty_ = true;
    bool shownTooLarge_ = false;
    bool recorded_ = false;   // a traced program's own code is shown (Session::recordedProgram)
    bool note_ = false;       // a note stands where the code would be (wrapped: showNote)
    QString recordedText_;    // its text ("" when its file was not found)
    long long task_ = -1;
    double time_ = 0.0;
    int highlighted_ = 0;
    QString reason_;
    double presentationPx_ = 0.0;
};

}  // namespace cs::ui
