#include "main_window.h"

#include "document.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QScreen>
#include <QScrollArea>
#include <QStackedWidget>
#include <QStyle>
#include <QTextBrowser>
#include <QTextDocument>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <fstream>

#include "export/file_actions.h"
#include "i18n/kind_texts.h"
#include "i18n/language.h"
#include "i18n/scenario_title.h"
#include "lab/limit_lab_panel.h"
#include "lessons/lesson_browser.h"
#include "lessons/lesson_library.h"
#include "lessons/lesson_player.h"
#include "live/live_runner.h"
#include "live/session.h"
#include "program/run_memory.h"
#include "editor/program_editor.h"
#include "panels/code_panel.h"
#include "panels/controls_panel.h"
#include "panels/loop_anatomy_panel.h"
#include "panels/markdown_code_font.h"
#include "panels/task_mentions.h"
#include "panels/metrics_panel.h"
#include "panels/results_panel.h"
#include "panels/task_mention_highlighter.h"
#include "panels/tasks_panel.h"
#include "panels/warnings_model.h"
#include "panels/warnings_panel.h"
#include "panel_dock.h"
#include "presentation_metrics.h"
#include "scenario/loader.h"
#include "trace/jsonl_writer.h"
#include "timeline/legend_bar.h"
#include "timeline/time_format.h"
#include "timeline/timeline_view.h"
#include "timeline/viewport.h"
#include "timeline_key_router.h"

