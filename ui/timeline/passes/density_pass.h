#pragma once
#include <QImage>
#include <cstdint>
#include <vector>

#include "timeline/paint_pass.h"

namespace cs::ui {

// Folded lanes: when there are more tasks than pixel rows, each row stands
// for `tasksPerRow` consecutive tasks and each pixel shows how many of them
// wait or run there (hue: waiting → running; strength: share of the row
// busy), with failures marked. Cost: one pass over the tasks with prefix-sum
// difference arrays, then one write per pixel into an image.
class DensityPass final : public PaintPass {
public:
    void paint(PaintContext& ctx) override;

private:
    std::vector<std::int32_t> wait_, run_, fail_;
    QImage image_;
};

}  // namespace cs::ui
