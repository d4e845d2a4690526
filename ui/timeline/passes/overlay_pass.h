#pragma once
#include "timeline/paint_pass.h"

namespace cs::ui {

// What sits on top of everything: the not-yet-simulated future (shaded), the
// selected time range, the live "now" line, the cursor (the instant the panels
// describe) and the hover readout.
class OverlayPass final : public PaintPass {
public:
    void paint(PaintContext& ctx) override;

    // The cursor's flag on the ruler ("now 1.250 s" while live), where it
    // is drawn in the painter's current font: the ruler leaves its own
    // labels out under it (AxisPass). Empty when the cursor is off the time area.
    static QRectF cursorFlagRect(const PaintContext& ctx);

private:
    static QString cursorLabel(const PaintContext& ctx);
    static QRectF flagRect(const PaintContext& ctx, double x, const QString& text);
    void flag(PaintContext& ctx, double x, const QString& text, const QColor& bg, const QColor& fg);
};

}  // namespace cs::ui
