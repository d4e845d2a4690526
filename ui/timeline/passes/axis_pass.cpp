#include "timeline/passes/axis_pass.h"

#include <QCoreApplication>

#include "timeline/passes/overlay_pass.h"
#include "timeline/time_format.h"

namespace cs::ui {

void AxisPass::paint(PaintContext& ctx) {
    QPainter& p = ctx.painter;
    const TimelineLayout& L = ctx.layout;
    const StatePalette& pal = ctx.palette;
    const QRect r = L.ruler;
    const double step = tp::niceStep(ctx.window.span(), std::max(2, ctx.timeWidth() / 110));
    const double minor = step / 5.0;

    p.save();
    p.setClipRect(QRect(L.timeArea.left(), r.top(), L.timeArea.width() + 1, r.height()));
    p.setPen(QPen(pal.axis, 1));
    if (ctx.timeWidth() / std::max(1.0, ctx.window.span() / minor) >= 4.0) {
        for (double t = tp::firstTick(ctx.window.begin, minor); t <= ctx.window.end; t += minor) {
            const int x = static_cast<int>(std::floor(ctx.xOf(t)));
            p.drawLine(x, r.bottom() - 3, x, r.bottom());
        }
    }
    // The cursor's flag covers the ruler there: a label it would cut in
    // two ("0.1 s" half under "now 0.000 s") or touch ("2.0 snow 2.500 s" on
    // a projector) moves to the left of its tick when there is room for it
    // there ("0.4 s" beside "now 0.500 s" at the end of a 0.5 s lesson), and
    // is left out when there is not. So does a label the time area's right
    // edge would cut ("0." for "0.6 s" at the end of the TaskGroup lesson).
    const QRectF flag = OverlayPass::cursorFlagRect(ctx).adjusted(-4 * L.scale, 0, 4 * L.scale, 0);
    const auto underFlag = [&](const QRectF& at) {
        return (!flag.isEmpty() && at.left() <= flag.right() && at.right() >= flag.left()) ||
               at.right() > L.timeArea.right() + 1;
    };
    QFont f = p.font();
    f.setPointSizeF(f.pointSizeF() * 0.92);
    p.setFont(f);
    p.setPen(pal.text);
    double lastRight = -1e9;  // the right end of the label drawn last
    for (double t = tp::firstTick(ctx.window.begin, step); t <= ctx.window.end + 1e-12; t += step) {
        const int x = static_cast<int>(std::floor(ctx.xOf(t)));
        p.setPen(QPen(pal.axis, 1));
        p.drawLine(x, r.bottom() - 7, x, r.bottom());
        const QString text = formatTime(t, step);
        const int w = p.fontMetrics().horizontalAdvance(text);
        QRectF at(x + 4, r.top(), w, r.height() - 4);
        Qt::Alignment align = Qt::AlignLeft;
        if (underFlag(at)) {
            at.moveRight(x - 4);
            align = Qt::AlignRight;
            if (underFlag(at) || at.left() < L.timeArea.left() || at.left() < lastRight + 8 * L.scale) continue;
        }
        p.setPen(pal.text);
        p.drawText(align == Qt::AlignLeft ? QRect(x + 4, r.top(), 200, r.height() - 4) : at.toRect(),
                   align | Qt::AlignVCenter, text);
        lastRight = at.right();
    }
    p.restore();

    // The gutter corner names what the ruler measures.
    p.setPen(pal.textDim);
    p.drawText(QRect(8, r.top(), L.gutter - 12, r.height()), Qt::AlignLeft | Qt::AlignVCenter,
               clockName(ctx.model.run().config().realClock));
}

}  // namespace cs::ui
