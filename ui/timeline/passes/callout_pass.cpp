#include "timeline/passes/callout_pass.h"

#include <QFontMetricsF>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <vector>

namespace cs::ui {

namespace {
const QColor kNoteFill(255, 247, 214);
const QColor kNoteText(40, 36, 20);
const QColor kCalloutEdge(200, 140, 0);   // Okabe–Ito orange, darkened
const QColor kRightEdge(0, 140, 90);      // bluish green
const QColor kWrongEdge(213, 94, 0);      // vermillion
}  // namespace

namespace {
constexpr double kPad = 8.0;      // text to the bubble's edge, × scale
constexpr double kPointer = 8.0;  // the pointer's height, × scale
constexpr double kMargin = 4.0;   // the strip's edges, × scale
}  // namespace

double CalloutPass::maxBubbleWidth(int timeWidth, double scale) {
    return std::clamp(timeWidth * 0.45, 160.0, 460.0 * scale);
}

int CalloutPass::reservedHeight(const QFont& font, int timeWidth, double scale) const {
    if (!notes_ || notes_->notes.empty()) return 0;
    QString texts;
    for (const TimelineNote& n : notes_->notes) texts += n.text + QChar(0x1F);
    if (texts == cache_.texts && font == cache_.font && timeWidth == cache_.timeWidth && scale == cache_.scale)
        return cache_.height;
    // The tallest note at the widest a bubble gets: the strip never jumps as
    // notes come and go, and every one of them fits.
    const QFontMetricsF fm(font);
    const double maxW = maxBubbleWidth(timeWidth, scale) - 2 * kPad * scale;
    double tallest = 0.0;
    for (const TimelineNote& n : notes_->notes)
        tallest = std::max(tallest, fm.boundingRect(QRectF(0, 0, maxW, 1e6), Qt::TextWordWrap, n.text).height());
    const int h = static_cast<int>(std::ceil(tallest + 2 * kPad * scale + kPointer * scale + 2 * kMargin * scale));
    cache_ = {texts, font, timeWidth, scale, h};
    return h;
}

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

    // What the strip shows: the active callout and the verdict, each at its
    // moment (clamped into view), side by side in time order.
    struct Shown {
        double x;
        QString text;
        QColor edge;
        QSizeF size;
        QRectF box;
    };
    std::vector<Shown> shown;
    if (active >= 0) {
        const TimelineNote& n = notes[static_cast<std::size_t>(active)];
        const double x = ctx.xOf(n.t);
        if (x >= L.timeArea.left() - half && x <= L.timeArea.right() + half) {
            // Tied to its flag by a dotted line through the counter tracks.
            p.setPen(QPen(kCalloutEdge, 1.0 * scale, Qt::DotLine));
            p.drawLine(QPointF(x, L.ruler.bottom() + 1), QPointF(x, L.notes.top() + kMargin * scale));
            shown.push_back({x, n.text, kCalloutEdge, {}, {}});
        }
    }
    const int v = notes_->verdictAt(ctx.cursor);
    if (v >= 0) {
        // The verdict's dashed line runs through the lanes at its moment.
        const TimelineNote& n = notes[static_cast<std::size_t>(v)];
        const QColor edge = n.kind == TimelineNote::Kind::Right   ? kRightEdge
                            : n.kind == TimelineNote::Kind::Wrong ? kWrongEdge
                                                                  : kCalloutEdge;
        const double x = std::clamp(ctx.xOf(n.t), double(L.timeArea.left()), double(L.timeArea.right()));
        p.setPen(QPen(edge, 2.0 * scale, Qt::DashLine));
        p.drawLine(QPointF(x, L.ruler.bottom() + 1), QPointF(x, p.viewport().height()));
        shown.push_back({x, n.text, edge, {}, {}});
    }
    if (shown.empty() || L.notes.isEmpty()) {
        p.restore();
        return;
    }
    std::sort(shown.begin(), shown.end(), [](const Shown& a, const Shown& b) { return a.x < b.x; });
    const double tipY = L.notes.top() + kMargin * scale;
    const double lo = L.timeArea.left() + 2, hi = L.timeArea.right() - 2;
    const double gap = 6 * scale;
    // Left to right, each a quarter of its width left of its moment, never
    // over the previous one; then pushed back left if the last overflows.
    double next = lo;
    for (Shown& s : shown) {
        s.size = bubbleSize(ctx, s.text);
        const double left = std::max(next, s.x - s.size.width() * 0.25);
        s.box = QRectF(left, tipY + kPointer * scale, s.size.width(), s.size.height());
        next = s.box.right() + gap;
    }
    double limit = hi;
    for (auto it = shown.rbegin(); it != shown.rend(); ++it) {
        if (it->box.right() > limit) it->box.moveRight(limit);
        it->box.moveLeft(std::max(lo, it->box.left()));
        limit = it->box.left() - gap;
    }
    // The strip is as tall as the tallest note; a box never reaches into the lanes.
    for (Shown& s : shown) {
        if (s.box.bottom() > L.notes.bottom() - kMargin * scale)
            s.box.setBottom(L.notes.bottom() - kMargin * scale);
        drawBubble(ctx, s.box, s.x, tipY, s.text, s.edge);
    }
    p.restore();
}

QSizeF CalloutPass::bubbleSize(PaintContext& ctx, const QString& text) const {
    const double scale = ctx.layout.scale;
    const double maxW = maxBubbleWidth(ctx.layout.timeWidth(), scale) - 2 * kPad * scale;
    // Measured with the painter (its device's resolution), then drawn into
    // the same width, so the text wraps the same way both times.
    const QRectF textBox = ctx.painter.boundingRect(QRectF(0, 0, maxW, 100000), Qt::TextWordWrap | Qt::AlignLeft, text);
    const double tw = std::min(maxW, std::ceil(textBox.width()) + 1);
    return {tw + 2 * kPad * scale, std::ceil(textBox.height()) + 2 * kPad * scale};
}

void CalloutPass::drawBubble(PaintContext& ctx, const QRectF& box, double x, double y, const QString& text,
                             const QColor& border) {
    QPainter& p = ctx.painter;
    const double scale = ctx.layout.scale;
    const double pad = kPad * scale;
    const double pointer = kPointer * scale;
    const double px = std::clamp(x, box.left() + 6 * scale, box.right() - 6 * scale);

    QPainterPath path;
    path.addRoundedRect(box, 6 * scale, 6 * scale);
    QPainterPath tip;
    tip.moveTo(px - pointer * 0.8, box.top() + 1);
    tip.lineTo(x, y);
    tip.lineTo(px + pointer * 0.8, box.top() + 1);
    tip.closeSubpath();
    path = path.united(tip);

    // A soft shadow lifts the bubble off the strip.
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0, 0, 0, 40));
    p.drawPath(path.translated(2, 2));
    p.setPen(QPen(border, 1.5 * scale));
    p.setBrush(kNoteFill);
    p.drawPath(path);
    p.setPen(kNoteText);
    p.drawText(QRectF(box.left() + pad, box.top() + pad, box.width() - 2 * pad, box.height() - 2 * pad),
               Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, text);
}

}  // namespace cs::ui
