#include "main_window.h"

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
#include <QStyle>
#include <QVBoxLayout>
#include <cmath>
#include <fstream>

#include "export/file_actions.h"
#include "i18n/language.h"
#include "lab/limit_lab_panel.h"
#include "lessons/lesson_browser.h"
#include "lessons/lesson_library.h"
#include "lessons/lesson_player.h"
#include "live/live_runner.h"
#include "live/session.h"
#include "program/run_memory.h"
#include "panels/code_panel.h"
#include "panels/controls_panel.h"
#include "panels/loop_anatomy_panel.h"
#include "panels/metrics_panel.h"
#include "panels/results_panel.h"
#include "panels/tasks_panel.h"
#include "panels/warnings_panel.h"
#include "scenario/loader.h"
#include "trace/jsonl_writer.h"
#include "timeline/legend_bar.h"
#include "timeline/time_format.h"
#include "timeline/timeline_view.h"
#include "timeline/viewport.h"

namespace cs::ui {

namespace {
constexpr double kPresentationScale = 1.6;
// Room after the last event so that end markers are not cut by the edge.
constexpr double kWholeMargin = 1.03;

QString limitText(const Limit& l) {
    switch (l.kind) {
        case LimitKind::None: return MainWindow::tr("no limit");
        case LimitKind::Semaphore: return QStringLiteral("Semaphore(%1)").arg(l.value);
        case LimitKind::BoundedSemaphore: return QStringLiteral("BoundedSemaphore(%1)").arg(l.value);
        case LimitKind::SemaphorePerTask: return MainWindow::tr("Semaphore(%1) per task").arg(l.value);
        case LimitKind::Queue: return MainWindow::tr("Queue + %1 workers").arg(l.workers);
        case LimitKind::Manual: return MainWindow::tr("manual counter (%1)").arg(l.value);
        case LimitKind::Chunks: return MainWindow::tr("chunks of %1").arg(l.size);
        case LimitKind::Rate: return MainWindow::tr("rate %1/s").arg(l.maxPerSecond);
        case LimitKind::Adaptive: return MainWindow::tr("adaptive %1..%2").arg(l.min).arg(l.max);
        case LimitKind::Connector: return QStringLiteral("TCPConnector(limit=%1)").arg(l.value);
        case LimitKind::Scheduler:
            return l.pendingLimit > 0
                       ? QStringLiteral("aiojobs Scheduler(limit=%1, pending_limit=%2)").arg(l.value).arg(l.pendingLimit)
                       : QStringLiteral("aiojobs Scheduler(limit=%1)").arg(l.value);
    }
    return {};
}

QString collectText(const Collect& c) {
    switch (c.kind) {
        case CollectKind::Gather:
            return c.returnExceptions ? QStringLiteral("gather(return_exceptions=True)") : QStringLiteral("gather()");
        case CollectKind::Wait: {
            static const char* when[] = {"ALL_COMPLETED", "FIRST_COMPLETED", "FIRST_EXCEPTION"};
            return QStringLiteral("wait(%1)").arg(QLatin1String(when[static_cast<int>(c.returnWhen)]));
        }
        case CollectKind::AsCompleted: return QStringLiteral("as_completed()");
        case CollectKind::TaskGroup: return QStringLiteral("TaskGroup");
        case CollectKind::Sequential: return MainWindow::tr("sequential await");
    }
    return {};
}
}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      session_(new Session(this)),
      runner_(new LiveRunner(session_, this)),
      viewport_(new Viewport(this)) {
    setWindowTitle(tr("Coroscope"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/coroscope.svg")));
    baseFont_ = QApplication::font();
    buildCentral();
    buildDocks();
    buildMenus();
    buildStatusBar();

    connect(session_, &Session::advanced, this, &MainWindow::onAdvanced);
    connect(session_, &Session::restarted, this, &MainWindow::onRestarted);
    connect(session_, &Session::limitChanged, this, [this] { updateHeader(); });
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
    connect(warnings_, &WarningsPanel::countChanged, this, [this](int n) {
        warningsDock_->setWindowTitle(n > 0 ? tr("Warnings (%1)").arg(n) : tr("Warnings"));
    });
    connect(viewport_, &Viewport::cursorChanged, this, [this] { panelsDirty_ = true; });
    lessons_->attachTimeline(timeline_, viewport_);
    code_->attachTimeline(timeline_, viewport_);
    connect(lessons_->player(), &LessonPlayer::scenarioRequested, this,
            [this](const Scenario& s) { loadScenario(s); });
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
    resize(1600, 1000);
}

MainWindow::~MainWindow() {
    runner_->pause();
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
    title_ = new QLabel;
    subtitle_ = new QLabel;
    subtitle_->setForegroundRole(QPalette::PlaceholderText);
    subtitle_->setWordWrap(true);
    description_ = new QLabel;
    description_->setWordWrap(true);
    description_->setTextFormat(Qt::MarkdownText);
    hv->addWidget(title_);
    hv->addWidget(subtitle_);
    hv->addWidget(description_);
    v->addWidget(header);
    timeline_ = new TimelineView(session_->model(), viewport_);
    v->addWidget(timeline_, 1);
    legend_ = new LegendBar;
    v->addWidget(legend_);
    setCentralWidget(central);
    timeline_->setFocus();
}

QDockWidget* MainWindow::addDock(QWidget* w, const QString& title, const QString& objectName,
                                 Qt::DockWidgetArea area) {
    auto* d = new QDockWidget(title, this);
    d->setObjectName(objectName);  // QMainWindow::saveState needs it
    d->setWidget(w);
    d->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                   QDockWidget::DockWidgetFloatable);
    addDockWidget(area, d);
    connect(d, &QDockWidget::visibilityChanged, this, [this](bool v) {
        if (v) panelsDirty_ = true;
    });
    return d;
}

void MainWindow::buildDocks() {
    controls_ = new ControlsPanel(session_, runner_);
    metrics_ = new MetricsPanel(session_);
    results_ = new ResultsPanel(session_);
    loop_ = new LoopAnatomyPanel(session_, runner_);
    tasks_ = new TasksPanel(session_);
    warnings_ = new WarningsPanel(session_);
    auto* dc = addDock(controls_, tr("Controls"), QStringLiteral("dock.controls"), Qt::LeftDockWidgetArea);
    auto* dm = addDock(metrics_, tr("Metrics"), QStringLiteral("dock.metrics"), Qt::RightDockWidgetArea);
    auto* dr = addDock(results_, tr("Results"), QStringLiteral("dock.results"), Qt::RightDockWidgetArea);
    auto* dl = addDock(loop_, tr("Loop anatomy"), QStringLiteral("dock.loop"), Qt::RightDockWidgetArea);
    auto* dt = addDock(tasks_, tr("Tasks"), QStringLiteral("dock.tasks"), Qt::BottomDockWidgetArea);
    warningsDock_ = addDock(warnings_, tr("Warnings"), QStringLiteral("dock.warnings"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(dm, dr);
    tabifyDockWidget(dr, dl);
    lessons_ = new LessonBrowser(session_, runner_);
    code_ = new CodePanel(session_);
    lessonsDock_ = addDock(lessons_, tr("Lessons"), QStringLiteral("dock.lessons"), Qt::LeftDockWidgetArea);
    auto* dcode = addDock(code_, tr("Code"), QStringLiteral("dock.code"), Qt::RightDockWidgetArea);
    tabifyDockWidget(dc, lessonsDock_);
    dc->raise();
    tabifyDockWidget(dl, dcode);
    dm->raise();
    tabifyDockWidget(dt, warningsDock_);
    // The Limit lab sweeps the scenario on screen; a chosen setting comes back here.
    auto* lab = new LimitLabPanel;
    lab->setScenarioSource([this] { return std::optional<Scenario>(session_->scenario()); });
    connect(lab, &LimitLabPanel::scenarioChosen, this, [this](const Scenario& s) { loadScenario(s); });
    QDockWidget* labDock = addDock(lab, tr("Limit lab"), QStringLiteral("dock.lab"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(warningsDock_, labDock);
    dt->raise();
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    resizeDocks({dc, dm}, {330, 380}, Qt::Horizontal);
    resizeDocks({dt}, {190}, Qt::Vertical);
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
    for (const QString& name : bundledScenarios()) {
        examples->addAction(name, this, [this, name] {
            QString err;
            if (!openBundled(name, &err)) QMessageBox::warning(this, tr("Coroscope"), err);
        });
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
    for (QDockWidget* d : findChildren<QDockWidget*>()) view->addAction(d->toggleViewAction());
    view->addSeparator();
    // The timeline handles these keys itself when it has focus; the menu
    // shows them (after a tab) and offers them to the mouse.
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
    QAction* live = run->addAction(tr("Back to &live"));
    live->setShortcut(QKeySequence(Qt::Key_L));
    connect(live, &QAction::triggered, this, &MainWindow::goLive);
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

bool MainWindow::openLesson(const QString& id, QString* error) {
    // A lesson by id or id prefix; else a bundled example by name ("22"
    // finds "22-live-resize"); else the lesson at that position ("3").
    const LessonLibrary& lib = lessons_->library();
    if (lib.findByName(id)) return lessons_->openLesson(id, error);
    if (QFile::exists(QStringLiteral(":/scenarios/%1.json").arg(id))) return openBundled(id, error);
    for (const QString& name : bundledScenarios())
        if (name.startsWith(id + QLatin1Char('-')) || (id.contains(QLatin1Char('-')) && name.startsWith(id)))
            return openBundled(name, error);
    if (lib.findByNumber(id)) return lessons_->openLesson(id, error);
    if (error) *error = tr("No lesson or example named %1.").arg(id);
    return false;
}

void MainWindow::loadScenario(Scenario scenario) {
    session_->load(std::move(scenario));
    timeline_->setSelectedTask(-1);
    viewport_->clearSelection();
    // A newcomer should see something move at once.
    runner_->play();
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
    viewport_->setWhole({0.0, std::max(end, 1e-3)});
    if (timeline_->isLive()) viewport_->setCursor(live);
    panelsDirty_ = true;
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
    panelsDirty_ = runner_->isPlaying();
}

void MainWindow::updateHeader() {
    const Scenario& s = session_->scenario();
    const QString title = s.title.empty() ? tr("Untitled scenario") : QString::fromStdString(s.title);
    title_->setText(QStringLiteral("<span style='font-size:%1pt; font-weight:600'>%2</span>")
                        .arg(baseFont_.pointSizeF() * (presentation_ ? 2.2 : 1.45))
                        .arg(title.toHtmlEscaped()));
    QString sub = (s.tasks.size() == 1 ? tr("1 task") : tr("%L1 tasks").arg(s.tasks.size())) +
                  QStringLiteral(" · %1 · %2").arg(limitText(s.limit), collectText(s.collect));
    if (!s.limit.schedule.empty()) sub += tr(" · live resizes recorded: %1").arg(s.limit.schedule.size());
    subtitle_->setText(sub);
    description_->setText(QString::fromStdString(s.description));
    description_->setVisible(!s.description.empty());
    setWindowTitle(tr("%1 — Coroscope").arg(title));
}

void MainWindow::updateStatus() {
    const TimelineModel& m = *session_->model();
    QString state;
    if (!isLive())
        state = tr("Rewound to %1 — press L or Play to go back to live").arg(formatTime(viewport_->cursor(), 1e-3));
    else if (m.ended())
        state = tr("Finished at %1").arg(formatTime(m.endTime(), 1e-3));
    else
        state = runner_->isPlaying() ? tr("Playing") : tr("Paused");
    stState_->setText(state);
    stTime_->setText(tr("virtual time %1").arg(formatTime(session_->liveTime(), 1e-3)));
    stSpeed_->setText(tr("speed %1×").arg(runner_->speed(), 0, 'g', 3));
    stEvents_->setText(tr("%L1 events").arg(m.eventCount()));
    stFps_->setText(tr("%1 fps").arg(timeline_->framesPerSecond(), 0, 'f', 0));
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
    if (!path.isEmpty() && !grab().save(path))
        QMessageBox::warning(this, tr("Coroscope"), tr("Could not save %1").arg(path));
}

void MainWindow::saveTraceDialog() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save trace"), QStringLiteral("trace.jsonl"),
                                                      tr("JSON lines (*.jsonl)"));
    if (path.isEmpty()) return;
    std::ofstream out(QFile::encodeName(path).toStdString(), std::ios::binary);
    if (out) JsonlWriter::writeAll(out, session_->events().store());
    if (!out) QMessageBox::warning(this, tr("Coroscope"), tr("Could not write %1").arg(path));
}

void MainWindow::setPresentationMode(bool on) {
    if (on == presentation_) return;
    presentation_ = on;
    QFont f = baseFont_;
    if (on) f.setPointSizeF(baseFont_.pointSizeF() * 1.35);
    QApplication::setFont(f);
    timeline_->setScale(on ? kPresentationScale : 1.0);
    legend_->setScale(on ? 1.35 : 1.0);
    if (on) {
        // The class sees the timeline: panels step aside (View menu brings
        // any of them back) and come back as they were afterwards.
        stateBeforePresentation_ = windowState();
        docksBeforePresentation_ = saveState();
        for (QDockWidget* d : findChildren<QDockWidget*>()) d->hide();
        // ...but the open lesson's text stays beside the timeline.
        if (lessons_->player()->lesson()) {
            lessons_->setCompact(true);
            lessonsDock_->show();
        }
        showFullScreen();
        layout()->activate();
    } else {
        lessons_->setCompact(false);
        restoreState(docksBeforePresentation_);
        setWindowState(stateBeforePresentation_);
        if (!(stateBeforePresentation_ & Qt::WindowFullScreen)) showNormal();
    }
    updateHeader();
}

void MainWindow::restoreSettings() {
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    runner_->setSpeed(s.value(QStringLiteral("run/speed"), 1.0).toDouble());
}

void MainWindow::closeEvent(QCloseEvent* e) {
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("run/speed"), runner_->speed());
    runner_->pause();
    QMainWindow::closeEvent(e);
}

}  // namespace cs::ui
