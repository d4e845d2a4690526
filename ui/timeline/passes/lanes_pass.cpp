#include "timeline/passes/lanes_pass.h"

#include <QCoreApplication>
#include <algorithm>

namespace cs::ui {

namespace {
// Past this many loop freezes in view, per-lane "frozen" overlays would cost
// lanes × freezes rectangles; the loop track still shows them.
constexpr std::size_t kMaxFrozenSpans = 400;
}  // namespace

void LanesPass::markerLabel(PaintContext& ctx, double x, double r, double top, const QString& text,
                            const QColor& colour) {
    // Right of the marker, or left of it when the time area ends first; on a
    // backing so that it stays readable over other segments.
    QPainter& p = ctx.painter;
    const double lh = ctx.layout.laneHeight;
    const double w = p.fontMetrics().horizontalAdvance(text) + 6;
    double left = x + r + 3;
    if (left + w > ctx.layout.timeArea.right()) left = x - r - 3 - w;
    QColor back = ctx.palette.background;
    back.setAlpha(200);
    p.setPen(Qt::NoPen);
    p.setBrush(back);
    p.drawRoundedRect(QRectF(left, top + 1, w, lh - 2), 3, 3);
    p.setPen(colour);
    p.drawText(QRectF(left + 3, top, w, lh), Qt::AlignLeft | Qt::AlignVCenter, text);
}

void LanesPass::paint(PaintContext& ctx) {
    const TimelineLayout& L = ctx.layout;
    if (L.folded || L.taskCount == 0) return;
    collectCpuSpans(ctx);
    QPainter& p = ctx.painter;
    p.save();
    p.setClipRect(QRect(0, L.lanes.top(), p.viewport().width(), L.lanes.height()));
    const std::size_t last = std::min(L.taskCount, L.firstLane + L.visibleLanes + 1);
    for (std::size_t i = L.firstLane; i < last; ++i) paintLane(ctx, i);
    p.restore();
}

void LanesPass::collectCpuSpans(PaintContext& ctx) {
    cpuSpans_.clear();
    const TimelineModel& m = ctx.model;
    for (std::size_t k = m.firstCpuEndingAtOrAfter(ctx.window.begin); k < m.cpuCount(); ++k) {
        const auto iv = m.cpuInterval(k);
        if (iv.begin > ctx.window.end) break;
        const PixelSpan s = ctx.span(iv.begin, ctx.endOr(iv.end));
        if (s.width() <= 0) continue;
        // Merge freezes that land on the same pixels.
        if (!cpuSpans_.empty() && cpuSpans_.back().span.x1 >= s.x0 && cpuSpans_.back().task == iv.task) {
            cpuSpans_.back().span.x1 = std::max(cpuSpans_.back().span.x1, s.x1);
            continue;
        }
        cpuSpans_.push_back({s, iv.task});
        if (cpuSpans_.size() > kMaxFrozenSpans) {
            cpuSpans_.clear();
            return;
        }
    }
}

void LanesPass::paintLane(PaintContext& ctx, std::size_t i) {
    QPainter& p = ctx.painter;
    const TimelineModel& m = ctx.model;
    const TimelineLayout& L = ctx.layout;
    const StatePalette& pal = ctx.palette;
    const double top = L.laneTop(i);
    const double lh = L.laneHeight;
    const int x0 = ctx.x0();
    const bool sel = static_cast<long long>(i) == ctx.selectedTask;

    if (sel) {
        QColor c = pal.selection;
        c.setAlpha(70);
        p.fillRect(QRectF(0, top, p.viewport().width(), lh), c);
    } else if (static_cast<long long>(i) == ctx.hoverTask && lh >= 6) {
        QColor c = pal.hover;
        c.setAlpha(28);
        p.fillRect(QRectF(0, top, p.viewport().width(), lh), c);
    }

    // Gutter label: the task id and a dot in the colour of its state at the
    // cursor (what the panels describe).
    if (lh >= 11) {
        const QRectF label(8, top, L.gutter - 16, lh);
        const TaskState st = m.stateAt(i, ctx.cursor);
        const double d = std::min(8.0, lh * 0.45);
        p.save();
        p.setRenderHint(QPainter::Antialiasing, true);
        p.setPen(Qt::NoPen);
        p.setBrush(st == TaskState::NotStarted ? pal.grid : pal.forState(st));
        p.drawEllipse(QRectF(label.right() - d, top + (lh - d) / 2, d, d));
        p.restore();
        p.setPen(sel ? pal.text : pal.textDim);
        QFont f = p.font();
        if (sel) {
            f.setBold(true);
            p.save();
            p.setFont(f);
        }
        p.drawText(label.adjusted(0, 0, -d - 6, 0), Qt::AlignLeft | Qt::AlignVCenter,
                   QCoreApplication::translate("cs::ui::LanesPass", "task %1").arg(m.taskId(i)));
        if (sel) p.restore();
    }

    const double created = m.created(i);
    if (std::isnan(created)) return;
    const double request = m.request(i);
    const double running = m.running(i);
    const double end = m.terminal(i);
    const double alive = ctx.endOr(end);

    const double barH = std::max(2.0, std::floor(lh * 0.62));
    const int by = static_cast<int>(std::floor(top + (lh - barH) / 2));
    const int bh = static_cast<int>(barH);
    auto bar = [&](double a, double b, const QColor& c, int inset = 0) {
        const PixelSpan s = ctx.span(a, b);
        if (s.width() > 0) p.fillRect(QRect(x0 + s.x0, by + inset, s.width(), bh - 2 * inset), c);
    };

    // Before asking for a permit (arrive): a thin line, not a bar.
    const double askAt = std::isnan(request) ? alive : request;
    if (askAt > created) {
        const PixelSpan s = ctx.span(created, askAt);
        if (s.width() > 0)
            p.fillRect(QRect(x0 + s.x0, by + bh / 2 - 1, s.width(), std::max(2, bh / 6)), pal.arriving);
    }
    if (!std::isnan(request)) bar(request, std::isnan(running) ? alive : running, pal.waiting);
    if (!std::isnan(running)) {
        bar(running, alive, pal.running);
        // Another task's cpu step froze this one while it held its permit.
        for (const CpuSpan& c : cpuSpans_) {
            if (c.task == static_cast<std::int32_t>(i)) continue;
            const PixelSpan own = ctx.span(running, alive);
            const int a = std::max(own.x0, c.span.x0), b = std::min(own.x1, c.span.x1);
            if (b > a) p.fillRect(QRect(x0 + a, by, b - a, bh), pal.frozen);
        }
        for (std::int32_t k = m.firstIntervalOf(i); k >= 0; k = m.nextInterval(static_cast<std::size_t>(k))) {
            const auto iv = m.interval(static_cast<std::size_t>(k));
            if (iv.begin > ctx.window.end) break;
            bar(iv.begin, ctx.endOr(iv.end), iv.kind == IntervalKind::Cpu ? pal.cpu : pal.thread);
        }
    }

    if (std::isnan(end) || end < ctx.window.begin || end > ctx.window.end) return;
    const double x = ctx.xOf(end);
    const double r = std::clamp(barH * 0.42, 2.0, 7.0 * L.scale);
    const double cy = top + lh / 2;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, lh >= 8);
    switch (m.terminalKind(i)) {
        case EvKind::Done:
            p.setPen(QPen(pal.background, std::max(1.0, r * 0.35)));
            p.setBrush(pal.done);
            p.drawEllipse(QPointF(x, cy), r + 1, r + 1);
            break;
        case EvKind::Failed: {
            p.setPen(QPen(pal.failed, std::max(1.5, r * 0.55), Qt::SolidLine, Qt::RoundCap));
            p.drawLine(QPointF(x - r, cy - r), QPointF(x + r, cy + r));
            p.drawLine(QPointF(x - r, cy + r), QPointF(x + r, cy - r));
            const QString exc = m.exceptionName(i);
            if (lh >= 12 && !exc.isEmpty()) markerLabel(ctx, x, r, top, exc, pal.failed);
            break;
        }
        case EvKind::Cancelled:
            p.setPen(QPen(pal.background, 1));
            p.setBrush(pal.cancelled);
            p.drawRect(QRectF(x - r, cy - r, 2 * r, 2 * r));
            if (lh >= 12)
                markerLabel(ctx, x, r, top, QCoreApplication::translate("cs::ui::LanesPass", "cancelled"),
                            pal.textDim);
            break;
        default: break;
    }
    p.restore();
}

}  // namespace cs::ui
