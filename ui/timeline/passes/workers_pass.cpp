#include "timeline/passes/workers_pass.h"

#include <QCoreApplication>
#include <algorithm>

namespace cs::ui {

namespace {
std::size_t rowsFor(std::size_t workers) { return std::min(workers, TimelineLayout::kMaxWorkerRows); }
}  // namespace

std::size_t WorkersPass::rowOf(std::size_t worker, std::size_t workers) {
    const std::size_t rows = rowsFor(workers);
    return rows == 0 ? 0 : worker * rows / workers;
}

std::size_t WorkersPass::rowAt(QRect track, std::size_t workers, int y) {
    const std::size_t rows = rowsFor(workers);
    if (rows == 0 || track.height() <= 0) return 0;
    const auto row = static_cast<std::size_t>(std::clamp((y - track.top()) * static_cast<int>(rows) / track.height(), 0,
                                                         static_cast<int>(rows) - 1));
    // The first worker of that row.
    return (row * workers + rows - 1) / rows;
}

void WorkersPass::paint(PaintContext& ctx) {
    QRect r;
    for (const auto& tr : ctx.layout.tracks)
        if (tr.kind == TrackKind::Workers) r = tr.rect;
    const std::size_t workers = ctx.layout.workers;
    if (r.height() <= 0 || workers == 0) return;
    const RunModel& run = ctx.model.run();
    QPainter& p = ctx.painter;
    const StatePalette& pal = ctx.palette;
    const std::size_t rows = rowsFor(workers);
    const double rh = static_cast<double>(r.height()) / static_cast<double>(rows);
    const int x0 = ctx.x0();
    p.save();
    p.setPen(pal.text);
    const QRect g(8, r.top(), ctx.layout.gutter - 14, r.height());
    const int n = static_cast<int>(workers);
    // (A Queue used as a pool: the tasks that borrowed from it.)
    const char* const one = run.queuePool() ? QT_TRANSLATE_NOOP("cs::ui::WorkersPass", "1 borrower")
                                            : QT_TRANSLATE_NOOP("cs::ui::WorkersPass", "1 worker");
    const char* const many = run.queuePool() ? QT_TRANSLATE_NOOP("cs::ui::WorkersPass", "%L1 borrowers")
                                             : QT_TRANSLATE_NOOP("cs::ui::WorkersPass", "%L1 workers");
    p.drawText(g, Qt::AlignLeft | Qt::AlignVCenter,
               n == 1 ? QCoreApplication::translate("cs::ui::WorkersPass", one)
                      : QCoreApplication::translate("cs::ui::WorkersPass", many).arg(n));
    p.setClipRect(QRect(x0, r.top(), ctx.timeWidth(), r.height()));
    QFont f = p.font();
    f.setPixelSize(std::max(7, static_cast<int>(rh * 0.75)));
    p.setFont(f);
    const int textW = p.fontMetrics().horizontalAdvance(QStringLiteral("0000"));
    // Jobs alternate between two shades of the running colour so that a
    // worker's consecutive jobs stay apart.
    QColor a = pal.running, b = pal.running;
    b.setAlpha(150);
    for (const RunModel::WorkerSpan& w : run.workerSpans()) {
        const double end = ctx.endOr(w.end);
        if (w.begin > ctx.window.end || end < ctx.window.begin) continue;
        const PixelSpan s = ctx.span(w.begin, end);
        if (s.width() <= 0) continue;
        const std::size_t row = rowOf(static_cast<std::size_t>(w.worker), workers);
        const QRectF bar(x0 + s.x0, r.top() + row * rh + 1, s.width(), std::max(1.0, rh - 2));
        p.fillRect(bar, (w.job % 2) ? b : a);
        if (s.width() > textW) {
            // The job as its lane is labelled: its id, or (a traced program's
            // queue item) its recorded name, cut to the bar.
            const auto job = static_cast<std::size_t>(w.job);
            const QString name = ctx.model.taskName(job);
            const QString text = name.isEmpty() ? QString::number(ctx.model.taskId(job))
                                                : p.fontMetrics().elidedText(name, Qt::ElideRight,
                                                                             static_cast<int>(bar.width()) - 4);
            p.setPen(pal.background);
            p.drawText(bar, Qt::AlignCenter, text);
        }
    }
    p.restore();
}

}  // namespace cs::ui