namespace cs::ui {

namespace {
// Room after the last event so that end markers are not cut by the edge.
constexpr double kWholeMargin = 1.03;

// A recorded trace has no scenario: what it shows of the limit and the
// collector, else "recorded program".
QString recordedText(const RunModel& run) {
    QStringList parts;
    const StepSeries& limit = run.limit();
    if (const std::int64_t made = run.config().semaphoresMade; made > 1)
        parts << MainWindow::tr("%L1 semaphores and locks (recorded)").arg(made);
    else if (limit.size() > 0)
        parts << MainWindow::tr("limit %1 (recorded)").arg(limit.last());
    // Calls are numbered from 0 in the order they return.
    const auto& res = run.results();
    const std::int32_t last = res.empty() ? -1 : run.callerEvents()[res.back()].call;
    const auto calls = static_cast<std::size_t>(last + 1);
    const int n = static_cast<int>(calls);
    // No call: an engine run's trace cut before main() received anything,
    // or a recorded program (its main() is its own: RunModel::callerRecorded).
    parts << (calls == 1               ? MainWindow::tr("1 collector call")
              : calls > 1              ? MainWindow::tr("%L1 collector calls").arg(n)
              : run.callerRecorded()   ? MainWindow::tr("no collector call returned")
                                       : MainWindow::tr("recorded program"));
    return parts.join(QStringLiteral(" · "));
}
}  // namespace

MainWindow::MainWindow(Document* document, QWidget* parent)
    : QMainWindow(parent),
      document_(document ? document : new Document(this)),
      session_(document_->session()),
      runner_(document_->runner()),
      viewport_(document_->viewport()) {
    setWindowTitle(tr("Coroscope"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/coroscope.svg")));
    baseFont_ = QApplication::font();
    buildCentral();
    buildDocks();
    buildMenus();
    buildStatusBar();
    // W/S/A/D/F/./, reach the timeline wherever the focus is, except in text inputs.
    new TimelineKeyRouter(this, timeline_);

    connect(session_, &Session::advanced, this, &MainWindow::onAdvanced);
    connect(session_, &Session::restarted, this, &MainWindow::onRestarted);
    connect(session_, &Session::limitChanged, this, [this] { updateHeader(); });
    // A trace's header says what its events show (its limit, its collector
    // calls): known once they are all read.
    connect(session_, &Session::runFinished, this, [this] {
        if (session_->isTrace()) updateHeader();
    });
    connect(runner_, &LiveRunner::playingChanged, this, [this](bool playing) {
        if (playing) goLive();
        updateStatus();
    });
    connect(runner_, &LiveRunner::frame, this, [this] {
        // Stepping (paused) also follows the live loop.
        if (!runner_->isPlaying()) goLive();
    });
    connect(timeline_, &TimelineView::cursorMovedByUser, this, [this](double t) { rewindTo(t); });
    connect(timeline_, &TimelineView::keyHelpRequested, this, &MainWindow::showKeys);
    connect(timeline_, &TimelineView::taskSelected, tasks_, &TasksPanel::selectTask);
    connect(tasks_, &TasksPanel::taskSelected, timeline_, &TimelineView::setSelectedTask);
    auto showTaskAt = [this](long long task, double t) {
        if (task >= 0) timeline_->setSelectedTask(task);
        if (t >= 0) {
            rewindTo(t);
            viewport_->ensureVisible(t);
        }
    };
    connect(results_, &ResultsPanel::taskActivated, this, showTaskAt);
    connect(warnings_, &WarningsPanel::warningActivated, this, showTaskAt);
    // A warning the program gave about one of its lines: that line, in the editor.
    connect(warnings_, &WarningsPanel::lineActivated, this, [this](int line) {
        if (!session_->isTrace() || editor_->program().isEmpty()) return;
        showEditor(true);
        editor_->showLine(line);
    });
    connect(warnings_, &WarningsPanel::countChanged, this, [this](int n) {
        warningsDock_->setWindowTitle(n > 0 ? tr("Warnings (%1)").arg(n) : tr("Warnings"));
    });
    connect(viewport_, &Viewport::cursorChanged, this, [this] { panelsDirty_ = true; });
    lessons_->attachTimeline(timeline_, viewport_);
    code_->attachTimeline(timeline_, viewport_);
    // The selected task lights up in the lesson text too, and a click on
    // "task 4" there selects it (its code follows the text's size: LessonView).
    mentions_ = new TaskMentionHighlighter(this);
    for (QTextBrowser* b : lessons_->findChildren<QTextBrowser*>()) mentions_->addText(b);
    // (Once for a burst of changes: a lesson's text is set, then its code
    // sized and given break points, each a change.)
    for (QTextBrowser* b : lessons_->findChildren<QTextBrowser*>())
        connect(b->document(), &QTextDocument::contentsChanged, this, [this] {
            if (namedTasksDue_) return;
            namedTasksDue_ = true;
            QMetaObject::invokeMethod(this, &MainWindow::updateNamedTasks, Qt::QueuedConnection);
        });
    connect(timeline_, &TimelineView::taskSelected, mentions_, &TaskMentionHighlighter::setTask);
    connect(mentions_, &TaskMentionHighlighter::taskClicked, timeline_, &TimelineView::setSelectedTask);
    connect(lessons_->player(), &LessonPlayer::scenarioRequested, this,
            [this](const Scenario& s) { loadScenario(s); });
    // Until a lesson's answer is revealed, its program's comments do not give
    // it away ("# in completion order" beside the question of the order).
    connect(lessons_->player(), &LessonPlayer::stageChanged, this, [this](LessonPlayer::Stage stage) {
        const Lesson* l = lessons_->player()->lesson();
        code_->setKeepingAnswer(l && l->predict &&
                                (stage == LessonPlayer::Stage::Predicting || stage == LessonPlayer::Stage::Playing));
    });
    connect(lessons_, &LessonBrowser::lessonOpened, this, [this] {
        lessonsDock_->show();
        lessonsDock_->raise();
    });

    panelTimer_.setInterval(100);
    connect(&panelTimer_, &QTimer::timeout, this, &MainWindow::refreshDirtyPanels);
    panelTimer_.start();
    statusTimer_.setInterval(250);
    connect(&statusTimer_, &QTimer::timeout, this, &MainWindow::updateStatus);
    statusTimer_.start();
    resize(kRoomySize);
}

MainWindow::~MainWindow() {
    // A document of its own stops with the window (while the window still
    // takes the signal); a shared one plays on in the next window.
    if (document_->parent() == this) runner_->pause();
}

void MainWindow::buildCentral() {
    auto* central = new QWidget;
    auto* v = new QVBoxLayout(central);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(0);
    auto* header = new QWidget;
    header->setAutoFillBackground(true);
    auto* hv = new QVBoxLayout(header);
    hv->setContentsMargins(12, 8, 12, 6);
    hv->setSpacing(2);
    // Every header line wraps: a long title or limit must not set the
    // window's minimum width.
    title_ = new QLabel;
    title_->setWordWrap(true);
    subtitle_ = new QLabel;
    subtitle_->setForegroundRole(QPalette::PlaceholderText);
    subtitle_->setWordWrap(true);
    description_ = new QLabel;
    description_->setWordWrap(true);
    description_->setTextFormat(Qt::RichText);  // (MarkdownCodeFont::labelHtml)
    description_->setObjectName(QStringLiteral("scenarioDescription"));
    hv->addWidget(title_);
    hv->addWidget(subtitle_);
    hv->addWidget(description_);
    v->addWidget(header);
    timeline_ = new TimelineView(session_->model(), viewport_);
    v->addWidget(timeline_, 1);
    legend_ = new LegendBar;
    v->addWidget(legend_);
    connect(timeline_, &TimelineView::foldedChanged, legend_, &LegendBar::setDensity);
    // Another width or font: another room for the labels after the run.
    connect(timeline_, &TimelineView::relaidOut, this, [this] {
        if (session_->model()->ended()) viewport_->setWhole({0.0, endedWholeEnd()});
    });
    setCentralWidget(central);
    timeline_->setFocus();
}

QDockWidget* MainWindow::addDock(QWidget* w, const QString& title, const QString& objectName,
                                 Qt::DockWidgetArea area, bool scroll) {
    auto* d = new PanelDock(title, this);
    d->setObjectName(objectName);  // QMainWindow::saveState needs it
    if (scroll) {
        auto* scrollArea = new QScrollArea;
        scrollArea->setWidget(w);
        scrollArea->setWidgetResizable(true);
        scrollArea->setFrameShape(QFrame::NoFrame);
        d->setWidget(scrollArea);
    } else {
        d->setWidget(w);
    }
    d->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                   QDockWidget::DockWidgetFloatable);
    addDockWidget(area, d);
    connect(d, &QDockWidget::visibilityChanged, this, [this](bool v) {
        if (v) panelsDirty_ = true;
    });
    return d;
}

void MainWindow::showEditor(bool edit, const QString& program) {
    if (edit) {
        if (!program.isEmpty()) editor_->setProgram(program);
        codeStack_->setCurrentWidget(editor_);
        codeDock_->show();
        codeDock_->raise();
        editor_->setFocus();
    } else {
        codeStack_->setCurrentWidget(code_);
    }
}

bool MainWindow::editorShown() const { return codeStack_->currentWidget() == editor_; }

void MainWindow::buildDocks() {
    controls_ = new ControlsPanel(session_, runner_);
    metrics_ = new MetricsPanel(session_, viewport_);
    results_ = new ResultsPanel(session_);
    loop_ = new LoopAnatomyPanel(session_, runner_);
    tasks_ = new TasksPanel(session_);
    warnings_ = new WarningsPanel(session_);
    lessons_ = new LessonBrowser(document_->lessons());
    code_ = new CodePanel(session_);
    // The student's own program: edited and run in the Code dock.
    editor_ = new ProgramEditor([this](const QString& path, const QString& title, const QString& description,
                                       QString* error, bool running) {
        return files_->openTrace(path, title, description, error, running);
    });
    codeStack_ = new QStackedWidget;
    codeStack_->addWidget(code_);
    codeStack_->addWidget(editor_);
    connect(code_, &CodePanel::editRequested, this, [this](const QString& program) { showEditor(true, program); });
    connect(editor_, &ProgramEditor::backRequested, this, [this] { showEditor(false); });
    // The Limit lab sweeps the scenario on screen; a chosen setting comes back here.
    lab_ = new LimitLabPanel;
    // A recorded run's stand-in scenario (empty tasks) is not a workload to sweep.
    lab_->setScenarioSource([this] {
        return session_->isTrace() ? std::nullopt : std::optional<Scenario>(session_->scenarioWithSpecs());
    });
    connect(lab_, &LimitLabPanel::scenarioChosen, this, [this](const Scenario& s) { loadScenario(s); });
    // Forms and label stacks scroll; tables, trees and text views scroll by themselves.
    controlsDock_ = addDock(controls_, tr("Controls"), QStringLiteral("dock.controls"), Qt::LeftDockWidgetArea, true);
    lessonsDock_ = addDock(lessons_, tr("Lessons"), QStringLiteral("dock.lessons"), Qt::LeftDockWidgetArea);
    metricsDock_ = addDock(metrics_, tr("Metrics"), QStringLiteral("dock.metrics"), Qt::RightDockWidgetArea, true);
    resultsDock_ = addDock(results_, tr("Results"), QStringLiteral("dock.results"), Qt::RightDockWidgetArea);
    loopDock_ = addDock(loop_, tr("Loop anatomy"), QStringLiteral("dock.loop"), Qt::RightDockWidgetArea);
    codeDock_ = addDock(codeStack_, tr("Code"), QStringLiteral("dock.code"), Qt::RightDockWidgetArea);
    tasksDock_ = addDock(tasks_, tr("Tasks"), QStringLiteral("dock.tasks"), Qt::BottomDockWidgetArea);
    warningsDock_ = addDock(warnings_, tr("Warnings"), QStringLiteral("dock.warnings"), Qt::BottomDockWidgetArea);
    labDock_ = addDock(lab_, tr("Limit lab"), QStringLiteral("dock.lab"), Qt::BottomDockWidgetArea, true);
    // Queued: a tab is raised or a dock closed in the middle of the layout's work.
    connect(labDock_, &QDockWidget::visibilityChanged, this, [this] {
        QTimer::singleShot(0, this, &MainWindow::fitLabInSideColumn);
    });
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    arrangeDocks(false);
}

void MainWindow::arrangeDocks(bool compact) {
    compact_ = compact;
    const Qt::DockWidgetArea under = compact ? Qt::LeftDockWidgetArea : Qt::BottomDockWidgetArea;
    const Qt::DockWidgetArea labArea = compact ? Qt::RightDockWidgetArea : Qt::BottomDockWidgetArea;
    for (QDockWidget* d : {controlsDock_, lessonsDock_}) addDockWidget(Qt::LeftDockWidgetArea, d);
    for (QDockWidget* d : {metricsDock_, resultsDock_, loopDock_, codeDock_}) addDockWidget(Qt::RightDockWidgetArea, d);
    for (QDockWidget* d : {tasksDock_, warningsDock_}) addDockWidget(under, d);
    addDockWidget(labArea, labDock_);
    for (QDockWidget* d : findChildren<QDockWidget*>()) {
        d->setFloating(false);
        d->show();
    }
    // Tabs of a narrow side column stand on its outer edge: side by side
    // under it, five of them would be elided to "Me…", "Re…".
    setTabPosition(Qt::LeftDockWidgetArea, compact ? QTabWidget::West : QTabWidget::South);
    setTabPosition(Qt::RightDockWidgetArea, compact ? QTabWidget::East : QTabWidget::South);
    // One tab group per area: on a small screen the side columns take what
    // sat under the timeline, so that the lanes keep their height.
    auto tabs = [this](std::initializer_list<QDockWidget*> group) {
        QDockWidget* first = *group.begin();
        for (QDockWidget* d : group)
            if (d != first) tabifyDockWidget(first, d);
        first->raise();
    };
    if (compact) {
        tabs({controlsDock_, lessonsDock_, tasksDock_, warningsDock_});
        tabs({metricsDock_, resultsDock_, loopDock_, codeDock_, labDock_});
    } else {
        tabs({controlsDock_, lessonsDock_});
        tabs({metricsDock_, resultsDock_, loopDock_, codeDock_});
        tabs({tasksDock_, warningsDock_, labDock_});
    }
    const int w = width();
    if (compact) {
        resizeDocks({controlsDock_, metricsDock_},
                    {std::clamp(w * 24 / 100, 270, 330), std::clamp(w * 25 / 100, 280, 380)}, Qt::Horizontal);
    } else {
        resizeDocks({controlsDock_, metricsDock_}, {330, 380}, Qt::Horizontal);
        resizeDocks({tasksDock_}, {190}, Qt::Vertical);
    }
}

void MainWindow::fitToScreen(QScreen* screen) {
    if (!screen) screen = this->screen();
    if (!screen) return;
    if (screen != this->screen()) setScreen(screen);
    const QRect avail = screen->availableGeometry();
    const bool roomy = isRoomy(avail.size());
    if (roomy) {
        // Most of a big screen, never less than the size the layout was made for.
        setWindowState(windowState() & ~Qt::WindowMaximized);
        const QSize size = (avail.size() * 0.9).expandedTo(kRoomySize);
        resize(size);
        move(avail.center() - QPoint(size.width() / 2, size.height() / 2));
    } else {
        // All of it. Maximized too: a window manager then fits the frame
        // (title bar included) into the available area; without one the
        // geometry alone does it.
        setGeometry(avail);
        setWindowState(windowState() | Qt::WindowMaximized);
    }
    arrangeDocks(!roomy);
    clampToScreen();
}

void MainWindow::clampToScreen() {
    QScreen* s = screen();
    if (!s) return;
    const QRect avail = s->availableGeometry();
    // Without a window manager (or before it framed us) the frame is the
    // window itself.
    const QRect frame = frameGeometry();
    const QSize extra = frame.size() - size();
    const QSize fits(std::min(width(), avail.width() - extra.width()),
                     std::min(height(), avail.height() - extra.height()));
    if (fits != size()) resize(fits.expandedTo(minimumSizeHint()));
    QRect f = frameGeometry();
    f.moveLeft(std::clamp(f.left(), avail.left(), std::max(avail.left(), avail.right() - f.width() + 1)));
    f.moveTop(std::clamp(f.top(), avail.top(), std::max(avail.top(), avail.bottom() - f.height() + 1)));
    if (f.topLeft() != frameGeometry().topLeft()) move(f.topLeft());
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    files_ = new FileActions(this);
    file->addAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open scenario or trace…"),
                    QKeySequence::Open, this, &MainWindow::openDialog);
    files_->addRecentMenu(file);
    file->addAction(tr("&Import Python trace…"), QKeySequence(tr("Ctrl+I")), files_,
                    &FileActions::importPythonTraceDialog);
    QMenu* lessonMenu = file->addMenu(tr("&Lessons"));
    for (const LessonGroup& g : lessons_->library().groups()) {
        QMenu* gm = lessonMenu->addMenu(lessons_->library().groupTitle(g, Language::current()));
        for (const QString& id : g.lessonIds) {
            const Lesson* l = lessons_->library().lesson(id);
            gm->addAction(l ? l->title.text(Language::current()) : id, this, [this, id] {
                QString err;
                if (!openLesson(id, &err)) QMessageBox::warning(this, tr("Coroscope"), err);
            });
        }
    }
    QMenu* examples = file->addMenu(tr("&Examples"));
    examples->setToolTipsVisible(true);
    for (const QString& name : bundledScenarios()) {
        // Its title in the current language; the file's name says which one it is.
        QAction* a = examples->addAction(ScenarioTitle::ofFile(QStringLiteral(":/scenarios/%1.json").arg(name)), this,
                                         [this, name] {
                                             QString err;
                                             if (!openBundled(name, &err))
                                                 QMessageBox::warning(this, tr("Coroscope"), err);
                                         });
        a->setToolTip(name);
        a->setStatusTip(name);
    }
    file->addSeparator();
    file->addAction(style()->standardIcon(QStyle::SP_DialogSaveButton), tr("Save sce&nario…"), QKeySequence::Save,
                    files_, &FileActions::saveScenarioDialog);
    file->addAction(tr("Save &trace as JSON lines…"), QKeySequence(tr("Ctrl+Shift+E")), this,
                    &MainWindow::saveTraceDialog);
    files_->addExportMenu(file);
    file->addAction(tr("Save &screenshot…"), QKeySequence(tr("Ctrl+Shift+S")), this,
                    &MainWindow::saveScreenshotDialog);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* d : findChildren<QDockWidget*>()) {
        view->addAction(d->toggleViewAction());
        // In presentation mode a panel brought back is a tab beside the
        // lesson (or the code): split under them, the Limit lab's chart had
        // 60 px at 1280x720.
        connect(d->toggleViewAction(), &QAction::triggered, this, [this, d](bool shown) {
            if (!presentation_ || !shown || d == codeDock_ || d == lessonsDock_) return;
            d->setFloating(false);
            tabifyDockWidget(lessonsDock_->isVisible() ? lessonsDock_ : codeDock_, d);
            d->show();
            d->raise();
        });
    }
    view->addSeparator();
    // The timeline handles these keys (TimelineKeyRouter brings them to it
    // from any other control); the menu shows them (after a tab) and offers
    // them to the mouse.
    view->addAction(tr("&Fit\tF"), viewport_, [this] {
        viewport_->hasSelection() ? viewport_->zoomTo(viewport_->selection()) : viewport_->fit();
    });
    view->addAction(tr("Zoom &in\tW"), this, [this] {
        const auto w = viewport_->window();
        viewport_->zoomAround((w.begin + w.end) / 2, 0.8);
    });
    view->addAction(tr("Zoom &out\tS"), this, [this] {
        const auto w = viewport_->window();
        viewport_->zoomAround((w.begin + w.end) / 2, 1.25);
    });
    view->addAction(tr("Zoom &back\tBackspace"), viewport_, [this] { viewport_->zoomBack(); });
    view->addSeparator();
    QAction* pres = view->addAction(tr("&Presentation mode"));
    presentationAction_ = pres;
    pres->setCheckable(true);
    pres->setShortcut(QKeySequence(Qt::Key_F11));
    connect(pres, &QAction::toggled, this, &MainWindow::setPresentationMode);
    QMenu* langMenu = view->addMenu(tr("&Language"));
    auto* langGroup = new QActionGroup(langMenu);
    for (const QString& code : Language::available()) {
        QAction* a = langMenu->addAction(Language::nativeName(code));
        a->setCheckable(true);
        a->setChecked(code == Language::current());
        langGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, code] { emit languageRequested(code); });
    }
    langMenu->addSeparator();
    langMenu->addAction(tr("Follow the system"), this, [this] { emit languageRequested(QString()); });

    // (Each item's key letter its own in this menu: ui_tests checks every menu.)
    QMenu* run = menuBar()->addMenu(tr("&Run"));
    QAction* play = run->addAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Play / pause"));
    play->setShortcut(QKeySequence(Qt::Key_Space));
    connect(play, &QAction::triggered, runner_, &LiveRunner::togglePlay);
    QAction* restart = run->addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("&Restart"));
    restart->setShortcut(QKeySequence(Qt::Key_R));
    connect(restart, &QAction::triggered, runner_, &LiveRunner::restart);
    QAction* step = run->addAction(tr("&Step one loop iteration"));
    step->setShortcut(QKeySequence(Qt::Key_N));
    connect(step, &QAction::triggered, runner_, &LiveRunner::stepIteration);
    QAction* next = run->addAction(tr("Step to the next &event"));
    next->setShortcut(QKeySequence(Qt::Key_E));
    connect(next, &QAction::triggered, runner_, &LiveRunner::stepToNextEvent);
    run->addSeparator();
    QAction* faster = run->addAction(tr("&Faster"));
    faster->setShortcut(QKeySequence(Qt::Key_BracketRight));
    connect(faster, &QAction::triggered, runner_, &LiveRunner::faster);
    QAction* slower = run->addAction(tr("S&lower"));
    slower->setShortcut(QKeySequence(Qt::Key_BracketLeft));
    connect(slower, &QAction::triggered, runner_, &LiveRunner::slower);
    QAction* live = run->addAction(tr("Back to l&ive"));
    live->setShortcut(QKeySequence(Qt::Key_L));
    connect(live, &QAction::triggered, this, &MainWindow::goLive);
    run->addSeparator();
    QAction* program = run->addAction(tr("Edit and run a pro&gram…"));
    program->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(program, &QAction::triggered, this, [this] {
        // The first time, a copy of the program on screen to start from.
        showEditor(true, editor_->program().isEmpty() ? code_->programText() : QString());
    });
    QAction* signal = run->addAction(tr("Send a sig&nal to the program…"));
    connect(signal, &QAction::triggered, this, [this] {
        showEditor(true, editor_->program().isEmpty() ? code_->programText() : QString());
        // At the cursor, when the run on screen is the program's.
        editor_->sendSignalDialog(session_->isTrace() && viewport_->cursor() > 0 ? viewport_->cursor() : 1.0);
    });
    for (QAction* a : {play, restart, step, next, faster, slower, live}) addAction(a);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* keys = help->addAction(tr("&Keys and mouse"));
    keys->setShortcut(QKeySequence(QStringLiteral("?")));
    connect(keys, &QAction::triggered, this, &MainWindow::showKeys);
    addAction(keys);
    help->addAction(tr("&About Coroscope"), this, [this] {
        QMessageBox::about(this, tr("About Coroscope"),
                           tr("<h3>Coroscope</h3><p>Runs small asyncio programs on a virtual clock with CPython "
                              "3.11's exact scheduling and shows every task live.</p>"));
    });
}

