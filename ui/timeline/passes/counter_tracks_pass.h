#pragma once
#include <cstdint>
#include <vector>

#include "timeline/paint_pass.h"

namespace cs::ui {

// The tracks above the lanes: permits in use against the limit, tasks
// waiting, the event loop's state and throughput. Each is merged per pixel
// column (StepSeries::maxPerColumn), so its cost is width + visible points.
class CounterTracksPass final : public PaintPass {
public:
    void paint(PaintContext& ctx) override;

private:
    void paintPermits(PaintContext& ctx, QRect r);
    void paintWaiting(PaintContext& ctx, QRect r);
    void paintLoop(PaintContext& ctx, QRect r);
    void paintThroughput(PaintContext& ctx, QRect r);
    void paintArea(PaintContext& ctx, QRect r, double maxValue, const QColor& fill);
    void paintLabel(PaintContext& ctx, QRect r, const QString& title, const QString& value);

    std::vector<std::int64_t> cols_;  // reused between frames
    std::vector<std::uint8_t> flags_;
};

}  // namespace cs::ui
