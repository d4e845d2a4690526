#include "timeline/passes/background_pass.h"

namespace cs::ui {

void BackgroundPass::paint(PaintContext& ctx) {
    QPainter& p = ctx.painter;
    const TimelineLayout& L = ctx.layout;
    const StatePalette& pal = ctx.palette;
    const QRect all = p.viewport();
    p.fillRect(all, pal.background);
    p.fillRect(QRect(0, 0, L.gutter, all.height()), pal.gutter);
    p.fillRect(QRect(L.gutter, L.ruler.top(), all.width() - L.gutter, L.ruler.height()), pal.gutter);

    // Tracks sit on a faint band so that they read as instruments, not lanes.
    for (const auto& tr : L.tracks)
        p.fillRect(QRect(L.timeArea.left(), tr.rect.top(), L.timeArea.width(), tr.rect.height()), pal.laneStripe);

    // Alternate lane stripes guide the eye along a lane when zoomed out.
    if (!L.folded && L.laneHeight >= 6.0) {
        const std::size_t last = std::min(L.taskCount, L.firstLane + L.visibleLanes);
        for (std::size_t i = L.firstLane; i < last; ++i) {
            if (i % 2 == 0) continue;
            const double top = L.laneTop(i);
            p.fillRect(QRectF(0, top, all.width(), L.laneHeight), pal.laneStripe);
        }
    }

    // Vertical grid at the axis ticks, through tracks and lanes.
    const double step = tp::niceStep(ctx.window.span(), std::max(2, ctx.timeWidth() / 110));
    p.setPen(QPen(pal.grid, 1));
    for (double t = tp::firstTick(ctx.window.begin, step); t <= ctx.window.end; t += step) {
        const int x = static_cast<int>(std::floor(ctx.xOf(t))) ;
        p.drawLine(x, L.ruler.bottom() + 1, x, all.height());
    }
    p.setPen(QPen(pal.grid, 1));
    p.drawLine(L.gutter - 1, 0, L.gutter - 1, all.height());
    p.drawLine(0, L.ruler.bottom(), all.width(), L.ruler.bottom());
    p.drawLine(0, L.lanes.top() - 3, all.width(), L.lanes.top() - 3);
}

}  // namespace cs::ui
