#pragma once
#include <QRect>
#include <cstddef>

#include "timeline/paint_pass.h"

namespace cs::ui {

// A Queue's workers (the run model's `worker` spans): one row per worker
// showing which job it runs when, labelled with the job's id where there is
// room; an idle worker's row is empty. With more workers than
// TimelineLayout::kMaxWorkerRows, workers share rows (worker w in row
// w * rows / workers).
class WorkersPass final : public PaintPass {
public:
    void paint(PaintContext& ctx) override;
    // The row of worker w, and the worker (the first of the row) at y.
    static std::size_t rowOf(std::size_t worker, std::size_t workers);
    static std::size_t rowAt(QRect track, std::size_t workers, int y);
};

}  // namespace cs::ui
