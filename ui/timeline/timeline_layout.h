#pragma once
// Where things go on the timeline widget: the gutter of labels on the left,
// the time ruler, the counter tracks and the task lanes. Pure geometry so
// that painting and hit-testing agree on every pixel.
#include <QRect>
#include <QString>
#include <array>

namespace cs::ui {

enum class TrackKind { Permits, Waiting, Loop, Throughput, Counter, Caller, Workers };

class TimelineLayout {
public:
    struct Track {
        TrackKind kind;
        QRect rect;  // full width, gutter included
    };

    // scale: 1 normally, larger in presentation mode. laneHeightPref: 0 fits
    // all lanes into the view; otherwise a fixed lane height (the view then
    // scrolls through lanes from firstLane).
    // noteStrip: the height of a strip kept free between the counter tracks
    // and the lanes (a lesson's callout bubbles; PaintPass::reservedHeight).
    // workers: a Queue's workers, one row each in the Workers track (0: no track).
    // counter: the run reads and writes a shared counter (the Counter track;
    // false: no track).
    // permitBands: the program's Semaphores and Locks drawn apart, one band
    // each in the Permits track (TimelineModel::permitBands; 0: one area).
    // minGutter: the labels' need (PaintPass::gutterWidth): the gutter is
    // at least that wide, up to a third of the width.
    static TimelineLayout compute(QSize size, double scale, std::size_t taskCount, int laneHeightPref,
                                  std::size_t firstLane, int noteStrip = 0, std::size_t workers = 0,
                                  bool counter = false, std::size_t permitBands = 0, int minGutter = 0);
    // Band k of n in a track, top to bottom (n > 0), and the band at y.
    static QRect band(QRect track, std::size_t n, std::size_t k);
    static std::size_t bandAt(QRect track, std::size_t n, int y);
    // Rows the Workers track shows (more workers share the last rows' height).
    static constexpr std::size_t kMaxWorkerRows = 8;

    int gutter = 0;      // width of the label column
    QRect timeArea;      // x extent of the time axis (all heights)
    QRect ruler;         // time labels
    // Workers and Counter: empty (zero height) without workers or a counter.
    std::array<Track, 7> tracks{};
    QRect notes;         // the strip for notes (empty when none), gutter included
    QRect lanes;         // the lanes area, gutter included
    double scale = 1.0;

    // Lanes: one per task, or when there are more tasks than fit at a
    // minimum height, density rows that each fold `tasksPerRow` tasks.
    bool folded = false;
    double laneHeight = 0.0;     // lane mode
    std::size_t firstLane = 0;   // lane mode: first visible task
    std::size_t visibleLanes = 0;
    int rowHeight = 0;           // folded mode
    std::size_t tasksPerRow = 1;
    std::size_t rows = 0;
    std::size_t taskCount = 0;
    std::size_t workers = 0;
    bool counter = false;

    int timeWidth() const { return timeArea.width(); }
    // Lane mode: the task drawn at y (or -1); folded: the first task of the row.
    long long taskAtY(int y) const;
    // Lane mode: the top of task i's lane (may be outside lanes when scrolled).
    double laneTop(std::size_t task) const;
    double laneCenter(std::size_t task) const { return laneTop(task) + laneHeight / 2.0; }
    bool canScrollLanes() const { return !folded && visibleLanes < taskCount; }
    // Gutter labels go on every labelStride-th lane (or density row), so
    // that labels textHeight tall never overlap: 1, 2, 5, 10, 20, ... The
    // hovered and the selected lane are labelled besides.
    std::size_t labelStride(int textHeight) const;
};

}  // namespace cs::ui
