#include "timeline/passes/caller_pass.h"

#include <QFontMetrics>
#include <QLocale>

#include <QCoreApplication>
#include <algorithm>
#include <cmath>
#include <limits>

#include "timeline/passes/lanes_pass.h"

namespace cs::ui {

namespace {
using CallerEvent = RunModel::CallerEvent;
constexpr double kNoTime = std::numeric_limits<double>::infinity();

// Results handed over by the calls returning at caller event index c: the
// results at caller indices c+1, c+2, ... (contiguous, O(log n)).
std::size_t resultsAfter(const RunModel& run, std::size_t c, std::size_t& first) {
    const auto& res = run.results();
    const auto from = std::lower_bound(res.begin(), res.end(), static_cast<std::uint32_t>(c + 1));
    first = static_cast<std::size_t>(from - res.begin());
    // res[first + j] == c + 1 + j while the run lasts; res is increasing, so
    // res[first + j] - j is non-decreasing: bisect for where it leaves c + 1.
    std::size_t lo = 0, hi = res.size() - first;
    while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        if (res[first + mid] == c + 1 + mid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
}  // namespace

std::vector<CallerPass::CallGroup> CallerPass::callGroups(const RunModel& run, double t0, double t1) {
    std::vector<CallGroup> out;
    const auto& ev = run.callerEvents();
    auto it = std::lower_bound(ev.begin(), ev.end(), t0, [](const CallerEvent& e, double t) { return e.t < t; });
    for (auto i = static_cast<std::size_t>(it - ev.begin()); i < ev.size() && ev[i].t <= t1; ++i) {
        const CallerEvent& e = ev[i];
        if (e.kind == EvKind::Result && e.call < 0) {
            // A trace without `returned`: results at one instant are one group.
            CallGroup g{e.t, -1, 0, 0, 0};
            const std::size_t n = resultsAfter(run, i - 1, g.first);
            const auto& res = run.results();
            const auto same = std::partition_point(res.begin() + static_cast<std::ptrdiff_t>(g.first),
                                                   res.begin() + static_cast<std::ptrdiff_t>(g.first + n),
                                                   [&](std::uint32_t k) { return ev[k].t <= e.t; });
            g.count = static_cast<std::size_t>(same - res.begin()) - g.first;
            out.push_back(g);
            i += g.count - 1;
        } else if (e.kind == EvKind::Returned) {
            CallGroup g{e.t, e.call, 0, 0, 0};
            g.count = resultsAfter(run, i, g.first);
            out.push_back(g);
            i += g.count;
        } else {
            continue;
        }
        // Failures among them: counted only for groups small enough to walk
        // (a gather of a million results shows its count, not a colour split).
        CallGroup& g = out.back();
        if (g.count <= 4096)
            for (std::size_t k = 0; k < g.count; ++k)
                if (ev[run.results()[g.first + k]].arg == 0) ++g.failed;
    }
    return out;
}

void CallerPass::paintMainJobs(PaintContext& ctx, const QRect& r, double barH) {
    // The jobs main() itself handed to a pool (run_in_executor, to_thread
    // awaited in main()): while one or more runs, a band in the pool's
    // colour with how many run; where they only wait in the pool's queue, a
    // hollow one. The loop is free meanwhile (the Event loop row says so).
    const RunModel& run = ctx.model.run();
    const StepSeries& running = run.mainJobsRunning();
    const StepSeries& queued = run.mainJobsQueued();
    if (running.empty()) return;  // (both series have a point at each line)
    QPainter& p = ctx.painter;
    const StatePalette& pal = ctx.palette;
    const int x0 = ctx.x0();
    const int top = static_cast<int>(std::lround(r.center().y() - barH / 2));
    const int h = static_cast<int>(std::lround(barH));
    const bool threads = run.mainJobsInThreads();
    const QColor fill = pal.forState(threads ? TaskState::Thread : TaskState::Process);
    const double stop = std::min(ctx.now, ctx.window.end);
    const auto draw = [&](double a, double b, std::int64_t n, bool waiting) {
        a = std::max(a, ctx.window.begin);
        if (b <= a || n <= 0) return;
        const PixelSpan s = ctx.span(a, b);
        if (s.width() <= 0) return;
        const QRect box(x0 + s.x0, top, s.width(), h);
        if (waiting)
            LanesPass::hollow(p, box, pal, std::max(1, static_cast<int>(ctx.layout.scale)));
        else
            p.fillRect(box, fill);
        // How many, where there is room (a count alone where the words do not fit).
        const int ni = static_cast<int>(std::min<std::int64_t>(n, 1 << 30));
        const QString words =
            (waiting   ? QCoreApplication::translate("cs::ui::CallerPass", "%L1 waiting for a worker")
             : threads ? QCoreApplication::translate("cs::ui::CallerPass", "%L1 in the thread pool")
                       : QCoreApplication::translate("cs::ui::CallerPass", "%L1 in the process pool"))
                .arg(ni);
        const QFontMetrics fm = p.fontMetrics();
        QString text = words;
        if (fm.horizontalAdvance(text) + 8 > box.width()) text = QLocale().toString(ni);
        if (fm.horizontalAdvance(text) + 8 > box.width() || fm.height() > r.height()) return;
        p.setPen(waiting ? pal.text : QColor(Qt::black));  // the pool's colours are light: dark words
        p.drawText(QRect(box.left() + 4, r.top(), box.width() - 8, r.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   text);
    };
    // The two step series merged, from the values in force at the window's
    // start (0 before a series' first point): only the visible range is walked.
    const auto startAt = [](const StepSeries& series, double t, std::size_t& next) -> std::int64_t {
        const std::size_t k = series.indexAtOrBefore(t);
        if (k >= series.size()) {
            next = 0;
            return 0;
        }
        next = k + 1;
        return series.valueAt(k);
    };
    double from = ctx.window.begin;
    std::size_t i = 0, j = 0;
    std::int64_t nRun = startAt(running, from, i);
    std::int64_t nWait = startAt(queued, from, j);
    // What is drawn: the running ones, else the waiting ones (hollow); one
    // box for each stretch of the same count.
    bool segWaiting = nRun <= 0;
    std::int64_t segN = segWaiting ? nWait : nRun;
    while (from < stop) {
        const double nextRun = i < running.size() ? running.timeAt(i) : kNoTime;
        const double nextWait = j < queued.size() ? queued.timeAt(j) : kNoTime;
        const double next = std::min({nextRun, nextWait, stop});
        if (next >= stop) {
            draw(from, stop, segN, segWaiting);
            break;
        }
        if (nextRun == next) nRun = running.valueAt(i++);
        if (nextWait == next) nWait = queued.valueAt(j++);
        const bool waiting = nRun <= 0;
        const std::int64_t n = waiting ? nWait : nRun;
        if (n != segN || waiting != segWaiting) {
            draw(from, next, segN, segWaiting);
            from = next;
            segN = n;
            segWaiting = waiting;
        }
    }
}

void CallerPass::paint(PaintContext& ctx) {
    const RunModel& run = ctx.model.run();
    QRect r;
    for (const auto& tr : ctx.layout.tracks)
        if (tr.kind == TrackKind::Caller) r = tr.rect;
    if (r.isEmpty()) return;
    QPainter& p = ctx.painter;
    const StatePalette& pal = ctx.palette;
    const int x0 = ctx.x0();
    const int cy = r.center().y();
    p.save();
    // The gutter: main() and what it holds at the cursor.
    p.setPen(pal.text);
    const QRect g(8, r.top(), ctx.layout.gutter - 14, r.height());
    p.drawText(g, Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("main()"));
    const int got = static_cast<int>(run.resultsUpTo(ctx.cursor));
    p.setPen(pal.textDim);
    // A recorded program's main() is its own: the trace does not say what
    // it received, so no count (0 would be false) and no collector line.
    const bool recorded = run.callerRecorded();
    const QString count =
        !recorded  ? QCoreApplication::translate("cs::ui::CallerPass", "not traced")
        : got == 1 ? QCoreApplication::translate("cs::ui::CallerPass", "1 result")
                   : QCoreApplication::translate("cs::ui::CallerPass", "%L1 results").arg(got);
    // Right of main(), never over it: a big count drops its words, then is elided.
    drawAfterTitle(p, g, QStringLiteral("main()"), count, recorded ? QLocale().toString(got) : QString());
    p.setClipRect(QRect(x0, r.top(), ctx.timeWidth(), r.height()));

    // Awaiting its collector: from 0 to when it finished collecting (or the
    // exception escaped, or the run ended), up to now.
    double stop = ctx.now;
    for (const double t : {run.collectedTime(), run.raiseTime()})
        if (!std::isnan(t)) stop = std::min(stop, t);
    if (run.ended()) stop = std::min(stop, run.endTime());
    const PixelSpan line = ctx.span(0.0, stop);
    if (recorded && line.width() > 0) p.fillRect(QRect(x0 + line.x0, cy - 1, line.width(), 2), pal.arriving);
    // The producer blocked on a full Queue's put(): backpressure (main()'s
    // own puts; a task's are its story's), drawn as a producer task's lane
    // draws its wait in put() (LanesPass, TaskState::QueuePut): one look,
    // one key entry.
    const double barH = std::max(4.0, r.height() * 0.5);
    const int edge = std::max(1, static_cast<int>(ctx.layout.scale));
    for (const RunModel::ProducerWait& w : run.producerWaits()) {
        if (w.by >= 0) continue;
        const PixelSpan s = ctx.span(w.begin, ctx.endOr(w.end));
        if (s.width() > 0)
            LanesPass::hollow(p, QRectF(x0 + s.x0, cy - barH / 2, s.width(), barH).toRect(), pal.queueWaitFill,
                              pal.waiting, edge);
    }

    paintMainJobs(ctx, r, barH);

    p.setRenderHint(QPainter::Antialiasing, true);
    const double rad = std::max(3.0, std::min(r.height() * 0.3, 7.0 * ctx.layout.scale));
    double lastLabelEnd = -1e9;
    QRectF lastLabel;  // the last "×N" drawn (the pending count below keeps off it)
    for (const CallGroup& c : callGroups(run, ctx.window.begin, ctx.window.end)) {
        const double x = ctx.xOf(c.t);
        const QColor fill = c.failed > 0 ? pal.failed : pal.done;
        p.setPen(QPen(pal.background, 1));
        p.setBrush(fill);
        // A call bringing several results is a pill, one a dot.
        if (c.count > 1)
            p.drawRoundedRect(QRectF(x - rad, cy - rad * 1.4, 2 * rad, 2.8 * rad), rad, rad);
        else
            p.drawEllipse(QPointF(x, cy), rad, rad);
        if (c.count > 1) {
            const QString n = QStringLiteral("×%L1").arg(c.count);
            const double w = p.fontMetrics().horizontalAdvance(n);
            // Right of the marker, or left of it at the time area's end.
            double left = x + rad + 2;
            if (left + w + 2 > x0 + ctx.timeWidth()) left = x - rad - 4 - w;
            if (left > lastLabelEnd) {
                p.setPen(pal.text);
                lastLabel = QRectF(left, r.top(), w + 2, r.height());
                p.drawText(lastLabel, Qt::AlignLeft | Qt::AlignVCenter, n);
                lastLabelEnd = left + w + 2;
            }
        }
    }
    // A label beside a marker at x: right of it, or left of it at the time
    // area's end (a run that ends by raising puts its cross there:
    // "ExceptionGroup" was cut to its "E"), and beside the call's "×N"
    // rather than over it ("1 pending" and "×2" at the same marker).
    const auto besideMarker = [&](double x, const QString& text) {
        const double w = p.fontMetrics().horizontalAdvance(text);
        double left = x + rad + 3;
        const bool leftOfMarker = left + w + 2 > x0 + ctx.timeWidth();
        if (leftOfMarker) left = x - rad - 5 - w;
        if (lastLabel.isValid() && QRectF(left, r.top(), w + 2, r.height()).intersects(lastLabel)) {
            left = leftOfMarker ? lastLabel.left() - 4 - w : lastLabel.right() + 4;
            // The "×N" took the room right of the marker that the label had:
            // left of the marker then ("×2 2 pend" at the end of lesson
            // wait-timeout-pending on a 1920x1080 projector).
            if (!leftOfMarker && left + w + 2 > x0 + ctx.timeWidth()) left = x - rad - 5 - w;
        }
        p.drawText(QRectF(left, r.top(), w + 2, r.height()), Qt::AlignLeft | Qt::AlignVCenter, text);
    };
    // An exception out of the collector (gather's first, TaskGroup's
    // ExceptionGroup): a cross and its name.
    const double rt = run.raiseTime();
    if (!std::isnan(rt) && rt >= ctx.window.begin && rt <= ctx.window.end && rt <= ctx.now) {
        const double x = ctx.xOf(rt);
        p.setPen(QPen(pal.failed, std::max(2.0, rad * 0.5), Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(x - rad, cy - rad), QPointF(x + rad, cy + rad));
        p.drawLine(QPointF(x - rad, cy + rad), QPointF(x + rad, cy - rad));
        const QString name = QString::fromStdString(std::string(run.raisedName()));
        if (!name.isEmpty()) {
            p.setPen(pal.failed);
            besideMarker(x, name);
        }
    }
    // What wait() left pending when it returned.
    const double ct = run.collectedTime();
    if (!run.pendingTasks().empty() && !std::isnan(ct) && ct <= ctx.now && ct >= ctx.window.begin &&
        ct <= ctx.window.end) {
        p.setPen(pal.textDim);
        const int pending = static_cast<int>(run.pendingTasks().size());
        besideMarker(ctx.xOf(ct), QCoreApplication::translate("cs::ui::CallerPass", "%L1 pending").arg(pending));
    }
    p.restore();
}

}  // namespace cs::ui
