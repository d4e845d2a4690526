#pragma once
#include "timeline/paint_pass.h"

namespace cs::ui {

// What sits on top of everything: the not-yet-simulated future (shaded), the
// selected time range, the live "now" line, the cursor (the instant the panels
// describe) and the hover readout.
class OverlayPass final : public PaintPass {
public:
    void paint(PaintContext& ctx) override;

private:
    void flag(PaintContext& ctx, double x, const QString& text, const QColor& bg, const QColor& fg);
};

}  // namespace cs::ui