void MainWindow::buildStatusBar() {
    stState_ = new QLabel;
    stTime_ = new QLabel;
    stSpeed_ = new QLabel;
    stEvents_ = new QLabel;
    stFps_ = new QLabel;
    statusBar()->addWidget(stState_, 1);
    for (QLabel* l : {stTime_, stSpeed_, stEvents_, stFps_}) statusBar()->addPermanentWidget(l);
}

QStringList MainWindow::bundledScenarios() {
    QStringList names;
    const QDir dir(QStringLiteral(":/scenarios"));
    for (const QString& f : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        names << QFileInfo(f).completeBaseName();
    return names;
}

bool MainWindow::openFile(const QString& path, QString* error) {
    // A trace (JSON lines, a traced Python program's) is shown, not run.
    if (FileActions::isTraceFile(path)) return files_->openTrace(path, error);
    // A Python program goes to the editor and runs on the virtual clock.
    if (path.endsWith(QStringLiteral(".py"), Qt::CaseInsensitive)) {
        if (!editor_->openFile(path, error)) return false;
        showEditor(true);
        editor_->run();
        return true;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error) *error = tr("Cannot read %1: %2").arg(path, f.errorString());
        return false;
    }
    const QByteArray bytes = f.readAll();
    LoadResult r = parseScenario(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    if (!r.ok()) {
        if (error)
            *error = tr("%1 is not a valid scenario:\n%2")
                         .arg(QFileInfo(path).fileName(),
                              QString::fromStdString(r.error ? r.error->what() : std::string("?")));
        return false;
    }
    // The CLI's refusal, word for word: a run that will not fit in memory
    // is not started (it would end in std::bad_alloc or the OOM killer).
    if (const auto why = RunMemory::refusalHere(*r.scenario, r.generated)) {
        if (error) *error = tr("%1 cannot be run here:\n%2").arg(QFileInfo(path).fileName(), QString::fromStdString(*why));
        return false;
    }
    loadScenario(std::move(*r.scenario));
    return true;
}

bool MainWindow::openBundled(const QString& name, QString* error) {
    return openFile(QStringLiteral(":/scenarios/%1.json").arg(name), error);
}

bool MainWindow::openLesson(const QString& key, QString* error) {
    // A number is the lesson's place in teaching order (index.json), never
    // an example's number: "13" is the thirteenth lesson.
    const LessonLibrary& lib = lessons_->library();
    bool isNumber = false;
    key.toInt(&isNumber);
    if (isNumber) {
        if (const Lesson* l = lib.findByNumber(key)) return lessons_->openLesson(l->id, error);
        if (error)
            *error = tr("There is no lesson %1: the lessons are numbered 1 to %2 in teaching order.")
                         .arg(key)
                         .arg(lib.ids().size());
        return false;
    }
    if (const Lesson* l = lib.findByName(key)) return lessons_->openLesson(l->id, error);
    // An example's full name still works here ("22-live-resize").
    if (bundledScenarios().contains(key)) return openBundled(key, error);
    if (error) *error = tr("No lesson named %1 (an example? use --example).").arg(key);
    return false;
}

bool MainWindow::openExample(const QString& key, QString* error) {
    // "22-live-resize", or the number it starts with ("22", "1" for "01-..."),
    // or a unique prefix.
    const QStringList names = bundledScenarios();
    if (names.contains(key)) return openBundled(key, error);
    bool keyIsNumber = false;
    const int number = key.toInt(&keyIsNumber);
    QStringList hits;
    for (const QString& name : names) {
        bool numbered = false;
        const int n = name.section(QLatin1Char('-'), 0, 0).toInt(&numbered);
        if (keyIsNumber && numbered && n == number) return openBundled(name, error);
        if (!keyIsNumber && name.startsWith(key)) hits << name;
    }
    if (hits.size() == 1) return openBundled(hits.front(), error);
    if (error)
        *error = tr("No bundled example named %1. The examples: %2.").arg(key, names.join(QStringLiteral(", ")));
    return false;
}

void MainWindow::loadScenario(Scenario scenario) {
    session_->load(std::move(scenario));
    timeline_->setSelectedTask(-1);
    viewport_->clearSelection();
    // A newcomer should see something move at once.
    runner_->play();
}

void MainWindow::refreshFromDocument() {
    // The document's selected task, in this window's panels.
    if (viewport_->selectedTask() >= 0) timeline_->showSelectedTask(viewport_->selectedTask());
    updateHeader();
    updateStatus();
    panelsDirty_ = true;
    refreshDirtyPanels();
    timeline_->update();
}

void MainWindow::onRestarted() {
    const double h = session_->horizon();
    viewport_->setWhole({0.0, std::isnan(h) || h <= 0 ? 1.0 : h * kWholeMargin});
    viewport_->fit();
    viewport_->setCursor(0.0);
    timeline_->setLive(true);
    updateHeader();
    panelsDirty_ = true;
}

void MainWindow::onAdvanced() {
    const double live = session_->liveTime();
    const double h = session_->horizon();
    // A known horizon keeps the axis still; otherwise the axis grows ahead of
    // the run in steps so it does not rescale every frame.
    double end = std::isnan(h) ? 0.0 : h * kWholeMargin;
    if (live > end) end = std::isnan(h) ? std::max(1.0, std::exp2(std::ceil(std::log2(live * 1.1)))) : live * kWholeMargin;
    // Once the run has ended its length is known: the axis grown ahead of it
    // (up to twice the run) shrinks back, and a view the user did not zoom
    // (Viewport::isFitted) refits to the whole run.
    if (session_->model()->ended()) end = endedWholeEnd();
    viewport_->setWhole({0.0, std::max(end, 1e-3)});
    if (timeline_->isLive()) viewport_->setCursor(live);
    panelsDirty_ = true;
}

double MainWindow::endedWholeEnd() const {
    // Room after the last marks for their labels too ('wrote 5' at the
    // run's end went left of its tick, over the bar and 'read 4').
    return timeline_->roomyEnd(std::max(session_->model()->endTime(), 1e-3) * kWholeMargin);
}

void MainWindow::rewindTo(double t) {
    runner_->pause();
    timeline_->setLive(false);
    const double end = session_->liveTime();
    viewport_->setCursor(std::clamp(t, 0.0, end));
    panelsDirty_ = true;
    updateStatus();
}

void MainWindow::goLive() {
    timeline_->setLive(true);
    viewport_->setCursor(session_->liveTime());
    panelsDirty_ = true;
}

bool MainWindow::isLive() const { return timeline_->isLive(); }

void MainWindow::refreshPanels() {
    const double t = viewport_->cursor();
    metrics_->refresh(t);
    results_->refresh(t);
    tasks_->refresh(t);
    loop_->refresh(t, isLive());
    warnings_->refresh();
    panelsDirty_ = false;
    updateStatus();  // (its own timer is slower: a grab shows one moment everywhere)
}

void MainWindow::refreshDirtyPanels() {
    if (!panelsDirty_) return;
    // Only panels someone can see are worth computing; the heavier ones
    // update a few times a second.
    const double t = viewport_->cursor();
    ++panelTick_;
    if (tasks_->isVisible()) tasks_->refresh(t);
    if (results_->isVisible()) results_->refresh(t);
    if (loop_->isVisible()) loop_->refresh(t, isLive());
    if (metrics_->isVisible() && (panelTick_ % 3 == 0 || !runner_->isPlaying())) metrics_->refresh(t);
    if (panelTick_ % 5 == 0 || !runner_->isPlaying()) warnings_->refresh();
    // The status bar's time and events with the panels' (its own timer,
    // four times a second, left it a quarter of a second behind them).
    updateStatus();
    panelsDirty_ = runner_->isPlaying();
}

void MainWindow::updateHeader() {
    const Scenario& s = session_->scenario();
    const QString shownTitle = ScenarioTitle::of(s);
    const QString title = shownTitle.isEmpty() ? tr("Untitled scenario") : shownTitle;
    // Half as big again as the text around it (which presentation mode enlarges).
    title_->setText(QStringLiteral("<span style='font-size:%1pt; font-weight:600'>%2</span>")
                        .arg((presentation_ ? QApplication::font() : baseFont_).pointSizeF() * 1.45)
                        .arg(title.toHtmlEscaped()));
    // A recorded program's wait_for inner tasks have lanes, but their jobs
    // are their parents' (RunModel::helperOf): counted apart.
    // So are its Queue workers that had lanes (RunConfig::queueWorkers);
    // the lanes of items whose put() was cancelled and a pool's idle objects are no tasks at all.
    const std::size_t helpers = session_->isTrace() ? session_->run().helperCount() : 0;
    const std::size_t workers = session_->isTrace() ? session_->run().queueWorkerCount() : 0;
    const std::size_t notPut = session_->isTrace() ? session_->run().cancelledPutCount() : 0;
    const std::size_t idle = session_->isTrace() ? session_->run().poolObjectCount() : 0;
    const std::size_t tasks = session_->taskCount() - std::min(helpers + workers + notPut + idle, session_->taskCount());
    QString sub = (tasks == 1 ? tr("1 task") : tr("%L1 tasks").arg(tasks));
    if (helpers > 0)
        sub += helpers == 1 ? tr(" + 1 inner task of wait_for") : tr(" + %L1 inner tasks of wait_for").arg(helpers);
    if (workers > 0)
        sub += workers == 1 ? tr(" + 1 queue worker") : tr(" + %L1 queue workers").arg(workers);
    if (idle > 0)
        sub += idle == 1 ? tr(" + 1 pool object never borrowed") : tr(" + %L1 pool objects never borrowed").arg(idle);
    // An engine run's trace tells its limit and collector (its "limiter"
    // line, which the stand-in scenario holds): said as the run says them.
    sub += QStringLiteral(" · %1").arg(session_->isTrace() && !session_->traceTellsLimiter()
                                           ? recordedText(session_->run())
                                           : limitAndCollectText(s.limit, s.collect));
    // A pool's workers limit its jobs whatever the limit above says ("no
    // limit" over five blocking jobs on two threads): the pools the run's
    // tasks used (a scenario's, or what an engine trace's limiter line tells).
    if (const std::optional<Limiter>& told = session_->run().config().limiter) {
        if (told->threadWorkers > 0) sub += tr(" · thread pool of %L1").arg(told->threadWorkers);
        if (told->processWorkers > 0) sub += tr(" · process pool of %L1").arg(told->processWorkers);
    }
    if (!s.limit.schedule.empty()) sub += tr(" · live resizes recorded: %1").arg(s.limit.schedule.size());
    subtitle_->setText(sub);
    const QString description = ScenarioTitle::descriptionOf(s);
    description_->setText(MarkdownCodeFont::labelHtml(description));
    description_->setVisible(!description.isEmpty());
    legend_->setStates(session_->run().canHave());
    setWindowTitle(tr("%1 — Coroscope").arg(title));
    updateNamedTasks();
}

void MainWindow::updateNamedTasks() {
    namedTasksDue_ = false;
    // The tasks the description and the lesson name ("task 4 and task 16
    // call time.sleep"): the timeline labels their lanes however thin.
    std::vector<long long> tasks;
    const auto add = [&tasks](const QString& text) {
        for (const TaskMention& m : TaskMentions::find(text))
            for (long long t = m.first; t <= m.last && t - m.first < 64; ++t) tasks.push_back(t);
    };
    add(ScenarioTitle::descriptionOf(session_->scenario()));
    if (lessons_->player()->lesson())
        for (QTextBrowser* b : lessons_->findChildren<QTextBrowser*>()) add(b->toPlainText());
    std::sort(tasks.begin(), tasks.end());
    tasks.erase(std::unique(tasks.begin(), tasks.end()), tasks.end());
    timeline_->setNamedTasks(std::move(tasks));
}

void MainWindow::updateStatus() {
    const TimelineModel& m = *session_->model();
    QString state;
    if (!isLive())
        state = tr("Rewound to %1 — press L or Play to go back to live").arg(formatTime(viewport_->cursor(), 1e-3));
    else if (m.ended() && m.outcome() == Outcome::Deadlock)
        // Not "finished": CPython would wait here for good (the run was
        // ended as a Ctrl-C would end it; the Warnings panel says who waits).
        state = tr("Deadlocked at %1: every task waits, and a real run would hang here")
                    .arg(formatTime(m.endTime(), 1e-3));
    else if (m.ended())
        state = tr("Finished at %1").arg(formatTime(m.endTime(), 1e-3));
    else if (session_->isTrace() && session_->finished())
        state = tr("Partial run: shown up to %1, its last event").arg(formatTime(m.lastEventTime(), 1e-3));
    else
        state = runner_->isPlaying() ? tr("Playing") : tr("Paused");
    // Presentation mode puts the Warnings panel aside: the class still
    // learns that there are some (a deadlock, a release too many).
    if (const int n = warnings_->model()->rowCount(); presentation_ && n > 0 && !warningsDock_->isVisible())
        state += n == 1 ? tr(" · 1 warning (View ▸ Warnings)") : tr(" · %1 warnings (View ▸ Warnings)").arg(n);
    stState_->setText(state);
    stTime_->setText(tr("%1 %2").arg(clockName(session_->run().config().realClock),
                                      formatTime(session_->liveTime(), 1e-3)));
    stSpeed_->setText(tr("speed %1×").arg(runner_->speed(), 0, 'g', 3));
    stEvents_->setText(m.lineCount() == 1 ? tr("1 event") : tr("%L1 events").arg(m.lineCount()));
    stFps_->setText(tr("%1 fps").arg(timeline_->framesPerSecond(), 0, 'f', 0));
}

QString MainWindow::subtitleText() const { return subtitle_->text(); }

QString MainWindow::statusText() {
    updateStatus();
    return stState_->text();
}

void MainWindow::showKeys() {
    QMessageBox box(this);
    box.setWindowTitle(tr("Keys and mouse"));
    box.setTextFormat(Qt::RichText);
    box.setText(TimelineView::keyHelpText());
    box.exec();
}

void MainWindow::openDialog() { files_->openDialog(); }

void MainWindow::saveScreenshotDialog() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save screenshot"), QStringLiteral("coroscope.png"),
                                                      tr("PNG images (*.png)"));
    if (path.isEmpty()) return;
    refreshPanels();  // the picture of one moment: panels and status as the timeline shows it
    if (!grab().save(path))
        QMessageBox::warning(this, tr("Coroscope"), tr("Could not save %1").arg(path));
}

