#include "i18n/window_host.h"

#include "document.h"

#include <QAction>
#include <QKeySequence>

#include "export/file_actions.h"
#include "i18n/language.h"
#include "lessons/lesson_browser.h"
#include "lessons/lesson_player.h"
#include "live/live_runner.h"
#include "live/session.h"
#include "main_window.h"
#include "editor/program_editor.h"
#include "timeline/timeline_view.h"
#include "timeline/viewport.h"

namespace cs::ui {

WindowHost::WindowHost(QObject* parent) : QObject(parent), document_(new Document(this)) {}

WindowHost::~WindowHost() { delete window_; }

MainWindow* WindowHost::makeWindow() {
    auto* w = new MainWindow(document_);
    w->setAttribute(Qt::WA_DeleteOnClose, false);
    connect(w, &MainWindow::languageRequested, this, [this](const QString& code) { switchLanguage(code); });
    return w;
}

MainWindow* WindowHost::createWindow() {
    if (!window_) window_ = makeWindow();
    return window_;
}

QString WindowHost::switchLanguage(const QString& code, bool remember) {
    if (remember) Language::save(code);
    const QString shown = Language::install(code.isEmpty() ? Language::resolve(QString()) : code);
    MainWindow* old = window_;
    if (!old) return shown;

    // The document (the run, the runner, the zoom, selected span and cursor)
    // goes on as it is; the window's own state is handed over.
    const QByteArray geometry = old->saveGeometry();
    const bool presentation = old->presentationMode();
    if (presentation) old->setPresentationMode(false);  // the docks as they were before it
    const QByteArray docks = old->saveState();
    const bool visible = old->isVisible();
    const long long task = old->timeline()->selectedTask();
    const bool live = old->timeline()->isLive();
    LessonPlayer* op = old->lessons()->player();
    const QString lesson = op->lessonId();
    const auto stage = op->stage();
    const int answer = op->answer();
    // The user's own program, typed and maybe not saved.
    const QString program = old->editor()->program();
    const QString programName = old->editor()->fileName();
    const bool editing = old->editorShown();

    MainWindow* w = makeWindow();
    window_ = w;
    w->fitToScreen(old->screen());  // the same kind of layout as the old window
    w->restoreGeometry(geometry);
    w->restoreState(docks);
    if (document_->session()->isTrace()) w->files()->adoptTrace(*old->files());
    if (!lesson.isEmpty()) reopenLesson(w, lesson, stage, answer);
    if (task >= 0) w->timeline()->setSelectedTask(task);
    w->timeline()->setLive(live);
    if (!program.isEmpty()) {
        w->editor()->setProgram(program);
        w->editor()->setFileName(programName);
    }
    if (editing) w->showEditor(true);
    w->refreshFromDocument();
    if (visible) w->show();
    if (presentation) {
        // Through the View menu's checkable action, so that F11 still toggles.
        for (QAction* a : w->findChildren<QAction*>()) {
            if (a->isCheckable() && a->shortcut() == QKeySequence(Qt::Key_F11)) {
                a->setChecked(true);
                break;
            }
        }
        if (!w->presentationMode()) w->setPresentationMode(true);
    }
    old->hide();
    old->deleteLater();
    emit windowReplaced(w);
    return shown;
}

// The open lesson, in the new window's language: its texts and titled
// scenario come from the lesson file, so it is opened again, and its
// scenario as the user left it (limit, collector, resizes) is run again to
// the time shown (a lesson's run is small). The view is put back as it was.
void WindowHost::reopenLesson(MainWindow* w, const QString& lesson, LessonPlayer::Stage stage, int answer) {
    Session* session = document_->session();
    LiveRunner* runner = document_->runner();
    Viewport* viewport = document_->viewport();
    Scenario scenario = session->scenario();
    const double t = session->liveTime();
    const bool playing = runner->isPlaying();
    const bool fitted = viewport->isFitted();
    const TimeRange window = viewport->window();
    const bool selected = viewport->hasSelection();
    const TimeRange selection = viewport->selection();
    const double cursor = viewport->cursor();
    if (!w->lessons()->openLesson(lesson)) return;
    scenario.title = session->scenario().title;
    // Still a question's run: its length stays hidden until the answer.
    if (w->lessons()->player()->hasPrediction()) session->hideNextHorizon();
    session->load(std::move(scenario));
    LessonPlayer* p = w->lessons()->player();
    if (p->hasPrediction() && stage != LessonPlayer::Stage::Predicting) {
        if (answer >= 0)
            p->answer(answer);
        else
            p->skipPrediction();
    }
    if (t > 0) session->advanceTo(t);
    if (playing)
        runner->play();
    else
        runner->pause();
    if (!fitted) viewport->setWindow(window);
    if (selected) viewport->setSelection(selection);
    viewport->setCursor(cursor);
}

}  // namespace cs::ui
