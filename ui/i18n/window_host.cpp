#include "i18n/window_host.h"

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

WindowHost::WindowHost(QObject* parent) : QObject(parent) {}

WindowHost::~WindowHost() { delete window_; }

MainWindow* WindowHost::makeWindow() {
    auto* w = new MainWindow;
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

    // What the user was looking at.
    const QByteArray geometry = old->saveGeometry();
    const bool presentation = old->presentationMode();
    if (presentation) old->setPresentationMode(false);  // the docks as they were before it
    const QByteArray docks = old->saveState();
    const bool visible = old->isVisible();
    Scenario scenario = old->session()->scenario();
    const double t = old->session()->liveTime();
    const bool playing = old->runner()->isPlaying();
    const double speed = old->runner()->speed();
    const long long task = old->timeline()->selectedTask();
    LessonPlayer* op = old->lessons()->player();
    const QString lesson = op->lessonId();
    const auto stage = op->stage();
    const int answer = op->answer();
    // A recorded trace is shown, not run: reopen its file.
    const QString tracePath = old->files()->currentTracePath();
    // The user's own program, typed and maybe not saved, and where they
    // were looking: the zoom, the selected span and the cursor.
    const QString program = old->editor()->program();
    const QString programName = old->editor()->fileName();
    const bool editing = old->editorShown();
    const bool fitted = old->viewport()->isFitted();
    const TimeRange window = old->viewport()->window();
    const bool selected = old->viewport()->hasSelection();
    const TimeRange selection = old->viewport()->selection();
    const double cursor = old->viewport()->cursor();
    old->runner()->pause();

    MainWindow* w = makeWindow();
    window_ = w;
    w->fitToScreen(old->screen());  // the same kind of layout as the old window
    w->restoreGeometry(geometry);
    w->restoreState(docks);
    w->runner()->setSpeed(speed);
    if (!tracePath.isEmpty() && w->files()->openTrace(tracePath)) {
        w->runner()->pause();
    } else if (!lesson.isEmpty() && w->lessons()->openLesson(lesson)) {
        // The lesson's scenario as the user left it (limit, collector,
        // resizes), titled in the new language.
        scenario.title = w->session()->scenario().title;
        // Still a question's run: its length stays hidden until the answer.
        if (w->lessons()->player()->hasPrediction()) w->session()->hideNextHorizon();
        w->session()->load(std::move(scenario));
        LessonPlayer* p = w->lessons()->player();
        if (p->hasPrediction() && stage != LessonPlayer::Stage::Predicting) {
            if (answer >= 0)
                p->answer(answer);
            else
                p->skipPrediction();
        }
    } else {
        w->session()->load(std::move(scenario));
    }
    if (t > 0) w->session()->advanceTo(t);
    if (playing)
        w->runner()->play();
    else
        w->runner()->pause();
    if (task >= 0) w->timeline()->setSelectedTask(task);
    if (!fitted) w->viewport()->setWindow(window);
    if (selected) w->viewport()->setSelection(selection);
    w->viewport()->setCursor(cursor);
    if (!program.isEmpty()) {
        w->editor()->setProgram(program);
        w->editor()->setFileName(programName);
    }
    if (editing) w->showEditor(true);
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

}  // namespace cs::ui