void MainWindow::saveTraceDialog() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save trace"), QStringLiteral("trace.jsonl"),
                                                      tr("JSON lines (*.jsonl)"));
    if (path.isEmpty()) return;
    QString error;
    if (!files_->saveTraceFile(path, &error)) QMessageBox::warning(this, tr("Coroscope"), error);
}

void MainWindow::setPresentationMode(bool on) {
    if (on == presentation_) return;
    presentation_ = on;
    if (presentationAction_ && presentationAction_->isChecked() != on) {
        const QSignalBlocker b(presentationAction_);
        presentationAction_->setChecked(on);
    }
    if (on) {
        stateBeforePresentation_ = windowState();
        docksBeforePresentation_ = saveState();
        geometryBeforePresentation_ = saveGeometry();
        // Sizes for the screen the window is on (a projector as a second
        // screen included): text the back row reads, thick arrows, big marks.
        QScreen* s = screen();
        const PresentationMetrics m = s ? PresentationMetrics::forScreen(s->size(), s->devicePixelRatio())
                                        : PresentationMetrics::forScreen(size(), 1.0);
        presentationSizes_ = m;
        QFont f = baseFont_;
        f.setPointSizeF(m.textPx * 72.0 / (s ? s->logicalDotsPerInchY() : 96.0));
        QApplication::setFont(f);
        timeline_->setScale(m.timelineScale);
        timeline_->setMinimumMarks(m.arrowWidth, m.markerDiameter);
        legend_->setScale(m.timelineScale);
        code_->setPresentationFont(m.codePx);
        editor_->setPresentationFont(m.codePx);
        // The class sees the timeline, the lesson's text and the code side by
        // side; the other panels step aside (the View menu brings any of
        // them back) and come back as they were afterwards.
        for (QDockWidget* d : findChildren<QDockWidget*>()) d->hide();
        const bool lesson = lessons_->player()->lesson() != nullptr;
        lessons_->setCompact(true);
        for (QDockWidget* d : {lessonsDock_, codeDock_}) {
            d->setFloating(false);
            addDockWidget(Qt::RightDockWidgetArea, d);
        }
        if (lesson) {
            splitDockWidget(lessonsDock_, codeDock_, Qt::Vertical);
            lessonsDock_->show();
        }
        codeDock_->show();
        // The whole screen, with or without a window manager to honour the
        // full-screen state (a bare X server, some kiosk set-ups).
        if (s) setGeometry(s->geometry());
        showFullScreen();
        layout()->activate();
        const QSize area = s ? s->geometry().size() : size();
        resizeDocks({codeDock_}, {static_cast<int>(area.width() * PresentationMetrics::kSideColumn)}, Qt::Horizontal);
        if (lesson) shareSideColumn();
    } else {
        codeAsideForLab_ = false;  // restoreState brings the docks back as they were
        QApplication::setFont(baseFont_);
        timeline_->setScale(1.0);
        timeline_->setMinimumMarks(0.0, 0.0);
        legend_->setScale(1.0);
        code_->setPresentationFont(0.0);
        editor_->setPresentationFont(0.0);
        lessons_->setCompact(false);
        restoreState(docksBeforePresentation_);
        setWindowState(stateBeforePresentation_);
        if (!(stateBeforePresentation_ & Qt::WindowFullScreen)) showNormal();
        restoreGeometry(geometryBeforePresentation_);
    }
    updateHeader();
}

