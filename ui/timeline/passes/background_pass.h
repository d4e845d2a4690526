#pragma once
#include "timeline/paint_pass.h"

namespace cs::ui {

// Backgrounds, gutter, alternating lane stripes and the vertical grid.
class BackgroundPass final : public PaintPass {
public:
    void paint(PaintContext& ctx) override;
};

}  // namespace cs::ui
