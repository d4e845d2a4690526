#include "timeline/passes/lanes_pass.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <vector>

namespace cs::ui {

void LanesPass::hollow(QPainter& p, const QRect& box, const StatePalette& pal, int w) {
    hollow(p, box, pal.poolWaitFill, pal.thread, w);
}

void LanesPass::hollow(QPainter& p, const QRect& box, const QColor& fill, const QColor& edge, int w) {
    p.fillRect(box, fill);
    if (box.height() < 5 || box.width() < 3) return;
    p.fillRect(QRect(box.left(), box.top(), box.width(), w), edge);
    p.fillRect(QRect(box.left(), box.bottom() - w + 1, box.width(), w), edge);
    p.fillRect(QRect(box.left(), box.top(), w, box.height()), edge);
    p.fillRect(QRect(box.right() - w + 1, box.top(), w, box.height()), edge);
}

void LanesPass::markerLabel(PaintContext& ctx, double x, double r, double top, const QString& text,
                            const QColor& colour) {
    // Right of the marker, on a backing so that it stays readable over what
    // follows there. When the time area ends first, left of it: over the
    // task's own bar, which must stay visible (a backing hid it: a task
    // cancelled at the run's end looked as if it had never run), so the
    // text gets a halo instead.
    QPainter& p = ctx.painter;
    const double lh = ctx.layout.laneHeight;
    const double w = labelWidth(QFontMetricsF(p.font()), text);
    double left = x + r + kLabelGap;
    if (left + w <= ctx.layout.timeArea.right()) {
        QColor back = ctx.palette.background;
        back.setAlpha(200);
        p.setPen(Qt::NoPen);
        p.setBrush(back);
        p.drawRoundedRect(QRectF(left, top + 1, w, lh - 2), 3, 3);
        p.setPen(colour);
        p.drawText(QRectF(left + 3, top, w, lh), Qt::AlignLeft | Qt::AlignVCenter, text);
        return;
    }
    left = x - r - kLabelGap - w;
    const QFontMetricsF fm(p.font());
    const double baseline = top + (lh - fm.height()) / 2.0 + fm.ascent();
    QPainterPath path;
    path.addText(QPointF(left + 3, baseline), p.font(), text);
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.strokePath(path, QPen(ctx.palette.background, 3.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.fillPath(path, colour);
    p.restore();
}

double LanesPass::labelWidth(const QFontMetricsF& fm, const QString& text) {
    return fm.horizontalAdvance(text) + 6;
}

double LanesPass::markerRadius(const TimelineLayout& L, double minMarkerDiameter) {
    // Every marker spans at least 2r (the done dot 2r + 2).
    const double barH = std::max(2.0, std::floor(L.laneHeight * 0.62));
    return std::max(std::clamp(barH * 0.42, 2.0, 7.0 * L.scale), minMarkerDiameter / 2.0);
}

QString LanesPass::endLabel(const TimelineModel& m, std::size_t i) {
    switch (m.run().finalState(i)) {
        case TaskState::Failed: return m.exceptionName(i);
        case TaskState::Cancelled: return QCoreApplication::translate("cs::ui::LanesPass", "cancelled");
        case TaskState::Destroyed:
            return QCoreApplication::translate("cs::ui::LanesPass", "destroyed (garbage-collected)");
        default: return {};
    }
}

QString LanesPass::counterLabel(bool write, long long value) {
    return write ? QCoreApplication::translate("cs::ui::LanesPass", "wrote %1").arg(value)
                 : QCoreApplication::translate("cs::ui::LanesPass", "read %1").arg(value);
}

double LanesPass::roomyEnd(const TimelineModel& m, const TimelineLayout& L, const QFont& font,
                           double minMarkerDiameter, double begin, double end) {
    if (L.folded || L.taskCount == 0 || L.laneHeight < kMinLabelLane || !(end > begin)) return end;
    const QFontMetricsF fm(font);
    const double width = L.timeWidth();
    double out = end;
    // A label of `w` px after a mark at t, `gap` px right of it, ends inside
    // the time area (markerLabel's test) when the window reaches
    // begin + (t - begin) * width / (width - gap - w - 1); half a pixel
    // more, so that rounding in x's computation cannot tip that test the
    // other way (it ended 504.0000001 against the area's 504 at 1280x720).
    const auto need = [&](double t, double gap, const QString& text) {
        if (text.isEmpty() || std::isnan(t) || t < begin) return;
        const double room = gap + labelWidth(fm, text) + 1.5;
        if (room > width / 2) return;
        out = std::max(out, begin + (t - begin) * width / (width - room));
    };
    const double r = markerRadius(L, minMarkerDiameter);
    for (std::size_t i = 0; i < m.taskCount(); ++i) {
        const QString text = endLabel(m, i);
        if (text.isEmpty()) continue;
        // After a pool job its task left running (paintLane's labelX).
        double t = m.terminal(i);
        if (const RunModel::JobLeftRunning* j = m.run().jobLeftRunning(i); j && !std::isnan(j->end))
            t = std::max(t, j->end);
        need(t, r + kLabelGap, text);
    }
    const double tick = std::max(2.0, 2.0 * L.scale);
    for (const RunModel::CounterMark& k : m.run().counterMarks())
        if (k.task >= 0) need(k.t, tick + kLabelGap, counterLabel(k.write, k.value));
    return out;
}

void LanesPass::lockWaitLabel(PaintContext& ctx, const QRectF& span, double top) {
    // Inside its hatched span, elided to it, or none: a wait shorter than
    // the words had them run on under the next label ('read 1' over
    // 'waits for the').
    QPainter& p = ctx.painter;
    const QFontMetricsF fm(p.font());
    const QString words = QCoreApplication::translate("cs::ui::LanesPass", "waits for the lock");
    const double room = span.width() - kLabelGap - labelWidth(fm, QString());
    const QString text = fm.elidedText(words, Qt::ElideRight, room);
    // Two letters and the ellipsis at least ('wa…'), else nothing.
    if (text.isEmpty() || (text != words && text.size() < 3)) return;
    const double w = labelWidth(fm, text);
    const double left = span.left() + kLabelGap;
    QColor back = ctx.palette.background;
    back.setAlpha(200);
    p.setPen(Qt::NoPen);
    p.setBrush(back);
    p.drawRoundedRect(QRectF(left, top + 1, w, ctx.layout.laneHeight - 2), 3, 3);
    p.setPen(ctx.palette.text);
    p.drawText(QRectF(left + 3, top, w, ctx.layout.laneHeight), Qt::AlignLeft | Qt::AlignVCenter, text);
}

void LanesPass::paint(PaintContext& ctx) {
    const TimelineLayout& L = ctx.layout;
    if (L.folded || L.taskCount == 0) return;
    QPainter& p = ctx.painter;
    p.save();
    p.setClipRect(QRect(0, L.lanes.top(), p.viewport().width(), L.lanes.height()));
    const std::size_t last = std::min(L.taskCount, L.firstLane + L.visibleLanes + 1);
    for (std::size_t i = L.firstLane; i < last; ++i) paintLane(ctx, i);
    paintCounterMarks(ctx, L.firstLane, last);
    // Labels after every lane: a label taller than its lane overlaps the
    // next ones, and the hovered and selected labels sit on top of all.
    const int th = p.fontMetrics().height();
    const std::size_t stride = L.labelStride(th);
    // The lanes the text beside the timeline names ("task 4 and task 16 call
    // time.sleep") are labelled too; a stride label they would overlap
    // gives way to them.
    std::vector<std::size_t> named;
    if (stride > 1 && ctx.namedTasks)
        for (const long long t : *ctx.namedTasks)
            if (t >= static_cast<long long>(L.firstLane) && t < static_cast<long long>(last))
                named.push_back(static_cast<std::size_t>(t));
    const auto crowded = [&](std::size_t i) {
        return std::any_of(named.begin(), named.end(), [&](std::size_t t) {
            return t != i && std::abs(static_cast<double>(t) - static_cast<double>(i)) * L.laneHeight < th;
        });
    };
    for (std::size_t i = L.firstLane - L.firstLane % stride; i < last; i += stride)
        if (i >= L.firstLane && !crowded(i)) paintLabel(ctx, i, false);
    for (const std::size_t t : named)
        if (t % stride != 0) paintLabel(ctx, t, true);
    for (const long long t : {ctx.hoverTask, ctx.selectedTask})
        if (t >= static_cast<long long>(L.firstLane) && t < static_cast<long long>(last))
            paintLabel(ctx, static_cast<std::size_t>(t), stride > 1);
    p.restore();
}

void LanesPass::paintLabel(PaintContext& ctx, std::size_t i, bool onBacking) {
    // The task id and a dot in the colour of its state at the cursor (what
    // the panels describe), centred on the lane however thin it is.
    QPainter& p = ctx.painter;
    const TimelineLayout& L = ctx.layout;
    const StatePalette& pal = ctx.palette;
    const int th = p.fontMetrics().height();
    const double cy = L.laneTop(i) + L.laneHeight / 2.0;
    // Inside the lanes area even for the first and last lane.
    const double top = std::clamp(cy - th / 2.0, double(L.lanes.top()), std::max(double(L.lanes.top()),
                                                                                  L.lanes.bottom() + 1.0 - th));
    const QRectF label(8, top, L.gutter - 16, th);
    const bool sel = static_cast<long long>(i) == ctx.selectedTask;
    if (onBacking) p.fillRect(QRectF(0, label.top(), L.gutter - 1, th), pal.gutter);
    const TimelineModel& m = ctx.model;
    const TaskState st = m.stateAt(i, ctx.cursor);
    const double d = std::min(8.0, th * 0.45);
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(Qt::NoPen);
    p.setBrush(st == TaskState::NotStarted ? pal.grid : pal.forState(st, m.run().canHave().arrivingUnasked));
    const double ly = label.center().y();
    p.drawEllipse(QRectF(label.right() - d, ly - d / 2, d, d));
    if (L.laneHeight < th) {
        // A thin lane: a tick from the dot to the lane says which one it is.
        p.setPen(QPen(pal.textDim, 1));
        p.drawLine(QPointF(label.right() + 1, ly), QPointF(L.gutter - 1, cy));
    }
    p.restore();
    p.setPen(sel ? pal.text : pal.textDim);
    QFont f = p.font();
    f.setBold(sel);
    p.save();
    p.setFont(f);
    // A task a traced program's task created is indented under its parent.
    const int indent = nesting(m, i) * th;
    const QRectF text = label.adjusted(indent, 0, -d - 6, 0);
    p.drawText(text, Qt::AlignLeft | Qt::AlignVCenter,
               p.fontMetrics().elidedText((indent ? QStringLiteral("\u21B3 ") : QString()) + m.taskLabel(i),
                                          Qt::ElideRight, static_cast<int>(text.width())));
    p.restore();
}

int LanesPass::nesting(const TimelineModel& m, std::size_t task) {
    int depth = 0;
    for (std::int32_t up = m.parent(task); up >= 0 && depth < kMaxNesting;
         up = m.parent(static_cast<std::size_t>(up)))
        ++depth;
    return depth;
}

void LanesPass::paintCounterMarks(PaintContext& ctx, std::size_t firstLane, std::size_t lastLane) {
    QPainter& p = ctx.painter;
    const double lh = ctx.layout.laneHeight;
    const double until = std::min(ctx.window.end, ctx.now);
    // asyncio.Lock: waiting for it in the waiting colour, hatched (a lock is
    // not a permit of the run's limit); holding it framed.
    for (const RunModel::LockSpan& l : ctx.model.run().lockSpans()) {
        if (l.task < 0 || static_cast<std::size_t>(l.task) < firstLane || static_cast<std::size_t>(l.task) >= lastLane)
            continue;
        const double top = ctx.layout.laneTop(static_cast<std::size_t>(l.task));
        const double barH = std::max(2.0, std::floor(lh * 0.62));
        const double by = std::floor(top + (lh - barH) / 2);
        const auto spanRect = [&](double a, double b) {
            const PixelSpan sp = ctx.span(std::max(a, ctx.window.begin), std::min(b, until));
            return QRectF(ctx.x0() + sp.x0, by, sp.width(), barH);
        };
        if (!std::isnan(l.wait) && l.wait <= until) {
            const QRectF r = spanRect(l.wait, std::isnan(l.held) ? until : l.held);
            if (r.width() > 0) {
                p.fillRect(r, ctx.palette.waiting);
                p.fillRect(r, QBrush(ctx.palette.background, Qt::BDiagPattern));
                if (lh >= kMinLabelLane) lockWaitLabel(ctx, r, top);
            }
        }
        if (!std::isnan(l.held) && l.held <= until) {
            const QRectF r = spanRect(l.held, std::isnan(l.free) ? until : l.free);
            if (r.width() > 0) {
                p.save();
                p.setPen(QPen(ctx.palette.text, std::max(2.0, 2.0 * ctx.layout.scale)));
                p.setBrush(Qt::NoBrush);
                p.drawRect(r.adjusted(1, 1, -1, -1));
                p.restore();
            }
        }
    }
    const auto& marks = ctx.model.run().counterMarks();
    if (marks.empty()) return;
    // Marks append in time order: from the first one in the window.
    auto k = std::lower_bound(marks.begin(), marks.end(), ctx.window.begin,
                              [](const RunModel::CounterMark& m, double t) { return m.t < t; });
    const double w = std::max(2.0, 2.0 * ctx.layout.scale);
    for (; k != marks.end() && k->t <= ctx.window.end && k->t <= ctx.now; ++k) {
        if (k->task < 0) continue;
        const auto lane = static_cast<std::size_t>(k->task);
        if (lane < firstLane || lane >= lastLane) continue;
        const double top = ctx.layout.laneTop(lane);
        const double x = ctx.xOf(k->t);
        const QColor c = k->write ? ctx.palette.text : ctx.palette.textDim;
        p.setPen(QPen(c, w, Qt::SolidLine, Qt::FlatCap));
        p.drawLine(QPointF(x, top + 1), QPointF(x, top + lh - 1));
        if (lh >= kMinLabelLane) {
            markerLabel(ctx, x, w, top, counterLabel(k->write, k->value), c);
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
        p.fillRect(QRectF(0, top, p.viewport().width(), lh), pal.taskHighlight);
    } else if (static_cast<long long>(i) == ctx.hoverTask && lh >= 6) {
        QColor c = pal.hover;
        c.setAlpha(28);
        p.fillRect(QRectF(0, top, p.viewport().width(), lh), c);
    }

    // A Queue's job is queued before its coroutine is created: whatever
    // event named the task first, its segments say what to draw.
    if (!m.run().task(i).seen()) return;
    const double end = m.terminal(i);

    const double barH = std::max(2.0, std::floor(lh * 0.62));
    const int by = static_cast<int>(std::floor(top + (lh - barH) / 2));
    const int bh = static_cast<int>(barH);
    auto bar = [&](double a, double b, const QColor& c, int inset = 0) {
        const PixelSpan s = ctx.span(a, b);
        if (s.width() > 0) p.fillRect(QRect(x0 + s.x0, by + inset, s.width(), bh - 2 * inset), c);
    };

    // The run model's segments: one state per instant (frozen only from a
    // task's own `ready` event; a task that never asks for a permit runs
    // from its creation, and a recorded program's task runs its own code
    // until it asks: StatePalette::drawnAs).
    const bool unasked = m.run().canHave().arrivingUnasked;
    m.forEachSegment(i, [&](const Segment& sg) {
        if (sg.begin > ctx.window.end || sg.end < ctx.window.begin) return;
        switch (StatePalette::drawnAs(sg.state, unasked)) {
            case TaskState::Arriving:
            case TaskState::Queued: {
                // Not yet asking (arrive) or in a Queue: a thin line, not a bar.
                const PixelSpan s = ctx.span(sg.begin, sg.end);
                if (s.width() > 0)
                    p.fillRect(QRect(x0 + s.x0, by + bh / 2 - 1, s.width(), std::max(2, bh / 6)),
                               pal.forState(sg.state));
                break;
            }
            case TaskState::NoPermit:
                // Running on after it gave back its last permit (or gave up
                // waiting), or before it asked for one (a recorded program's):
                // the running colour, half as tall as a holder's.
                bar(sg.begin, sg.end, pal.forState(TaskState::NoPermit), bh / 4);
                break;
            case TaskState::PoolWait: {
                // Its job waits in the pool's queue for a free worker: hollow.
                const PixelSpan s = ctx.span(sg.begin, sg.end);
                if (s.width() <= 0) break;
                hollow(p, QRect(x0 + s.x0, by, s.width(), bh), pal, std::max(1, static_cast<int>(L.scale)));
                break;
            }
            case TaskState::SlotWait: {
                // (A rate limit's.) It holds its permit and sleeps until its
                // start slot: a hollow bar in the running colour.
                const PixelSpan s = ctx.span(sg.begin, sg.end);
                if (s.width() <= 0) break;
                hollow(p, QRect(x0 + s.x0, by, s.width(), bh), pal.slotWaitFill, pal.running,
                       std::max(1, static_cast<int>(L.scale)));
                break;
            }
            case TaskState::QueueGet:
            case TaskState::QueuePut: {
                // A Queue worker idle in get() for an item, a producer in
                // put() waiting for room: waiting on the queue, not running.
                const PixelSpan s = ctx.span(sg.begin, sg.end);
                if (s.width() <= 0) break;
                hollow(p, QRect(x0 + s.x0, by, s.width(), bh), pal.queueWaitFill, pal.waiting,
                       std::max(1, static_cast<int>(L.scale)));
                break;
            }
            case TaskState::Waiting:
            case TaskState::Running:
            case TaskState::Thread:
            case TaskState::Process:
            case TaskState::Cpu:
            case TaskState::Frozen: bar(sg.begin, sg.end, pal.forState(sg.state)); break;
            default: break;  // not started; the end is a marker
        }
    });

    // A pool job its task left running (a running thread cannot be
    // cancelled): a thinner bar in the pool's colour from the task's end, or
    // the cancel of its await, to the job's end, under the end marker; one
    // left while it waited in the pool's queue is hollow until it runs.
    double jobOnUntil = -1.0;  // where a job left running ends on screen (the end's label goes after it)
    if (const RunModel::JobLeftRunning* j = m.run().jobLeftRunning(i)) {
        const double jobEnd = std::min(ctx.endOr(j->end), ctx.now);
        jobOnUntil = std::min(jobEnd, ctx.window.end);
        const double ran = std::isnan(j->running) ? jobEnd : std::min(j->running, jobEnd);
        const int h = std::max(2, bh / 3);
        const auto thin = [&](double b, double e, bool waiting) {
            const PixelSpan s = ctx.span(std::max(b, ctx.window.begin), std::min(e, ctx.window.end));
            if (e <= b || s.width() <= 0) return;
            const QRect box(x0 + s.x0, by + (bh - h) / 2, s.width(), h);
            if (waiting)
                hollow(p, box, pal, 1);
            else
                p.fillRect(box, pal.forState(j->state));
        };
        thin(j->begin, ran, true);
        thin(ran, jobEnd, false);
    }

    if (std::isnan(end) || end < ctx.window.begin || end > ctx.window.end) return;
    const double x = ctx.xOf(end);
    const double r = markerRadius(L, ctx.minMarkerDiameter);
    const double cy = top + lh / 2;
    // The end's label, right of the marker: past the thin bar of a job left
    // running, which its backing would hide (a thread running on after
    // its task was cancelled looked as if it had stopped there).
    const double labelX = jobOnUntil > end ? std::max(x, ctx.xOf(jobOnUntil)) : x;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, lh >= 8);
    switch (m.run().finalState(i)) {
        case TaskState::Done:
            p.setPen(QPen(pal.background, std::max(1.0, r * 0.35)));
            p.setBrush(pal.done);
            p.drawEllipse(QPointF(x, cy), r + 1, r + 1);
            break;
        case TaskState::Failed: {
            p.setPen(QPen(pal.failed, std::max(1.5, r * 0.55), Qt::SolidLine, Qt::RoundCap));
            p.drawLine(QPointF(x - r, cy - r), QPointF(x + r, cy + r));
            p.drawLine(QPointF(x - r, cy + r), QPointF(x + r, cy - r));
            const QString exc = endLabel(m, i);
            if (lh >= kMinLabelLane && !exc.isEmpty()) markerLabel(ctx, labelX, r, top, exc, pal.failed);
            break;
        }
        case TaskState::Cancelled:
            p.setPen(QPen(pal.background, 1));
            p.setBrush(pal.cancelled);
            p.drawRect(QRectF(x - r, cy - r, 2 * r, 2 * r));
            if (lh >= kMinLabelLane) markerLabel(ctx, labelX, r, top, endLabel(m, i), pal.textDim);
            break;
        case TaskState::Destroyed:
            // Garbage-collected while pending: gone, not ended by its code. A
            // hollow ring (nothing came of it), the lane empty after it.
            p.setPen(QPen(pal.destroyed, std::max(1.5, r * 0.45)));
            p.setBrush(pal.background);
            p.drawEllipse(QPointF(x, cy), r, r);
            if (lh >= kMinLabelLane) markerLabel(ctx, labelX, r, top, endLabel(m, i), pal.destroyed);
            break;
        default: break;
    }
    p.restore();
}

}  // namespace cs::ui
