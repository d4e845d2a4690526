#include "timeline/passes/callout_pass.h"

#include <QPainterPath>

namespace cs::ui {

namespace {
const QColor kNoteFill(255, 247, 214);
const QColor kNoteText(40, 36, 20);
const QColor kCalloutEdge(200, 140, 0);   // Okabe–Ito orange, darkened
const QColor kRightEdge(0, 140, 90);      // bluish green
const QColor kWrongEdge(213, 94, 0);      // vermillion
}  // namespace

void CalloutPass::paint(PaintContext& ctx) {
    if (!notes_ || notes_->notes.empty()) return;
    QPainter& p = ctx.painter;
    const TimelineLayout& L = ctx.layout;
    const double scale = L.scale;
    const int half = markerHalfWidth(scale);
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);

    // Markers: a small flag hanging from the ruler's bottom edge.
    const auto& notes = notes_->notes;
    const int active = notes_->activeCalloutAt(ctx.cursor);
    for (int i = 0; i < static_cast<int>(notes.size()); ++i) {
        const TimelineNote& n = notes[static_cast<std::size_t>(i)];
        if (n.kind != TimelineNote::Kind::Callout) continue;
        const double x = ctx.xOf(n.t);
        if (x < L.timeArea.left() - half || x > L.timeArea.right() + half) continue;
        const double yb = L.ruler.bottom() + 1;
        QPainterPath tri;
        tri.moveTo(x - half, yb - 2 * half);
        tri.lineTo(x + half, yb - 2 * half);
        tri.lineTo(x, yb);
        tri.closeSubpath();
        p.setPen(QPen(kCalloutEdge.darker(130), 1));
        p.setBrush(i == active ? kCalloutEdge : kNoteFill);
        p.drawPath(tri);
    }

    // The active callout's text.
    QRectF calloutBox;
    if (active >= 0) {
        const TimelineNote& n = notes[static_cast<std::size_t>(active)];
        const double x = ctx.xOf(n.t);
        if (x >= L.timeArea.left() - half && x <= L.timeArea.right() + half) {
            // Over the lanes, tied to its flag by a dotted line, so that the
            // counter tracks between the ruler and the lanes stay readable.
            const double tip = L.lanes.top() + 2;
            p.setPen(QPen(kCalloutEdge, 1.0 * scale, Qt::DotLine));
            p.drawLine(QPointF(x, L.ruler.bottom() + 1), QPointF(x, tip));
            calloutBox = bubble(ctx, x, tip, n.text, kCalloutEdge);
        }
    }

    // The verdict, on a line through the lanes at its moment (below the
    // callout's bubble when there is one).
    const int v = notes_->verdictAt(ctx.cursor);
    if (v >= 0) {
        const TimelineNote& n = notes[static_cast<std::size_t>(v)];
        const QColor edge = n.kind == TimelineNote::Kind::Right   ? kRightEdge
                            : n.kind == TimelineNote::Kind::Wrong ? kWrongEdge
                                                                  : kCalloutEdge;
        double x = ctx.xOf(n.t);
        x = std::clamp(x, double(L.timeArea.left()), double(L.timeArea.right()));
        const int top = L.ruler.bottom() + 1;
        const int bottom = p.viewport().height();
        p.setPen(QPen(edge, 2.0 * scale, Qt::DashLine));
        p.drawLine(QPointF(x, top), QPointF(x, bottom));
        double y = L.lanes.top() + std::min(40.0 * scale, L.lanes.height() * 0.25);
        if (!calloutBox.isNull()) y = std::max(y, calloutBox.bottom() + 6 * scale);
        bubble(ctx, x, y, n.text, edge);
    }
    p.restore();
}

// A rounded box of wrapped text with its pointer's tip at (x, y), the box
// below the tip.
QRectF CalloutPass::bubble(PaintContext& ctx, double x, double y, const QString& text, const QColor& border) {
    QPainter& p = ctx.painter;
    const TimelineLayout& L = ctx.layout;
    const double scale = L.scale;
    const double pad = 8 * scale;
    const double pointer = 8 * scale;
    const double maxW = std::clamp(L.timeArea.width() * 0.45, 160.0, 460.0 * scale);
    // Measured with the painter (its device's resolution), then drawn into
    // the same width, so the text wraps the same way both times.
    const QRectF textBox = p.boundingRect(QRectF(0, 0, maxW, 100000), Qt::TextWordWrap | Qt::AlignLeft, text);
    const double tw = std::min(maxW, std::ceil(textBox.width()) + 1);
    const double w = tw + 2 * pad;
    const double h = std::ceil(textBox.height()) + 2 * pad;
    double left = x - w * 0.25;
    left = std::clamp(left, double(L.timeArea.left() + 2), std::max(double(L.timeArea.left() + 2), L.timeArea.right() - w - 2));
    const QRectF box(left, y + pointer, w, h);
    const double px = std::clamp(x, box.left() + 6 * scale, box.right() - 6 * scale);

    QPainterPath path;
    path.addRoundedRect(box, 6 * scale, 6 * scale);
    QPainterPath tip;
    tip.moveTo(px - pointer * 0.8, box.top() + 1);
    tip.lineTo(x, y);
    tip.lineTo(px + pointer * 0.8, box.top() + 1);
    tip.closeSubpath();
    path = path.united(tip);

    // A soft shadow keeps the bubble readable over busy lanes.
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0, 0, 0, 40));
    p.drawPath(path.translated(2, 2));
    p.setPen(QPen(border, 1.5 * scale));
    p.setBrush(kNoteFill);
    p.drawPath(path);
    p.setPen(kNoteText);
    p.drawText(QRectF(box.left() + pad, box.top() + pad, tw, h), Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, text);
    return box;
}

}  // namespace cs::ui
