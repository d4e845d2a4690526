#include "timeline/legend_bar.h"

#include <QEvent>
#include <QPainter>

namespace cs::ui {

LegendBar::LegendBar(QWidget* parent) : QWidget(parent) {
    palette_ = StatePalette::fromPalette(palette());
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void LegendBar::setScale(double scale) {
    scale_ = scale;
    QFont f = font();
    f.setPointSizeF(QWidget().font().pointSizeF() * scale);
    setFont(f);
    updateGeometry();
    update();
}

QSize LegendBar::sizeHint() const { return {800, fontMetrics().height() + static_cast<int>(14 * scale_)}; }

void LegendBar::changeEvent(QEvent* e) {
    if (e->type() == QEvent::PaletteChange) palette_ = StatePalette::fromPalette(palette());
    QWidget::changeEvent(e);
}

void LegendBar::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.fillRect(rect(), palette_.gutter);
    const QFontMetrics fm = fontMetrics();
    const int h = height();
    const double sw = 22 * scale_, sh = 10 * scale_;
    int x = static_cast<int>(10 * scale_);
    const int gap = static_cast<int>(18 * scale_);
    auto text = [&](const QString& s) {
        p.setPen(palette_.text);
        p.drawText(QRect(x, 0, fm.horizontalAdvance(s) + 2, h), Qt::AlignVCenter | Qt::AlignLeft, s);
        x += fm.horizontalAdvance(s) + gap;
    };
    auto swatch = [&](const QColor& c, const QString& s) {
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawRect(QRectF(x, (h - sh) / 2, sw, sh));
        x += static_cast<int>(sw + 6 * scale_);
        text(s);
    };
    auto marker = [&](int kind, const QString& s) {
        const double r = 5 * scale_;
        const QPointF c(x + r, h / 2.0);
        if (kind == 0) {
            p.setPen(Qt::NoPen);
            p.setBrush(palette_.done);
            p.drawEllipse(c, r, r);
        } else if (kind == 1) {
            p.setPen(QPen(palette_.failed, 2.2 * scale_, Qt::SolidLine, Qt::RoundCap));
            p.drawLine(c + QPointF(-r, -r), c + QPointF(r, r));
            p.drawLine(c + QPointF(-r, r), c + QPointF(r, -r));
        } else if (kind == 2) {
            p.setPen(Qt::NoPen);
            p.setBrush(palette_.cancelled);
            p.drawRect(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r));
        } else {
            p.setPen(QPen(palette_.flowSelected, 1.5 * scale_));
            p.drawLine(QPointF(x, h / 2.0), QPointF(x + 3 * r, h / 2.0));
            p.setBrush(palette_.flowSelected);
            p.setPen(Qt::NoPen);
            const QPointF tip(x + 3.6 * r, h / 2.0);
            p.drawPolygon(QPolygonF({tip, tip + QPointF(-r, -r * 0.7), tip + QPointF(-r, r * 0.7)}));
            x += static_cast<int>(2 * r);
        }
        x += static_cast<int>(2 * r + 6 * scale_);
        text(s);
    };
    p.setPen(Qt::NoPen);
    p.setBrush(palette_.arriving);
    p.drawRect(QRectF(x, h / 2.0 - 1.5 * scale_, sw, 3 * scale_));
    x += static_cast<int>(sw + 6 * scale_);
    text(tr("arriving"));
    swatch(palette_.waiting, tr("waiting for a permit"));
    swatch(palette_.running, tr("running"));
    swatch(palette_.thread, tr("in the thread pool"));
    swatch(palette_.cpu, tr("blocking the loop (cpu)"));
    swatch(palette_.frozen, tr("frozen by another's cpu"));
    marker(0, tr("done"));
    marker(1, tr("failed"));
    marker(2, tr("cancelled"));
    marker(3, tr("permit handed over"));
}

}  // namespace cs::ui
