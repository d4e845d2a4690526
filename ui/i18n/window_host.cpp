#include "i18n/window_host.h"

#include "document.h"

#include <QAction>
#include <QKeySequence>

#include "export/file_actions.h"
#include "i18n/language.h"
#include "lessons/lesson_browser.h"
#include "lessons/lesson_player.h"
#include "lessons/lesson_progress.h"
#include "lessons/lessons.h"
#include "live/live_runner.h"
#include "live/session.h"
#include "main_window.h"
#include "editor/program_editor.h"
#include "timeline/timeline_view.h"
#include "timeline/viewport.h"

namespace cs::ui {

WindowHost::WindowHost(QObject* parent) : QObject(parent), document_(new Document(this)) {}

WindowHost::~WindowHost() {
    for (const QPointer<MainWindow>& old : retired_) delete old.data();  // (null once deleted)
    delete window_;
}

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

    // The document (the run, the runner, the zoom, selected span, cursor and
    // selected task, the lessons and the open one) goes on as it is; the
    // window's own state is handed over.
    const QByteArray geometry = old->saveGeometry();
    const bool presentation = old->presentationMode();
    if (presentation) old->setPresentationMode(false);  // the docks as they were before it
    const QByteArray docks = old->saveState();
    const bool visible = old->isVisible();
    const bool live = old->timeline()->isLive();
    // The user's own program, typed and maybe not saved.
    const QString program = old->editor()->program();
    const QString programName = old->editor()->fileName();
    const bool editing = old->editorShown();
    // From here the document's objects talk to the new window only.
    disconnectFromDocument(old);

    MainWindow* w = makeWindow();
    window_ = w;
    w->fitToScreen(old->screen());  // the same kind of layout as the old window
    w->restoreGeometry(geometry);
    w->restoreState(docks);
    if (document_->session()->isTrace()) w->files()->adoptTrace(*old->files());
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
    retired_.removeAll(nullptr);
    retired_.append(old);
    old->deleteLater();
    emit windowReplaced(w);
    return shown;
}

// The old window stays alive until the event loop deletes it: no signal of
// the document may reach it or its panels meanwhile (a lesson's scenario
// loaded twice, a panel refreshed for nothing).
void WindowHost::disconnectFromDocument(MainWindow* old) {
    const QList<QObject*> senders{document_->session(), document_->runner(), document_->viewport(),
                                  document_->lessons()->player(), document_->lessons()->progress()};
    QList<QObject*> receivers = old->findChildren<QObject*>();
    receivers.append(old);
    for (QObject* from : senders)
        for (QObject* to : receivers) QObject::disconnect(from, nullptr, to, nullptr);
}

}  // namespace cs::ui
