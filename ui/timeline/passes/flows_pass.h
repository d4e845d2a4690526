#pragma once
#include "timeline/paint_pass.h"

namespace cs::ui {

// Permit hand-overs: an arrow from the lane of the task that released its
// permit to the lane of the waiter that release woke (release event, arg =
// woken task). Faint for every hand-over in view when lanes are tall enough,
// bold for the selected task's incoming and outgoing hand-overs.
class FlowsPass final : public PaintPass {
public:
    void paint(PaintContext& ctx) override;

private:
    void arrow(PaintContext& ctx, double t, std::int32_t from, std::int32_t to, bool strong);
};

}  // namespace cs::ui
