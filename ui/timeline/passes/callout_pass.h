#pragma once
#include <memory>

#include "timeline/paint_pass.h"
#include "timeline/timeline_notes.h"

namespace cs::ui {

// A lesson's narration on the timeline: a small marker on the ruler at each
// callout's moment; once the inspected instant (live time, or the rewound
// cursor) has passed one, its text as a bubble pointing at its marker; the
// "predict, then reveal" verdict as a bubble on a line through the lanes.
class CalloutPass final : public PaintPass {
public:
    explicit CalloutPass(std::shared_ptr<const TimelineNotes> notes) : notes_(std::move(notes)) {}
    void paint(PaintContext& ctx) override;

    // Marker geometry shared with hit testing (hover tooltips): the marker
    // of a note at x spans x ± markerHalfWidth on the ruler.
    static int markerHalfWidth(double scale) { return static_cast<int>(5 * scale); }

private:
    // Draws a bubble whose pointer tip is at (x, y), below it; returns its box.
    QRectF bubble(PaintContext& ctx, double x, double y, const QString& text, const QColor& border);

    std::shared_ptr<const TimelineNotes> notes_;
};

}  // namespace cs::ui
