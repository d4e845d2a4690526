#pragma once
// The timeline is painted as a list of passes (background, axis, counter
// tracks, lanes, flows, overlay). A new visual is a new pass, not an edit to
// the renderer. Passes only read the context; what they draw must depend on
// nothing else, so that the benchmark can time them on a bare QImage.
#include <QPainter>
#include <cmath>
#include <vector>

#include "timeline/state_palette.h"
#include "timeline/time_pixel.h"
#include "timeline/timeline_layout.h"
#include "timeline/timeline_model.h"

namespace cs::ui {

struct PaintContext {
    QPainter& painter;
    const TimelineModel& model;
    const TimelineLayout& layout;
    const StatePalette& palette;
    TimeRange window;
    TimeRange whole;
    TimeRange selection;       // empty: none
    double cursor = 0.0;       // the inspected instant (rewind)
    double now = 0.0;          // live virtual time
    long long selectedTask = -1;
    long long hoverTask = -1;
    // Tasks the text beside the timeline names ("task 4 and task 16 call
    // time.sleep"): labelled even between the labels of thin lanes.
    const std::vector<long long>* namedTasks = nullptr;
    double hoverTime = std::nan("");
    bool live = true;          // cursor follows now
    // Presentation mode (a projector): no hand-over arrow thinner and no end
    // marker smaller than these, in logical pixels (0: the normal sizes).
    double minArrowWidth = 0.0;
    double minMarkerDiameter = 0.0;

    int x0() const { return layout.timeArea.left(); }
    int timeWidth() const { return layout.timeWidth(); }
    double xOf(double t) const { return x0() + tp::timeToX(t, window, timeWidth()); }
    // Open intervals (NaN end) are drawn up to the live time.
    double endOr(double t) const { return std::isnan(t) ? now : t; }
    PixelSpan span(double t0, double t1) const { return tp::spanOf(t0, t1, window, timeWidth()); }
};

// A track's gutter `g` holds its `title` at the left (drawn by the caller)
// and a `value` right-aligned after it, never over it: when `value` does not
// fit, `shorter` (if given) stands for it, elided to the room left; with no
// room, nothing. In the painter's current pen and font.
inline void drawAfterTitle(QPainter& p, QRect g, const QString& title, const QString& value,
                           const QString& shorter = {}) {
    const QFontMetrics fm = p.fontMetrics();
    const int room = g.width() - fm.horizontalAdvance(title) - fm.horizontalAdvance(QLatin1Char(' '));
    if (room <= 0) return;
    QString text = value;
    if (fm.horizontalAdvance(text) > room)
        text = fm.elidedText(shorter.isEmpty() ? value : shorter, Qt::ElideRight, room);
    p.drawText(g, Qt::AlignRight | Qt::AlignVCenter, text);
}

class PaintPass {
public:
    virtual ~PaintPass() = default;
    virtual void paint(PaintContext& ctx) = 0;
    // Height of a strip of its own between the counter tracks and the lanes
    // (TimelineLayout::notes), for what must never cover a bar (a lesson's
    // narration); 0: none. `timeWidth` and `scale` as the layout will have.
    virtual int reservedHeight(const QFont& font, int timeWidth, double scale) const {
        (void)font;
        (void)timeWidth;
        (void)scale;
        return 0;
    }
    // Width the gutter needs for the pass's labels in `font` (a title and
    // its value on one line), so that none is elided; 0: no need.
    virtual int gutterWidth(const QFont& font) const {
        (void)font;
        return 0;
    }
};

}  // namespace cs::ui
