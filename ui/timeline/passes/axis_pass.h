#pragma once
#include "timeline/paint_pass.h"

namespace cs::ui {

// The time ruler: major ticks with labels, minor ticks between them.
class AxisPass final : public PaintPass {
public:
    void paint(PaintContext& ctx) override;
};

}  // namespace cs::ui
