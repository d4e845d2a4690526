#include "timeline/passes/flows_pass.h"

#include <QPainterPath>

namespace cs::ui {

namespace {
// Beyond this many arrows in view the faint ones are noise, not information.
constexpr std::size_t kMaxFaintArrows = 600;
}  // namespace

void FlowsPass::paint(PaintContext& ctx) {
    const TimelineLayout& L = ctx.layout;
    const TimelineModel& m = ctx.model;
    if (L.folded || m.releaseCount() == 0) return;
    QPainter& p = ctx.painter;
    p.save();
    p.setClipRect(QRect(L.timeArea.left(), L.lanes.top(), L.timeArea.width() + 1, L.lanes.height()));
    p.setRenderHint(QPainter::Antialiasing, true);

    const std::size_t first = m.firstReleaseAtOrAfter(ctx.window.begin);
    std::size_t last = first;
    while (last < m.releaseCount() && m.releaseTime(last) <= ctx.window.end) ++last;
    if (L.laneHeight >= 10 && last - first <= kMaxFaintArrows) {
        for (std::size_t k = first; k < last; ++k) arrow(ctx, m.releaseTime(k), m.releaseFrom(k), m.releaseTo(k), false);
    }
    if (ctx.selectedTask >= 0 && static_cast<std::size_t>(ctx.selectedTask) < m.taskCount()) {
        const auto sel = static_cast<std::int32_t>(ctx.selectedTask);
        // Incoming: the release that woke the selected task happened when it
        // started running. Outgoing: its own release, at its end.
        const std::int32_t from = m.wokenBy(static_cast<std::size_t>(sel));
        if (from >= 0) arrow(ctx, m.running(static_cast<std::size_t>(sel)), from, sel, true);
        const double end = m.terminal(static_cast<std::size_t>(sel));
        if (!std::isnan(end)) {
            for (std::size_t k = m.firstReleaseAtOrAfter(end); k < m.releaseCount() && m.releaseTime(k) <= end; ++k)
                if (m.releaseFrom(k) == sel) arrow(ctx, m.releaseTime(k), sel, m.releaseTo(k), true);
        }
    }
    p.restore();
}

void FlowsPass::arrow(PaintContext& ctx, double t, std::int32_t from, std::int32_t to, bool strong) {
    const TimelineLayout& L = ctx.layout;
    if (from < 0 || to < 0 || std::isnan(t)) return;
    const double x = ctx.xOf(t);
    const double y1 = L.laneCenter(static_cast<std::size_t>(from));
    const double y2 = L.laneCenter(static_cast<std::size_t>(to));
    const double top = L.lanes.top(), bottom = L.lanes.bottom();
    if ((y1 < top && y2 < top) || (y1 > bottom && y2 > bottom)) return;
    QPainter& p = ctx.painter;
    const QColor c = strong ? ctx.palette.flowSelected : ctx.palette.flow;
    // The selected task's hand-overs stand out by half again.
    const double w = strong ? std::max(2.0 * L.scale, 1.5 * ctx.minArrowWidth) : std::max(1.0, ctx.minArrowWidth);
    // A slight bow so that hand-overs at one instant stay distinguishable.
    const double bow = std::min(24.0, std::abs(y2 - y1) * 0.25) * L.scale;
    QPainterPath path(QPointF(x, y1));
    path.cubicTo(QPointF(x + bow, y1), QPointF(x + bow, y2), QPointF(x, y2));
    p.setPen(QPen(c, w));
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
    const double dir = y2 > y1 ? -1.0 : 1.0;
    const double a = std::max((strong ? 6.0 : 4.0) * L.scale, 2.5 * w);
    QPainterPath head;
    head.moveTo(x, y2);
    head.lineTo(x - a * 0.7, y2 + dir * a);
    head.lineTo(x + a * 0.7, y2 + dir * a);
    head.closeSubpath();
    p.setPen(Qt::NoPen);
    p.setBrush(c);
    p.drawPath(head);
}

}  // namespace cs::ui
