#include "timeline/passes/counter_tracks_pass.h"

#include <QCoreApplication>
#include <QLocale>
#include <QPaintEngine>
#include <QPainterPath>
#include <QRgba64>
#include <algorithm>
#include <cmath>

#include "timeline/time_format.h"

namespace cs::ui {

namespace {
QString tr(const char* s) { return QCoreApplication::translate("cs::ui::CounterTracksPass", s); }

// Throughput is a rate over the same sliding window as the Metrics panel's
// (wider when zoomed out so far that it would be narrower than a few pixels).
// The bars' window: the run's (TimelineModel::throughputWindow), or six
// pixels' worth of time in a view narrower than that, so bars never alias.
double rateWindow(const PaintContext& ctx) {
    const double px = ctx.window.span() / std::max(1, ctx.timeWidth());
    return std::max(px * 6.0, TimelineModel::throughputWindow(ctx.whole));
}

// Many same-colour rects in one call: per-call overhead, not pixels, is what
// thousands of fillRect calls cost. (No pen, aliased: the same pixels.)
void fillRects(QPainter& p, const QList<QRect>& rects, const QColor& c) {
    if (rects.isEmpty()) return;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(Qt::NoPen);
    p.setBrush(c);
    p.drawRects(rects);
    p.restore();
}

}  // namespace

void CounterTracksPass::paint(PaintContext& ctx) {
    const Key key{&ctx.model, ctx.model.epoch(), ctx.window.begin, ctx.window.end, ctx.timeWidth()};
    if (!(key == key_)) {
        key_ = key;
        permits_.valid = waiting_.valid = alive_.valid = mainJobsRunning_.valid = mainJobsQueued_.valid = false;
        ticksValid_ = ratesValid_ = false;
        for (Columns& c : bandColumns_) c.valid = false;
    }
    for (const auto& tr : ctx.layout.tracks) {
        switch (tr.kind) {
            case TrackKind::Permits: paintPermits(ctx, tr.rect); break;
            case TrackKind::Waiting: paintWaiting(ctx, tr.rect); break;
            case TrackKind::Loop: paintLoop(ctx, tr.rect); break;
            case TrackKind::Throughput: paintThroughput(ctx, tr.rect); break;
            case TrackKind::Counter:
                if (!tr.rect.isEmpty()) paintCounter(ctx, tr.rect);
                break;
            case TrackKind::Caller: break;   // CallerPass
            case TrackKind::Workers: break;  // WorkersPass
        }
    }
}

int CounterTracksPass::firstColumnToRedo(const PaintContext& ctx, double t) const {
    // One column of slack: the walks compare against column boundaries
    // computed a little differently.
    const double x = (t - ctx.window.begin) / ctx.window.span() * ctx.timeWidth();
    return x <= 1.0 ? 0 : x >= ctx.timeWidth() ? ctx.timeWidth() : static_cast<int>(x) - 1;
}

const std::vector<std::int64_t>& CounterTracksPass::columns(const PaintContext& ctx, const StepSeries& s,
                                                            Columns& c) {
    // Points only append (or the last one changes at its own instant) and the
    // live time only grows: columns before both are final.
    const int from = c.valid && ctx.now >= c.until ? firstColumnToRedo(ctx, c.redoFrom) : 0;
    s.maxPerColumn(ctx.window, ctx.timeWidth(), ctx.now, c.cols, from);
    c.valid = true;
    c.until = ctx.now;
    c.redoFrom = s.size() > 0 ? std::min(s.timeAt(s.size() - 1), ctx.now) : -1.0;
    return c.cols;
}

const std::vector<std::int64_t>& CounterTracksPass::aliveColumns(const PaintContext& ctx) {
    // Tasks are created and end only at or after the last event: columns
    // before its column (and before the previous now) are final.
    Columns& c = alive_;
    const RunModel& run = ctx.model.run();
    const int W = ctx.timeWidth();
    const int from = c.valid && ctx.now >= c.until && static_cast<int>(c.cols.size()) == W
                         ? firstColumnToRedo(ctx, c.redoFrom)
                         : 0;
    c.cols.resize(static_cast<std::size_t>(W));
    std::fill(c.cols.begin() + from, c.cols.end(), 0);
    const double dt = ctx.window.span() / std::max(1, W);
    for (int x = from; x < W; ++x) {
        const double a = ctx.window.begin + x * dt;
        if (a > ctx.now) break;
        const double b = std::min(a + dt, ctx.now);
        // Alive at the column's start, or one created within it.
        c.cols[static_cast<std::size_t>(x)] = run.aliveAt(a) > 0 || run.createdUpTo(b) > run.createdUpTo(a);
    }
    c.valid = true;
    c.until = ctx.now;
    c.redoFrom = std::min(ctx.model.lastEventTime(), ctx.now);
    return c.cols;
}

void CounterTracksPass::updateTicks(const PaintContext& ctx) {
    // A tick where the loop ran callbacks (an event happened), one per
    // column: a binary search per column, never a walk over every event.
    // Appended events are never earlier than the last one seen, so only the
    // columns from its column on are searched again.
    const TimelineModel& m = ctx.model;
    const TraceRecorder* src = m.source();
    const int W = ctx.timeWidth();
    const int from = ticksValid_ && static_cast<int>(ticks_.size()) == W ? firstColumnToRedo(ctx, ticksRedoFrom_) : 0;
    ticks_.resize(static_cast<std::size_t>(W));
    std::fill(ticks_.begin() + from, ticks_.end(), 0);
    ticksValid_ = true;
    const std::size_t count = src ? std::min(m.eventCount(), src->size()) : 0;
    ticksRedoFrom_ = count > 0 ? src->timeAt(count - 1) : -1.0;
    if (count == 0) return;
    const double dt = ctx.window.span() / std::max(1, W);
    for (int c = from; c < W; ++c) {
        const double a = ctx.window.begin + c * dt;
        const std::size_t i = m.firstEventAtOrAfter(a);
        if (i >= count) break;
        const double t = src->timeAt(i);
        if (t < a + dt)
            ticks_[static_cast<std::size_t>(c)] = 1;
        else  // jump straight to the column of the next event
            c = std::max(c, static_cast<int>(std::floor((t - ctx.window.begin) / dt)) - 1);
    }
}

void CounterTracksPass::updateRates(const PaintContext& ctx, int bucket, double win) {
    // Rate k is taken at t_k = min(end of bucket k, now) over (t_k - win,
    // t_k]; done times append at or after the last event time, so the rates
    // of buckets that end before it (and before the previous now) stand.
    const int W = ctx.timeWidth();
    const double dt = ctx.window.span() / std::max(1, W);
    std::size_t k = 0;
    if (ratesValid_ && bucket == rateBucket_ && win == rateWin_ && ctx.now >= ratesUntil_) {
        while (k < rates_.size() && ctx.window.begin + (static_cast<double>(k) + 1) * bucket * dt < ratesRedoFrom_) ++k;
    }
    rates_.resize(k);
    for (int x = static_cast<int>(k) * bucket; x < W; x += bucket) {
        const double t = ctx.window.begin + (x + bucket) * dt;
        if (ctx.window.begin + x * dt > ctx.now) break;
        rates_.push_back(ctx.model.run().throughputAt(std::min(t, ctx.now), win));
    }
    ratesValid_ = true;
    rateBucket_ = bucket;
    rateWin_ = win;
    ratesUntil_ = ctx.now;
    ratesRedoFrom_ = std::min(ctx.now, ctx.model.lastEventTime());
}

void CounterTracksPass::paintLabel(PaintContext& ctx, QRect r, const QString& title, const QString& value,
                                   const QString& shortTitle) {
    QPainter& p = ctx.painter;
    const QRect g(8, r.top(), ctx.layout.gutter - 14, r.height());
    p.setPen(ctx.palette.text);
    if (value.isEmpty() || r.height() < p.fontMetrics().height() * 2) {
        // One line: the value whole, the title shortened if the two do not
        // fit ("Done per sec…  2.00 /s", not "Done per second  2.").
        const QFontMetrics fm = p.fontMetrics();
        const QString line = value.isEmpty() ? title : title + "  " + value;
        if (value.isEmpty() || fm.horizontalAdvance(line) <= g.width()) {
            p.drawText(g, Qt::AlignLeft | Qt::AlignVCenter, line);
            return;
        }
        const QString tail = "  " + value;
        const int room = std::max(0, g.width() - fm.horizontalAdvance(tail));
        const QString head = shortTitle.isEmpty() || fm.horizontalAdvance(title) <= room ? title : shortTitle;
        p.drawText(g, Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(head, Qt::ElideRight, room) + tail);
        return;
    }
    const int lh = p.fontMetrics().height();
    const int top = r.top() + (r.height() - 2 * lh) / 2;
    p.drawText(QRect(g.left(), top, g.width(), lh), Qt::AlignLeft | Qt::AlignVCenter, title);
    QFont f = p.font();
    f.setBold(true);
    p.save();
    p.setFont(f);
    p.drawText(QRect(g.left(), top + lh, g.width(), lh), Qt::AlignLeft | Qt::AlignVCenter, value);
    p.restore();
}

void CounterTracksPass::paintArea(PaintContext& ctx, QRect r, double maxValue, const QColor& fill,
                                  const std::vector<std::int64_t>& cols, AreaLayer& layer) {
    // Per-column values as bar heights from the track's bottom.
    const double scale = (r.height() - 4) / std::max(1.0, maxValue);
    heights_.resize(cols.size());
    for (std::size_t x = 0; x < cols.size(); ++x) {
        const std::int64_t v = cols[x];
        heights_[x] = v > 0 ? std::max(1, static_cast<int>(std::lround(static_cast<double>(v) * scale))) : 0;
    }
    drawBars(ctx, r, heights_, fill, layer);
}

void CounterTracksPass::drawBars(PaintContext& ctx, QRect r, const std::vector<int>& heights, const QColor& fill,
                                 AreaLayer& layer) {
    QPainter& p = ctx.painter;
    const int x0 = ctx.x0();
    const int n = static_cast<int>(heights.size());
    const int H = r.height();
    if (p.paintEngine() == nullptr || p.paintEngine()->type() != QPaintEngine::Raster) {
        // Vector output (SVG export): rects, runs of equal height merged.
        rects_.clear();
        for (int x = 0; x < n;) {
            const int h = heights[static_cast<std::size_t>(x)];
            int e = x + 1;
            while (e < n && heights[static_cast<std::size_t>(e)] == h) ++e;
            if (h > 0) rects_.append(QRect(x0 + x, r.bottom() - h + 1, e - x, h));
            x = e;
        }
        fillRects(p, rects_, fill);
        return;
    }
    // Raster: a translucent layer, one image blended in one call, updated
    // only in the columns whose height changed. (Thousands of one-pixel-wide
    // rects cost more in per-rect set-up than in pixels.) The pixel is the
    // colour premultiplied the way the raster engine does for fillRect.
    const QRgb px = QRgba64::fromArgb32(fill.rgba()).premultiplied().toArgb32();
    if (layer.image.width() != n || layer.image.height() != H || layer.pixel != px) {
        layer.image = QImage(std::max(1, n), std::max(1, H), QImage::Format_ARGB32_Premultiplied);
        layer.image.fill(Qt::transparent);
        layer.heights.assign(static_cast<std::size_t>(n), 0);
        layer.pixel = px;
    }
    if (n == 0 || H <= 0) return;
    auto* bits = reinterpret_cast<QRgb*>(layer.image.bits());
    const qsizetype stride = layer.image.bytesPerLine() / static_cast<qsizetype>(sizeof(QRgb));
    for (int x = 0; x < n; ++x) {
        const int h = std::min(heights[static_cast<std::size_t>(x)], H);
        int& old = layer.heights[static_cast<std::size_t>(x)];
        if (h == old) continue;
        for (int y = H - std::max(h, old); y < H - std::min(h, old); ++y) bits[y * stride + x] = h > old ? px : 0;
        old = h;
    }
    p.drawImage(QPoint(x0, r.top()), layer.image);
}

void CounterTracksPass::paintPermitBands(PaintContext& ctx, QRect r, std::size_t n) {
    QPainter& p = ctx.painter;
    const TimelineModel& m = ctx.model;
    const RunModel& run = m.run();
    if (bandColumns_.size() != n) {
        bandColumns_.assign(n, Columns{});
        bandLayers_.assign(n, AreaLayer{});
    }
    QColor fill = ctx.palette.running;
    fill.setAlpha(170);
    const double xEnd = ctx.xOf(std::min(ctx.window.end, std::max(ctx.now, m.lastEventTime())));
    for (std::size_t k = 0; k < n; ++k) {
        const QRect b = TimelineLayout::band(r, n, k).adjusted(0, 1, 0, -1);
        const StepSeries& held = run.primitiveHeld()[k];
        // Its size: its initial value, or as its signals opened it and their
        // use closed it (a Semaphore(0) used as a signal: its "size" lines).
        const StepSeries& sizes = run.primitiveSize()[k];
        const std::int64_t size = sizes.valueAtTime(ctx.cursor, run.config().primitives[k].size);
        const double maxV =
            std::max<double>({1.0, static_cast<double>(held.maxValue()), static_cast<double>(sizes.maxValue())}) *
            1.15;
        paintArea(ctx, b, maxV, fill, columns(ctx, held, bandColumns_[k]), bandLayers_[k]);
        p.save();
        p.setRenderHint(QPainter::Antialiasing, false);
        if (sizes.maxValue() > 0 && xEnd > ctx.x0()) {
            // Its own size: the line its bars should stay under (a step line
            // where its size changed).
            const auto yOf = [&](std::int64_t v) {
                return b.bottom() + 0.5 - static_cast<double>(v) * (b.height() - 4) / maxV;
            };
            QPainterPath path;
            std::size_t i = sizes.indexAtOrBefore(ctx.window.begin);
            if (i == sizes.size()) i = 0;
            std::int64_t v = sizes.valueAt(i);
            path.moveTo(ctx.x0(), yOf(v));
            for (++i; i < sizes.size() && sizes.timeAt(i) <= ctx.window.end; ++i) {
                const double xi = std::clamp(ctx.xOf(sizes.timeAt(i)), double(ctx.x0()), xEnd);
                path.lineTo(xi, yOf(v));
                v = sizes.valueAt(i);
                path.lineTo(xi, yOf(v));
            }
            path.lineTo(xEnd, yOf(v));
            p.setPen(QPen(ctx.palette.limitLine, 2, Qt::SolidLine, Qt::FlatCap));
            p.setBrush(Qt::NoBrush);
            p.drawPath(path);
        }
        // What it is, at the band's left, over its bars.
        const QString title = m.primitiveLabel(k);
        const QFontMetrics fm = p.fontMetrics();
        const int tw = fm.horizontalAdvance(title) + 8, th = std::min(fm.height(), b.height());
        QColor bg = ctx.palette.background;
        bg.setAlpha(200);
        p.fillRect(QRect(ctx.x0() + 2, b.top(), tw, th), bg);
        p.setPen(ctx.palette.text);
        p.drawText(QRect(ctx.x0() + 6, b.top(), tw, th), Qt::AlignLeft | Qt::AlignVCenter, title);
        p.restore();
        const QString value = tr("%1 of %2").arg(QStringLiteral("%L1").arg(held.valueAtTime(ctx.cursor)),
                                                 QStringLiteral("%L1").arg(size));
        paintLabel(ctx, b, QStringLiteral("#%1").arg(k + 1), value);
    }
}

void CounterTracksPass::paintPermits(PaintContext& ctx, QRect r) {
    QPainter& p = ctx.painter;
    const TimelineModel& m = ctx.model;
    if (const std::size_t n = m.permitBands(); n >= 2) {
        paintPermitBands(ctx, r, n);
        return;
    }
    const auto& lim = m.limit();
    std::int64_t limitMax = m.hasLimitLine() ? lim.maxValue() : 0;
    if (m.hasLimitLine())
        for (const RunModel::LimitPassed& d : m.run().limitPassed()) limitMax = std::max(limitMax, d.value);
    const double maxV =
        std::max<double>({1.0, static_cast<double>(m.permitsInUse().maxValue()), static_cast<double>(limitMax)}) *
        1.15;
    QColor fill = ctx.palette.running;
    fill.setAlpha(170);
    paintArea(ctx, r, maxV, fill, columns(ctx, m.permitsInUse(), permits_), permitsLayer_);

    const double scale = (r.height() - 4) / maxV;
    if (m.hasLimitLine() && lim.size() > 0) {
        // The limit is a step line: it jumps where a limit event resized it.
        QPainterPath path;
        const auto yOf = [&](std::int64_t v) { return r.bottom() + 0.5 - static_cast<double>(v) * scale; };
        std::size_t i = lim.indexAtOrBefore(ctx.window.begin);
        if (i == lim.size()) i = 0;
        double x = ctx.x0();
        std::int64_t v = lim.valueAt(i);
        path.moveTo(x, yOf(v));
        const double xEnd = ctx.xOf(std::min(ctx.window.end, std::max(ctx.now, m.lastEventTime())));
        for (++i; i < lim.size() && lim.timeAt(i) <= ctx.window.end; ++i) {
            const double xi = std::clamp(ctx.xOf(lim.timeAt(i)), double(ctx.x0()), xEnd);
            path.lineTo(xi, yOf(v));
            v = lim.valueAt(i);
            path.lineTo(xi, yOf(v));
        }
        path.lineTo(std::max(xEnd, double(ctx.x0())), yOf(v));
        // A value the limit held for no time (limit events at one instant:
        // the adaptive rule halving then growing at once, on the virtual
        // clock's ties): the step reaches it and comes back, with a tick.
        for (const RunModel::LimitPassed& d : m.run().limitPassed()) {
            if (d.t < ctx.window.begin || d.t > ctx.window.end || d.t > ctx.now) continue;
            const double xi = ctx.xOf(d.t);
            const double settled = yOf(lim.valueAtTime(d.t));
            path.moveTo(xi, settled);
            path.lineTo(xi, yOf(d.value));
            path.moveTo(xi - 4, yOf(d.value));
            path.lineTo(xi + 4, yOf(d.value));
        }
        p.save();
        p.setRenderHint(QPainter::Antialiasing, false);
        p.setPen(QPen(ctx.palette.limitLine, 2, Qt::SolidLine, Qt::FlatCap, Qt::MiterJoin));
        p.drawPath(path);
        // Name the line where it ends, so nobody has to guess what it is.
        const QString tag = tr("limit %1").arg(v);
        const int tw = p.fontMetrics().horizontalAdvance(tag) + 8;
        const int th = p.fontMetrics().height();
        const double tx = std::clamp(xEnd + 6, double(ctx.x0() + 4), double(ctx.layout.timeArea.right() - tw));
        const double ty = std::clamp(yOf(v) - th / 2.0, double(r.top()), double(r.bottom() - th));
        QColor bg = ctx.palette.background;
        bg.setAlpha(210);
        p.fillRect(QRectF(tx - 3, ty, tw, th), bg);
        p.setPen(ctx.palette.limitLine);
        p.drawText(QRectF(tx, ty, tw, th), Qt::AlignLeft | Qt::AlignVCenter, tag);
        p.restore();
    }
    const std::int64_t inUse = m.permitsInUse().valueAtTime(ctx.cursor);
    // Counts as the header spells them: with the locale's group separator.
    QString value = QStringLiteral("%L1").arg(inUse);
    if (m.hasLimitLine()) value = tr("%1 of %2").arg(value, QStringLiteral("%L1").arg(lim.valueAtTime(ctx.cursor)));
    paintLabel(ctx, r, m.countsPermits() ? tr("Permits in use") : tr("In flight"), value);
}

void CounterTracksPass::paintWaiting(PaintContext& ctx, QRect r) {
    const TimelineModel& m = ctx.model;
    QColor fill = ctx.palette.waiting;
    fill.setAlpha(200);
    paintArea(ctx, r, std::max<double>(1.0, static_cast<double>(m.waiting().maxValue())) * 1.1, fill,
              columns(ctx, m.waiting(), waiting_), waitingLayer_);
    paintLabel(ctx, r, tr("Waiting"), QStringLiteral("%L1").arg(m.waiting().valueAtTime(ctx.cursor)));
}

void CounterTracksPass::paintCounter(PaintContext& ctx, QRect r) {
    QPainter& p = ctx.painter;
    const RunModel& run = ctx.model.run();
    const StepSeries& value = run.counterValue();
    // Increments done (each task's write): what the counter would read had
    // no update been lost.
    const StepSeries& writes = run.counterWrites();
    const double maxV = std::max<double>({1.0, static_cast<double>(value.maxValue()), static_cast<double>(writes.maxValue())}) * 1.15;
    const double scale = (r.height() - 4) / maxV;
    const auto yOf = [&](double v) { return r.bottom() + 0.5 - v * scale; };
    // Nothing after the live time (the recorder may hold events ahead of it).
    const double until = std::min(ctx.window.end, ctx.now);
    const double xEnd = ctx.xOf(until);
    p.save();
    p.setClipRect(QRect(ctx.x0(), r.top(), ctx.timeWidth(), r.height()));
    p.setRenderHint(QPainter::Antialiasing, false);
    // Who holds the lock: a band along the bottom, one colour per holder.
    for (const RunModel::LockSpan& l : run.lockSpans()) {
        if (std::isnan(l.held) || l.held > until) continue;
        const double free = std::isnan(l.free) || l.free > until ? until : l.free;
        if (free < ctx.window.begin) continue;
        const PixelSpan sp = ctx.span(l.held, free);
        // A gap where the lock passes from one task to the next.
        const QRect band(ctx.x0() + sp.x0 + 2, r.bottom() - 5, std::max(1, sp.width() - 2), 5);
        p.fillRect(band, ctx.palette.forState(TaskState::Running));
    }
    // The increments done (dashed, what a correct counter reads) and the
    // counter's value (solid): where they part, an update was lost.
    const auto stepPath = [&](const StepSeries& series) {
        QPainterPath path;
        double v = 0.0;
        path.moveTo(ctx.x0(), yOf(0));
        for (std::size_t i = 0; i < series.size() && series.timeAt(i) <= until; ++i) {
            const double x = std::clamp(ctx.xOf(series.timeAt(i)), double(ctx.x0()), xEnd);
            path.lineTo(x, yOf(v));
            v = static_cast<double>(series.valueAt(i));
            path.lineTo(x, yOf(v));
        }
        path.lineTo(std::max(xEnd, double(ctx.x0())), yOf(v));
        return path;
    };
    const double w = std::max(2.0, 2.0 * ctx.layout.scale);
    p.setPen(QPen(ctx.palette.textDim, w * 0.75, Qt::DashLine, Qt::FlatCap));
    p.drawPath(stepPath(writes));
    p.setPen(QPen(ctx.palette.failed, w, Qt::SolidLine, Qt::FlatCap, Qt::MiterJoin));
    p.drawPath(stepPath(value));
    // Name both lines where they end (left of the end, inside the track).
    const std::int64_t lastValue = value.valueAtTime(until), lastWrites = writes.valueAtTime(until);
    const auto tag = [&](const QString& text, double v, const QColor& c, bool below) {
        const QFontMetrics fm = p.fontMetrics();
        const int tw = fm.horizontalAdvance(text) + 6, th = fm.height();
        const double tx = std::max(double(ctx.x0() + 2), xEnd - tw - 4);
        double ty = below ? yOf(v) + 2 : yOf(v) - th - 1;
        ty = std::clamp(ty, double(r.top()), double(r.bottom() - th));
        QColor bg = ctx.palette.background;
        bg.setAlpha(210);
        p.fillRect(QRectF(tx, ty, tw, th), bg);
        p.setPen(c);
        p.drawText(QRectF(tx + 3, ty, tw, th), Qt::AlignLeft | Qt::AlignVCenter, text);
    };
    if (lastWrites > 0) {
        tag(tr("value %1").arg(lastValue), static_cast<double>(lastValue), ctx.palette.failed, lastValue < lastWrites);
        if (lastWrites != lastValue)
            tag(lastWrites == 1 ? tr("1 increment") : tr("%1 increments").arg(lastWrites), static_cast<double>(lastWrites),
                ctx.palette.textDim, false);
    }
    p.restore();
    const std::int64_t now = value.valueAtTime(ctx.cursor);
    paintLabel(ctx, r, tr("Counter"), tr("%1 of %2").arg(now).arg(writes.valueAtTime(ctx.cursor)));
    QString holder;
    const std::int64_t h = run.lockHolder().valueAtTime(ctx.cursor, -1);
    if (h >= 0) holder = tr("lock: task %1").arg(ctx.model.taskId(static_cast<std::size_t>(h)));
    const std::int64_t waiters = run.lockWaiters().valueAtTime(ctx.cursor);
    if (waiters > 0) holder += (holder.isEmpty() ? QString() : QStringLiteral(" · ")) + tr("waiting: %1").arg(waiters);
    const QString legend = holder.isEmpty() ? tr("solid: value · dashed: increments done") : holder;
    p.setPen(ctx.palette.textDim);
    p.drawText(QRect(ctx.x0() + 4, r.top(), ctx.timeWidth() - 8, p.fontMetrics().height()), Qt::AlignLeft | Qt::AlignTop,
               legend);
}

namespace {
// paintLabel's and drawAfterTitle's room: the gutter less 8 px left of the
// text and 6 px right of it.
constexpr int kGutterPadding = 14;
}  // namespace

QString CounterTracksPass::loopTitle() { return tr("Event loop"); }

QString CounterTracksPass::loopStateText(LoopState s) {
    switch (s) {
        case LoopState::Blocked: return tr("blocked");
        case LoopState::Awaiting: return tr("awaiting");
        case LoopState::Idle: break;
    }
    return tr("idle");
}

int CounterTracksPass::gutterWidth(const QFont& font) const {
    // The track is one line high: "Event loop  awaiting" must fit across the
    // gutter (its title beside the state, which drawAfterTitle would elide).
    const QFontMetrics fm(font);
    int widest = 0;
    for (const LoopState s : {LoopState::Blocked, LoopState::Awaiting, LoopState::Idle})
        widest = std::max(widest, fm.horizontalAdvance(loopStateText(s)));
    return kGutterPadding + fm.horizontalAdvance(loopTitle()) + fm.horizontalAdvance(QLatin1Char(' ')) + widest + 2;
}

CounterTracksPass::LoopState CounterTracksPass::loopStateAt(const TimelineModel& m, double t) {
    if (m.cpuTaskAt(t) != -1) return LoopState::Blocked;  // a task, or main()
    const RunModel& run = m.run();
    const bool workOut = run.aliveAt(t) > 0 ||
                         run.mainJobsRunning().valueAtTime(t) + run.mainJobsQueued().valueAtTime(t) > 0;
    return workOut ? LoopState::Awaiting : LoopState::Idle;
}

void CounterTracksPass::paintLoop(PaintContext& ctx, QRect r) {
    QPainter& p = ctx.painter;
    const TimelineModel& m = ctx.model;
    const int W = ctx.timeWidth();
    const int x0 = ctx.x0();
    // Awaiting: some task is alive (created, not ended: asleep until it
    // asks, waiting for a permit, in flight), or main() has jobs out in a
    // pool (a traced program's), so the loop has work out (timers, I/O, a
    // pool's results) and runs its steps as they come (the ticks); not
    // "busy": on the virtual clock a step takes no time. Blocked: a cpu step
    // froze the loop. Idle: no task, nothing in a pool.
    flags_.assign(static_cast<std::size_t>(W), 0);
    const RunModel& run = m.run();
    const std::vector<std::int64_t>& alive = aliveColumns(ctx);
    for (std::size_t x = 0; x < flags_.size(); ++x) flags_[x] = static_cast<std::uint8_t>(alive[x]);
    for (const auto& [series, cache] : {std::pair{&run.mainJobsRunning(), &mainJobsRunning_},
                                        std::pair{&run.mainJobsQueued(), &mainJobsQueued_}}) {
        if (series->size() == 0) continue;
        const std::vector<std::int64_t>& cols = columns(ctx, *series, *cache);
        for (int x = 0; x < W; ++x)
            if (cols[static_cast<std::size_t>(x)] > 0) flags_[static_cast<std::size_t>(x)] = 1;
    }
    const auto& blocks = m.cpuBlocks();
    for (std::size_t k = m.firstCpuEndingAtOrAfter(ctx.window.begin); k < blocks.size(); ++k) {
        const auto& iv = blocks[k];
        if (iv.begin > ctx.window.end) break;
        const PixelSpan s = ctx.span(iv.begin, ctx.endOr(iv.end));
        for (int x = s.x0; x < s.x1; ++x) flags_[static_cast<std::size_t>(x)] = 2;
    }
    QColor busy = ctx.palette.running;
    busy.setAlpha(90);
    const QColor blocked = ctx.palette.cpu;
    const int top = r.top() + 3, h = r.height() - 6;
    rects_.clear();
    QList<QRect> blockedRects;
    int x = 0;
    while (x < W) {
        const std::uint8_t f = flags_[static_cast<std::size_t>(x)];
        int e = x + 1;
        while (e < W && flags_[static_cast<std::size_t>(e)] == f) ++e;
        if (f) (f == 2 ? blockedRects : rects_).append(QRect(x0 + x, top, e - x, h));
        x = e;
    }
    fillRects(p, rects_, busy);
    fillRects(p, blockedRects, blocked);
    // Ticks where the loop ran callbacks (an event happened), up to now: one
    // drawLines call for all of them.
    updateTicks(ctx);
    const double dt = ctx.window.span() / std::max(1, W);
    ticksLines_.clear();
    for (int c = 0; c < W; ++c) {
        if (ctx.window.begin + c * dt > ctx.now) break;
        if (ticks_[static_cast<std::size_t>(c)]) ticksLines_.append(QLine(x0 + c, top + h - 4, x0 + c, top + h - 1));
    }
    if (!ticksLines_.isEmpty()) {
        p.setPen(QPen(ctx.palette.text, 1));
        p.drawLines(ticksLines_);
    }
    const LoopState state = loopStateAt(m, ctx.cursor);
    const QString title = loopTitle();
    paintLabel(ctx, r, title, QString());
    // Right of the title, never over it (an export narrower than gutterWidth asked).
    p.setPen(ctx.palette.textDim);
    drawAfterTitle(p, QRect(8, r.top(), ctx.layout.gutter - kGutterPadding, r.height()), title,
                   loopStateText(state));
}

// In the run's window (not the bars' wider one in a narrow view): the
// Metrics panel's "recent throughput" at the same instant.
QString CounterTracksPass::doneRateText(const TimelineModel& model, TimeRange whole, double t) {
    return formatRate(model.run().throughputAt(t, TimelineModel::throughputWindow(whole)));
}

void CounterTracksPass::paintThroughput(PaintContext& ctx, QRect r) {
    QPainter& p = ctx.painter;
    const int bucket = std::max(2, static_cast<int>(std::lround(3 * ctx.layout.scale)));
    const double win = rateWindow(ctx);
    updateRates(ctx, bucket, win);
    const std::vector<double>& rates = rates_;
    const double maxRate = rates.empty() ? 0.0 : *std::max_element(rates.begin(), rates.end());
    // The label's max is the rate's own peak over the drawn span, which the
    // bars (sampled at their ends) may step over: "max 9.7 /s" under a peak
    // of 10 that the Metrics chart shows. (Cached: a million-task view.)
    const double until = std::min(ctx.window.end, ctx.now);
    const std::size_t done = ctx.model.run().doneTimes().size();
    if (peakFor_ != std::make_tuple(ctx.window.begin, until, win, done)) {
        peakFor_ = {ctx.window.begin, until, win, done};
        peak_ = ctx.model.run().peakThroughput(ctx.window.begin, until, win);
    }
    const double scale = (r.height() - 4) / std::max(1e-9, maxRate * 1.1);
    QColor fill = ctx.palette.done;
    fill.setAlpha(190);
    // One bar per bucket of columns (the last may reach past the time area).
    heights_.assign(rates.size() * static_cast<std::size_t>(bucket), 0);
    for (std::size_t k = 0; k < rates.size(); ++k) {
        const int h = static_cast<int>(std::lround(rates[k] * scale));
        if (h > 0) std::fill_n(heights_.begin() + static_cast<std::ptrdiff_t>(k * static_cast<std::size_t>(bucket)), bucket, h);
    }
    drawBars(ctx, r, heights_, fill, throughputLayer_);
    paintLabel(ctx, r, tr("Done per second"), doneRateText(ctx.model, ctx.whole, ctx.cursor),
               tr("Done"));  // (one line with its rate: "Done  2.00 /s")
    if (maxRate > 0) {
        // As tall as the font: a fixed 14 px cut larger (presentation, CJK) text. On a backing, as the
        // limit's tag: the bars reach the track's top under it when the rate stays near its max.
        const QString text = tr("max %1 /s").arg(QLocale().toString(std::max(peak_, maxRate), 'f', 1));
        const QRect box(ctx.x0(), r.top(), p.fontMetrics().horizontalAdvance(text) + 7, p.fontMetrics().height());
        QColor bg = ctx.palette.background;
        bg.setAlpha(210);
        p.fillRect(box, bg);
        p.setPen(ctx.palette.textDim);
        p.drawText(box.adjusted(4, 0, 0, 0), Qt::AlignLeft | Qt::AlignTop, text);
    }
}

}  // namespace cs::ui
