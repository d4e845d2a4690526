#include "timeline/legend_bar.h"

#include <QEvent>
#include <QLinearGradient>
#include <QPainter>

namespace cs::ui {

LegendBar::LegendBar(QWidget* parent) : QWidget(parent) {
    palette_ = StatePalette::fromPalette(palette());
    QSizePolicy sp(QSizePolicy::Preferred, QSizePolicy::Fixed);
    sp.setHeightForWidth(true);
    setSizePolicy(sp);
}

void LegendBar::setScale(double scale) {
    // Glyph sizes only: the font follows the application's.
    scale_ = scale;
    updateGeometry();
    update();
}

void LegendBar::setDensity(bool on) {
    if (on == density_) return;
    density_ = on;
    updateGeometry();
    update();
}

void LegendBar::setStates(const RunConfig::CanHave& can) {
    if (can == can_) return;
    can_ = can;
    updateGeometry();
    update();
}

std::vector<LegendBar::Item> LegendBar::items() const {
    std::vector<Item> list;
    // A recorded program's task runs its own code until it asks for a permit
    // (StatePalette::drawnAs): the look of one running without a permit,
    // one key for both when the run can show both.
    const bool unasked = can_.arrivals && can_.arrivingUnasked;
    if (can_.arrivals && !unasked) list.push_back({Glyph::Line, palette_.arriving, tr("arriving")});
    if (can_.permitWaits) list.push_back({Glyph::Bar, palette_.waiting, tr("waiting for a permit")});
    // A borrowing of a Queue used as a pool, waiting in get() for a free object.
    if (can_.poolObjectWaits) list.push_back({Glyph::Bar, palette_.waiting, StatePalette::poolObjectWait()});
    // A Queue worker's own lane idle in get(), a producer task waiting in put() for room.
    if (can_.queueGetWaits)
        list.push_back({Glyph::QueueHollow, palette_.waiting, StatePalette::stateName(TaskState::QueueGet)});
    if (can_.queuePutWaits)
        list.push_back({Glyph::QueueHollow, palette_.waiting, StatePalette::stateName(TaskState::QueuePut)});
    // A rate limit's task that got its permit and sleeps until its start slot.
    if (can_.slotWaits)
        list.push_back({Glyph::SlotHollow, palette_.running, StatePalette::stateName(TaskState::SlotWait, can_)});
    list.push_back({Glyph::Bar, palette_.running, tr("running")});
    if (unasked && can_.runsWithoutPermit)
        list.push_back(
            {Glyph::HalfBar, palette_.running, tr("running without a permit (before asking for one, or after)")});
    else if (unasked)
        list.push_back({Glyph::HalfBar, palette_.running, tr("running, no permit asked yet")});
    else if (can_.runsWithoutPermit)
        list.push_back({Glyph::HalfBar, palette_.running, tr("running without a permit")});
    if (can_.poolSteps() && can_.poolWaits)
        list.push_back({Glyph::Hollow, palette_.thread, tr("job waiting for a free worker in the pool")});
    if (can_.threadSteps && can_.processSteps)
        list.push_back({Glyph::Bar, palette_.thread, tr("in the thread or process pool")});
    else if (can_.threadSteps)
        list.push_back({Glyph::Bar, palette_.thread, tr("in the thread pool")});
    else if (can_.processSteps)
        list.push_back({Glyph::Bar, palette_.thread, tr("in the process pool")});
    if (can_.poolSteps() && can_.jobsLeftRunning)
        list.push_back({Glyph::Line, palette_.thread, tr("job running on after its task stopped waiting")});
    if (can_.cpuSteps) list.push_back({Glyph::Bar, palette_.cpu, tr("blocking the loop (cpu)")});
    if (can_.frozen) list.push_back({Glyph::Bar, palette_.frozen, tr("frozen by another task's cpu")});
    list.push_back({Glyph::Done, palette_.done, tr("done")});
    if (can_.failures) list.push_back({Glyph::Failed, palette_.failed, tr("failed")});
    if (can_.cancels) list.push_back({Glyph::Cancelled, palette_.cancelled, tr("cancelled")});
    if (can_.destroyed)
        list.push_back({Glyph::Destroyed, palette_.destroyed, tr("destroyed while pending (garbage-collected)")});
    if (can_.handOvers) list.push_back({Glyph::Arrow, palette_.flowSelected, tr("permit handed over")});
    if (can_.queuedJobs)
        list.insert(list.begin() + (can_.arrivals && !unasked ? 1 : 0),
                    {Glyph::Line, palette_.waiting, tr("queued (waiting for a worker)")});
    if (density_)
        list.push_back({Glyph::Density, palette_.running,
                        palette_.dark ? tr("rows of many tasks: orange waiting or frozen → blue running, brighter = busier")
                                      : tr("rows of many tasks: orange waiting or frozen → blue running, darker = busier")});
    return list;
}

QStringList LegendBar::labels() const {
    QStringList out;
    for (const Item& it : items()) out << it.label;
    return out;
}

int LegendBar::glyphWidth(Glyph g) const {
    switch (g) {
        case Glyph::Line:
        case Glyph::Bar:
        case Glyph::HalfBar:
        case Glyph::Hollow:
        case Glyph::QueueHollow:
        case Glyph::SlotHollow: return static_cast<int>(22 * scale_);
        case Glyph::Arrow: return static_cast<int>(24 * scale_);
        case Glyph::Density: return static_cast<int>(36 * scale_);
        default: return static_cast<int>(12 * scale_);
    }
}

int LegendBar::place(int width, std::vector<QPoint>* at) const {
    const QFontMetrics fm = fontMetrics();
    const int rowH = fm.height() + static_cast<int>(8 * scale_);
    const int pad = static_cast<int>(10 * scale_), gap = static_cast<int>(18 * scale_);
    int x = pad, y = static_cast<int>(3 * scale_);
    for (const Item& it : items()) {
        const int w = glyphWidth(it.glyph) + static_cast<int>(6 * scale_) + fm.horizontalAdvance(it.label);
        if (x > pad && x + w > width - pad) {
            x = pad;
            y += rowH;
        }
        if (at) at->push_back({x, y});
        x += w + gap;
    }
    return y + rowH + static_cast<int>(2 * scale_);
}

int LegendBar::heightForWidth(int width) const { return place(width, nullptr); }

QSize LegendBar::sizeHint() const { return {900, heightForWidth(width() > 0 ? width() : 900)}; }

QSize LegendBar::minimumSizeHint() const { return {200, heightForWidth(width() > 0 ? width() : 900)}; }

void LegendBar::changeEvent(QEvent* e) {
    if (e->type() == QEvent::PaletteChange) palette_ = StatePalette::fromPalette(palette());
    if (e->type() == QEvent::FontChange) updateGeometry();
    QWidget::changeEvent(e);
}

void LegendBar::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.fillRect(rect(), palette_.gutter);
    const QFontMetrics fm = fontMetrics();
    const int rowH = fm.height() + static_cast<int>(8 * scale_);
    std::vector<QPoint> at;
    place(width(), &at);
    const auto list = items();
    for (std::size_t i = 0; i < list.size(); ++i) {
        const Item& it = list[i];
        const double x = at[i].x(), cy = at[i].y() + rowH / 2.0;
        const double gw = glyphWidth(it.glyph), r = 5 * scale_;
        p.setPen(Qt::NoPen);
        p.setBrush(it.colour);
        switch (it.glyph) {
            case Glyph::Line: p.drawRect(QRectF(x, cy - 1.5 * scale_, gw, 3 * scale_)); break;
            case Glyph::Bar: p.drawRect(QRectF(x, cy - 5 * scale_, gw, 10 * scale_)); break;
            case Glyph::HalfBar: p.drawRect(QRectF(x, cy - 2.5 * scale_, gw, 5 * scale_)); break;  // as LanesPass
            case Glyph::Hollow:
            case Glyph::QueueHollow:
            case Glyph::SlotHollow:
                // As a lane draws a job waiting in the pool's queue (a task
                // waiting for its start slot, holding its permit; a wait in
                // a Queue's get() or put()).
                p.setBrush(it.glyph == Glyph::Hollow       ? palette_.poolWaitFill
                           : it.glyph == Glyph::QueueHollow ? palette_.queueWaitFill
                                                            : palette_.slotWaitFill);
                p.setPen(QPen(it.colour, std::max(1.0, scale_)));
                p.drawRect(QRectF(x + 0.5, cy - 5 * scale_ + 0.5, gw - 1, 10 * scale_ - 1));
                break;
            case Glyph::Done: p.drawEllipse(QPointF(x + r, cy), r, r); break;
            case Glyph::Cancelled: p.drawRect(QRectF(x, cy - r, 2 * r, 2 * r)); break;
            case Glyph::Destroyed:  // as LanesPass: a hollow ring
                p.setBrush(Qt::NoBrush);
                p.setPen(QPen(it.colour, 1.8 * scale_));
                p.drawEllipse(QPointF(x + r, cy), r - 0.5 * scale_, r - 0.5 * scale_);
                break;
            case Glyph::Failed:
                p.setPen(QPen(it.colour, 2.2 * scale_, Qt::SolidLine, Qt::RoundCap));
                p.drawLine(QPointF(x, cy - r), QPointF(x + 2 * r, cy + r));
                p.drawLine(QPointF(x, cy + r), QPointF(x + 2 * r, cy - r));
                break;
            case Glyph::Density: {
                // The density ramp: waiting, running, then busier.
                QLinearGradient g(x, 0, x + gw, 0);
                const QColor busy = palette_.dark ? palette_.running.lighter(130) : palette_.running.darker(160);
                g.setColorAt(0.0, palette_.waiting);
                g.setColorAt(0.5, palette_.running);
                g.setColorAt(1.0, busy);
                p.setBrush(g);
                p.drawRect(QRectF(x, cy - 5 * scale_, gw, 10 * scale_));
                break;
            }
            case Glyph::Arrow: {
                p.setPen(QPen(it.colour, 1.5 * scale_));
                p.drawLine(QPointF(x, cy), QPointF(x + gw - r, cy));
                p.setPen(Qt::NoPen);
                const QPointF tip(x + gw, cy);
                p.drawPolygon(QPolygonF({tip, tip + QPointF(-r * 1.2, -r * 0.8), tip + QPointF(-r * 1.2, r * 0.8)}));
                break;
            }
        }
        p.setPen(palette_.text);
        const int tx = static_cast<int>(x + gw + 6 * scale_);
        p.drawText(QRect(tx, at[i].y(), fm.horizontalAdvance(it.label) + 2, rowH), Qt::AlignVCenter | Qt::AlignLeft,
                   it.label);
    }
}

}  // namespace cs::ui
