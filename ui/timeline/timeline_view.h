#pragma once
// The timeline widget: lanes and counter tracks painted by a list of passes
// from a TimelineModel, looking through a Viewport. Perfetto's keys:
// W/S zoom, A/D pan, Ctrl+wheel zoom at the mouse, drag to pan, F fit,
// '.'/',' next/previous event, '?' the key list.
#include <QElapsedTimer>
#include <QWidget>
#include <memory>
#include <vector>

#include "timeline/paint_pass.h"
#include "timeline/state_palette.h"
#include "timeline/timeline_layout.h"

namespace cs::ui {

class TimelineModel;
class Viewport;

class TimelineView : public QWidget {
    Q_OBJECT
public:
    TimelineView(TimelineModel* model, Viewport* viewport, QWidget* parent = nullptr);
    ~TimelineView() override;
    const TimelineModel& model() const { return *model_; }
    // Whether a picture of `size` (render()) folds its lanes into density rows.
    bool foldsAt(QSize size) const;

    long long selectedTask() const;  // the viewport's
    void setSelectedTask(long long task);
    // Tasks the text on screen names (the description, the lesson): their
    // lanes are labelled however thin the lanes are.
    void setNamedTasks(std::vector<long long> tasks);
    const std::vector<long long>& namedTasks() const { return namedTasks_; }
    // Shows the viewport's selected task: its lane scrolled into view, taskSelected.
    void showSelectedTask(long long task);
    // Live: the cursor is the live "now" (drawn thin); otherwise it marks the
    // rewound instant the panels describe.
    void setLive(bool live);
    bool isLive() const { return live_; }
    // Presentation mode: larger fonts, lanes and tracks.
    void setScale(double scale);
    double scale() const { return scale_; }
    // Presentation mode: every hand-over arrow at least arrowWidth wide and
    // every end marker at least markerDiameter across (logical px; 0, 0:
    // the normal sizes).
    void setMinimumMarks(double arrowWidth, double markerDiameter);
    double minimumArrowWidth() const { return minArrow_; }
    double minimumMarkerDiameter() const { return minMarker_; }
    // 0 fits all lanes; otherwise a fixed lane height (lanes then scroll).
    void setLaneHeight(int px);
    int laneHeight() const { return laneHeightPref_; }
    void scrollLanesTo(std::size_t firstLane);
    const TimelineLayout& currentLayout() const { return layout_; }
    // One more pass, painted after the built-in ones (lesson callouts...).
    void addPass(std::unique_ptr<PaintPass> pass);

    // Paints everything into p over a canvas of `size` (widget paint, the
    // benchmark and screenshot code share this path).
    void render(QPainter& p, QSize size);
    double framesPerSecond() const { return fps_; }
    // Wall time of the last paintEvent's render() (the live benchmark).
    double lastPaintMs() const { return lastPaintMs_; }

    // The end of a window that starts at 0 and shows the run up to `end`,
    // made later where the labels after its last marks need the room
    // (LanesPass::roomyEnd, in this view's size, font and scale).
    double roomyEnd(double end) const;

    // Human-readable list of keys and mouse gestures (the '?' dialog).
    static QString keyHelpText();

    // Next/previous event after/before t: of the selected task when one is
    // selected, of the whole trace otherwise. NaN when there is none.
    double nextEventTime(double t) const;
    double previousEventTime(double t) const;

signals:
    void taskSelected(long long task);
    // The user moved the cursor (drag, '.'/','): the app leaves live mode.
    void cursorMovedByUser(double t);
    void keyHelpRequested();
    // The lanes folded into density rows, or unfolded (the legend follows).
    void foldedChanged(bool folded);
    // Laid out anew (a resize, a font, presentation mode): roomyEnd may
    // have changed.
    void relaidOut();

protected:
    void paintEvent(QPaintEvent*) override;
    void resizeEvent(QResizeEvent*) override;
    void keyPressEvent(QKeyEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;
    void mouseReleaseEvent(QMouseEvent*) override;
    void wheelEvent(QWheelEvent*) override;
    void leaveEvent(QEvent*) override;
    bool event(QEvent*) override;
    void changeEvent(QEvent*) override;

private:
    // The instants at which task i changes state (its segments' bounds).
    std::vector<double> taskMoments(std::size_t i) const;
    // The worker whose row of the Workers track is at y.
    std::size_t workerRowAt(int y) const;
    enum class Drag { None, Pan, Cursor, Select };
    void relayout();
    // The layout for a canvas of `size`, with the strip the passes reserve.
    TimelineLayout layoutFor(QSize size) const;
    // The gutter the passes' labels need in this view's font.
    int gutterNeed() const;
    int reservedStrip(int timeWidth) const;
    double timeAtX(double x) const;
    double clampCursor(double t) const;
    void moveCursorByUser(double t);
    QString tooltipAt(QPoint pos) const;
    void onFrame();

    TimelineModel* model_;
    Viewport* viewport_;
    std::vector<std::unique_ptr<PaintPass>> passes_;
    TimelineLayout layout_;
    StatePalette palette_;
    long long hoverTask_ = -1;
    std::vector<long long> namedTasks_;
    double hoverTime_;
    bool live_ = true;
    double scale_ = 1.0;
    int strip_ = 0;  // the notes strip the passes asked for at the last relayout
    double minArrow_ = 0.0;
    double minMarker_ = 0.0;
    int laneHeightPref_ = 0;
    std::size_t firstLane_ = 0;

    Drag drag_ = Drag::None;
    QPoint pressPos_;
    double pressTime_ = 0.0;
    TimeRange pressWindow_;
    bool moved_ = false;

    QElapsedTimer fpsClock_;
    int frames_ = 0;
    double fps_ = 0.0;
    double lastPaintMs_ = 0.0;
};

}  // namespace cs::ui
