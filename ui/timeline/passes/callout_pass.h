#pragma once
#include <QFont>
#include <QString>
#include <memory>

#include "timeline/paint_pass.h"
#include "timeline/timeline_notes.h"

namespace cs::ui {

// A lesson's narration on the timeline: a small marker on the ruler at each
// callout's moment; once the inspected instant (live time, or the rewound
// cursor) has passed one, its text as a bubble pointing at its marker; the
// "predict, then reveal" verdict as a bubble on a dashed line through the
// lanes. Bubbles live in a strip of their own above the lanes
// (reservedHeight: as tall as the tallest note needs), so they never cover
// the bars they talk about; a callout and the verdict sit side by side.
class CalloutPass final : public PaintPass {
public:
    explicit CalloutPass(std::shared_ptr<const TimelineNotes> notes) : notes_(std::move(notes)) {}
    void paint(PaintContext& ctx) override;
    int reservedHeight(const QFont& font, int timeWidth, double scale) const override;

    // Marker geometry shared with hit testing (hover tooltips): the marker
    // of a note at x spans x ± markerHalfWidth on the ruler.
    static int markerHalfWidth(double scale) { return static_cast<int>(5 * scale); }
    // The widest a bubble gets for a time area this wide: two fit side by side.
    static double maxBubbleWidth(int timeWidth, double scale);

private:
    // The size of a bubble's box for `text` (wrapped to maxBubbleWidth).
    QSizeF bubbleSize(PaintContext& ctx, const QString& text) const;
    // Draws a bubble in `box` whose pointer tip is at (x, y), above the box.
    void drawBubble(PaintContext& ctx, const QRectF& box, double x, double y, const QString& text,
                    const QColor& border);

    std::shared_ptr<const TimelineNotes> notes_;
    // reservedHeight's last answer and what it was for (it is asked per frame).
    mutable struct {
        QString texts;
        QFont font;
        int timeWidth = -1;
        double scale = 0.0;
        int height = 0;
    } cache_;
};

}  // namespace cs::ui