void MainWindow::shareSideColumn() {
    // On a short screen the question's box takes much of the lesson's
    // share: its text gets more (at 1280x720 it had five lines).
    const int h = screen() ? screen()->geometry().height() : height();
    const int share = h < 900 ? 70 : 62;
    resizeDocks({lessonsDock_, codeDock_}, {h * share / 100, h * (100 - share) / 100}, Qt::Vertical);
}

void MainWindow::fitLabInSideColumn() {
    // The lab open as a tab beside the lesson: the code under them takes a
    // tab too, and the lab the column's height (the code's slice left its
    // chart 110 px after a sweep at 1280x720). The lab's and the lesson's
    // tabs are raised or not without it. (Hidden instead, the code left the
    // tab bar deaf to clicks.)
    const bool labOpen = presentation_ && !labDock_->isHidden() && !labDock_->isFloating() &&
                         tabifiedDockWidgets(labDock_).contains(lessonsDock_);
    if (labOpen && !codeAsideForLab_ && !codeDock_->isHidden() && !codeDock_->isFloating() &&
        !tabifiedDockWidgets(labDock_).contains(codeDock_)) {
        codeAsideForLab_ = true;
        tabifyDockWidget(lessonsDock_, codeDock_);
        labDock_->raise();
    } else if (!labOpen && codeAsideForLab_) {
        // The lab closed: the code under the lesson again, at its share.
        codeAsideForLab_ = false;
        if (!presentation_ || codeDock_->isHidden() || codeDock_->isFloating() || lessonsDock_->isHidden() ||
            !tabifiedDockWidgets(codeDock_).contains(lessonsDock_))
            return;
        // Not splitDockWidget: beside a tab group it only adds a tab.
        removeDockWidget(codeDock_);
        addDockWidget(Qt::RightDockWidgetArea, codeDock_, Qt::Vertical);
        codeDock_->show();
        lessonsDock_->raise();
        // The layout takes the dock back first; resizeDocks before it has no effect.
        QTimer::singleShot(0, this, [this] {
            if (presentation_ && codeDock_->isVisible() && lessonsDock_->isVisible()) shareSideColumn();
            // Qt 6.4 leaves the dissolved tab group's bar shown with no tab:
            // a line down the lesson's right edge, over its text.
            for (QTabBar* bar : findChildren<QTabBar*>())
                if (bar->count() == 0 && bar->isVisible()) bar->hide();
        });
    }
}

void MainWindow::restoreSettings() {
    QSettings s;
    // Qt shrinks a restored geometry that does not fit the screen; we make
    // sure the frame ends up inside it (a laptop after a big monitor).
    if (restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray())) clampToScreen();
    // Docks laid out for a big monitor would squash the lanes on a laptop:
    // a layout is restored only on the same kind of screen.
    if (s.value(QStringLiteral("window/compact"), false).toBool() == compact_)
        restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    runner_->setSpeed(s.value(QStringLiteral("run/speed"), 1.0).toDouble());
}

void MainWindow::closeEvent(QCloseEvent* e) {
    // What is saved is the window as it is outside presentation mode.
    if (presentation_) setPresentationMode(false);
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/compact"), compact_);
    s.setValue(QStringLiteral("run/speed"), runner_->speed());
    runner_->pause();
    QMainWindow::closeEvent(e);
}

}  // namespace cs::ui
