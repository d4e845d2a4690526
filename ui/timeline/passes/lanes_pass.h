#pragma once
#include "timeline/paint_pass.h"

class QFontMetricsF;

namespace cs::ui {

// One lane per task (lane mode): the task's state history as coloured
// segments (the run model's: RunModel::forEachSegment), its end marker,
// its reads and writes of a shared counter, and its label in the gutter: on every lane when
// they are tall enough for a line of text, otherwise on every k-th one
// (k = 2, 5, 10, ...) and on the hovered and selected ones, as Perfetto
// does. Only the visible lanes are touched, and per lane only that task's
// few facts; every segment is at least one pixel wide (what lands on one
// pixel is merged into it).
class LanesPass final : public PaintPass {
public:
    void paint(PaintContext& ctx) override;
    // A pool job waiting in its pool's queue for a free worker: a hollow box
    // (its fill, and an outline `w` wide where the box is big enough to show
    // one). The caller's lane draws main()'s own queued jobs so too.
    static void hollow(QPainter& p, const QRect& box, const StatePalette& pal, int w);
    // The same box in other colours (a rate limit's wait for its start slot:
    // StatePalette::slotWaitFill inside `running`).
    static void hollow(QPainter& p, const QRect& box, const QColor& fill, const QColor& edge, int w);
    // How many levels task's label is indented: one for each ancestor (the
    // recorded `parent`: a TaskGroup's child, wait_for's inner task), up to
    // kMaxNesting (a gutter's width; a file whose parents loop ends too).
    static constexpr int kMaxNesting = 4;
    static int nesting(const TimelineModel& m, std::size_t task);
    // The end of a fitted window that starts at `begin` and leaves room
    // right of the run's marks for their labels, in `font` on layout L (a
    // task's exception, 'cancelled', a counter's 'wrote 5' at the run's end
    // had none and went left, over the bar and the labels before it); `end`
    // when none needs more. A label wider than half of the axis is not
    // made room for (it still goes left).
    static double roomyEnd(const TimelineModel& m, const TimelineLayout& L, const QFont& font,
                           double minMarkerDiameter, double begin, double end);

private:
    void paintLane(PaintContext& ctx, std::size_t task);
    // Where tasks read and wrote a shared counter (lost update, Lock): a
    // tick on the task's lane and the value read or written; and an
    // asyncio.Lock's waits (hatched) and holds (framed).
    void paintCounterMarks(PaintContext& ctx, std::size_t firstLane, std::size_t lastLane);
    // The gutter label of a task's lane; onBacking: over other labels.
    void paintLabel(PaintContext& ctx, std::size_t task, bool onBacking);
    void markerLabel(PaintContext& ctx, double x, double r, double top, const QString& text, const QColor& colour);
    // 'waits for the lock' over the start of a Lock wait's span `span`.
    void lockWaitLabel(PaintContext& ctx, const QRectF& span, double top);
    // The radius of a lane's end marker.
    static double markerRadius(const TimelineLayout& L, double minMarkerDiameter);
    // The label right of task's end marker (its exception, 'cancelled',
    // 'destroyed ...'), empty for none.
    static QString endLabel(const TimelineModel& m, std::size_t task);
    static QString counterLabel(bool write, long long value);
    // A marker label's width (its backing) in `fm`, and the gap before it.
    static double labelWidth(const QFontMetricsF& fm, const QString& text);
    static constexpr double kLabelGap = 3.0;
    // Lanes shorter than this carry no marker labels.
    static constexpr double kMinLabelLane = 12.0;
};

}  // namespace cs::ui
