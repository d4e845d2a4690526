#pragma once
// Coroscope's main window: the timeline in the centre, dockable panels
// around it (restored from QSettings), menus, a status bar. Owns the live
// Session, the LiveRunner playing it and the Viewport the timeline shows.
#include <QMainWindow>
#include <QTimer>

#include "model/scenario.h"
#include "presentation_metrics.h"

class QLabel;
class QDockWidget;
class QAction;
class QScreen;
class QStackedWidget;

namespace cs::ui {

class ControlsPanel;
class Document;
class FileActions;
class LegendBar;
class LiveRunner;
class LoopAnatomyPanel;
class MetricsPanel;
class ResultsPanel;
class Session;
class TasksPanel;
class TimelineView;
class Viewport;
class WarningsPanel;
class CodePanel;
class ProgramEditor;
class LessonBrowser;
class LimitLabPanel;
class TaskMentionHighlighter;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // Shows `document` (a WindowHost's, kept across language switches), or
    // a document of its own when none is given.
    explicit MainWindow(Document* document = nullptr, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Scenarios: a file, a bundled one (":/scenarios/NAME.json"), or a struct.
    bool openFile(const QString& path, QString* error = nullptr);
    bool openBundled(const QString& name, QString* error = nullptr);
    // A lesson: its number in teaching order ("13": index.json's thirteenth),
    // else its id or a unique id prefix, else (for old command lines) a
    // bundled example's full name. False, with *error, if there is none.
    bool openLesson(const QString& key, QString* error = nullptr);
    // A bundled example: its name ("22-live-resize"), its number ("22"), or
    // a unique prefix. False, with *error naming the examples, if none.
    bool openExample(const QString& key, QString* error = nullptr);
    void loadScenario(Scenario scenario);
    // The scenario shown when nothing else is asked for.
    static QString defaultScenarioName() { return QStringLiteral("default-semaphore-20"); }
    static QStringList bundledScenarios();

    // Sizes, places and arranges the window for a screen (nullptr: the one
    // it is on). A roomy screen (isRoomy) gets kRoomySize, centred, with
    // Tasks, Warnings and the Limit lab under the timeline; a smaller one
    // (1366×768, 1280×720, a HiDPI screen at 2×) gets all of its available
    // area and those docks tabbed into the side columns, so that the lanes
    // keep their height. Every dock stays reachable by its tab.
    void fitToScreen(QScreen* screen = nullptr);
    // Shows what the document already holds (a window built over another
    // language's window's document): the header, the status and the panels.
    void refreshFromDocument();
    static constexpr QSize kRoomySize{1600, 1000};
    // Room for kRoomySize plus a window frame and a desktop panel.
    static bool isRoomy(QSize available) {
        return available.width() >= kRoomySize.width() + 16 && available.height() >= kRoomySize.height() + 60;
    }
    // Whether the docks are arranged for a small screen (fitToScreen).
    bool compactLayout() const { return compact_; }

    // The saved geometry (clamped into the current screen) and dock layout
    // (only when it was saved for the same kind of screen, roomy or not).
    void restoreSettings();
    void setPresentationMode(bool on);
    bool presentationMode() const { return presentation_; }
    // The sizes presentation mode uses on this window's screen (valid while on).
    const PresentationMetrics& presentationSizes() const { return presentationSizes_; }
    TaskMentionHighlighter* taskMentions() const { return mentions_; }

    // Rewind: show instant t (the run keeps its state; panels describe t).
    void rewindTo(double t);
    // Back to following the live run.
    void goLive();
    bool isLive() const;
    // Bring every panel up to date now (tests, screenshots).
    void refreshPanels();
    // The status bar's first field (playing, paused, finished, rewound), up to date.
    QString statusText();
    // The header's second line (tasks, limit, collector).
    QString subtitleText() const;
    // The tasks the description and the open lesson name, to the timeline.
    void updateNamedTasks();

    Document* document() const { return document_; }
    Session* session() const { return session_; }
    LiveRunner* runner() const { return runner_; }
    Viewport* viewport() const { return viewport_; }
    TimelineView* timeline() const { return timeline_; }
    ControlsPanel* controls() const { return controls_; }
    TasksPanel* tasks() const { return tasks_; }
    ResultsPanel* results() const { return results_; }
    MetricsPanel* metrics() const { return metrics_; }
    LoopAnatomyPanel* loopAnatomy() const { return loop_; }
    WarningsPanel* warnings() const { return warnings_; }
    // File menu: open/import, recent files, drag and drop, save, export.
    FileActions* files() const { return files_; }
    // Lessons dock (browser, open lesson, predict/reveal) and Code dock.
    LessonBrowser* lessons() const { return lessons_; }
    CodePanel* code() const { return code_; }
    ProgramEditor* editor() const { return editor_; }
    // The Code dock shows the program editor (a copy of `program`) or,
    // with an empty program and `edit` false, the generated code again.
    void showEditor(bool edit, const QString& program = QString());
    bool editorShown() const;
    QDockWidget* lessonsDock() const { return lessonsDock_; }
    QDockWidget* codeDock() const { return codeDock_; }
    QDockWidget* labDock() const { return labDock_; }
    LimitLabPanel* limitLab() const { return lab_; }

signals:
    // View > Language: the user picked a language ("" = the system's).
    void languageRequested(const QString& code);

protected:
    void closeEvent(QCloseEvent* e) override;

private:
    void buildCentral();
    void buildDocks();
    void buildMenus();
    void buildStatusBar();
    // A dock for w. scroll: w sits in a scroll area, so that the dock's
    // minimum size never depends on w's contents (a long label, a tall
    // form) and the window never grows to fit them.
    QDockWidget* addDock(QWidget* w, const QString& title, const QString& objectName, Qt::DockWidgetArea area,
                         bool scroll = false);
    // Puts every dock where the layout for this kind of screen wants it.
    void arrangeDocks(bool compact);
    // Moves and shrinks the window so that its frame lies inside the
    // available area of its screen.
    void clampToScreen();
    // Presentation mode: the lesson's and the code's shares of the side column.
    void shareSideColumn();
    // Presentation mode: while the Limit lab is a tab beside the lesson, the
    // Code dock under them is a tab too; it comes back under them after.
    void fitLabInSideColumn();
    void onAdvanced();
    // The end of the whole range of a run that has ended (its end, a margin,
    // the room its last labels need).
    double endedWholeEnd() const;
    void onRestarted();
    void updateHeader();
    void updateStatus();
    void showKeys();
    void openDialog();
    void saveScreenshotDialog();
    void saveTraceDialog();
    void refreshDirtyPanels();

    Document* document_;
    Session* session_;
    LiveRunner* runner_;
    Viewport* viewport_;
    TimelineView* timeline_ = nullptr;
    LegendBar* legend_ = nullptr;
    QLabel* title_ = nullptr;
    QLabel* subtitle_ = nullptr;
    QLabel* description_ = nullptr;
    bool namedTasksDue_ = false;  // updateNamedTasks is queued
    ControlsPanel* controls_ = nullptr;
    MetricsPanel* metrics_ = nullptr;
    ResultsPanel* results_ = nullptr;
    LoopAnatomyPanel* loop_ = nullptr;
    TasksPanel* tasks_ = nullptr;
    WarningsPanel* warnings_ = nullptr;
    FileActions* files_ = nullptr;
    QDockWidget* controlsDock_ = nullptr;
    QDockWidget* metricsDock_ = nullptr;
    QDockWidget* resultsDock_ = nullptr;
    QDockWidget* loopDock_ = nullptr;
    QDockWidget* tasksDock_ = nullptr;
    QDockWidget* warningsDock_ = nullptr;
    QDockWidget* codeDock_ = nullptr;
    QDockWidget* labDock_ = nullptr;
    LimitLabPanel* lab_ = nullptr;
    bool compact_ = false;
    LessonBrowser* lessons_ = nullptr;
    CodePanel* code_ = nullptr;
    ProgramEditor* editor_ = nullptr;  // in the Code dock, in place of code_ while editing
    QStackedWidget* codeStack_ = nullptr;
    QDockWidget* lessonsDock_ = nullptr;
    QLabel* stState_ = nullptr;
    QLabel* stTime_ = nullptr;
    QLabel* stSpeed_ = nullptr;
    QLabel* stEvents_ = nullptr;
    QLabel* stFps_ = nullptr;
    QTimer panelTimer_;
    QTimer statusTimer_;
    bool panelsDirty_ = true;
    int panelTick_ = 0;
    bool presentation_ = false;
    PresentationMetrics presentationSizes_;
    QAction* presentationAction_ = nullptr;
    TaskMentionHighlighter* mentions_ = nullptr;
    Qt::WindowStates stateBeforePresentation_;
    QByteArray docksBeforePresentation_;
    QByteArray geometryBeforePresentation_;
    bool codeAsideForLab_ = false;  // fitLabInSideColumn made the Code dock a tab
    QFont baseFont_;
};

}  // namespace cs::ui
