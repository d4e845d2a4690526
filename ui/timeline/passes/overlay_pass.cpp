#include "timeline/passes/overlay_pass.h"

#include <QCoreApplication>

#include "timeline/time_format.h"

namespace cs::ui {

void OverlayPass::paint(PaintContext& ctx) {
    QPainter& p = ctx.painter;
    const TimelineLayout& L = ctx.layout;
    const StatePalette& pal = ctx.palette;
    const int bottom = p.viewport().height();
    const int top = L.ruler.bottom() + 1;
    const QRect area(L.timeArea.left(), top, L.timeArea.width(), bottom - top);
    p.save();
    p.setClipRect(QRect(L.timeArea.left(), 0, L.timeArea.width() + 1, bottom));

    // Not simulated yet.
    if (ctx.now < ctx.window.end && !ctx.model.ended()) {
        const double x = std::max<double>(area.left(), ctx.xOf(ctx.now));
        QColor c = pal.text;
        c.setAlpha(pal.dark ? 14 : 10);
        p.fillRect(QRectF(x, top, area.right() - x + 1, area.height()), c);
    }

    if (!ctx.selection.isEmpty()) {
        const double a = ctx.xOf(ctx.selection.begin), b = ctx.xOf(ctx.selection.end);
        p.fillRect(QRectF(a, top, std::max(1.0, b - a), area.height()), pal.selection);
        QColor edge = pal.selection;
        edge.setAlpha(200);
        p.setPen(QPen(edge, 1));
        p.drawLine(QPointF(a, top), QPointF(a, bottom));
        p.drawLine(QPointF(b, top), QPointF(b, bottom));
        p.setPen(pal.text);
        p.drawText(QRectF(a, top + 2, std::max(80.0, b - a), p.fontMetrics().height()), Qt::AlignHCenter | Qt::AlignTop,
                   formatDuration(ctx.selection.span()));
    }

    if (!ctx.live && std::abs(ctx.now - ctx.cursor) > 0) {
        const double xn = ctx.xOf(ctx.now);
        p.setPen(QPen(pal.nowLine, 1, Qt::DashLine));
        p.drawLine(QPointF(xn, top), QPointF(xn, bottom));
    }

    if (!std::isnan(ctx.hoverTime)) {
        const double xh = ctx.xOf(ctx.hoverTime);
        QColor c = pal.hover;
        c.setAlpha(140);
        p.setPen(QPen(c, 1, Qt::DotLine));
        p.drawLine(QPointF(xh, top), QPointF(xh, bottom));
    }

    const double xc = ctx.xOf(ctx.cursor);
    const QColor cc = ctx.live ? pal.nowLine : pal.cursor;
    p.setPen(QPen(cc, ctx.live ? 1.0 : 2.0 * L.scale));
    p.drawLine(QPointF(xc, top), QPointF(xc, bottom));
    p.restore();

    if (!std::isnan(ctx.hoverTime))
        flag(ctx, ctx.xOf(ctx.hoverTime), formatTime(ctx.hoverTime, ctx.window.span() / 1e4), pal.gutter, pal.text);
    flag(ctx, xc, cursorLabel(ctx), cc, pal.dark && ctx.live ? pal.background : QColor(Qt::white));
}

QString OverlayPass::cursorLabel(const PaintContext& ctx) {
    return ctx.live ? QCoreApplication::translate("cs::ui::OverlayPass", "now %1")
                          .arg(formatTime(ctx.cursor, ctx.window.span() / 1e3))
                    : formatTime(ctx.cursor, ctx.window.span() / 1e4);
}

QRectF OverlayPass::flagRect(const PaintContext& ctx, double x, const QString& text) {
    const TimelineLayout& L = ctx.layout;
    if (x < L.timeArea.left() - 1 || x > L.timeArea.right() + 1) return {};
    const int w = ctx.painter.fontMetrics().horizontalAdvance(text) + 12;
    const int h = L.ruler.height() - 6;
    const double left = std::clamp(x - w / 2.0, double(L.timeArea.left()), double(L.timeArea.right() - w));
    return QRectF(left, L.ruler.top() + 3, w, h);
}

QRectF OverlayPass::cursorFlagRect(const PaintContext& ctx) {
    return flagRect(ctx, ctx.xOf(ctx.cursor), cursorLabel(ctx));
}

void OverlayPass::flag(PaintContext& ctx, double x, const QString& text, const QColor& bg, const QColor& fg) {
    QPainter& p = ctx.painter;
    const QRectF r = flagRect(ctx, x, text);
    if (r.isEmpty()) return;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(QPen(ctx.palette.grid, 1));
    p.setBrush(bg);
    p.drawRoundedRect(r, 4, 4);
    p.setPen(fg);
    p.drawText(r, Qt::AlignCenter, text);
    p.restore();
}

}  // namespace cs::ui
